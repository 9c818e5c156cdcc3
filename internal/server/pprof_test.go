package server_test

import (
	"io"
	"log/slog"
	"testing"

	"github.com/pandac/pandac/internal/server"
)

func TestPprofOnlyOnLoopback(t *testing.T) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	for _, addr := range []string{":6060", "0.0.0.0:6060", "10.1.2.3:6060", "example.com:6060", "nonsense"} {
		if err := server.StartPprof(addr, log); err == nil {
			t.Errorf("StartPprof(%q) accepted a non-loopback address", addr)
		}
	}
	if err := server.StartPprof("127.0.0.1:0", log); err != nil {
		t.Fatalf("loopback refused: %v", err)
	}
}
