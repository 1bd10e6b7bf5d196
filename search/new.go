package search

import (
	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/search/situation"
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
	return &Service{Store: st, Index: ix, Parser: situation.New(g), Geo: g, Glossary: gl}, nil
}
