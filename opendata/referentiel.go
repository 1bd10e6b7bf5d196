package opendata

import (
	"bufio"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"

	"github.com/maillage/maillage/graph"
)

// Datasets of the referentials of the Contrat d'engagement jeune application (names and
// départements only).
const (
	DatasetReferentielML = "referentiel-ml"
	DatasetReferentielFT = "referentiel-ft"
)

// ReferentielMLDate and ReferentielFTDate are the dates of the referentials Maillage ships
// (i-milo structures, September 2023; Pôle emploi agencies, October 2022).
var (
	ReferentielMLDate = time.Date(2023, 9, 18, 0, 0, 0, 0, time.UTC)
	ReferentielFTDate = time.Date(2022, 10, 27, 0, 0, 0, 0, time.UTC)
)

// ReadReferentiel reads a JSON array of the Missions locales referential (id, nom_officiel,
// nom_usuel, code_departement) or of agencies (nom_agence, code_departement, structure MILO or
// POLE_EMPLOI). Each record carries its département only: the merge matches it by name to an
// office of the same type and département (the annuaire's), or adds it as a listing covering
// the département.
func ReadReferentiel(r io.Reader, o Options, emit Emit) error {
	return readJSONArray(bufio.NewReaderSize(r, 1<<20), func(n int, f fields) error {
		dep := f.str("code_departement")
		if len(dep) == 1 {
			dep = "0" + dep
		}
		id := f.str("id")
		if id == "" || dep == "" {
			return badRow(emit, n, "identifiant ou département manquant")
		}
		rec := &Record{Line: n, ID: id, Departement: dep}
		d := &graph.Dispositif{Status: "active"}
		switch {
		case f.has("nom_officiel"):
			rec.Dataset, rec.Date = DatasetReferentielML, o.date(ReferentielMLDate)
			d.Type, d.Name = "mission-locale", clean(f.str("nom_usuel", "nom_officiel"))
			rec.Place = mlPlace.ReplaceAllString(f.str("nom_officiel"), "")
			if !strings.Contains(strings.ToLower(d.Name), "mission") {
				d.Name = "Mission locale " + d.Name
			}
		case f.str("structure") == "MILO":
			rec.Dataset, rec.Date = DatasetReferentielML, o.date(ReferentielMLDate)
			rec.ID = "agence-" + id
			d.Type, d.Name = "mission-locale", agencyName(f.str("nom_agence"))
		case f.str("structure") == "POLE_EMPLOI":
			rec.Dataset, rec.Date = DatasetReferentielFT, o.date(ReferentielFTDate)
			d.Type, d.Name = "france-travail", agencyName(f.str("nom_agence"))
			rec.Place = ftPlace.ReplaceAllString(d.Name, "")
		default:
			return badRow(emit, n, "ni structure de Mission locale ni agence (champ structure « %s »)", f.str("structure"))
		}
		switch d.Type {
		case "mission-locale":
			rec.Thematiques, rec.Publics = []string{"trouver-un-emploi", "choisir-un-metier"}, []string{"jeunes"}
			d.Description = "Mission locale : accompagnement des jeunes de 16 à 25 ans vers l'emploi, la formation, le logement et la santé (référentiel i-milo)."
		default:
			rec.Thematiques, rec.Publics = []string{"trouver-un-emploi"}, []string{"demandeurs-emploi"}
			d.Description = fmt.Sprintf("Agence France Travail (nom de %d : %s).", rec.Date.Year(), d.Name)
		}
		rec.Dispositif = d
		return validated(emit, rec)
	})
}

var (
	mlPlace = regexp.MustCompile(`^\d+[AB]?-ML\s+`)
	ftPlace = regexp.MustCompile(`(?i)^(agence|relais?|agence sp[ée]cialis[ée]e)\s+p[ôo]le\s+emploi\s+(de\s+|d'\s*)?`)
)

// agencyName drops the "93 - " département prefix of an agency name.
func agencyName(s string) string {
	s = clean(s)
	if i := strings.Index(s, " - "); i > 0 && i <= 4 {
		return s[i+3:]
	}
	return s
}
