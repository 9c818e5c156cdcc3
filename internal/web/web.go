// Package web serves the browser pages built into the binary: the GraphiQL
// playground, the store manager's dashboard and the REST API reference.
//
// The pages are built from the sources in web/ (npm run build) into dist/,
// which is committed, so the Go build needs no Node.js. Nothing a page loads
// comes from another host: scripts, styles, fonts and web workers are all
// served from here, so the pages work in a store with no internet access.
//
// Each page is a handler meant to be mounted at its own path:
//
//	mux.Handle("/playground/", web.Playground())
//	mux.Handle("/dashboard/", web.Dashboard())
//	mux.Handle("/docs/", web.Docs())
//
// A handler accepts request paths with or without its mount prefix, so it
// works behind http.StripPrefix as well as under a router that passes the full
// path. The page itself is served at the mount root ("/playground" and
// "/playground/"); its assets live under "<mount>/assets/", have a content
// hash in their names and are cached for a year. Text assets are served gzip
// compressed from precompressed copies when the client accepts gzip.
package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"net/http"
	"path"
	"strconv"
	"strings"
)

//go:embed dist
var dist embed.FS

// Names of the pages, which are also their mount paths without the slash.
const (
	playground = "playground"
	dashboard  = "dashboard"
	docs       = "docs"
)

// ContentSecurityPolicy is sent with every page. It allows requests to this
// server only (the browser enforces that no page reaches another host);
// inline styles are allowed because GraphiQL, Monaco and Swagger UI set them
// from script, and data: URLs for the images and fonts the libraries embed.
const ContentSecurityPolicy = "default-src 'self'; " +
	"script-src 'self'; " +
	"style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data:; " +
	"font-src 'self' data:; " +
	"connect-src 'self'; " +
	"worker-src 'self'; " +
	"object-src 'none'; " +
	"base-uri 'self'; " +
	"form-action 'self'; " +
	"frame-ancestors 'self'"

// contentTypes maps the extensions the build produces to their media types,
// independent of the host's MIME tables.
var contentTypes = map[string]string{
	".html":  "text/html; charset=utf-8",
	".js":    "text/javascript; charset=utf-8",
	".mjs":   "text/javascript; charset=utf-8",
	".css":   "text/css; charset=utf-8",
	".json":  "application/json",
	".svg":   "image/svg+xml",
	".png":   "image/png",
	".ico":   "image/x-icon",
	".woff":  "font/woff",
	".woff2": "font/woff2",
	".ttf":   "font/ttf",
	".txt":   "text/plain; charset=utf-8",
}

// ContentType returns the media type the handlers send for a file name, or
// "application/octet-stream" for an unknown extension.
func ContentType(name string) string {
	if t, ok := contentTypes[strings.ToLower(path.Ext(name))]; ok {
		return t
	}
	return "application/octet-stream"
}

// Playground serves the GraphiQL playground, which talks to /graphql over
// HTTP and to ws(s)://<same host>/graphql for subscriptions.
func Playground() http.Handler { return newSite(playground) }

// Dashboard serves the store manager's dashboard: today's figures, sales by
// hour, best sellers, low stock and a live feed of completed sales.
func Dashboard() http.Handler { return newSite(dashboard) }

// Docs serves the REST API reference (Swagger UI) for /v1/openapi.json.
func Docs() http.Handler { return newSite(docs) }

// Handler serves all three pages from their mount paths (/playground,
// /dashboard, /docs) and answers 404 for anything else, for servers that
// prefer to mount one handler.
func Handler() http.Handler {
	sites := map[string]http.Handler{
		playground: Playground(),
		dashboard:  Dashboard(),
		docs:       Docs(),
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		first, _, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
		if h, ok := sites[first]; ok {
			h.ServeHTTP(w, r)
			return
		}
		http.NotFound(w, r)
	})
}

// site serves the files of one page from dist/<name>.
type site struct {
	name      string
	files     fs.FS
	index     []byte
	indexGzip []byte
	indexETag string
}

func newSite(name string) *site {
	files, err := fs.Sub(dist, "dist/"+name)
	if err != nil {
		panic("web: " + err.Error()) // dist is embedded: only a broken build gets here
	}
	index, err := fs.ReadFile(files, "index.html")
	if err != nil {
		panic("web: dist/" + name + "/index.html is missing; run npm run build in web/")
	}
	gz, _ := fs.ReadFile(files, "index.html.gz")
	sum := sha256.Sum256(index)
	return &site{
		name:      name,
		files:     files,
		index:     index,
		indexGzip: gz,
		indexETag: `"` + hex.EncodeToString(sum[:8]) + `"`,
	}
}

func (s *site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	p := s.relative(r.URL.Path)
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	if p == "" || p == "index.html" {
		s.serveIndex(w, r)
		return
	}
	if !strings.HasPrefix(p, "assets/") || strings.HasSuffix(p, ".gz") || !fs.ValidPath(p) {
		http.NotFound(w, r)
		return
	}
	body, err := fs.ReadFile(s.files, p)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	// Asset names carry a hash of their content: they never change.
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	h.Set("Content-Type", ContentType(p))
	if gz, err := fs.ReadFile(s.files, p+".gz"); err == nil {
		h.Add("Vary", "Accept-Encoding")
		if acceptsGzip(r) {
			body = gz
			h.Set("Content-Encoding", "gzip")
		}
	}
	write(w, r, body)
}

// serveIndex sends the page. It is revalidated on every visit (it names the
// current asset hashes) and carries the content security policy.
func (s *site) serveIndex(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", ContentType("index.html"))
	h.Set("Cache-Control", "no-cache")
	h.Set("Content-Security-Policy", ContentSecurityPolicy)
	h.Set("Referrer-Policy", "same-origin")
	h.Set("ETag", s.indexETag)
	body := s.index
	if s.indexGzip != nil {
		h.Add("Vary", "Accept-Encoding")
	}
	if match := r.Header.Get("If-None-Match"); match != "" && etagMatches(match, s.indexETag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	if s.indexGzip != nil && acceptsGzip(r) {
		body = s.indexGzip
		h.Set("Content-Encoding", "gzip")
	}
	write(w, r, body)
}

// relative turns a request path into a path inside the page's files: the
// mount prefix, if still there, and leading slashes are removed.
func (s *site) relative(p string) string {
	p = strings.TrimPrefix(p, "/")
	if p == s.name {
		return ""
	}
	p = strings.TrimPrefix(p, s.name+"/")
	return strings.TrimPrefix(p, "/")
}

func write(w http.ResponseWriter, r *http.Request, body []byte) {
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
}

// acceptsGzip reports whether the Accept-Encoding header allows gzip (and
// does not refuse it with q=0).
func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		coding = strings.ToLower(strings.TrimSpace(coding))
		if coding != "gzip" && coding != "*" {
			continue
		}
		q := strings.ReplaceAll(strings.TrimSpace(params), " ", "")
		if q == "q=0" || q == "q=0.0" || q == "q=0.00" || q == "q=0.000" {
			return false
		}
		return true
	}
	return false
}

func etagMatches(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimSpace(t)
		if t == "*" || t == etag || t == "W/"+etag {
			return true
		}
	}
	return false
}
