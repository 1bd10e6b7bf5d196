// Package finess turns the real FINESS sample (FINESS-Structures, 13 August 2026; see
// seed/data/finess/PROVENANCE.md) into listings: each open establishment of a category in
// Maillage's field (vocab.FINESSCategoryType) becomes a Dispositif, operated by its entité
// juridique as an Organisation.
//
// FINESS states identity, category, address and sometimes a phone or e-mail. It says nothing
// of eligibility, access modes, hours or service area, so those stay unknown. The
// establishment's commune is the only area known: it is recorded both as LOCATED_IN and as
// COVERS, which under-states the area of services that reach further (a SIAO covers its whole
// département) rather than inventing one.
package finess

import (
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/seed/data"
	"github.com/maillage/maillage/seed/geo"
)

// File is the embedded sample.
const File = "finess-structures-echantillon-20260813-ege.csv"

// Extracted is the date of the FINESS extract; listings carry it as their timestamps, so that
// seeding twice writes the same thing.
var Extracted = time.Date(2026, 8, 13, 0, 0, 0, 0, time.UTC)

// refSuffix follows a FINESS number in source references.
const refSuffix = " (FINESS-Structures 2026-08-13)"

// Report counts what Load did with the sample's rows. Rows = Kept + the four Skipped counts.
type Report struct {
	Rows int
	// Kept is the number of dispositifs produced; Organisations the number of their operators.
	Kept, Organisations int
	// SkippedClosed counts closed establishments (etatObjet other than "A").
	SkippedClosed int
	// SkippedOutOfField counts open establishments of categories outside Maillage's field.
	SkippedOutOfField int
	// SkippedDuplicate counts records the source itself names a duplicate ("DOUBLON AVEC …")
	// and repeated FINESS numbers.
	SkippedDuplicate int
	// SkippedInvalid counts establishments whose listing would not validate (no name…).
	SkippedInvalid int
	// Refined counts establishments of the catch-all category 219 whose type was read from
	// their name (accueil de jour, maraude, SIAO, 115).
	Refined int
	// Values dropped from kept listings because they were invalid, and communes not found in
	// the geography (no LOCATED_IN or COVERS edge then).
	InvalidPhones, InvalidEmails, InvalidCoordinates, UnknownCommunes int
	// ByType counts the kept dispositifs by type.
	ByType map[string]int
}

// String is the French one-line summary printed by `maillage seed`.
func (r Report) String() string {
	return fmt.Sprintf("%d lignes lues, %d établissements retenus (%d organisations) ; écartés : %d fermés, %d hors champ, %d doublons, %d invalides ; %d types précisés d'après le nom ; valeurs écartées : %d téléphones, %d courriels, %d coordonnées ; %d communes inconnues",
		r.Rows, r.Kept, r.Organisations, r.SkippedClosed, r.SkippedOutOfField, r.SkippedDuplicate, r.SkippedInvalid, r.Refined,
		r.InvalidPhones, r.InvalidEmails, r.InvalidCoordinates, r.UnknownCommunes)
}

// columns are the source columns Load reads; a missing one fails the load.
var columns = []string{
	"numFinessEge", "numFinessPm", "denominationPm", "statutJuridique", "nomEgeCourt", "nomEgeLong",
	"categorieentiteGeographiqueExercice", "dateOuverture", "etatObjet",
	"numeroVoie", "typeVoie", "libelleVoie", "complementVoie", "lieuDit", "codePostal", "cogCommune", "ligneAcheminement",
	"coordonneeX", "coordonneeY", "telephone", "courriel",
}

// row gives access to one source row by column name.
type row struct {
	rec []string
	col map[string]int
}

func (r row) get(name string) string { return strings.TrimSpace(r.rec[r.col[name]]) }

// Load reads the sample and returns the listings and their operators (dispositifs in file
// order, then organisations by id), with their OPERATES, LOCATED_IN, COVERS, SERVES and ABOUT
// edges. Territories are resolved against g; publics and thematiques are ids of seed/vocab.
func Load(g *geo.Data) (nodes []graph.Node, edges []graph.Edge, report Report, err error) {
	rep := Report{ByType: map[string]int{}}
	f, err := data.FINESS.Open("finess/" + File)
	if err != nil {
		return nil, nil, rep, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	header, err := r.Read()
	if err != nil {
		return nil, nil, rep, fmt.Errorf("%s : %w", File, err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[h] = i
	}
	for _, c := range columns {
		if _, ok := col[c]; !ok {
			return nil, nil, rep, fmt.Errorf("%s : colonne « %s » absente", File, c)
		}
	}
	b := builder{geo: g, rep: &rep, orgs: map[string]*graph.Organisation{}, seen: map[string]bool{}}
	for line := 2; ; line++ {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, rep, fmt.Errorf("%s ligne %d : %w", File, line, err)
		}
		rep.Rows++
		b.add(row{rec, col})
	}
	ids := make([]string, 0, len(b.orgs))
	for id := range b.orgs {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		b.nodes = append(b.nodes, b.orgs[id])
	}
	rep.Kept = len(b.nodes) - len(ids)
	rep.Organisations = len(ids)
	return b.nodes, b.edges, rep, nil
}

// DispositifID is the deterministic id of the listing of an establishment (EGE).
func DispositifID(numFinessEge string) string { return "dsp-finess-" + strings.ToLower(numFinessEge) }

// OrganisationID is the deterministic id of an entité juridique.
func OrganisationID(numFinessPm string) string { return "org-finess-" + strings.ToLower(numFinessPm) }
