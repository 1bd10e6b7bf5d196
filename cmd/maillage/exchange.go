package main

import (
	"bufio"
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

func importCommand(g *globalFlags) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "import FICHIER",
		Short: "Importe un graphe exporté ; chaque ligne invalide est signalée et les autres sont gardées",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			store, err := openStore(cmd.Context(), g)
			if err != nil {
				return err
			}
			defer store.Close()
			var r io.Reader = cmd.InOrStdin()
			if args[0] != "-" {
				f, err := os.Open(args[0])
				if err != nil {
					return err
				}
				defer f.Close()
				r = f
			}
			rep, err := exchange.Import(cmd.Context(), store, bufio.NewReaderSize(r, 1<<20), progressLogger("import"))
			if err != nil {
				return fmt.Errorf("import interrompu : %w", err)
			}
			out := cmd.OutOrStdout()
			fmt.Fprintf(out, "Importé : %d nœuds, %d relations.\n", rep.Imported.Nodes, rep.Imported.Edges)
			if rep.Expected == nil {
				fmt.Fprintln(out, "Attention : le fichier n'a pas de ligne de fin ; il est peut-être tronqué.")
			} else if *rep.Expected != rep.Imported {
				fmt.Fprintf(out, "Le fichier annonçait %d nœuds et %d relations.\n", rep.Expected.Nodes, rep.Expected.Edges)
			}
			for _, e := range rep.Errors {
				fmt.Fprintf(out, "ligne %d : %s\n", e.Line, e.Message)
			}
			if len(rep.Errors) > 0 {
				return fmt.Errorf("%d ligne(s) rejetée(s), les autres ont été importées", len(rep.Errors))
			}
			return nil
		},
	}
	return cmd
}

// progressLogger logs the counts of a long run.
func progressLogger(what string) exchange.Progress {
	return func(c exchange.Counts) {
		slog.Info(what+" en cours", "noeuds", c.Nodes, "relations", c.Edges)
	}
}
