package web

import (
	"bytes"
	"compress/gzip"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"path"
	"regexp"
	"strings"
	"testing"
)

var pages = []struct {
	name    string
	handler func() http.Handler
	marker  string // text the page must contain
}{
	{"playground", Playground, `id="graphiql"`},
	{"dashboard", Dashboard, `id="login-form"`},
	{"docs", Docs, `id="swagger-ui"`},
}

func get(t *testing.T, h http.Handler, target string, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// assetRef matches the asset URLs a page's HTML refers to.
var assetRef = regexp.MustCompile(`(?:src|href)="(/[a-z]+/assets/[^"]+)"`)

// mounts returns the ways a server may mount a page: behind StripPrefix, with
// the full path, and through the combined Handler.
func mounts(name string, h func() http.Handler) map[string]http.Handler {
	return map[string]http.Handler{
		"StripPrefix": http.StripPrefix("/"+name, h()),
		"full path":   h(),
		"Handler":     Handler(),
	}
}

func TestPagesServeHTMLAndAssets(t *testing.T) {
	for _, p := range pages {
		for how, h := range mounts(p.name, p.handler) {
			t.Run(p.name+"/"+how, func(t *testing.T) {
				for _, target := range []string{"/" + p.name, "/" + p.name + "/", "/" + p.name + "/index.html"} {
					rec := get(t, h, target)
					if rec.Code != http.StatusOK {
						t.Fatalf("GET %s: status %d", target, rec.Code)
					}
					if ct := rec.Header().Get("Content-Type"); ct != "text/html; charset=utf-8" {
						t.Errorf("GET %s: Content-Type %q", target, ct)
					}
					if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") {
						t.Errorf("GET %s: Content-Security-Policy %q", target, csp)
					}
					if cc := rec.Header().Get("Cache-Control"); cc != "no-cache" {
						t.Errorf("GET %s: Cache-Control %q, want no-cache", target, cc)
					}
					if !strings.Contains(rec.Body.String(), p.marker) {
						t.Errorf("GET %s: body lacks %s", target, p.marker)
					}
				}

				html := get(t, h, "/"+p.name+"/").Body.String()
				refs := assetRef.FindAllStringSubmatch(html, -1)
				var js, css int
				for _, m := range refs {
					ref := m[1]
					if !strings.HasPrefix(ref, "/"+p.name+"/assets/") {
						t.Errorf("%s refers to %s, outside its own assets", p.name, ref)
						continue
					}
					switch path.Ext(ref) {
					case ".js":
						js++
					case ".css":
						css++
					}
					rec := get(t, h, ref)
					if rec.Code != http.StatusOK {
						t.Errorf("GET %s: status %d", ref, rec.Code)
						continue
					}
					if got, want := rec.Header().Get("Content-Type"), ContentType(ref); got != want {
						t.Errorf("GET %s: Content-Type %q, want %q", ref, got, want)
					}
					if cc := rec.Header().Get("Cache-Control"); !strings.Contains(cc, "immutable") {
						t.Errorf("GET %s: Cache-Control %q, want a long immutable cache", ref, cc)
					}
					if rec.Body.Len() == 0 {
						t.Errorf("GET %s: empty body", ref)
					}
				}
				if js == 0 || css == 0 {
					t.Errorf("%s refers to %d scripts and %d stylesheets, want at least one of each", p.name, js, css)
				}
			})
		}
	}
}

func TestContentTypes(t *testing.T) {
	for name, want := range map[string]string{
		"app.js":     "text/javascript; charset=utf-8",
		"app.css":    "text/css; charset=utf-8",
		"f.woff2":    "font/woff2",
		"f.ttf":      "font/ttf",
		"index.html": "text/html; charset=utf-8",
		"x.unknown":  "application/octet-stream",
	} {
		if got := ContentType(name); got != want {
			t.Errorf("ContentType(%q) = %q, want %q", name, got, want)
		}
	}
}

// Every file a page can load must resolve: the assets the HTML names, the
// lazily imported chunks, the Monaco workers and the fonts the CSS names.
func TestEveryReferencedAssetExists(t *testing.T) {
	absRef := regexp.MustCompile(`/(playground|dashboard|docs)/assets/[A-Za-z0-9._-]+\.[a-z0-9]+`)
	relChunk := regexp.MustCompile(`["'` + "`" + `]\./([A-Za-z0-9._-]+\.js)["'` + "`" + `]`)
	h := Handler()
	walkText(t, func(name string, body []byte) {
		dir := path.Dir(name)
		for _, ref := range absRef.FindAllString(string(body), -1) {
			if rec := get(t, h, ref); rec.Code != http.StatusOK {
				t.Errorf("%s refers to %s: status %d", name, ref, rec.Code)
			}
		}
		for _, m := range relChunk.FindAllStringSubmatch(string(body), -1) {
			if _, err := fs.Stat(dist, path.Join("dist", dir, m[1])); err != nil {
				t.Errorf("%s imports ./%s, which is not built", name, m[1])
			}
		}
	})
}

// The pages must not make the browser load anything from another host. URLs
// in plain strings (licences, specs, links a person may click) are harmless;
// what is checked is every construct that makes the browser fetch something:
// the text before each "//" is matched against the ways of starting a load.
func TestNoForeignRequests(t *testing.T) {
	q := `["'` + "`" + `]`
	loads := []*regexp.Regexp{
		regexp.MustCompile(`(?i)\bsrc\s*[=:]\s*` + q + `?\s*(?:https?:)?$`),
		regexp.MustCompile(`(?i)<link[^>]*\bhref\s*=\s*["']?\s*(?:https?:)?$`),
		regexp.MustCompile(`(?i)\("link",\{[^}]*href:\s*` + q + `(?:https?:)?$`),
		regexp.MustCompile(`(?i)\burl\(\s*["']?\s*(?:https?:)?$`),
		regexp.MustCompile(`(?i)@import\s+(?:url\()?\s*["']?\s*(?:https?:)?$`),
		regexp.MustCompile(`(?i)\b(?:fetch|importScripts|import|Worker|EventSource|WebSocket)\(\s*` + q + `(?:https?:|wss?:)?$`),
		regexp.MustCompile(`(?i)\bfrom\s*["'](?:https?:)?$`),
	}
	banned := []string{"sourcemappingurl=", "fonts.googleapis.com", "fonts.gstatic.com", "unpkg.com", "cdn.jsdelivr.net", "cdnjs.cloudflare.com", "esm.sh/"}
	walkText(t, func(name string, body []byte) {
		report := func(at, end int) {
			from, to := max(0, at-60), min(len(body), end+60)
			t.Errorf("%s: %s", name, strings.ToValidUTF8(string(body[from:to]), "?"))
		}
		for i := 0; ; {
			j := bytes.Index(body[i:], []byte("//"))
			if j < 0 {
				break
			}
			at := i + j
			window := body[max(0, at-200):at]
			for _, re := range loads {
				if re.Match(window) {
					report(at-20, at+2)
					break
				}
			}
			i = at + 2
		}
		lower := bytes.ToLower(body)
		for _, s := range banned {
			if k := bytes.Index(lower, []byte(s)); k >= 0 {
				report(k, k+len(s))
			}
		}
	})
}

func TestGzipNegotiation(t *testing.T) {
	h := Handler()
	html := get(t, h, "/dashboard/").Body.String()
	m := assetRef.FindStringSubmatch(html)
	if m == nil {
		t.Fatal("dashboard names no asset")
	}
	plain := get(t, h, m[1])
	if plain.Header().Get("Content-Encoding") != "" {
		t.Fatalf("GET %s without Accept-Encoding: Content-Encoding %q", m[1], plain.Header().Get("Content-Encoding"))
	}
	zipped := get(t, h, m[1], "Accept-Encoding", "br, gzip;q=0.8")
	if zipped.Header().Get("Content-Encoding") != "gzip" {
		t.Fatalf("GET %s with gzip: Content-Encoding %q", m[1], zipped.Header().Get("Content-Encoding"))
	}
	if !strings.Contains(zipped.Header().Get("Vary"), "Accept-Encoding") {
		t.Errorf("GET %s: Vary %q", m[1], zipped.Header().Get("Vary"))
	}
	zr, err := gzip.NewReader(zipped.Body)
	if err != nil {
		t.Fatal(err)
	}
	unzipped, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(unzipped, plain.Body.Bytes()) {
		t.Errorf("GET %s: gzip body differs from the plain one", m[1])
	}
	if refused := get(t, h, m[1], "Accept-Encoding", "gzip;q=0"); refused.Header().Get("Content-Encoding") != "" {
		t.Errorf("gzip;q=0 still got Content-Encoding %q", refused.Header().Get("Content-Encoding"))
	}
}

func TestConditionalAndErrors(t *testing.T) {
	h := Dashboard()
	first := get(t, h, "/dashboard/")
	etag := first.Header().Get("ETag")
	if etag == "" {
		t.Fatal("index has no ETag")
	}
	if rec := get(t, h, "/dashboard/", "If-None-Match", etag); rec.Code != http.StatusNotModified {
		t.Errorf("If-None-Match: status %d, want 304", rec.Code)
	}
	for _, target := range []string{
		"/dashboard/assets/missing.js",
		"/dashboard/nothing-here",
		"/dashboard/assets/../index.html.gz",
		"/dashboard/assets/app.js.gz",
	} {
		if rec := get(t, h, target); rec.Code != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", target, rec.Code)
		}
	}
	req := httptest.NewRequest(http.MethodPost, "/dashboard/", strings.NewReader("x"))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST: status %d, want 405", rec.Code)
	}
	if rec := get(t, Handler(), "/elsewhere"); rec.Code != http.StatusNotFound {
		t.Errorf("Handler GET /elsewhere: status %d, want 404", rec.Code)
	}
	head := httptest.NewRequest(http.MethodHead, "/dashboard/", nil)
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, head)
	if rec.Code != http.StatusOK || rec.Body.Len() != 0 || rec.Header().Get("Content-Length") == "" {
		t.Errorf("HEAD: status %d, %d body bytes, Content-Length %q", rec.Code, rec.Body.Len(), rec.Header().Get("Content-Length"))
	}
}

// walkText calls fn for each embedded HTML, JS and CSS file (not the .gz twins).
func walkText(t *testing.T, fn func(name string, body []byte)) {
	t.Helper()
	n := 0
	err := fs.WalkDir(dist, "dist", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		switch path.Ext(p) {
		case ".html", ".js", ".css":
		default:
			return nil
		}
		body, err := fs.ReadFile(dist, p)
		if err != nil {
			return err
		}
		n++
		fn(strings.TrimPrefix(p, "dist/"), body)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Fatal("no embedded files")
	}
}
