package web

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"
)

// built is a dist folder as Vite writes it.
var built = fstest.MapFS{
	"index.html":             {Data: []byte(`<!doctype html><title>app</title><script src="/assets/main-abc123.js"></script>`)},
	"graphiql.html":          {Data: []byte(`<!doctype html><title>explorateur</title>`)},
	"assets/main-abc123.js":  {Data: []byte(`console.log("maillage")`)},
	"assets/main-abc123.css": {Data: []byte(`body{}`)},
	".keep":                  {},
}

func get(t *testing.T, h http.Handler, method, target string) (*http.Response, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(method, target, nil))
	res := rec.Result()
	body, _ := io.ReadAll(res.Body)
	return res, string(body)
}

func TestHandlerServesBuiltApp(t *testing.T) {
	h := handler(built)
	cases := []struct {
		target, status, contentType, cache, body string
	}{
		{"/", "200", "text/html; charset=utf-8", "no-cache", "<title>app</title>"},
		// client-side routes load the app, which then shows the page or its own 404
		{"/dispositifs/dsp-mission-interface", "200", "text/html; charset=utf-8", "no-cache", "<title>app</title>"},
		{"/territoires/93?x=1", "200", "text/html; charset=utf-8", "no-cache", "<title>app</title>"},
		{"/nulle/part", "200", "text/html; charset=utf-8", "no-cache", "<title>app</title>"},
		{"/graphiql", "200", "text/html; charset=utf-8", "no-cache", "<title>explorateur</title>"},
		{"/graphiql.html", "200", "text/html; charset=utf-8", "no-cache", "<title>explorateur</title>"},
		{"/assets/main-abc123.js", "200", "text/javascript; charset=utf-8", "public, max-age=31536000, immutable", `console.log("maillage")`},
		{"/assets/main-abc123.css", "200", "text/css; charset=utf-8", "public, max-age=31536000, immutable", "body{}"},
		// an asset of another build is missing, and that answer must not stick in caches
		{"/assets/main-old999.js", "404", "text/plain; charset=utf-8", "no-store", "Fichier introuvable."},
		{"/assets/../index.html", "200", "text/html; charset=utf-8", "no-cache", "<title>app</title>"},
	}
	for _, c := range cases {
		res, body := get(t, h, http.MethodGet, c.target)
		if got := res.Status[:3]; got != c.status {
			t.Errorf("%s: status %s, want %s", c.target, res.Status, c.status)
		}
		if got := res.Header.Get("Content-Type"); got != c.contentType {
			t.Errorf("%s: Content-Type %q, want %q", c.target, got, c.contentType)
		}
		if got := res.Header.Get("Cache-Control"); got != c.cache {
			t.Errorf("%s: Cache-Control %q, want %q", c.target, got, c.cache)
		}
		if !strings.Contains(body, c.body) {
			t.Errorf("%s: body %q lacks %q", c.target, body, c.body)
		}
	}
}

func TestHandlerMethods(t *testing.T) {
	h := handler(built)
	res, body := get(t, h, http.MethodHead, "/dispositifs/x")
	if res.StatusCode != http.StatusOK || body != "" {
		t.Errorf("HEAD: %s %q", res.Status, body)
	}
	res, body = get(t, h, http.MethodPost, "/")
	if res.StatusCode != http.StatusMethodNotAllowed || res.Header.Get("Allow") != "GET, HEAD" || !strings.Contains(body, "Méthode non autorisée") {
		t.Errorf("POST: %s %q %q", res.Status, res.Header.Get("Allow"), body)
	}
}

func TestHandlerWithoutBuildExplainsInFrench(t *testing.T) {
	for name, files := range map[string]fstest.MapFS{
		"empty":        {".keep": {}},
		"half a build": {".keep": {}, "index.html": {Data: []byte("<title>app</title>")}},
	} {
		t.Run(name, func(t *testing.T) {
			for _, target := range []string{"/", "/dispositifs/x", "/graphiql", "/assets/main.js"} {
				res, body := get(t, handler(files), http.MethodGet, target)
				if res.StatusCode != http.StatusServiceUnavailable {
					t.Errorf("%s: status %s", target, res.Status)
				}
				if res.Header.Get("Content-Type") != "text/html; charset=utf-8" || res.Header.Get("Cache-Control") != "no-store" {
					t.Errorf("%s: headers %v", target, res.Header)
				}
				for _, want := range []string{`lang="fr"`, "n'est pas construite", "make web", "/graphql"} {
					if !strings.Contains(body, want) {
						t.Errorf("%s: page lacks %q", target, want)
					}
				}
			}
		})
	}
}

// TestEmbeddedBuild checks the binary's own files: either a full build or only .keep.
func TestEmbeddedBuild(t *testing.T) {
	entries, err := dist.ReadDir("dist")
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, e := range entries {
		names[e.Name()] = true
	}
	if !names[".keep"] {
		t.Error("web/dist/.keep is missing: the package needs it to compile before `make web`")
	}
	res, body := get(t, Handler(), http.MethodGet, "/")
	switch {
	case names["index.html"]:
		if res.StatusCode != http.StatusOK || !strings.Contains(body, `lang="fr"`) || !strings.Contains(body, "/assets/") {
			t.Errorf("built app: %s %q", res.Status, body)
		}
	default:
		if res.StatusCode != http.StatusServiceUnavailable {
			t.Errorf("no build: %s", res.Status)
		}
	}
}
