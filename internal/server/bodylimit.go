package server

import (
	"errors"
	"io"
	"net/http"
)

// guardBody caps r's body at n bytes and makes sure a request that hit the
// cap is answered 413, whatever status the handler picked: gqlgen, for one,
// reports an unreadable body as a GraphQL error with status 200, which would
// tell a client that sent 5 MiB chunked that its request was merely invalid.
func guardBody(w http.ResponseWriter, r *http.Request, n int64) (http.ResponseWriter, *http.Request) {
	tw := &tooLargeWriter{ResponseWriter: w}
	r.Body = &trippingReader{ReadCloser: http.MaxBytesReader(w, r.Body, n), tripped: &tw.tripped}
	return tw, r
}

type trippingReader struct {
	io.ReadCloser
	tripped *bool
}

func (t *trippingReader) Read(p []byte) (int, error) {
	n, err := t.ReadCloser.Read(p)
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		*t.tripped = true
	}
	return n, err
}

type tooLargeWriter struct {
	http.ResponseWriter
	tripped     bool
	wroteHeader bool
}

func (w *tooLargeWriter) WriteHeader(status int) {
	if w.wroteHeader {
		return
	}
	w.wroteHeader = true
	if w.tripped && status < http.StatusBadRequest {
		status = http.StatusRequestEntityTooLarge
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *tooLargeWriter) Write(b []byte) (int, error) {
	if !w.wroteHeader {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection (flush, deadlines).
func (w *tooLargeWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// Flush passes streaming responses through.
func (w *tooLargeWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		if !w.wroteHeader {
			w.WriteHeader(http.StatusOK)
		}
		f.Flush()
	}
}
