package main

import (
	"fmt"
	"log/slog"

	"github.com/spf13/cobra"

	"github.com/maillage/maillage/graph/migrate"
)

func migrateCommand(g *globalFlags) *cobra.Command {
	var to string
	cmd := &cobra.Command{
		Use:   "migrate --to CIBLE",
		Short: "Copie tout le graphe vers un autre stockage (embarqué → Neo4j, ou retour)",
		Long: "Copie tout le graphe du stockage courant (--store, --data) vers la cible --to : une adresse\n" +
			"Neo4j (neo4j://…, bolt://…, avec --neo4j-user et --neo4j-password) ou un dossier de données\n" +
			"pour le stockage embarqué. Seul ce qui diffère est écrit : relancer ne change rien. Les\n" +
			"nombres de nœuds et de relations sont vérifiés à la fin.\n\n" +
			"Exemples :\n" +
			"  maillage migrate --data ./data --to neo4j://db.example.org:7687\n" +
			"  maillage migrate --store neo4j://db.example.org:7687 --to ./copie",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if to == "" {
				return fmt.Errorf("--to est obligatoire")
			}
			src, err := openStore(cmd.Context(), g)
			if err != nil {
				return err
			}
			defer src.Close()
			target := *g
			target.store, target.dataDir = to, to
			if isNeo4jURI(to) {
				target.dataDir = g.dataDir
			} else {
				target.store = "embedded"
			}
			if target.store == g.store && target.dataDir == g.dataDir {
				return fmt.Errorf("la cible --to est le stockage source")
			}
			dst, err := openStore(cmd.Context(), &target)
			if err != nil {
				return err
			}
			defer dst.Close()
			rep, err := migrate.Copy(cmd.Context(), src, dst, func(r migrate.Report) {
				slog.Info("migration en cours", "noeuds", r.Nodes, "relations", r.Edges, "ecrits", r.NodesWritten+r.EdgesWritten)
			})
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "Copié : %d nœuds et %d relations lus ; %d nœuds et %d relations écrits ; nombres vérifiés.\n",
				rep.Nodes, rep.Edges, rep.NodesWritten, rep.EdgesWritten)
			return nil
		},
	}
	cmd.Flags().StringVar(&to, "to", "", "cible : adresse Neo4j ou dossier de données embarqué")
	return cmd
}
