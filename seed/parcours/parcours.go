// Package parcours holds the training journeys ("parcours") of Maillage: step-by-step walks
// through the seeded graph, drawn from the five source documents, that a trainer shows to
// newcomers (de la rue au logement à Paris, la mission Interface, l'équipe mobile LOGISENS, le
// tour d'horizon du SIAO 52).
//
// Each parcours is one data/*.json file. Every step paraphrases what a document says, names the
// nodes of the seeded graph it involves (ids from seed/documents and seed/geo) and carries the
// verbatim passage it comes from (Source.Quote, Source.Dataset "seed-doc:NNN"). Where the
// documents are silent, no step is written: nothing here is inferred beyond the text.
package parcours

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"path"
	"strings"

	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/seed/documents"
)

//go:embed data/*.json
var files embed.FS

// Parcours is a journey through the graph, told step by step.
type Parcours struct {
	// ID is a slug ("rue-au-logement-paris").
	ID      string `json:"id"`
	Title   string `json:"title"`
	Summary string `json:"summary"`
	// Persona is the situation the journey follows (French, no identifying detail).
	Persona string `json:"persona"`
	// Territory is the territory node id the journey takes place in ("dep-52"), or empty.
	Territory string `json:"territory,omitempty"`
	Steps     []Step `json:"steps"`
	// Sources lists the documents the steps come from ("seed-doc:NNN", Ref = document title).
	Sources []graph.Source `json:"sources"`
}

// Step is one stage of a parcours.
type Step struct {
	// Order runs from 1 to the number of steps.
	Order int    `json:"order"`
	Title string `json:"title"`
	// Text paraphrases the source for a trainee, in French.
	Text string `json:"text"`
	// Nodes are the ids of the seeded nodes the step involves.
	Nodes []string `json:"nodes"`
	// Source names the document ("seed-doc:NNN") and the verbatim passage the step comes from.
	Source *graph.Source `json:"source"`
}

// All returns every parcours, in the order of their files (data/1-…, data/2-…).
func All() ([]Parcours, error) {
	docs, err := documents.Documents()
	if err != nil {
		return nil, err
	}
	titles := map[string]string{}
	for _, d := range docs {
		titles["seed-doc:"+d.Code] = d.Title
	}
	entries, err := files.ReadDir("data")
	if err != nil {
		return nil, err
	}
	var out []Parcours
	seen := map[string]bool{}
	for _, e := range entries {
		p, err := decode(e.Name())
		if err != nil {
			return nil, err
		}
		if err := check(p, titles); err != nil {
			return nil, fmt.Errorf("parcours %s: %w", e.Name(), err)
		}
		if seen[p.ID] {
			return nil, fmt.Errorf("parcours %s: id %q already used", e.Name(), p.ID)
		}
		seen[p.ID] = true
		fill(&p, titles)
		out = append(out, p)
	}
	return out, nil
}

// Get returns the parcours with the given id, or a NOT_FOUND error.
func Get(id string) (*Parcours, error) {
	all, err := All()
	if err != nil {
		return nil, err
	}
	for i := range all {
		if all[i].ID == id {
			return &all[i], nil
		}
	}
	return nil, graph.NotFound("Parcours", id)
}

// decode reads one data file strictly: an unknown field is an error.
func decode(name string) (Parcours, error) {
	var p Parcours
	raw, err := files.ReadFile(path.Join("data", name))
	if err != nil {
		return p, err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		return p, fmt.Errorf("%s: %w", name, err)
	}
	if dec.More() {
		return p, fmt.Errorf("%s: trailing data after the parcours", name)
	}
	return p, nil
}

// check verifies the shape of a parcours: the references to the graph are checked by the tests,
// which load the seeded nodes.
func check(p Parcours, titles map[string]string) error {
	if !graph.ValidID(p.ID) {
		return fmt.Errorf("invalid id %q", p.ID)
	}
	if strings.TrimSpace(p.Title) == "" || strings.TrimSpace(p.Summary) == "" || strings.TrimSpace(p.Persona) == "" {
		return fmt.Errorf("title, summary and persona are required")
	}
	if len(p.Steps) == 0 {
		return fmt.Errorf("no steps")
	}
	listed := map[string]bool{}
	for _, s := range p.Sources {
		if _, ok := titles[s.Dataset]; !ok {
			return fmt.Errorf("unknown source %q", s.Dataset)
		}
		listed[s.Dataset] = true
	}
	for i, s := range p.Steps {
		if s.Order != i+1 {
			return fmt.Errorf("step %d has order %d", i+1, s.Order)
		}
		if strings.TrimSpace(s.Title) == "" || strings.TrimSpace(s.Text) == "" || len(s.Nodes) == 0 {
			return fmt.Errorf("step %d: title, text and nodes are required", s.Order)
		}
		if s.Source == nil || strings.TrimSpace(s.Source.Quote) == "" {
			return fmt.Errorf("step %d: a source with a quote is required", s.Order)
		}
		if !listed[s.Source.Dataset] {
			return fmt.Errorf("step %d: source %q is not among the parcours' sources", s.Order, s.Source.Dataset)
		}
	}
	return nil
}

// fill gives each source without a Ref its document's title, as seed/documents does.
func fill(p *Parcours, titles map[string]string) {
	for i := range p.Sources {
		if p.Sources[i].Ref == "" {
			p.Sources[i].Ref = titles[p.Sources[i].Dataset]
		}
	}
	for _, s := range p.Steps {
		if s.Source.Ref == "" {
			s.Source.Ref = titles[s.Source.Dataset]
		}
	}
}
