package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/graph/exchange"
	"github.com/maillage/maillage/opendata"
	"github.com/maillage/maillage/seed/geo"
)

func exportCommand(g *globalFlags) *cobra.Command {
	var out, format string
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Exporte tout le graphe en JSON Lines (aller-retour sans perte avec import), ou les fiches publiées aux formats data·inclusion et HSDS",
		Long: "--format jsonl (par défaut) : tout le graphe, aller-retour sans perte avec « maillage import ».\n" +
			"--format di : les fiches publiées au schéma data·inclusion v1, dans le dossier --out (structures.json, services.json).\n" +
			"--format hsds : les fiches publiées au format Open Referral HSDS 3.0 (tableau de services complets).\n" +
			"Licence Ouverte 2.0 ; attributions : voir README (données ouvertes).",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			store, err := openStore(cmd.Context(), g)
			if err != nil {
				return err
			}
			defer store.Close()
			switch format {
			case "", "jsonl":
			case "di", "hsds":
				return exportOpenData(cmd, store, format, out)
			default:
				return fmt.Errorf("--format %q inconnu : jsonl, di ou hsds", format)
			}
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
	cmd.Flags().StringVarP(&out, "out", "o", "-", "fichier de sortie (- pour la sortie standard ; un dossier pour --format di)")
	cmd.Flags().StringVar(&format, "format", "jsonl", "format : jsonl, di (data·inclusion v1) ou hsds (HSDS 3.0)")
	return cmd
}

// progressLogger logs the counts of a long run.
func progressLogger(what string) exchange.Progress {
	return func(c exchange.Counts) {
		slog.Info(what+" en cours", "noeuds", c.Nodes, "relations", c.Edges)
	}
}

// exportOpenData writes the published listings in the data·inclusion or HSDS format.
func exportOpenData(cmd *cobra.Command, store graph.Store, format, out string) error {
	ctx := cmd.Context()
	create := func(path string) (io.Writer, func() error, error) {
		if path == "-" {
			return cmd.OutOrStdout(), func() error { return nil }, nil
		}
		f, err := os.Create(path)
		if err != nil {
			return nil, nil, err
		}
		bw := bufio.NewWriterSize(f, 1<<20)
		return bw, func() error {
			if err := bw.Flush(); err != nil {
				f.Close()
				return err
			}
			if err := f.Sync(); err != nil {
				f.Close()
				return err
			}
			return f.Close()
		}, nil
	}
	if format == "hsds" {
		gd, err := geo.Load()
		if err != nil {
			return err
		}
		w, done, err := create(out)
		if err != nil {
			return err
		}
		n, err := opendata.ExportHSDS(ctx, store, w, opendata.DepartementNames(gd))
		if err == nil {
			err = done()
		}
		if err != nil {
			return fmt.Errorf("export HSDS interrompu après %d services : %w", n, err)
		}
		slog.Info("export HSDS terminé", "services", n)
		return nil
	}
	if out == "-" {
		return fmt.Errorf("--format di écrit deux fichiers (structures.json, services.json) : donnez un dossier avec --out")
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	for _, part := range []struct {
		name  string
		write func(context.Context, graph.Store, io.Writer) (int, error)
	}{{"structures.json", opendata.ExportDIStructures}, {"services.json", opendata.ExportDIServices}} {
		w, done, err := create(filepath.Join(out, part.name))
		if err != nil {
			return err
		}
		n, err := part.write(ctx, store, w)
		if err == nil {
			err = done()
		}
		if err != nil {
			return fmt.Errorf("export data·inclusion %s interrompu après %d éléments : %w", part.name, n, err)
		}
		slog.Info("export data·inclusion", "fichier", part.name, "elements", n)
	}
	return nil
}
