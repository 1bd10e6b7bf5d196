package main

import (
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/maillage/maillage/graph"
)

// orgCommand finds organisations' ids, which `user add --organisation` and the API take: an
// operator knows a name, not an id.
func orgCommand(g *globalFlags) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "org",
		Short: "Retrouve les organisations et leurs identifiants",
	}
	cmd.AddCommand(orgListCommand(g))
	return cmd
}

func orgListCommand(g *globalFlags) *cobra.Command {
	var name string
	var limit int
	cmd := &cobra.Command{
		Use:     "list [--name TEXTE]",
		Short:   "Liste les organisations (identifiant, nom, commune), filtrées par une partie du nom",
		Example: "  maillage org list --name passerelle",
		Args:    cobra.NoArgs,
		RunE: throughServer(g, false, func(cmd *cobra.Command, _ []string) error {
			if limit < 1 {
				return fmt.Errorf("--limit doit être positif")
			}
			ctx := cmd.Context()
			store, err := openStore(ctx, g)
			if err != nil {
				return err
			}
			defer store.Close()
			page, err := store.List(ctx, graph.ListQuery{Kind: graph.KindOrganisation, Text: name, Limit: limit})
			if err != nil {
				return err
			}
			w := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
			fmt.Fprintln(w, "IDENTIFIANT\tNOM\tCOMMUNE")
			for _, n := range page.Nodes {
				o, ok := n.(*graph.Organisation)
				if !ok {
					continue
				}
				city := ""
				if o.Address != nil {
					city = o.Address.City
				}
				fmt.Fprintf(w, "%s\t%s\t%s\n", o.ID, o.Name, city)
			}
			if err := w.Flush(); err != nil {
				return err
			}
			if page.HasNext {
				fmt.Fprintf(cmd.ErrOrStderr(), "%d organisations sur %d affichées : précisez --name ou augmentez --limit.\n", len(page.Nodes), page.TotalCount)
			}
			return nil
		}),
	}
	cmd.Flags().StringVar(&name, "name", "", "partie du nom, d'un sigle ou du code (sans tenir compte des accents ni de la casse)")
	cmd.Flags().IntVar(&limit, "limit", 50, "nombre maximal d'organisations affichées")
	return cmd
}
