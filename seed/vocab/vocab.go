// Package vocab provides Maillage's controlled vocabularies: the thématiques and publics of the
// data·inclusion schema v1.0.8 as nodes (their slugs are Maillage's ids, so data flows in and
// out unchanged), the finer publics search needs that data·inclusion lacks, the other
// data·inclusion enumerations as graph.Vocabulary values for import and export, and the
// mapping of FINESS nomenclatures (establishment categories, legal statuses) to Maillage's
// dispositif and organisation types.
package vocab

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/seed/data"
)

// Version is the timestamp seeded vocabulary nodes carry (the date of data·inclusion schema
// v1.0.8), so that seeding twice writes the same thing.
var Version = time.Date(2026, 4, 27, 0, 0, 0, 0, time.UTC)

// Vocabulary names carried by Public and Thematique nodes.
const (
	VocabularyDataInclusion = "data-inclusion-v1"
	VocabularyMaillage      = "maillage"
)

// diSource is the provenance of data·inclusion terms.
var diSource = graph.Source{Dataset: "data-inclusion", Ref: "schéma data·inclusion v1.0.8 (2026-04-27), gip-inclusion/data-inclusion-schema, Licence Ouverte 2.0"}

// mSource is the provenance of Maillage's own terms.
var mSource = graph.Source{Dataset: "maillage", Ref: "vocabulaire Maillage (publics que la recherche distingue, d'après le cahier des charges et les documents sources)"}

// Term is an entry of a data·inclusion enumeration file.
type Term struct {
	Value       string `json:"value"`
	Label       string `json:"label"`
	Description string `json:"description"`
}

// ReadEnum reads a data·inclusion v1 enumeration by file name without extension ("publics",
// "thematiques", "thematiques-categories", "frais", "modes-accueil", …).
func ReadEnum(name string) ([]Term, error) {
	raw, err := data.DataInclusion.ReadFile("data-inclusion/v1-extra/" + name + ".json")
	if err != nil {
		return nil, err
	}
	var terms []Term
	if err := json.Unmarshal(raw, &terms); err != nil {
		return nil, fmt.Errorf("%s.json : %w", name, err)
	}
	return terms, nil
}

func meta(id string, src graph.Source) graph.Meta {
	return graph.Meta{ID: id, Version: 1, CreatedAt: Version, UpdatedAt: Version, Sources: []graph.Source{src}}
}

// Nodes returns the Public nodes (the 14 of data·inclusion, then Maillage's own) and the
// Thematique nodes (the 16 categories, then the 69 leaves, each with its category as Parent).
func Nodes() ([]graph.Node, error) {
	var nodes []graph.Node
	publics, err := ReadEnum("publics")
	if err != nil {
		return nil, err
	}
	for _, p := range publics {
		nodes = append(nodes, &graph.Public{Meta: meta(p.Value, diSource), Name: p.Label, Description: p.Description, Vocabulary: VocabularyDataInclusion})
	}
	for _, p := range MaillagePublics {
		nodes = append(nodes, &graph.Public{Meta: meta(p.Slug, mSource), Name: p.Label, Description: p.Description, Vocabulary: VocabularyMaillage})
	}
	cats, err := ReadEnum("thematiques-categories")
	if err != nil {
		return nil, err
	}
	known := map[string]bool{}
	for _, c := range cats {
		known[c.Value] = true
		nodes = append(nodes, &graph.Thematique{Meta: meta(c.Value, diSource), Name: c.Label, Description: c.Description, Vocabulary: VocabularyDataInclusion})
	}
	leaves, err := ReadEnum("thematiques")
	if err != nil {
		return nil, err
	}
	for _, l := range leaves {
		if !known[Category(l.Value)] {
			return nil, fmt.Errorf("thematiques.json : « %s » n'appartient à aucune catégorie connue", l.Value)
		}
		nodes = append(nodes, &graph.Thematique{Meta: meta(l.Value, diSource), Name: l.Label, Description: l.Description, Parent: Category(l.Value), Vocabulary: VocabularyDataInclusion})
	}
	return nodes, nil
}

// Category returns the category of a leaf thematique (the slug before "--"), or "" for a
// category.
func Category(thematique string) string {
	cat, _, ok := strings.Cut(thematique, "--")
	if !ok {
		return ""
	}
	return cat
}

// Edges returns the PART_OF edges from each leaf thematique to its category. It reads the
// embedded enumeration, hence the error (which only a broken build can produce).
func Edges() ([]graph.Edge, error) {
	leaves, err := ReadEnum("thematiques")
	if err != nil {
		return nil, err
	}
	src := diSource
	edges := make([]graph.Edge, 0, len(leaves))
	for _, l := range leaves {
		edges = append(edges, graph.Edge{Type: graph.PartOf, From: l.Value, To: Category(l.Value), Source: &src, CreatedAt: Version})
	}
	return edges, nil
}
