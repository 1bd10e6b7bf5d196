package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/maillage/maillage/coverage"
	"github.com/maillage/maillage/graph"
)

func reportCommand(g *globalFlags) *cobra.Command {
	var territory, by, out, level, now string
	var months int
	cmd := &cobra.Command{
		Use:   "report coverage|gaps|diagnostics",
		Short: "Exporte en CSV la couverture, les lacunes ou les diagnostics d'un territoire",
		Long: "Calcule, pour un territoire, l'un des trois rapports de l'observatoire et l'écrit en CSV\n" +
			"(UTF-8, séparateur « ; », virgule décimale) :\n\n" +
			"  coverage     nombre de dispositifs et capacité déclarée par sous-territoire et par public,\n" +
			"               thématique ou type (--by), avec la capacité pour 10 000 habitants ;\n" +
			"  gaps         lacunes classées par priorité, chacune avec sa raison ;\n" +
			"  diagnostics  dispositifs sans opérateur, isolés, impasses d'orientation, offre dépendant\n" +
			"               d'une seule organisation, fiches périmées.\n\n" +
			"--territory accepte un code de département (52, 2A, 974), un code de commune (93066), un SIREN\n" +
			"d'EPCI ou un identifiant (dep-52, reg-44, com-93066, fr).",
		Example: "  maillage report coverage --territory 52 --by public,thematique --out couverture-52.csv\n" +
			"  maillage report gaps --territory 93\n" +
			"  maillage report diagnostics --territory 15 --stale-after 12",
		Args:      cobra.ExactArgs(1),
		ValidArgs: []string{"coverage", "gaps", "diagnostics"},
		RunE: throughServer(g, false, func(cmd *cobra.Command, args []string) error {
			kind := args[0]
			if kind != "coverage" && kind != "gaps" && kind != "diagnostics" {
				return fmt.Errorf("rapport inconnu « %s » : coverage, gaps ou diagnostics", kind)
			}
			if territory == "" {
				return fmt.Errorf("--territory est obligatoire (par exemple --territory 52)")
			}
			var dims []coverage.Dimension
			for _, s := range strings.Split(by, ",") {
				if strings.TrimSpace(s) == "" {
					continue
				}
				d, err := coverage.ParseDimension(s)
				if err != nil {
					return err
				}
				dims = append(dims, d)
			}
			opts := coverage.Options{RowLevel: graph.TerritoryLevel(level), StaleAfterMonths: months}
			if now != "" {
				t, err := time.Parse("2006-01-02", now)
				if err != nil {
					return fmt.Errorf("--now %q : date attendue au format AAAA-MM-JJ", now)
				}
				opts.Now = t
			}
			ctx := cmd.Context()
			store, err := openStore(ctx, g)
			if err != nil {
				return err
			}
			defer store.Close()
			id, err := coverage.ResolveTerritory(ctx, store, territory)
			if err != nil {
				return err
			}
			var w io.Writer = cmd.OutOrStdout()
			var f *os.File
			if out != "" && out != "-" {
				if f, err = os.Create(out); err != nil {
					return fmt.Errorf("création de %s : %w", out, err)
				}
				defer f.Close()
				w = f
			}
			var summary []string
			switch kind {
			case "coverage":
				m, err := coverage.Coverage(ctx, store, id, dims, opts)
				if err != nil {
					return err
				}
				if err := coverage.WriteCoverageCSV(w, m); err != nil {
					return err
				}
				summary = append([]string{fmt.Sprintf("Couverture de « %s » : %d sous-territoires (%s), %d colonnes, %d dispositifs.",
					m.Territory.Name, len(m.Rows), m.RowLevel, len(m.Columns), m.Total.Dispositifs)}, m.Notes...)
			case "gaps":
				opts.By = dims
				r, err := coverage.Gaps(ctx, store, id, opts)
				if err != nil {
					return err
				}
				if err := coverage.WriteGapsCSV(w, r); err != nil {
					return err
				}
				summary = append([]string{fmt.Sprintf("Lacunes de « %s » : %d.", r.Territory.Name, len(r.Gaps))}, r.Notes...)
			case "diagnostics":
				r, err := coverage.Diagnostics(ctx, store, id, opts)
				if err != nil {
					return err
				}
				if err := coverage.WriteDiagnosticsCSV(w, r); err != nil {
					return err
				}
				summary = r.Summary
			}
			if f != nil {
				if err := f.Close(); err != nil {
					return fmt.Errorf("écriture de %s : %w", out, err)
				}
				for _, s := range summary {
					fmt.Fprintln(cmd.ErrOrStderr(), s)
				}
				fmt.Fprintf(cmd.ErrOrStderr(), "Rapport écrit dans %s.\n", out)
			}
			return nil
		}),
	}
	cmd.Flags().StringVar(&territory, "territory", "", "territoire : 52, dep-52, reg-44, 93066, com-93066, fr…")
	cmd.Flags().StringVar(&by, "by", "", "dimensions, séparées par des virgules : public, thematique, sous-thematique, type (coverage : public par défaut ; gaps : public, thematique et type)")
	cmd.Flags().StringVarP(&out, "out", "o", "", "fichier CSV à écrire (sortie standard par défaut)")
	cmd.Flags().StringVar(&level, "level", "", "niveau des sous-territoires : region, departement, epci, ept, commune, arrondissement (par défaut, celui juste en dessous)")
	cmd.Flags().IntVar(&months, "stale-after", coverage.DefaultStaleAfterMonths, "diagnostics : fréquence de vérification attendue, en mois")
	cmd.Flags().StringVar(&now, "now", "", "diagnostics : date de référence AAAA-MM-JJ (aujourd'hui par défaut)")
	return cmd
}
