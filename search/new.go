package search

import (
	"strings"

	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/search/situation"
	"github.com/maillage/maillage/seed/documents"
	"github.com/maillage/maillage/seed/geo"
	"github.com/maillage/maillage/seed/glossary"
)

// NewService returns the search service over a store and its index, with the geography (for
// places), the situation parser and the glossary, all read from the data embedded in the binary.
func NewService(st graph.Store, ix *Index) (*Service, error) {
	g, err := geo.Load()
	if err != nil {
		return nil, err
	}
	gl, err := glossary.Load()
	if err != nil {
		return nil, err
	}
	parser := situation.New(g)
	sectors, err := documentSectors(g)
	if err != nil {
		return nil, err
	}
	parser.AddPlaces(sectors...)
	return &Service{Store: st, Index: ix, Parser: parser, Geo: g, Glossary: gl}, nil
}

// documentSectors lists the named sectors of the source documents ("Paris Nord"), with the
// département of the commune they are part of, so that the parser reads their names.
func documentSectors(g *geo.Data) ([]situation.Place, error) {
	nodes, edges, err := documents.Load()
	if err != nil {
		return nil, err
	}
	parent := map[string]string{}
	for _, e := range edges {
		if e.Type == graph.PartOf {
			parent[e.From] = e.To
		}
	}
	var out []situation.Place
	for _, n := range nodes {
		t, ok := n.(*graph.Territory)
		if !ok || t.Level != graph.LevelSector {
			continue
		}
		pl := situation.Place{TerritoryID: t.ID, Name: t.Name, Level: string(t.Level)}
		if c := g.Commune(strings.TrimPrefix(parent[t.ID], "com-")); c != nil {
			pl.Departement = c.Departement
		}
		out = append(out, pl)
	}
	return out, nil
}
