package main

import (
	"fmt"
	"log/slog"

	"github.com/spf13/cobra"

	"github.com/maillage/maillage/seed"
)

func seedCommand(g *globalFlags) *cobra.Command {
	var synthetic string
	var seedN int64
	var mix, noOpenData bool
	cmd := &cobra.Command{
		Use:   "seed",
		Short: "Charge les données de référence, ou un jeu synthétique pour les mesures",
		Long: "Sans option : charge la géographie française, les vocabulaires data·inclusion, les cinq\n" +
			"documents sources, l'échantillon FINESS et les données ouvertes nationales : France services (ANCT,\n" +
			"2022), bureaux sociaux de l'annuaire de l'administration (DILA, 2019), Missions locales et agences\n" +
			"France Travail (référentiels CEJ), data·inclusion La Réunion (2025) ; chaque fiche porte sa source\n" +
			"et la date de ses données (idempotent : relancer ne change rien ; une modification d'un partenaire\n" +
			"n'est jamais écrasée). --no-open-data : documents et FINESS seulement.\n\n" +
			"--synthetic national|region|departement|tiny : charge la géographie, les vocabulaires et un jeu\n" +
			"synthétique déterministe, marqué comme tel, pour les mesures de performance. Il n'est jamais\n" +
			"mélangé aux données réelles sans --mix.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			store, err := openStore(cmd.Context(), g)
			if err != nil {
				return err
			}
			defer store.Close()
			log := slog.Default()
			if synthetic == "" {
				rep, err := seed.Real(cmd.Context(), store, seed.Options{AllowMix: mix, OpenData: !noOpenData, Logger: log})
				if err != nil {
					return err
				}
				fmt.Fprintln(cmd.OutOrStdout(), rep)
				return nil
			}
			rep, err := seed.Synthetic(cmd.Context(), store, synthetic, seedN, seed.Options{AllowMix: mix, Logger: log})
			if err != nil {
				return err
			}
			fmt.Fprintln(cmd.OutOrStdout(), rep)
			return nil
		},
	}
	cmd.Flags().StringVar(&synthetic, "synthetic", "", "taille du jeu synthétique : national, region, departement ou tiny")
	cmd.Flags().Int64Var(&seedN, "seed", 1, "graine du générateur synthétique (même graine, mêmes données)")
	cmd.Flags().BoolVar(&noOpenData, "no-open-data", false, "ne pas charger les données ouvertes nationales (documents sources et FINESS seulement)")
	cmd.Flags().BoolVar(&mix, "mix", false, "accepter de mélanger données synthétiques et réelles")
	return cmd
}
