package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"runtime/debug"
	"time"

	"github.com/spf13/cobra"

	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/search"
)

// indexDir is where a process keeps its search index: each replica has its own.
func indexDir(g *globalFlags) string { return filepath.Join(g.dataDir, "index") }

// openSearch opens the search index, brings it up to date with the store's change feed and
// returns the search service.
func openSearch(ctx context.Context, g *globalFlags, store graph.Store) (*search.Service, *search.Index, error) {
	ix, err := search.Open(indexDir(g))
	if err != nil {
		return nil, nil, err
	}
	start := time.Now()
	if err := ix.CatchUp(ctx, store); err != nil {
		ix.Close()
		return nil, nil, fmt.Errorf("mise à jour de l'index de recherche : %w", err)
	}
	n, _ := ix.Count()
	slog.Info("index de recherche à jour", "documents", n, "duree", time.Since(start).Round(time.Millisecond))
	svc, err := search.NewService(store, ix)
	if err != nil {
		ix.Close()
		return nil, nil, err
	}
	return svc, ix, nil
}

// reindexMemoryLimit is the default soft memory limit of `maillage reindex`, in MiB: the
// reindex's live heap is a few hundred MiB, but with the collector's default pace its garbage
// (bleve's analysis of 400,000 documents) took the anonymous memory to 1.23 GiB at national
// size; under this limit it peaked at 0.72 GiB for no more CPU (docs/benchmarks.md).
const reindexMemoryLimit = 700

func reindexCommand(g *globalFlags) *cobra.Command {
	var memLimit int64
	cmd := &cobra.Command{
		Use:   "reindex",
		Short: "Reconstruit l'index de recherche à partir du graphe (serveur arrêté)",
		Long: "Efface et reconstruit l'index de recherche de ce dossier de données à partir du stockage\n" +
			"(--store, --data). L'index est une projection du graphe : le reconstruire ne perd rien.\n" +
			"Arrêtez d'abord « maillage serve » sur ce dossier.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			// GOMEMLIMIT, when set, is the runtime's own and wins.
			if _, set := os.LookupEnv("GOMEMLIMIT"); !set && memLimit > 0 {
				debug.SetMemoryLimit(memLimit << 20)
			}
			store, err := openStore(cmd.Context(), g)
			if err != nil {
				return err
			}
			defer store.Close()
			if err := search.Destroy(indexDir(g)); err != nil {
				return err
			}
			ix, err := search.Open(indexDir(g))
			if err != nil {
				return err
			}
			defer ix.Close()
			start := time.Now()
			last := time.Now()
			err = ix.Reindex(cmd.Context(), store, func(n int) {
				if time.Since(last) > 2*time.Second {
					slog.Info("réindexation en cours", "documents", n)
					last = time.Now()
				}
			})
			if err != nil {
				return err
			}
			n, _ := ix.Count()
			fmt.Fprintf(cmd.OutOrStdout(), "Index reconstruit : %d documents en %s.\n", n, time.Since(start).Round(time.Millisecond))
			return nil
		},
	}
	cmd.Flags().Int64Var(&memLimit, "memory-limit", reindexMemoryLimit, "limite souple de la mémoire du processus en Mio (le ramasse-miettes travaille plus tôt ; 0 : aucune ; GOMEMLIMIT l'emporte)")
	return cmd
}
