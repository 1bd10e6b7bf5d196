package search

import (
	"context"

	"github.com/maillage/maillage/graph"
)

// doc is what the index holds for a dispositif or an organisation: its own text, the names of
// what it is linked to (so "Samusocial" finds the Samusocial's dispositifs), and keyword fields
// for filters.
type doc struct {
	Kind          string   `json:"kind"`
	Name          string   `json:"name"`
	Acronyms      []string `json:"acronyms"`
	Description   string   `json:"description"`
	Missions      []string `json:"missions"`
	Type          string   `json:"type"`
	TypeLabel     string   `json:"typeLabel"`
	Status        string   `json:"status"`
	Conditions    string   `json:"conditions"`
	AgeMin        *float64 `json:"ageMin,omitempty"`
	AgeMax        *float64 `json:"ageMax,omitempty"`
	AdminStatus   string   `json:"adminStatus"`
	AccessModes   []string `json:"accessModes"`
	Operators     []string `json:"operators"`
	Publics       []string `json:"publics"`
	PublicIDs     []string `json:"publicIds"`
	Thematiques   []string `json:"thematiques"`
	ThematiqueIDs []string `json:"thematiqueIds"`
	Covers        []string `json:"covers"`
}

// indexed reports whether a node kind is searchable.
func indexed(k graph.Kind) bool { return k == graph.KindDispositif || k == graph.KindOrganisation }

// project builds the documents of nodes (dispositifs and organisations; others are skipped),
// reading their relations in one batched call per relation direction.
func project(ctx context.Context, s graph.Store, nodes []graph.Node) (map[string]*doc, error) {
	docs := map[string]*doc{}
	var ids []string
	for _, n := range nodes {
		if n == nil || !indexed(n.NodeKind()) || n.NodeMeta().Archived() {
			continue
		}
		ids = append(ids, n.NodeMeta().ID)
		d := &doc{Kind: string(n.NodeKind()), Name: n.Label()}
		switch v := n.(type) {
		case *graph.Dispositif:
			d.Acronyms, d.Description, d.Missions = v.Acronyms, v.Description, v.Missions
			d.Type, d.TypeLabel, d.Status = v.Type, graph.DispositifTypes.LabelOf(v.Type), v.Status
			d.Conditions, d.AdminStatus, d.AccessModes = v.Eligibility.Conditions, v.Eligibility.AdminStatus, v.AccessModes
			if v.Eligibility.AgeMin != nil {
				a := float64(*v.Eligibility.AgeMin)
				d.AgeMin = &a
			}
			if v.Eligibility.AgeMax != nil {
				a := float64(*v.Eligibility.AgeMax)
				d.AgeMax = &a
			}
		case *graph.Organisation:
			d.Acronyms, d.Description, d.Type, d.TypeLabel = v.Acronyms, v.Description, v.Type, graph.OrganisationTypes.LabelOf(v.Type)
		}
		docs[n.NodeMeta().ID] = d
	}
	if len(ids) == 0 {
		return docs, nil
	}
	out, err := s.Edges(ctx, graph.EdgeQuery{IDs: ids, Direction: graph.Outgoing, Types: []graph.RelationType{graph.Covers, graph.Serves, graph.About}})
	if err != nil {
		return nil, err
	}
	in, err := s.Edges(ctx, graph.EdgeQuery{IDs: ids, Direction: graph.Incoming, Types: []graph.RelationType{graph.Operates}})
	if err != nil {
		return nil, err
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
		return nil, err
	}
	names := map[string]string{}
	for i, n := range linked {
		if n != nil {
			names[other[i]] = n.Label()
		}
	}
	for _, e := range out {
		d := docs[e.From]
		switch e.Type {
		case graph.Covers:
			d.Covers = append(d.Covers, e.To)
		case graph.Serves:
			d.PublicIDs, d.Publics = append(d.PublicIDs, e.To), append(d.Publics, names[e.To])
		case graph.About:
			d.ThematiqueIDs, d.Thematiques = append(d.ThematiqueIDs, e.To), append(d.Thematiques, names[e.To])
		}
	}
	for _, e := range in {
		if d := docs[e.To]; d != nil {
			d.Operators = append(d.Operators, names[e.From])
		}
	}
	return docs, nil
}
