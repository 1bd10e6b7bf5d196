package main

import (
	"fmt"
	"io"
	"log/slog"
	"os"

	"github.com/spf13/cobra"

	"github.com/maillage/maillage/graph/exchange"
)

func exportCommand(g *globalFlags) *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Exporte tout le graphe en JSON Lines (aller-retour sans perte avec import)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			store, err := openStore(cmd.Context(), g)
			if err != nil {
				return err
			}
			defer store.Close()
			var w io.Writer = cmd.OutOrStdout()
			if out != "-" {
				f, err := os.Create(out)
				if err != nil {
					return err
				}
				defer f.Close()
				w = f
			}
			c, err := exchange.Export(cmd.Context(), store, w, progressLogger("export"))
			if err != nil {
				return fmt.Errorf("export interrompu après %d nœuds et %d relations : %w", c.Nodes, c.Edges, err)
			}
			if f, ok := w.(*os.File); ok && f != os.Stdout {
				if err := f.Sync(); err != nil {
					return err
				}
			}
			slog.Info("export terminé", "noeuds", c.Nodes, "relations", c.Edges)
			return nil
		},
	}
	cmd.Flags().StringVarP(&out, "out", "o", "-", "fichier de sortie (- pour la sortie standard)")
	return cmd
}

// progressLogger logs the counts of a long run.
func progressLogger(what string) exchange.Progress {
	return func(c exchange.Counts) {
		slog.Info(what+" en cours", "noeuds", c.Nodes, "relations", c.Edges)
	}
}
