// Package web serves Maillage's browser app: the files Vite builds into web/dist (see
// package.json), embedded in the binary so that nothing is fetched at run time.
package web

import (
	"embed"
	"io/fs"
	"net/http"
	"path"
	"strings"
)

// dist holds the built app; before `make web` it holds only .keep.
//
//go:embed all:dist
var dist embed.FS

// Handler serves the app: hashed assets with long cache, /graphiql from its own page, any other
// path from index.html so that client-side routes (/dispositifs/…) load the app.
func Handler() http.Handler {
	files, err := fs.Sub(dist, "dist")
	if err != nil {
		panic(err) // the embed pattern guarantees the directory
	}
	index, err := fs.ReadFile(files, "index.html")
	if err != nil {
		return notBuilt()
	}
	graphiql, _ := fs.ReadFile(files, "graphiql.html")
	assets := http.FileServerFS(files)
	page := func(body []byte) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Header().Set("Cache-Control", "no-cache")
			_, _ = w.Write(body)
		}
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			http.Error(w, "Méthode non autorisée", http.StatusMethodNotAllowed)
			return
		}
		p := path.Clean(r.URL.Path)
		switch {
		case strings.HasPrefix(p, "/assets/"):
			// file names carry a content hash: they never change
			w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
			assets.ServeHTTP(w, r)
		case p == "/graphiql" || p == "/graphiql.html":
			page(graphiql)(w, r)
		default:
			page(index)(w, r)
		}
	})
}

// notBuilt explains, in French, how to build the app when the binary was built without it.
func notBuilt() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte(`<!doctype html><html lang="fr"><meta charset="utf-8"><title>Maillage</title>
<h1>L'application web n'est pas construite</h1>
<p>Ce binaire a été compilé sans l'application web. Lancez <code>make web</code> (ou <code>make run</code>) puis recompilez.
L'API GraphQL reste disponible sur <a href="/graphql">/graphql</a>.</p></html>`))
	})
}
