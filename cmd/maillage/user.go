package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/maillage/maillage/auth"
	authembedded "github.com/maillage/maillage/auth/embedded"
	authneo4j "github.com/maillage/maillage/auth/neo4j"
	"github.com/maillage/maillage/graph"
)

// openAccounts opens the accounts store that goes with the graph store the flags name: the
// accounts.db file in the data directory for the embedded store, the same Neo4j otherwise.
func openAccounts(ctx context.Context, g *globalFlags) (auth.Store, error) {
	if g.shared != nil {
		return lentAccounts{g.shared.accounts}, nil
	}
	if isNeo4jURI(g.store) {
		return authneo4j.Open(ctx, authneo4j.Config{URI: g.store, User: g.neo4jUser, Password: g.neo4jPassword,
			Database: g.neo4jDatabase, StartupWait: g.neo4jWait, Logger: slog.Default()})
	}
	if g.store != "" && g.store != "embedded" {
		return nil, fmt.Errorf("--store %q : valeurs possibles « embedded » ou une adresse neo4j://, neo4j+s://, bolt://, bolt+s://", g.store)
	}
	if err := os.MkdirAll(g.dataDir, 0o750); err != nil {
		return nil, fmt.Errorf("création du dossier de données %s : %w", g.dataDir, err)
	}
	return authembedded.Open(filepath.Join(g.dataDir, authembedded.FileName), authembedded.Options{Timeout: 5 * time.Second})
}

// accountsService opens the accounts store, and the graph when withGraph (to check
// organisation and territory ids); close releases both.
func accountsService(ctx context.Context, g *globalFlags, withGraph bool) (svc *auth.Service, close func(), err error) {
	store, err := openAccounts(ctx, g)
	if err != nil {
		return nil, nil, err
	}
	var gs graph.Store
	if withGraph {
		if gs, err = openStore(ctx, g); err != nil {
			store.Close()
			return nil, nil, err
		}
	}
	svc = auth.NewService(store, gs)
	return svc, func() {
		store.Close()
		if gs != nil {
			gs.Close()
		}
	}, nil
}

// userMessage turns an application error into its French message (and its field messages).
func userMessage(err error) error {
	var ge *graph.Error
	if !errors.As(err, &ge) || ge.Code == graph.CodeInternal {
		return err
	}
	if len(ge.Fields) > 0 && ge.Code == graph.CodeBadUserInput {
		msgs := make([]string, 0, len(ge.Fields))
		for _, m := range ge.Fields {
			msgs = append(msgs, m)
		}
		if len(msgs) == 1 {
			return errors.New(msgs[0])
		}
	}
	return errors.New(ge.Message)
}

// readPassword reads the password from MAILLAGE_PASSWORD or the first line of standard input;
// never from a flag (it would show in the process list and the shell history).
func readPassword(g *globalFlags, stdin io.Reader) (string, error) {
	if pw, ok := g.lookupEnv("MAILLAGE_PASSWORD"); ok {
		return pw, nil
	}
	if f, ok := stdin.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			return "", errors.New("le mot de passe se lit sur l'entrée standard ou dans la variable MAILLAGE_PASSWORD, jamais en option ; " +
				"par exemple : read -rs MAILLAGE_PASSWORD && export MAILLAGE_PASSWORD && maillage user add …")
		}
	}
	line, err := bufio.NewReader(io.LimitReader(stdin, 4096)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("lecture du mot de passe : %w", err)
	}
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return "", errors.New("mot de passe vide : donnez-le sur l'entrée standard ou dans MAILLAGE_PASSWORD")
	}
	return line, nil
}

func userCommand(g *globalFlags) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "user",
		Short: "Gère les comptes : ajout, liste, désactivation",
		Long: "Gère les comptes des personnes qui modifient l'annuaire :\n" +
			"  partner      membre d'une ou plusieurs organisations : leurs fiches et leurs dispositifs ;\n" +
			"  coordinator  coordination territoriale (SIAO) : toutes les fiches de ses territoires ;\n" +
			"  admin        administration : tout.\n" +
			"Les comptes sont gardés à côté du graphe : fichier accounts.db du dossier --data, ou le même Neo4j.\n" +
			"Pendant que « maillage serve » tourne sur ce dossier, la commande passe par lui.",
	}
	cmd.AddCommand(userAddCommand(g), userListCommand(g), userDisableCommand(g, true), userDisableCommand(g, false))
	return cmd
}

func userAddCommand(g *globalFlags) *cobra.Command {
	var email, role, name string
	var orgs, territories []string
	cmd := &cobra.Command{
		Use:   "add --email ADRESSE --role partner|coordinator|admin [--organisation org-…] [--territory dep-52] [--name NOM]",
		Short: "Ajoute un compte (mot de passe lu sur l'entrée standard ou dans MAILLAGE_PASSWORD)",
		Long: "Ajoute un compte. Le mot de passe (12 caractères au moins) est lu sur la première ligne de\n" +
			"l'entrée standard, ou dans la variable MAILLAGE_PASSWORD ; jamais en option.\n\n" +
			"Exemples :\n" +
			"  read -rs MAILLAGE_PASSWORD && export MAILLAGE_PASSWORD\n" +
			"  maillage user add --email marie@passerelle.fr --role partner --organisation org-la-passerelle\n" +
			"  maillage user add --email siao@siao52.fr --role coordinator --territory dep-52 < mot-de-passe.txt",
		Args: cobra.NoArgs,
		RunE: throughServer(g, true, func(cmd *cobra.Command, _ []string) error {
			r, err := auth.ParseRole(role)
			if err != nil {
				return userMessage(err)
			}
			pw, err := readPassword(g, cmd.InOrStdin())
			if err != nil {
				return err
			}
			svc, closeAll, err := accountsService(cmd.Context(), g, len(orgs)+len(territories) > 0)
			if err != nil {
				return err
			}
			defer closeAll()
			u, err := svc.CreateUser(cmd.Context(), auth.System(), auth.NewUser{Email: email, DisplayName: name, Role: r,
				Organisations: orgs, Territories: territories, Password: pw})
			if err != nil {
				return userMessage(err)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "Compte créé : %s (%s, %s)%s\n", u.Email, u.Role, u.Role.Label(), scopeText(u))
			return nil
		}),
	}
	cmd.Flags().StringVar(&email, "email", "", "adresse e-mail (identifiant de connexion)")
	cmd.Flags().StringVar(&role, "role", "", "rôle : partner, coordinator ou admin")
	cmd.Flags().StringVar(&name, "name", "", "nom affiché")
	cmd.Flags().StringSliceVar(&orgs, "organisation", nil, "organisation dont le compte est membre (partner ; répétable)")
	cmd.Flags().StringSliceVar(&territories, "territory", nil, "territoire coordonné, par exemple dep-52 ou reg-44 (coordinator ; répétable)")
	_ = cmd.MarkFlagRequired("email")
	_ = cmd.MarkFlagRequired("role")
	return cmd
}

func scopeText(u auth.User) string {
	var parts []string
	if len(u.Organisations) > 0 {
		parts = append(parts, "organisations "+strings.Join(u.Organisations, ", "))
	}
	if len(u.Territories) > 0 {
		parts = append(parts, "territoires "+strings.Join(u.Territories, ", "))
	}
	if len(parts) == 0 {
		return ""
	}
	return " — " + strings.Join(parts, " ; ")
}

func userListCommand(g *globalFlags) *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "Liste les comptes",
		Args:  cobra.NoArgs,
		RunE: withAccounts(g, false, func(cmd *cobra.Command, _ []string, svc *auth.Service) error {
			users, err := svc.ListUsers(cmd.Context(), auth.System())
			if err != nil {
				return userMessage(err)
			}
			if len(users) == 0 {
				fmt.Fprintln(cmd.OutOrStdout(), "Aucun compte. Ajoutez-en un avec « maillage user add ».")
				return nil
			}
			w := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 0, 2, ' ', 0)
			fmt.Fprintln(w, "E-MAIL\tNOM\tRÔLE\tORGANISATIONS / TERRITOIRES\tÉTAT\tCRÉÉ LE")
			for _, u := range users {
				state := "actif"
				if u.Disabled {
					state = "désactivé"
				}
				where := strings.Join(append(append([]string{}, u.Organisations...), u.Territories...), ",")
				fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\n", u.Email, dash(u.DisplayName), u.Role, dash(where), state, u.CreatedAt.Format("2006-01-02"))
			}
			return w.Flush()
		}),
	}
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func userDisableCommand(g *globalFlags, disable bool) *cobra.Command {
	var email string
	use, short, done := "disable", "Désactive un compte (ses sessions prennent fin, ses jetons cessent de fonctionner)", "désactivé"
	if !disable {
		use, short, done = "enable", "Réactive un compte désactivé", "réactivé"
	}
	cmd := &cobra.Command{
		Use:   use + " --email ADRESSE",
		Short: short,
		Args:  cobra.NoArgs,
		RunE: withAccounts(g, false, func(cmd *cobra.Command, _ []string, svc *auth.Service) error {
			u, err := svc.SetDisabled(cmd.Context(), auth.System(), email, disable)
			if err != nil {
				return userMessage(err)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "Compte %s : %s\n", done, u.Email)
			return nil
		}),
	}
	cmd.Flags().StringVar(&email, "email", "", "adresse e-mail du compte")
	_ = cmd.MarkFlagRequired("email")
	return cmd
}

// withAccounts runs a command with the accounts service open (and the graph when withGraph, to
// check organisation and territory ids), closed when it returns; through the running server
// when there is one.
func withAccounts(g *globalFlags, withGraph bool, fn func(cmd *cobra.Command, args []string, svc *auth.Service) error) func(*cobra.Command, []string) error {
	return throughServer(g, false, func(cmd *cobra.Command, args []string) error {
		svc, closeAll, err := accountsService(cmd.Context(), g, withGraph)
		if err != nil {
			return err
		}
		defer closeAll()
		return fn(cmd, args, svc)
	})
}
