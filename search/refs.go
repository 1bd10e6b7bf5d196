package search

import (
	"context"
	"sync"

	"github.com/maillage/maillage/graph"
)

// refCache keeps what searches read of the reference data, which changes rarely: the areas of
// places (territories around and inside them) and the labels of territories, publics and
// thématiques.
// Reading them from the store took a sixth of a search in a big city (Marseille, national
// dataset). It is emptied when the index has seen a change of a territory, a public, a
// thématique or a PART_OF relation since it was filled (Index.refGen).
type refCache struct {
	mu     sync.Mutex
	gen    uint64
	areas  map[string]placeArea
	labels map[string]string
}

// placeArea is a place's area and its territory; both are read-only once built.
type placeArea struct {
	area *area
	node *graph.Territory
}

// current empties the cache when the reference data changed since it was filled (mu held).
func (c *refCache) current(gen uint64) {
	if c.areas == nil || c.gen != gen {
		c.gen, c.areas, c.labels = gen, map[string]placeArea{}, map[string]string{}
	}
}

// isReference reports whether a change touches the reference data of refCache.
func isReference(c graph.Change) bool {
	switch {
	case c.Op == graph.OpBulkLoad:
		return true
	case c.Edge != nil:
		return c.Edge.Type == graph.PartOf
	}
	return c.Kind == graph.KindTerritory || c.Kind == graph.KindPublic || c.Kind == graph.KindThematique
}

// cachedArea returns the area of a place, from the cache or built from the store.
func (s *Service) cachedArea(ctx context.Context, id string) (*area, *graph.Territory, error) {
	if s.Index == nil { // no change feed followed: nothing says when the cache is stale
		return s.area(ctx, id)
	}
	gen := s.Index.refGen.Load()
	s.refs.mu.Lock()
	s.refs.current(gen)
	pa, ok := s.refs.areas[id]
	s.refs.mu.Unlock()
	if ok {
		return pa.area, pa.node, nil
	}
	a, n, err := s.area(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	s.refs.mu.Lock()
	if s.refs.gen == gen {
		s.refs.areas[id] = placeArea{a, n}
	}
	s.refs.mu.Unlock()
	return a, n, nil
}

// names returns the labels of territories, publics and thématiques by id, from the cache or the
// store.
func (s *Service) names(ctx context.Context, ids []string) (map[string]string, error) {
	out := make(map[string]string, len(ids))
	if s.Index == nil {
		return out, s.fetchNames(ctx, ids, out, 0, false)
	}
	gen := s.Index.refGen.Load()
	var missing []string
	s.refs.mu.Lock()
	s.refs.current(gen)
	for _, id := range ids {
		if l, ok := s.refs.labels[id]; ok {
			out[id] = l
		} else {
			missing = append(missing, id)
		}
	}
	s.refs.mu.Unlock()
	return out, s.fetchNames(ctx, missing, out, gen, true)
}

// fetchNames reads the labels of ids from the store into out, and into the cache when keep.
func (s *Service) fetchNames(ctx context.Context, missing []string, out map[string]string, gen uint64, keep bool) error {
	if len(missing) == 0 {
		return nil
	}
	nodes, err := s.Store.GetMany(ctx, missing)
	if err != nil {
		return err
	}
	s.refs.mu.Lock()
	defer s.refs.mu.Unlock()
	for i, n := range nodes {
		if n == nil {
			continue
		}
		out[missing[i]] = n.Label()
		if keep && s.refs.gen == gen {
			s.refs.labels[missing[i]] = n.Label()
		}
	}
	return nil
}
