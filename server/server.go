// Package server assembles Maillage's HTTP surface: the GraphQL API at /graphql, the health
// check at /healthz and the web app at /. It holds no business logic: that lives in graph,
// resolvers and web.
package server

import (
	"errors"
	"log/slog"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/maillage/maillage/auth"
	"github.com/maillage/maillage/coverage"
	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/resolvers"
	"github.com/maillage/maillage/search"
	"github.com/maillage/maillage/web"
)

// Config is what the server needs.
type Config struct {
	Store graph.Store
	// AdminToken is the operator's token: it may do everything.
	AdminToken string
	// Accounts signs people in (sessions, API tokens); nil: only the admin token writes.
	Accounts *auth.Service
	// SecureCookie marks the session cookie Secure even when this server sees plain HTTP
	// (behind a TLS-terminating proxy).
	SecureCookie bool
	Logger       *slog.Logger
	// Ready, when set, tells whether start-up work (first seeding) is finished; until it is,
	// /healthz and /graphql answer 503. Nil means ready.
	Ready *atomic.Bool
	// Search serves the search query; nil leaves it unavailable.
	Search *search.Service
	// Coverage answers the territory reports (API and CSV) from memory; nil: a service that
	// reads the store on first use is created.
	Coverage *coverage.Service
	// MaxBodyBytes caps the body of a GraphQL request (resolvers.DefaultMaxBodyBytes when 0).
	MaxBodyBytes int64
	// TrustedProxies are the reverse proxies whose X-Forwarded-For names the client.
	TrustedProxies auth.Proxies
}

// New returns the HTTP handler of a Maillage instance.
func New(cfg Config) (http.Handler, error) {
	if cfg.Store == nil {
		return nil, errors.New("server: no store")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	ready := func() bool { return cfg.Ready == nil || cfg.Ready.Load() }

	if cfg.Coverage == nil {
		cfg.Coverage = coverage.NewService(cfg.Store)
	}
	api := resolvers.NewHandler(cfg.Store, resolvers.Options{AdminToken: cfg.AdminToken, Logger: cfg.Logger, Search: cfg.Search,
		Accounts: cfg.Accounts, Cookie: auth.SessionCookie{Secure: cfg.SecureCookie}, Coverage: cfg.Coverage, MaxBodyBytes: cfg.MaxBodyBytes, TrustedProxies: cfg.TrustedProxies})
	// A browser's session cookie must not let another site write through it: cross-origin
	// writes are refused (Sec-Fetch-Site / Origin), programs with tokens are unaffected.
	api, err := auth.CSRF(api)
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		if !ready() {
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte("démarrage en cours\n"))
			return
		}
		_, _ = w.Write([]byte("ok\n"))
	})
	mux.Handle("/graphql", whenReady(ready, api))
	mux.Handle("/rapports/", whenReady(ready, reportsCSV(cfg.Store, cfg.Coverage)))
	mux.Handle("/opendata/", whenReady(ready, openDataHandler(cfg.Store)))
	mux.Handle("/", web.Handler())
	return logRequests(cfg.Logger, securityHeaders(mux)), nil
}

// contentSecurityPolicy lets the app and GraphiQL run their own scripts only (no inline script,
// nothing from elsewhere: the app works offline), styles inline too (GraphiQL's editor inserts
// its own), images from data: and blob: URLs (the graph explorer's exports), and forbids any
// other site to frame them.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; " +
	"object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

// securityHeaders sets the headers every answer carries: the content security policy, no
// framing (frame-ancestors, X-Frame-Options for older browsers), no MIME sniffing, and no
// address sent to other sites (a search's situation travels in the page's address).
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Frame-Options", "DENY")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		next.ServeHTTP(w, r)
	})
}

// whenReady answers 503 with a French JSON error until ready() holds.
func whenReady(ready func() bool, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !ready() {
			w.Header().Set("Retry-After", "2")
			resolvers.WriteError(w, http.StatusServiceUnavailable, graph.CodeInternal, "Maillage démarre (chargement des données initiales). Réessayez dans quelques secondes.")
			return
		}
		h.ServeHTTP(w, r)
	})
}

// statusWriter records the status code for the access log.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func logRequests(log *slog.Logger, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		h.ServeHTTP(sw, r)
		log.LogAttrs(r.Context(), slog.LevelDebug, "http",
			slog.String("method", r.Method), slog.String("path", r.URL.Path),
			slog.Int("status", sw.status), slog.Duration("duration", time.Since(start)))
	})
}
