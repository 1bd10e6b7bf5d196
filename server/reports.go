package server

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/maillage/maillage/coverage"
	"github.com/maillage/maillage/graph"
)

// reportsCSV serves the SIAO's reports as CSV downloads (French headers, ';', decimal comma,
// BOM for spreadsheets): /rapports/couverture.csv?territoire=52&par=public,thematique,
// /rapports/manques.csv?territoire=52 and /rapports/diagnostics.csv?territoire=52.
func reportsCSV(st graph.Store, svc *coverage.Service) http.Handler {
	mux := http.NewServeMux()
	get := func(path string, write func(w http.ResponseWriter, r *http.Request, id string, o coverage.Options) error) {
		mux.HandleFunc("GET "+path, func(w http.ResponseWriter, r *http.Request) {
			id, err := coverage.ResolveTerritory(r.Context(), st, r.URL.Query().Get("territoire"))
			if err != nil {
				http.Error(w, graph.MessageOf(err), statusOf(err))
				return
			}
			o := coverage.Options{RowLevel: graph.TerritoryLevel(r.URL.Query().Get("niveau"))}
			name := strings.TrimSuffix(strings.TrimPrefix(path, "/rapports/"), ".csv")
			w.Header().Set("Content-Type", "text/csv; charset=utf-8")
			w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="maillage-%s-%s.csv"`, name, id))
			w.Header().Set("Cache-Control", "no-store")
			if err := write(w, r, id, o); err != nil {
				http.Error(w, graph.MessageOf(err), statusOf(err))
			}
		})
	}
	get("/rapports/couverture.csv", func(w http.ResponseWriter, r *http.Request, id string, o coverage.Options) error {
		var dims []coverage.Dimension
		if by := r.URL.Query().Get("par"); by != "" {
			for _, s := range strings.Split(by, ",") {
				d, err := coverage.ParseDimension(s)
				if err != nil {
					return err
				}
				dims = append(dims, d)
			}
		}
		m, err := svc.Coverage(r.Context(), id, dims, o)
		if err != nil {
			return err
		}
		return coverage.WriteCoverageCSV(w, m)
	})
	get("/rapports/manques.csv", func(w http.ResponseWriter, r *http.Request, id string, o coverage.Options) error {
		g, err := svc.Gaps(r.Context(), id, o)
		if err != nil {
			return err
		}
		return coverage.WriteGapsCSV(w, g)
	})
	get("/rapports/diagnostics.csv", func(w http.ResponseWriter, r *http.Request, id string, o coverage.Options) error {
		d, err := svc.Diagnostics(r.Context(), id, o)
		if err != nil {
			return err
		}
		return coverage.WriteDiagnosticsCSV(w, d)
	})
	return mux
}

// statusOf maps a domain error to an HTTP status.
func statusOf(err error) int {
	switch graph.ErrorCode(err) {
	case graph.CodeBadUserInput:
		return http.StatusBadRequest
	case graph.CodeNotFound:
		return http.StatusNotFound
	case graph.CodeUnauthenticated:
		return http.StatusUnauthorized
	case graph.CodeForbidden:
		return http.StatusForbidden
	case graph.CodeConflict:
		return http.StatusConflict
	}
	return http.StatusInternalServerError
}
