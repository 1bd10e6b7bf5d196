package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/spf13/cobra"

	"github.com/maillage/maillage/auth"
	"github.com/maillage/maillage/coverage"
	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/resolvers"
	"github.com/maillage/maillage/search"
	"github.com/maillage/maillage/seed"
	"github.com/maillage/maillage/server"
)

func serveCommand(g *globalFlags) *cobra.Command {
	var addr, token, proxies string
	var noSeed, secureCookie bool
	var maxBody int64
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Sert l'API GraphQL (/graphql) et l'application web (/)",
		Long: "Sert l'API GraphQL sur /graphql, l'application web sur / et GET /healthz (200 une fois prêt).\n" +
			"Au premier démarrage avec un dossier de données vide, charge les données de référence\n" +
			"(géographie, vocabulaires, documents sources, échantillon FINESS).",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			trusted, err := auth.ParseProxies(proxies)
			if err != nil {
				return err
			}
			return serve(cmd.Context(), g, addr, token, !noSeed, secureCookie, maxBody, trusted)
		},
	}
	cmd.Flags().StringVar(&addr, "addr", "localhost:8080", "adresse d'écoute HTTP")
	cmd.Flags().StringVar(&token, "admin-token", "", "jeton d'administration (sinon lu ou créé dans le dossier de données)")
	cmd.Flags().BoolVar(&noSeed, "no-seed", false, "ne pas charger les données de référence au premier démarrage")
	cmd.Flags().BoolVar(&secureCookie, "secure-cookie", false, "cookie de session « Secure » même en HTTP (derrière un proxy HTTPS)")
	cmd.Flags().StringVar(&proxies, "trusted-proxies", "", "mandataires inverses de confiance (adresses ou réseaux séparés par des virgules, ex. 127.0.0.1,10.0.0.0/8) : l'adresse du client est lue dans leur X-Forwarded-For")
	cmd.Flags().Int64Var(&maxBody, "max-body", resolvers.DefaultMaxBodyBytes, "taille maximale d'une requête GraphQL, en octets (au-delà : refusée, 413)")
	return cmd
}

func serve(ctx context.Context, g *globalFlags, addr, token string, autoSeed, secureCookie bool, maxBody int64, trusted auth.Proxies) error {
	store, err := openStore(ctx, g)
	if err != nil {
		return err
	}
	defer store.Close()
	accountStore, err := openAccounts(ctx, g)
	if err != nil {
		return fmt.Errorf("comptes : %w", err)
	}
	defer accountStore.Close()
	accounts := auth.NewService(accountStore, store)
	go purgeSessions(ctx, accounts)
	token, err = adminToken(g, token)
	if err != nil {
		return err
	}
	ready := &atomic.Bool{}
	// Until start-up work is done (first seeding, search index catch-up), a handler without
	// search answers /healthz and /graphql with 503; then the full handler replaces it.
	cfg := server.Config{Store: store, AdminToken: token, Logger: slog.Default(), Ready: ready, Accounts: accounts, SecureCookie: secureCookie, MaxBodyBytes: maxBody, TrustedProxies: trusted}
	starting, err := server.New(cfg)
	if err != nil {
		return err
	}
	var current atomic.Pointer[http.Handler]
	current.Store(&starting)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { (*current.Load()).ServeHTTP(w, r) })
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("écoute sur %s : %w", addr, err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: time.Minute, IdleTimeout: 120 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	slog.Info("Maillage écoute", "adresse", "http://"+ln.Addr().String(), "version", versionString(), "données", g.dataDir)

	seeded := make(chan error, 1)
	go func() {
		if autoSeed {
			if err := seed.FirstStart(ctx, store, g.dataDir, slog.Default()); err != nil {
				seeded <- err
				return
			}
		}
		svc, ix, err := openSearch(ctx, g, store)
		if err != nil {
			seeded <- err
			return
		}
		cfg.Search = svc
		// The territory reports read the graph into memory once, then follow its changes.
		cfg.Coverage = coverage.NewService(store)
		go func() {
			_ = cfg.Coverage.Follow(ctx, func(err error) { slog.Warn("rapports de territoire : mise à jour", "erreur", err) })
		}()
		full, err := server.New(cfg)
		if err != nil {
			seeded <- err
			return
		}
		current.Store(&full)
		go func() {
			defer ix.Close()
			follow(ctx, ix, store)
		}()
		ready.Store(true)
		slog.Info("Maillage est prêt")
		seeded <- nil
	}()

	select {
	case err := <-served:
		return err
	case err := <-seeded:
		if err != nil && ctx.Err() == nil {
			_ = srv.Close()
			return fmt.Errorf("chargement initial des données : %w", err)
		}
	case <-ctx.Done():
	}
	if ctx.Err() == nil {
		select {
		case err := <-served:
			return err
		case <-ctx.Done():
		}
	}
	slog.Info("arrêt demandé : fin des requêtes en cours")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	slog.Info("Maillage arrêté proprement")
	return nil
}

// follow keeps the search index in step with the store's change feed for as long as the server
// runs. The feed may be another process's writes (replicas on one Neo4j); when reading it fails
// (Neo4j restarting, a network cut), following resumes from the index's last sequence after a
// pause that grows up to 30 s, so the index catches up instead of stopping for good.
func follow(ctx context.Context, ix *search.Index, store graph.Store) {
	pause := time.Second
	for {
		err := ix.Follow(ctx, store, slog.Default())
		if ctx.Err() != nil {
			return
		}
		slog.Warn("suivi des modifications interrompu, reprise bientôt", "erreur", err, "pause", pause)
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
