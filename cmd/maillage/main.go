// Command maillage runs and administers a Maillage directory: `maillage serve` serves the API
// and the web app, `seed` loads the reference and demo data, `export`/`import` move a whole graph
// as JSON Lines. Every flag can also be set by an environment variable MAILLAGE_<FLAG> (for
// example --data → MAILLAGE_DATA); a flag given on the command line wins.
package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	if err := newRootCommand(&globalFlags{}).ExecuteContext(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "erreur :", err)
		os.Exit(1)
	}
}

// globalFlags are shared by every sub-command.
type globalFlags struct {
	dataDir  string
	logLevel string
	logJSON  bool

	store                                   string
	neo4jUser, neo4jPassword, neo4jDatabase string
	neo4jWait                               time.Duration

	prof profiles

	// shared are the running server's stores when the command runs in it (the operator's
	// channel, operator.go); nil otherwise.
	shared *sharedStores
}

// newRootCommand returns the command line of maillage with g for the global flags.
func newRootCommand(g *globalFlags) *cobra.Command {
	root := &cobra.Command{
		Use:   "maillage",
		Short: "Maillage : annuaire et graphe de l'offre sociale",
		Long: "Maillage relie les organisations et les dispositifs de l'action sociale (AHI, médico-social,\n" +
			"justice, emploi, jeunesse, santé…) : qui aide qui, où, comment y accéder, et où rien n'existe.\n\n" +
			"Chaque option peut aussi venir d'une variable d'environnement MAILLAGE_<OPTION>\n" +
			"(par exemple --data → MAILLAGE_DATA, --admin-token → MAILLAGE_ADMIN_TOKEN).",
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			if g.shared != nil { // in the server: its arguments are complete, its logging set
				return nil
			}
			if err := bindEnv(cmd.Flags()); err != nil {
				return err
			}
			if err := setupLogging(g); err != nil {
				return err
			}
			return g.prof.start()
		},
		PersistentPostRunE: func(*cobra.Command, []string) error {
			if g.shared != nil {
				return nil
			}
			return g.prof.stop()
		},
	}
	root.PersistentFlags().StringVar(&g.dataDir, "data", "./data", "dossier des données (base embarquée, index, jeton d'administration)")
	root.PersistentFlags().StringVar(&g.logLevel, "log-level", "info", "niveau des journaux : debug, info, warn, error")
	root.PersistentFlags().BoolVar(&g.logJSON, "log-json", false, "journaux au format JSON")
	root.PersistentFlags().StringVar(&g.store, "store", "embedded", "stockage : « embedded » (fichier dans --data) ou l'adresse d'un Neo4j (neo4j://hôte:7687, neo4j+s://, bolt://)")
	root.PersistentFlags().StringVar(&g.neo4jUser, "neo4j-user", "", "utilisateur Neo4j (vide : sans authentification)")
	root.PersistentFlags().StringVar(&g.neo4jPassword, "neo4j-password", "", "mot de passe Neo4j (préférez MAILLAGE_NEO4J_PASSWORD)")
	root.PersistentFlags().StringVar(&g.neo4jDatabase, "neo4j-database", "", "base Neo4j (vide : celle par défaut du serveur)")
	root.PersistentFlags().DurationVar(&g.neo4jWait, "neo4j-wait", 30*time.Second, "attente maximale de Neo4j au démarrage")
	root.PersistentFlags().StringVar(&g.prof.cpu, "cpu-profile", "", "écrit le profil CPU de la commande dans ce fichier (go tool pprof)")
	root.PersistentFlags().StringVar(&g.prof.heap, "heap-profile", "", "écrit à la fin de la commande son profil mémoire dans ce fichier (go tool pprof)")
	root.AddCommand(serveCommand(g), seedCommand(g), exportCommand(g), importCommand(g), migrateCommand(g), reindexCommand(g), reportCommand(g), userCommand(g), tokenCommand(g), orgCommand(g), versionCommand())
	return root
}

// bindEnv sets every flag not given on the command line from MAILLAGE_<FLAG>.
func bindEnv(fs *pflag.FlagSet) error {
	var err error
	fs.VisitAll(func(f *pflag.Flag) {
		if err != nil || f.Changed {
			return
		}
		name := "MAILLAGE_" + strings.ToUpper(strings.ReplaceAll(f.Name, "-", "_"))
		if v, ok := os.LookupEnv(name); ok {
			if e := fs.Set(f.Name, v); e != nil {
				err = fmt.Errorf("variable %s : %w", name, e)
			}
		}
	})
	return err
}

func setupLogging(g *globalFlags) error {
	var level slog.Level
	if err := level.UnmarshalText([]byte(g.logLevel)); err != nil {
		return fmt.Errorf("niveau de journal inconnu %q (debug, info, warn, error)", g.logLevel)
	}
	opts := &slog.HandlerOptions{Level: level}
	var h slog.Handler = slog.NewTextHandler(os.Stderr, opts)
	if g.logJSON {
		h = slog.NewJSONHandler(os.Stderr, opts)
	}
	slog.SetDefault(slog.New(h))
	return nil
}
