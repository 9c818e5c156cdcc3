package server

import (
	"net/http"

	"github.com/pandac/pandac/internal/config"
)

// NewHTTPServer wraps h in an http.Server with the slow-client limits from
// cfg: a client that trickles its headers (slowloris) or body, or never reads
// its answer, is cut off instead of holding a connection and a goroutine.
func NewHTTPServer(cfg config.Config, h http.Handler) *http.Server {
	return &http.Server{
		Addr:              cfg.Addr,
		Handler:           h,
		ReadHeaderTimeout: cfg.ReadHeaderTimeout,
		ReadTimeout:       cfg.ReadTimeout,
		WriteTimeout:      cfg.WriteTimeout,
		IdleTimeout:       cfg.IdleTimeout,
		MaxHeaderBytes:    64 << 10,
	}
}
