package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"sync/atomic"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/sync/errgroup"

	"github.com/maillage/maillage/auth"
	"github.com/maillage/maillage/coverage"
	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/resolvers"
	"github.com/maillage/maillage/search"
	"github.com/maillage/maillage/seed"
	"github.com/maillage/maillage/server"
)

// serveOptions are the flags of `maillage serve`.
type serveOptions struct {
	addr, token  string
	autoSeed     bool
	noOpenData   bool
	secureCookie bool
	maxBody      int64
	proxies      auth.Proxies
	// drain is how long requests in progress may take to finish at shutdown.
	drain time.Duration
	// pprof, when set, is a separate listening address for the Go profiler (benchmarks only).
	pprof string
}

func serveCommand(g *globalFlags) *cobra.Command {
	var o serveOptions
	var noSeed bool
	var proxies string
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Sert l'API GraphQL (/graphql) et l'application web (/)",
		Long: "Sert l'API GraphQL sur /graphql, l'application web sur / et GET /healthz (200 une fois prêt).\n" +
			"Au premier démarrage avec un dossier de données vide, charge les données de référence\n" +
			"(géographie, vocabulaires, documents sources, échantillon FINESS) et les données ouvertes\n" +
			"nationales (France services, annuaire de l'administration 2019, Missions locales, agences\n" +
			"France Travail, data·inclusion La Réunion), sauf avec --no-open-data.\n" +
			"Pendant qu'il tourne, « maillage user », « maillage token » et « maillage report » passent\n" +
			"par lui (canal local maillage.sock du dossier de données).",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var err error
			if o.proxies, err = auth.ParseProxies(proxies); err != nil {
				return err
			}
			o.autoSeed = !noSeed
			return serve(cmd.Context(), g, o)
		},
	}
	cmd.Flags().StringVar(&o.addr, "addr", "localhost:8080", "adresse d'écoute HTTP")
	cmd.Flags().StringVar(&o.token, "admin-token", "", "jeton d'administration (sinon lu ou créé dans le dossier de données)")
	cmd.Flags().BoolVar(&noSeed, "no-seed", false, "ne pas charger les données de référence au premier démarrage")
	cmd.Flags().BoolVar(&o.noOpenData, "no-open-data", false, "au premier démarrage, ne charger que les documents sources et FINESS, sans les données ouvertes nationales")
	cmd.Flags().BoolVar(&o.secureCookie, "secure-cookie", false, "cookie de session « Secure » même en HTTP (derrière un proxy HTTPS)")
	cmd.Flags().StringVar(&proxies, "trusted-proxies", "", "mandataires inverses de confiance (adresses ou réseaux séparés par des virgules, ex. 127.0.0.1,10.0.0.0/8) : l'adresse du client est lue dans leur X-Forwarded-For")
	cmd.Flags().Int64Var(&o.maxBody, "max-body", resolvers.DefaultMaxBodyBytes, "taille maximale d'une requête GraphQL, en octets (au-delà : refusée, 413)")
	cmd.Flags().DurationVar(&o.drain, "drain", 15*time.Second, "à l'arrêt, temps laissé aux requêtes en cours pour finir")
	cmd.Flags().StringVar(&o.pprof, "pprof", "", "adresse d'écoute du profileur Go (/debug/pprof/), pour les mesures de performance ; à ne pas exposer")
	return cmd
}

// servePprof serves the Go profiler on its own address, apart from the application's handler,
// so that profiles of a benchmark run can be taken (scripts/bench).
func servePprof(addr string) {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	go func() {
		srv := &http.Server{Addr: addr, Handler: mux, ReadHeaderTimeout: 10 * time.Second}
		if err := srv.ListenAndServe(); err != nil {
			slog.Error("profileur", "adresse", addr, "erreur", err)
		}
	}()
}

// serve opens the stores, runs the server until ctx ends, then closes the stores: last, once
// nothing uses them any more.
func serve(ctx context.Context, g *globalFlags, o serveOptions) error {
	store, err := openStore(ctx, g)
	if err != nil {
		return err
	}
	accountStore, err := openAccounts(ctx, g)
	if err != nil {
		store.Close()
		return fmt.Errorf("comptes : %w", err)
	}
	err = run(ctx, g, o, store, accountStore)
	err = errors.Join(err, accountStore.Close(), store.Close())
	if err == nil {
		slog.Info("Maillage arrêté proprement")
	}
	return err
}

// run serves the stores until ctx ends, then stops in order: it stops accepting connections and
// lets the requests in progress finish (searches included: the index is still open), stops
// the work that follows the store (search index, reports, session purge), saves and closes the
// search index. The caller closes the stores after it returns.
func run(ctx context.Context, g *globalFlags, o serveOptions, store graph.Store, accountStore auth.Store) error {
	if o.pprof != "" {
		servePprof(o.pprof)
	}
	accounts := auth.NewService(accountStore, store)
	token, err := adminToken(g, o.token)
	if err != nil {
		return err
	}
	ready := &atomic.Bool{}
	// Until start-up work is done (first seeding, search index catch-up), a handler without
	// search answers /healthz and /graphql with 503; then the full handler replaces it.
	cfg := server.Config{Store: store, AdminToken: token, Logger: slog.Default(), Ready: ready, Accounts: accounts,
		SecureCookie: o.secureCookie, MaxBodyBytes: o.maxBody, TrustedProxies: o.proxies}
	starting, err := server.New(cfg)
	if err != nil {
		return err
	}
	var current atomic.Pointer[http.Handler]
	current.Store(&starting)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { (*current.Load()).ServeHTTP(w, r) })
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return fmt.Errorf("écoute sur %s : %w", o.addr, err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: time.Minute, IdleTimeout: 120 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	slog.Info("Maillage écoute", "adresse", "http://"+ln.Addr().String(), "version", versionString(), "données", g.dataDir)
	// the operator's channel: user, token and report commands run here while the server runs
	operator, operatorLn := listenOperator(g, store, accountStore)
	if operator != nil {
		go func() { _ = operator.Serve(operatorLn) }()
	}

	// The work that follows the store runs until the requests have drained, not until the
	// signal: a search in progress still needs the index.
	bgCtx, stopBackground := context.WithCancel(context.WithoutCancel(ctx))
	defer stopBackground()
	var background errgroup.Group
	background.Go(func() error { purgeSessions(bgCtx, accounts); return nil })

	// Start-up (seeding, index catch-up) stops at the signal; it is waited for before the index
	// and the stores close.
	var ix *search.Index
	var startup errgroup.Group
	startup.Go(func() error {
		if o.autoSeed {
			if err := seed.FirstStart(ctx, store, g.dataDir, seed.Options{Logger: slog.Default(), OpenData: !o.noOpenData}); err != nil {
				return err
			}
		}
		svc, opened, err := openSearch(ctx, g, store)
		if err != nil {
			return err
		}
		ix = opened
		cfg.Search = svc
		// The territory reports read the graph into memory once, then follow its changes.
		cfg.Coverage = coverage.NewService(store)
		full, err := server.New(cfg)
		if err != nil {
			return err
		}
		background.Go(func() error {
			keepFollowing(bgCtx, "index de recherche", func(ctx context.Context) error { return ix.Follow(ctx, store, slog.Default()) })
			return nil
		})
		background.Go(func() error {
			keepFollowing(bgCtx, "rapports de territoire", func(ctx context.Context) error {
				return cfg.Coverage.Follow(ctx, func(err error) { slog.Warn("rapports de territoire : mise à jour", "erreur", err) })
			})
			return nil
		})
		current.Store(&full)
		ready.Store(true)
		slog.Info("Maillage est prêt")
		return nil
	})
	started := make(chan error, 1)
	go func() { started <- startup.Wait() }()

	var runErr error
	select {
	case runErr = <-served:
	case err := <-started:
		if err != nil && ctx.Err() == nil {
			runErr = fmt.Errorf("chargement initial des données : %w", err)
			break
		}
		select {
		case runErr = <-served:
		case <-ctx.Done():
		}
	case <-ctx.Done():
	}

	// 1. stop accepting, let the requests in progress finish
	slog.Info("arrêt : fin des requêtes en cours")
	drainCtx, cancel := context.WithTimeout(context.Background(), o.drain)
	defer cancel()
	for _, s := range []*http.Server{srv, operator} {
		if s == nil {
			continue
		}
		if err := s.Shutdown(drainCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
			slog.Warn("arrêt : des requêtes n'ont pas fini à temps", "erreur", err)
			_ = s.Close()
		}
	}
	// 2. start-up and the followers stop
	_ = startup.Wait()
	stopBackground()
	_ = background.Wait()
	// 3. the search index saves its side table and closes; the caller then closes the stores
	if ix != nil {
		if err := ix.Close(); err != nil {
			runErr = errors.Join(runErr, fmt.Errorf("fermeture de l'index de recherche : %w", err))
		}
	}
	if errors.Is(runErr, http.ErrServerClosed) {
		runErr = nil
	}
	return runErr
}

// keepFollowing runs follow (the search index's or the reports' Follow) for as long as ctx
// runs. The feed may be another process's writes (replicas on one Neo4j); when reading it fails
// (Neo4j restarting, a network cut), following resumes after a pause that grows up to 30 s, so
// that what follows catches up instead of stopping for good.
func keepFollowing(ctx context.Context, what string, follow func(context.Context) error) {
	pause := time.Second
	for {
		err := follow(ctx)
		if ctx.Err() != nil {
			return
		}
		slog.Warn("suivi des modifications interrompu, reprise bientôt", "suivi", what, "erreur", err, "pause", pause)
		select {
		case <-ctx.Done():
			return
		case <-time.After(pause):
		}
		pause = min(2*pause, 30*time.Second)
	}
}

// purgeSessions removes expired sessions every hour while the server runs.
func purgeSessions(ctx context.Context, accounts *auth.Service) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if n, err := accounts.PurgeSessions(ctx); err != nil {
				slog.Warn("purge des sessions expirées", "erreur", err)
			} else if n > 0 {
				slog.Info("sessions expirées supprimées", "nombre", n)
			}
		}
	}
}
