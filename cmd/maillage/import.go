package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/maillage/maillage/graph/exchange"
	"github.com/maillage/maillage/opendata"
	"github.com/maillage/maillage/seed/geo"
)

func importCommand(g *globalFlags) *cobra.Command {
	var format, date string
	var dry, complete bool
	var maxErrors int
	cmd := &cobra.Command{
		Use:   "import FICHIER…",
		Short: "Importe des données ouvertes (data·inclusion, FINESS, France services, annuaire, référentiels) ou un graphe exporté",
		Long: "--format jsonl (par défaut) : un graphe exporté par « maillage export », aller-retour sans perte.\n" +
			"--format di|finess|france-services|annuaire|referentiel-ml : fichiers de données ouvertes, fusionnés\n" +
			"avec les fiches existantes : une fiche par identifiant de source (ou même type, nom et commune qu'une\n" +
			"fiche d'une autre source) ; réimporter le même fichier n'écrit rien ; un champ modifié par un partenaire\n" +
			"après la date de la source n'est jamais écrasé : la différence est proposée au coordinateur.\n" +
			"Fichiers JSON ou CSV, compressés (gzip) ou non ; importer les structures avant les services.\n" +
			"Chaque ligne invalide est signalée avec son numéro et la raison ; les autres sont gardées.\n" +
			"Pendant que le serveur tourne sur le même dossier de données, la commande passe par lui.",
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			for i, a := range args {
				if a != "-" {
					if abs, err := filepath.Abs(a); err == nil {
						args[i] = abs
					}
				}
			}
			return throughServer(g, false, func(cmd *cobra.Command, args []string) error {
				if format == "" || format == "jsonl" {
					if len(args) != 1 {
						return fmt.Errorf("--format jsonl : un seul fichier")
					}
					return importGraph(cmd, g, args[0])
				}
				read, ok := opendata.Formats[format]
				if !ok {
					return fmt.Errorf("--format %q inconnu : %s", format, opendata.FormatNames())
				}
				var o opendata.Options
				if date != "" {
					d, err := time.Parse(time.DateOnly, date)
					if err != nil {
						return fmt.Errorf("--date %q : AAAA-MM-JJ attendu", date)
					}
					o.Date = d
				}
				return importOpenData(cmd, g, read, o, args, dry, complete, maxErrors)
			})(cmd, args)
		},
	}
	cmd.Flags().StringVar(&format, "format", "jsonl", "format des fichiers : "+opendata.FormatNames())
	cmd.Flags().BoolVar(&dry, "dry-run", false, "compter sans rien écrire : nouvelles fiches, modifiées, inchangées, invalides, et un échantillon des changements")
	cmd.Flags().BoolVar(&complete, "complete", false, "les fichiers contiennent toute la source : les fiches de cette source absentes sont signalées comme retirées (jamais supprimées)")
	cmd.Flags().StringVar(&date, "date", "", "date des données (AAAA-MM-JJ) pour les lignes qui n'en donnent pas (par défaut celle du fichier de référence)")
	cmd.Flags().IntVar(&maxErrors, "max-errors", 200, "nombre de lignes invalides détaillées dans le rapport (0 : toutes)")
	return cmd
}

func openInput(cmd *cobra.Command, path string) (io.Reader, int64, func(), error) {
	if path == "-" {
		return cmd.InOrStdin(), -1, func() {}, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, nil, err
	}
	size := int64(-1)
	if st, err := f.Stat(); err == nil {
		size = st.Size()
	}
	return f, size, func() { f.Close() }, nil
}

// importOpenData merges open-data files into the store and prints the report.
func importOpenData(cmd *cobra.Command, g *globalFlags, read opendata.Reader, o opendata.Options, files []string, dry, complete bool, maxErrors int) error {
	ctx := cmd.Context()
	store, err := openStore(ctx, g)
	if err != nil {
		return err
	}
	defer store.Close()
	gd, err := geo.Load()
	if err != nil {
		return err
	}
	im := &opendata.Importer{Store: store, Geo: gd, DryRun: dry, Complete: complete}
	for _, path := range files {
		in, size, done, err := openInput(cmd, path)
		if err != nil {
			return err
		}
		bar := progressBar(size, filepath.Base(path))
		if bar != nil {
			in = io.TeeReader(in, bar)
		}
		r, err := opendata.Decompress(in)
		if err == nil {
			err = im.Read(ctx, read, r, o, filepath.Base(path))
		}
		if bar != nil {
			_ = bar.Finish()
			fmt.Fprintln(os.Stderr)
		}
		done()
		if err != nil {
			return fmt.Errorf("%s : %w", path, err)
		}
	}
	rep, err := im.Finish(ctx)
	if err != nil {
		return err
	}
	printImportReport(cmd.OutOrStdout(), rep, dry, maxErrors)
	return nil
}

// progressBar draws the bytes read on the terminal; nil when stderr is not one (a log file, the
// server's channel) or the size is unknown.
func progressBar(size int64, name string) *progressbar.ProgressBar {
	if size <= 0 || !term.IsTerminal(int(os.Stderr.Fd())) {
		return nil
	}
	return progressbar.NewOptions64(size, progressbar.OptionSetDescription(name), progressbar.OptionSetWriter(os.Stderr),
		progressbar.OptionShowBytes(true), progressbar.OptionSetWidth(30), progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish())
}

func printImportReport(w io.Writer, rep opendata.Report, dry bool, maxErrors int) {
	if dry {
		fmt.Fprintln(w, "Simulation (--dry-run) : rien n'a été écrit.")
	}
	fmt.Fprintln(w, rep.String())
	if len(rep.Samples) > 0 {
		fmt.Fprintln(w, "Exemples de changements :")
		for _, s := range rep.Samples {
			if s.New {
				fmt.Fprintf(w, "  + %s « %s »\n", s.ID, s.Name)
			} else {
				fmt.Fprintf(w, "  ~ %s « %s » : %v\n", s.ID, s.Name, s.Fields)
			}
		}
	}
	if len(rep.Errors) > 0 {
		fmt.Fprintf(w, "Lignes invalides (%d) :\n", len(rep.Errors))
		for i, e := range rep.Errors {
			if maxErrors > 0 && i >= maxErrors {
				fmt.Fprintf(w, "  … et %d autres\n", len(rep.Errors)-i)
				break
			}
			fmt.Fprintf(w, "  %s\n", e)
		}
	}
}

// importGraph reads a file written by `maillage export` (the lossless JSON Lines format).
func importGraph(cmd *cobra.Command, g *globalFlags, path string) error {
	store, err := openStore(cmd.Context(), g)
	if err != nil {
		return err
	}
	defer store.Close()
	in, _, done, err := openInput(cmd, path)
	if err != nil {
		return err
	}
	defer done()
	rep, err := exchange.Import(cmd.Context(), store, bufio.NewReaderSize(in, 1<<20), progressLogger("import"))
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
}
