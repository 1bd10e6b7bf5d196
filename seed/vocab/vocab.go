// Package vocab provides Maillage's controlled vocabularies as nodes: the thématiques and
// publics of the data·inclusion schema v1 (their slugs are Maillage's ids, so data flows in and
// out unchanged), the finer publics search needs that data·inclusion lacks, and the mapping of
// FINESS establishment categories to dispositif types.
package vocab

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/seed/data"
)

// Version is the timestamp seeded vocabulary nodes carry, so seeding twice writes the same thing.
var Version = time.Date(2026, 4, 27, 0, 0, 0, 0, time.UTC)

// diSource is the provenance of data·inclusion terms.
var diSource = graph.Source{Dataset: "data-inclusion", Ref: "schéma data·inclusion v1.0.8 (2026-04-27), gip-inclusion/data-inclusion-schema"}

// mSource is the provenance of Maillage's own terms.
var mSource = graph.Source{Dataset: "maillage", Ref: "vocabulaire Maillage (publics que la recherche distingue)"}

// Term is an entry of a data·inclusion enumeration file.
type Term struct {
	Value       string `json:"value"`
	Label       string `json:"label"`
	Description string `json:"description"`
}

// ReadEnum reads a data·inclusion v1 enumeration ("publics", "thematiques", "frais", …).
func ReadEnum(name string) ([]Term, error) {
	raw, err := data.DataInclusion.ReadFile("data-inclusion/v1-extra/" + name + ".json")
	if err != nil {
		return nil, err
	}
	var terms []Term
	if err := json.Unmarshal(raw, &terms); err != nil {
		return nil, fmt.Errorf("%s.json: %w", name, err)
	}
	return terms, nil
}

// MaillagePublics are the profiles search must tell apart that data·inclusion's 14 publics do
// not name (they come from the BRIEF's scenarios and the source documents).
var MaillagePublics = []Term{
	{"personnes-sans-abri", "Personnes sans abri ou sans domicile", "Personnes à la rue, en hébergement d'urgence ou sans logement personnel."},
	{"personnes-agees", "Personnes âgées (60 ans et plus)", "Personnes de 60 ans et plus ; plus fin que « séniors » pour l'éligibilité par âge."},
	{"demandeurs-dasile", "Demandeurs d'asile", "Personnes dont la demande d'asile est en cours d'instruction."},
	{"refugies-bpi", "Réfugiés et bénéficiaires de la protection internationale", "Personnes ayant obtenu le statut de réfugié ou la protection subsidiaire (BPI)."},
	{"personnes-sans-titre-de-sejour", "Personnes sans titre de séjour", "Personnes étrangères en situation administrative irrégulière."},
	{"sortants-de-prison", "Personnes sortant de détention", "Personnes sortant de prison ou placées sous main de justice."},
	{"personnes-victimes-de-violences", "Personnes victimes de violences", "Victimes de violences conjugales ou intrafamiliales (dont FVV)."},
	{"personnes-en-souffrance-psychique", "Personnes en souffrance psychique", "Personnes souffrant de troubles psychiques ou d'une pathologie psychiatrique."},
	{"personnes-avec-addictions", "Personnes confrontées à une addiction", "Usagers de drogues, d'alcool ou d'autres produits."},
	{"locataires-en-difficulte", "Locataires en difficulté", "Ménages dont le maintien dans le logement est menacé."},
	{"menages-en-impaye-de-loyer", "Ménages en impayé de loyer", "Ménages ayant une dette de loyer."},
	{"enfants-proteges-ase", "Enfants et familles suivis par l'aide sociale à l'enfance", "Mineurs et familles pris en charge au titre de l'ASE."},
	{"mineurs-non-accompagnes", "Mineurs non accompagnés", "Mineurs étrangers isolés, en évaluation ou pris en charge."},
	{"professionnels", "Professionnels de l'accompagnement", "Services qui s'adressent aux intervenants sociaux et de santé (appui, formation, coordination)."},
}

func meta(id string, src graph.Source) graph.Meta {
	return graph.Meta{ID: id, Version: 1, CreatedAt: Version, UpdatedAt: Version, Sources: []graph.Source{src}}
}

// Nodes returns the Public and Thematique nodes.
func Nodes() ([]graph.Node, error) {
	var nodes []graph.Node
	publics, err := ReadEnum("publics")
	if err != nil {
		return nil, err
	}
	for _, p := range publics {
		nodes = append(nodes, &graph.Public{Meta: meta(p.Value, diSource), Name: p.Label, Description: p.Description, Vocabulary: "data-inclusion-v1"})
	}
	for _, p := range MaillagePublics {
		nodes = append(nodes, &graph.Public{Meta: meta(p.Value, mSource), Name: p.Label, Description: p.Description, Vocabulary: "maillage"})
	}
	cats, err := ReadEnum("thematiques-categories")
	if err != nil {
		return nil, err
	}
	for _, c := range cats {
		nodes = append(nodes, &graph.Thematique{Meta: meta(c.Value, diSource), Name: c.Label, Description: c.Description, Vocabulary: "data-inclusion-v1"})
	}
	leaves, err := ReadEnum("thematiques")
	if err != nil {
		return nil, err
	}
	for _, l := range leaves {
		nodes = append(nodes, &graph.Thematique{Meta: meta(l.Value, diSource), Name: l.Label, Description: l.Description, Parent: Category(l.Value), Vocabulary: "data-inclusion-v1"})
	}
	return nodes, nil
}

// Category returns the category of a leaf thematique: the slug before "--".
func Category(thematique string) string {
	cat, _, ok := strings.Cut(thematique, "--")
	if !ok {
		return ""
	}
	return cat
}

// Edges returns the PART_OF edges from each leaf thematique to its category.
func Edges() ([]graph.Edge, error) {
	leaves, err := ReadEnum("thematiques")
	if err != nil {
		return nil, err
	}
	edges := make([]graph.Edge, 0, len(leaves))
	for _, l := range leaves {
		src := diSource
		edges = append(edges, graph.Edge{Type: graph.PartOf, From: l.Value, To: Category(l.Value), Source: &src, CreatedAt: Version})
	}
	return edges, nil
}
