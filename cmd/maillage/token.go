package main

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/maillage/maillage/auth"
)

func tokenCommand(g *globalFlags) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "token",
		Short: "Gère les jetons d'accès à l'API : création, liste, révocation",
		Long: "Un jeton d'accès permet à un programme d'agir pour un compte, dans la limite de ses droits et\n" +
			"des portées du jeton (read : brouillons et historique ; write : modifications ; admin : comptes,\n" +
			"invitations et jetons). Il s'envoie dans l'en-tête « Authorization: Bearer mlg_… ». Maillage n'en\n" +
			"garde que l'empreinte : il n'est affiché qu'une fois, à sa création.",
	}
	cmd.AddCommand(tokenCreateCommand(g), tokenListCommand(g), tokenRevokeCommand(g))
	return cmd
}

func tokenCreateCommand(g *globalFlags) *cobra.Command {
	var email, name, scopes string
	cmd := &cobra.Command{
		Use:   "create --email ADRESSE --name NOM [--scope read,write]",
		Short: "Crée un jeton pour un compte et l'affiche (une seule fois)",
		Args:  cobra.NoArgs,
		RunE: throughServer(g, false, func(cmd *cobra.Command, _ []string) error {
			sc, err := auth.ParseScopes(scopes)
			if err != nil {
				return userMessage(err)
			}
			svc, closeAll, err := accountsService(cmd.Context(), g, false)
			if err != nil {
				return err
			}
			defer closeAll()
			secret, t, err := svc.CreateToken(cmd.Context(), auth.System(), email, name, sc)
			if err != nil {
				return userMessage(err)
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "Jeton %s « %s » créé pour %s (portées : %s). Copiez-le maintenant : il ne sera plus affiché.\n",
				t.ID, t.Name, strings.ToLower(strings.TrimSpace(email)), joinScopes(t.Scopes))
			fmt.Fprintln(cmd.OutOrStdout(), secret)
			return nil
		}),
	}
	cmd.Flags().StringVar(&email, "email", "", "adresse e-mail du compte pour lequel le jeton agit")
	cmd.Flags().StringVar(&name, "name", "", "nom du jeton (le programme qui l'utilise)")
	cmd.Flags().StringVar(&scopes, "scope", "read", "portées, séparées par des virgules : read, write, admin")
	_ = cmd.MarkFlagRequired("email")
	_ = cmd.MarkFlagRequired("name")
	return cmd
}

func joinScopes(sc []auth.Scope) string {
	parts := make([]string, len(sc))
	for i, s := range sc {
		parts[i] = string(s)
	}
	return strings.Join(parts, ",")
}

func tokenListCommand(g *globalFlags) *cobra.Command {
	var email string
	cmd := &cobra.Command{
		Use:   "list [--email ADRESSE]",
		Short: "Liste les jetons (de tous les comptes, ou d'un seul)",
		Args:  cobra.NoArgs,
		RunE: withAccounts(g, false, func(cmd *cobra.Command, _ []string, svc *auth.Service) error {
			ctx, sys := cmd.Context(), auth.System()
			users, err := svc.ListUsers(ctx, sys)
			if err != nil {
				return userMessage(err)
			}
			emails := map[string]string{}
			for _, u := range users {
				emails[u.ID] = u.Email
			}
			owner := ""
			if email != "" {
				u, err := svc.UserByEmail(ctx, sys, email)
				if err != nil {
					return userMessage(err)
				}
				owner = u.ID
			}
			tokens, err := svc.ListTokens(ctx, sys, owner)
			if err != nil {
				return userMessage(err)
			}
			if len(tokens) == 0 {
				fmt.Fprintln(cmd.OutOrStdout(), "Aucun jeton. Créez-en un avec « maillage token create ».")
				return nil
			}
			w := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 0, 2, ' ', 0)
			fmt.Fprintln(w, "ID\tNOM\tCOMPTE\tPORTÉES\tCRÉÉ LE\tDERNIER USAGE\tÉTAT")
			for _, t := range tokens {
				used, state := "-", "actif"
				if t.LastUsedAt != nil {
					used = t.LastUsedAt.Format("2006-01-02 15:04")
				}
				if t.RevokedAt != nil {
					state = "révoqué le " + t.RevokedAt.Format("2006-01-02")
				}
				fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", t.ID, t.Name, dash(emails[t.OwnerID]), joinScopes(t.Scopes),
					t.CreatedAt.Format("2006-01-02 15:04"), used, state)
			}
			return w.Flush()
		}),
	}
	cmd.Flags().StringVar(&email, "email", "", "seulement les jetons de ce compte")
	return cmd
}

func tokenRevokeCommand(g *globalFlags) *cobra.Command {
	var id string
	cmd := &cobra.Command{
		Use:   "revoke --id tok-…",
		Short: "Révoque un jeton : il cesse aussitôt de fonctionner",
		Args:  cobra.NoArgs,
		RunE: withAccounts(g, false, func(cmd *cobra.Command, _ []string, svc *auth.Service) error {
			t, err := svc.RevokeToken(cmd.Context(), auth.System(), strings.TrimSpace(id))
			if err != nil {
				return userMessage(err)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "Jeton révoqué : %s « %s »\n", t.ID, t.Name)
			return nil
		}),
	}
	cmd.Flags().StringVar(&id, "id", "", "identifiant du jeton (tok-…, voir « maillage token list »)")
	_ = cmd.MarkFlagRequired("id")
	return cmd
}
