package traverse

import (
	"context"
	"slices"

	"github.com/maillage/maillage/graph"
)

// hubKinds are the kinds Neighbourhood shows but does not expand: the ends hubEnds picks, by
// kind (graph.RelationType.Allows ties COVERS, LOCATED_IN, SERVES, ABOUT and PART_OF to them).
var hubKinds = []graph.Kind{graph.KindTerritory, graph.KindPublic, graph.KindThematique}

// prefetched is a store whose answers to a walk's edge reads were read ahead in one round trip
// (graph.AroundReader): the walk runs unchanged over it, so its results are the hop-by-hop
// walk's by construction. Reads the answer does not cover (another query shape, a node not
// read ahead) go to the store.
type prefetched struct {
	graph.Store
	around graph.Around
	q      graph.AroundQuery
}

// readAhead returns s answering q's walk from one read ahead when s is a graph.AroundReader,
// s itself otherwise (or when the read ahead fails: the walk then reads hop by hop and reports
// the error it meets).
func readAhead(ctx context.Context, s graph.Store, q graph.AroundQuery) graph.Store {
	r, ok := s.(graph.AroundReader)
	if !ok {
		return s
	}
	a, err := r.Around(ctx, q)
	if err != nil || a.Start == nil {
		return s
	}
	return &prefetched{Store: s, around: a, q: q}
}

// Get implements graph.Store, the start node from the read ahead.
func (p *prefetched) Get(ctx context.Context, id string) (graph.Node, error) {
	if id == p.around.Start.NodeMeta().ID {
		return p.around.Start, nil
	}
	return p.Store.Get(ctx, id)
}

// cached answers q from the read ahead, if it covers q.
func (p *prefetched) cached(q graph.EdgeQuery) ([]graph.Edge, bool) {
	dir, types := 0, p.q.OutTypes
	if q.Direction == graph.Incoming {
		dir, types = 1, p.q.InTypes
	}
	if q.KeysOnly || q.PerNode != p.q.PerNode || !slices.Equal(q.Types, types) {
		return nil, false
	}
	out := []graph.Edge{}
	for _, id := range q.IDs {
		both, ok := p.around.Edges[id]
		if !ok {
			return nil, false
		}
		out = append(out, both[dir]...)
	}
	return out, true
}

// Edges implements graph.Store.
func (p *prefetched) Edges(ctx context.Context, q graph.EdgeQuery) ([]graph.Edge, error) {
	if es, ok := p.cached(q); ok {
		return es, nil
	}
	return p.Store.Edges(ctx, q)
}

// EdgesBatch implements graph.EdgeBatcher: what the read ahead does not cover is read in one
// batch.
func (p *prefetched) EdgesBatch(ctx context.Context, qs []graph.EdgeQuery) ([][]graph.Edge, error) {
	out := make([][]graph.Edge, len(qs))
	var missed []int
	var rest []graph.EdgeQuery
	for i, q := range qs {
		if es, ok := p.cached(q); ok {
			out[i] = es
		} else {
			missed = append(missed, i)
			rest = append(rest, q)
		}
	}
	if len(rest) == 0 {
		return out, nil
	}
	got, err := graph.EdgesBatch(ctx, p.Store, rest)
	if err != nil {
		return nil, err
	}
	for j, i := range missed {
		out[i] = got[j]
	}
	return out, nil
}
