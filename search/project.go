package search

import (
	"context"
	"slices"

	"github.com/maillage/maillage/graph"
)

// doc is what the bleve index holds for a dispositif or an organisation: its own text, the
// names of what it is linked to (so "Samusocial" finds the Samusocial's dispositifs), and the
// keyword fields the index filters on (kind, covered territories). What eligibility needs is in
// the side table (entry).
type doc struct {
	Kind        string   `json:"kind"`
	Name        string   `json:"name"`
	Acronyms    []string `json:"acronyms"`
	Description string   `json:"description"`
	Missions    []string `json:"missions"`
	TypeLabel   string   `json:"typeLabel"`
	Conditions  string   `json:"conditions"`
	Operators   []string `json:"operators"`
	Publics     []string `json:"publics"`
	Thematiques []string `json:"thematiques"`
	// Covers holds the territories a dispositif covers, OrgCovers those of an organisation:
	// two fields, so that a search of dispositifs in a place needs no filter on the kind.
	Covers    []string `json:"covers,omitempty"`
	OrgCovers []string `json:"orgCovers,omitempty"`
}

// indexed reports whether a node kind is searchable.
func indexed(k graph.Kind) bool { return k == graph.KindDispositif || k == graph.KindOrganisation }

// projection is the documents and side-table entries of some nodes.
type projection struct {
	docs    map[string]*doc
	entries map[string]*entry // dispositifs only
}

// project builds the documents of nodes (dispositifs and organisations; others are skipped)
// and the entries of the dispositifs, reading their relations in one batched call per relation
// direction.
func project(ctx context.Context, s graph.Store, nodes []graph.Node) (projection, error) {
	p := projection{docs: map[string]*doc{}, entries: map[string]*entry{}}
	var ids []string
	disp := map[string]*graph.Dispositif{}
	for _, n := range nodes {
		if n == nil || !indexed(n.NodeKind()) || n.NodeMeta().Archived() {
			continue
		}
		id := n.NodeMeta().ID
		ids = append(ids, id)
		d := &doc{Kind: string(n.NodeKind()), Name: n.Label()}
		switch v := n.(type) {
		case *graph.Dispositif:
			d.Acronyms, d.Description, d.Missions = v.Acronyms, v.Description, v.Missions
			d.TypeLabel, d.Conditions = graph.DispositifTypes.LabelOf(v.Type), v.Eligibility.Conditions
			disp[id] = v
		case *graph.Organisation:
			d.Acronyms, d.Description, d.TypeLabel = v.Acronyms, v.Description, graph.OrganisationTypes.LabelOf(v.Type)
		}
		p.docs[id] = d
	}
	if len(ids) == 0 {
		return p, nil
	}
	out, err := s.Edges(ctx, graph.EdgeQuery{IDs: ids, Direction: graph.Outgoing, Types: []graph.RelationType{graph.Covers, graph.Serves, graph.About}})
	if err != nil {
		return p, err
	}
	in, err := s.Edges(ctx, graph.EdgeQuery{IDs: ids, Direction: graph.Incoming, Types: []graph.RelationType{graph.Operates}})
	if err != nil {
		return p, err
	}
	// names of the linked publics, thematiques and operators
	seen := map[string]bool{}
	var other []string
	for _, e := range append(out, in...) {
		id := e.To
		if e.Type == graph.Operates {
			id = e.From
		}
		if e.Type != graph.Covers && !seen[id] {
			seen[id] = true
			other = append(other, id)
		}
	}
	linked, err := s.GetMany(ctx, other)
	if err != nil {
		return p, err
	}
	names := map[string]string{}
	for i, n := range linked {
		if n != nil {
			names[other[i]] = n.Label()
		}
	}
	rel := map[string]*relations{}
	for _, e := range out {
		d := p.docs[e.From]
		r := rel[e.From]
		if r == nil {
			r = &relations{}
			rel[e.From] = r
		}
		switch e.Type {
		case graph.Covers:
			if d.Kind == string(graph.KindDispositif) {
				d.Covers = append(d.Covers, e.To)
			} else {
				d.OrgCovers = append(d.OrgCovers, e.To)
			}
			r.covers = append(r.covers, e.To)
		case graph.Serves:
			d.Publics = append(d.Publics, names[e.To])
			r.publics = append(r.publics, e.To)
		case graph.About:
			d.Thematiques = append(d.Thematiques, names[e.To])
			r.thematiques = append(r.thematiques, e.To)
		}
	}
	for _, e := range in {
		if d := p.docs[e.To]; d != nil {
			d.Operators = append(d.Operators, names[e.From])
		}
	}
	for id, v := range disp {
		r := rel[id]
		if r == nil {
			r = &relations{}
		}
		p.entries[id] = entryOf(v, *r)
	}
	return p, nil
}

// analyse gives the entries the analysed terms of their documents' text (done by the workers
// of a reindex, not the scan: it is the costly part of a projection).
func (p projection) analyse() {
	for id, e := range p.entries {
		e.text = termsOf(p.docs[id])
	}
}

// relations are the ids a dispositif covers, serves and is about.
type relations struct {
	covers, publics, thematiques []string
}

// entryOf is the side-table entry of a dispositif and its relations.
func entryOf(d *graph.Dispositif, r relations) *entry {
	e := &entry{ID: d.ID, Name: d.Name, Status: d.Status, AgeMin: noAge, AgeMax: noAge,
		AdminStatus: d.Eligibility.AdminStatus, Type: d.Type, Genders: d.Eligibility.Genders, Family: d.Eligibility.FamilySituations,
		AccessModes: d.AccessModes, Covers: distinct(r.covers), Publics: r.publics, Thematiques: r.thematiques}
	if a := d.Eligibility.AgeMin; a != nil {
		e.AgeMin = clampAge(*a)
	}
	if a := d.Eligibility.AgeMax; a != nil {
		e.AgeMax = clampAge(*a)
	}
	e.Departements = departementsOf(e.Covers)
	for i, n := range needOrder {
		if answersNeed(e.Thematiques, n) {
			e.Needs |= 1 << i
		}
	}
	e.setHot()
	return e
}

func clampAge(a int) int16 { return int16(max(0, min(a, 1000))) }

func distinct(l []string) []string {
	var out []string
	for _, v := range l {
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}
