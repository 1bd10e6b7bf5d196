package resolvers

import (
	"context"
	"slices"

	"github.com/maillage/maillage/auth"
	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/opendata"
	"github.com/maillage/maillage/resolvers/generated"
	"github.com/maillage/maillage/resolvers/model"
)

// reviewsOf lists a node's reviews with their positions.
func reviewsOf(m *graph.Meta) []*model.Review {
	out := make([]*model.Review, len(m.Reviews))
	for i, rv := range m.Reviews {
		out[i] = &model.Review{Review: rv, Index: i}
	}
	return out
}

// maxReviewCandidates bounds the listings with open reviews a query authorizes at once.
const maxReviewCandidates = 5000

// pendingReviews lists the open reviews of the listings the caller may edit, oldest first.
func (r *Resolver) pendingReviews(ctx context.Context, first int) ([]*generated.PendingReview, error) {
	p := auth.PrincipalFrom(ctx)
	if p.User == nil && !p.System {
		return nil, graph.Errorf(graph.CodeUnauthenticated, "Connectez-vous pour voir les différences signalées par les imports.")
	}
	if first < 1 || first > 500 {
		return nil, graph.Errorf(graph.CodeBadUserInput, "« first » doit être compris entre 1 et 500.")
	}
	var nodes []graph.Node
	err := r.Store.ScanNodes(ctx, []graph.Kind{graph.KindOrganisation, graph.KindDispositif}, func(n graph.Node) error {
		if len(nodes) < maxReviewCandidates && !n.NodeMeta().Archived() && len(n.NodeMeta().OpenReviews()) > 0 {
			nodes = append(nodes, n)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	targets := make([]auth.Target, len(nodes))
	for i, n := range nodes {
		targets[i] = auth.Listing(n.NodeMeta().ID)
	}
	allowed, err := r.authz.AuthorizeEach(ctx, p, auth.OpUpdate, targets)
	if err != nil {
		return nil, err
	}
	var out []*generated.PendingReview
	for i, n := range nodes {
		if allowed[i] != nil {
			continue
		}
		m := n.NodeMeta()
		for _, j := range m.OpenReviews() {
			out = append(out, &generated.PendingReview{Node: n, Review: &model.Review{Review: m.Reviews[j], Index: j}})
		}
	}
	slices.SortStableFunc(out, func(a, b *generated.PendingReview) int { return a.Review.At.Compare(b.Review.At) })
	if len(out) > first {
		out = out[:first]
	}
	return out, nil
}

// resolveReview accepts or dismisses a review; whoever may edit the listing may decide.
func (r *Resolver) resolveReview(ctx context.Context, id string, index int, accept bool, expectedVersion int) (graph.Node, error) {
	if err := r.authorize(ctx, auth.OpUpdate, auth.Listing(id)); err != nil {
		return nil, err
	}
	out, err := opendata.ResolveReview(ctx, r.Store, id, index, accept, int64(expectedVersion))
	return out, explainConflict(ctx, r.Store, id, int64(expectedVersion), err)
}
