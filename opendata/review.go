package opendata

import (
	"context"
	"encoding/json"
	"slices"

	"github.com/maillage/maillage/graph"
)

// ResolveReview settles review i of node id: accepting a difference writes the source's value
// into the field; accepting a withdrawal archives the listing; dismissing keeps the node as it
// is. Either way the review is marked resolved, in one recorded write (the history says who
// decided), and a later import does not raise it again.
func ResolveReview(ctx context.Context, s graph.Store, id string, i int, accept bool, expectedVersion int64) (graph.Node, error) {
	n, err := s.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	m := n.NodeMeta()
	if i < 0 || i >= len(m.Reviews) || m.Reviews[i].Resolution != "" {
		return nil, graph.Errorf(graph.CodeNotFound, "Cette différence n'existe plus sur « %s » : rechargez la fiche.", n.Label())
	}
	if err := graph.CheckVersion(n, expectedVersion); err != nil {
		return nil, err
	}
	rv := m.Reviews[i]
	if accept && rv.Kind == graph.ReviewDifference {
		cur, err := toMap(n)
		if err != nil {
			return nil, err
		}
		cur[rv.Field] = rv.Value
		if n, err = graph.DecodeNode(n.NodeKind(), mustJSON(cur)); err != nil {
			return nil, err
		}
		m = n.NodeMeta()
	}
	m.Reviews = slices.Clone(m.Reviews)
	now := s.Now().UTC()
	m.Reviews[i].ResolvedAt = &now
	m.Reviews[i].Resolution = graph.ReviewDismissed
	if accept {
		m.Reviews[i].Resolution = graph.ReviewAccepted
	}
	out, err := s.Update(ctx, n, expectedVersion)
	if err != nil {
		return nil, err
	}
	if accept && rv.Kind == graph.ReviewWithdrawn {
		return s.Archive(ctx, id, out.NodeMeta().Version)
	}
	return out, nil
}

// ReviewValue decodes a review's value into v.
func ReviewValue(r graph.Review, v any) error { return json.Unmarshal(r.Value, v) }
