package resolvers

import (
	"context"

	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/graph/traverse"
	"github.com/maillage/maillage/resolvers/generated"
	"github.com/maillage/maillage/search"
)

// contactsOnTheWay tells whether a person can reach someone on the way to the dispositif: a
// contact of the dispositif, of an organisation operating it, or of an actor of a step.
func (r *Resolver) contactsOnTheWay(ctx context.Context, ap traverse.AccessPath) (bool, error) {
	if len(ap.Dispositif.Contacts) > 0 {
		return true, nil
	}
	operators, err := r.edges(ctx, ap.Dispositif.ID, graph.Incoming, graph.Operates)
	if err != nil {
		return false, err
	}
	var ids []string
	for _, e := range operators {
		ids = append(ids, e.From)
	}
	for _, st := range ap.Steps {
		ids = append(ids, st.Options...)
	}
	nodes, err := r.loaders(ctx).nodes.LoadAll(ctx, ids)
	if err != nil {
		return false, err
	}
	for _, n := range nodes {
		switch n := n.(type) {
		case *graph.Organisation:
			if len(n.Contacts) > 0 {
				return true, nil
			}
		case *graph.Dispositif:
			if len(n.Contacts) > 0 {
				return true, nil
			}
		}
	}
	return false, nil
}

// accessFallback names the SIAO and the 115 of the dispositif's département: where it is
// (LOCATED_IN), else the first area it covers that lies in a département.
func (r *Resolver) accessFallback(ctx context.Context, d *graph.Dispositif) (*generated.AccessFallback, error) {
	out := &generated.AccessFallback{Siao: []*graph.Dispositif{}, Urgence: []*graph.Dispositif{}, Number115: search.Number115}
	if r.Search == nil {
		return out, nil
	}
	for _, rel := range []graph.RelationType{graph.LocatedIn, graph.Covers} {
		edges, err := r.edges(ctx, d.ID, graph.Outgoing, rel)
		if err != nil {
			return nil, err
		}
		for _, e := range edges {
			ep, err := r.Search.EntryPointsOf(ctx, e.To)
			if err != nil {
				return nil, err
			}
			if ep.Departement == nil {
				continue
			}
			out.Departement = ep.Departement
			out.Siao = append(out.Siao, ep.SIAO...)
			out.Urgence = append(out.Urgence, ep.Urgence...)
			return out, nil
		}
	}
	return out, nil
}
