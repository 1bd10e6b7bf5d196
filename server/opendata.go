package server

import (
	"context"
	"fmt"
	"html"
	"io"
	"net/http"
	"sync"

	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/opendata"
	"github.com/maillage/maillage/seed/geo"
)

// licenceURL is the Licence Ouverte 2.0, announced with every open-data file (Link rel=license).
const licenceURL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence"

// openDataFiles are the files /opendata/ serves, each streamed from the store: published
// listings only (opendata.Published).
var openDataFiles = []struct {
	path, title string
	write       func(ctx context.Context, s graph.Store, w io.Writer, deps func(string) string) (int, error)
}{
	{"data-inclusion/structures.json", "Structures au schéma data·inclusion v1",
		func(ctx context.Context, s graph.Store, w io.Writer, _ func(string) string) (int, error) {
			return opendata.ExportDIStructures(ctx, s, w)
		}},
	{"data-inclusion/services.json", "Services au schéma data·inclusion v1",
		func(ctx context.Context, s graph.Store, w io.Writer, _ func(string) string) (int, error) {
			return opendata.ExportDIServices(ctx, s, w)
		}},
	{"hsds/services.json", "Services au format Open Referral HSDS 3.0",
		opendata.ExportHSDS},
}

// openDataHandler serves /opendata/: an index with the licence and the attributions, and the
// exports in the data·inclusion and HSDS formats.
func openDataHandler(s graph.Store) http.Handler {
	var once sync.Once
	var deps func(string) string
	departements := func() func(string) string {
		once.Do(func() {
			g, err := geo.Load()
			if err != nil {
				deps = func(string) string { return "France" }
				return
			}
			deps = opendata.DepartementNames(g)
		})
		return deps
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /opendata/{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Link", fmt.Sprintf("<%s>; rel=\"license\"", licenceURL))
		fmt.Fprint(w, `<!doctype html><html lang="fr"><meta charset="utf-8"><title>Maillage — données ouvertes</title>`+
			`<h1>Données ouvertes de Maillage</h1><p>Les fiches publiées (ni archivées ni synthétiques), téléchargeables :</p><ul>`)
		for _, f := range openDataFiles {
			fmt.Fprintf(w, `<li><a href="/opendata/%s">%s</a> — %s</li>`, f.path, f.path, html.EscapeString(f.title))
		}
		fmt.Fprintf(w, `</ul><h2>Licence</h2><p><a href="%s" rel="license">%s</a></p><h2>Attribution</h2><p>%s</p></html>`,
			licenceURL, html.EscapeString(opendata.Licence), html.EscapeString(opendata.Attribution))
	})
	for _, f := range openDataFiles {
		mux.HandleFunc("GET /opendata/"+f.path, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
			w.Header().Set("Link", fmt.Sprintf("<%s>; rel=\"license\"", licenceURL))
			w.Header().Set("Cache-Control", "no-cache")
			if _, err := f.write(r.Context(), s, w, departements()); err != nil {
				// Headers are gone once the array started: the truncated body is the signal.
				http.Error(w, graph.MessageOf(err), statusOf(err))
			}
		})
	}
	return mux
}
