// Package web serves Maillage's browser app: the files Vite builds into web/dist (see
// package.json), embedded in the binary so that nothing is fetched at run time.
package web

import (
	"embed"
	"io/fs"
	"net/http"
	"path"
	"strconv"
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
	return handler(files)
}

// handler serves a built app from files (the contents of dist), or explains how to build it.
func handler(files fs.FS) http.Handler {
	index, err := fs.ReadFile(files, "index.html")
	if err != nil {
		return notBuilt()
	}
	graphiql, err := fs.ReadFile(files, "graphiql.html")
	if err != nil {
		return notBuilt()
	}
	assets := http.FileServerFS(files)
	page := func(w http.ResponseWriter, r *http.Request, body []byte) {
		// the page names the current hashed assets: it must be revalidated after every upgrade
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-cache")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		if r.Method == http.MethodHead {
			return
		}
		_, _ = w.Write(body)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "Méthode non autorisée.", http.StatusMethodNotAllowed)
			return
		}
		p := path.Clean("/" + r.URL.Path)
		switch {
		case strings.HasPrefix(p, "/assets/"):
			if fi, err := fs.Stat(files, strings.TrimPrefix(p, "/")); err != nil || fi.IsDir() {
				// an asset of another build (or a folder, never listed): a 404 must not be
				// cached for a year
				w.Header().Set("Cache-Control", "no-store")
				http.Error(w, "Fichier introuvable.", http.StatusNotFound)
				return
			}
			// file names carry a content hash: they never change
			w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
			w.Header().Set("X-Content-Type-Options", "nosniff")
			assets.ServeHTTP(w, r)
		case p == "/graphiql" || p == "/graphiql.html":
			page(w, r, graphiql)
		default:
			page(w, r, index)
		}
	})
}

// notBuilt explains, in French, how to build the app when the binary was built without it.
func notBuilt() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte(notBuiltPage))
	})
}

const notBuiltPage = `<!doctype html>
<html lang="fr">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Maillage — application web non construite</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5">
<h1>L'application web n'est pas construite</h1>
<p>Ce binaire a été compilé sans l'application web. Depuis la racine du dépôt, lancez
<code>make web</code> pour la construire, puis recompilez le binaire qui l'embarque
(<code>make build</code> fait les deux) et redémarrez Maillage.</p>
<p>L'API GraphQL reste disponible sur <a href="/graphql">/graphql</a>.</p>
</body>
</html>
`
