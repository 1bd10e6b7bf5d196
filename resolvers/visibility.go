package resolvers

import (
	"context"

	"github.com/maillage/maillage/auth"
	"github.com/maillage/maillage/graph"
)

// An archived listing is not published: only those who may edit it (the partners of its
// organisation, the coordination of its territory, admins) see it, whatever the way it is
// asked for — by id, in a list, as the end of a relation, in a graph view or an access path.
// Every node the API hands out goes through hideArchived: the request's node loader, the graph
// views and the lists that include archived listings. Search and reports leave archived
// listings out for everyone.

// hideArchived replaces by nil the archived nodes the caller may not read (auth.OpReadDrafts),
// deciding for all of them at once.
func (r *Resolver) hideArchived(ctx context.Context, nodes []graph.Node) ([]graph.Node, error) {
	var at []int
	var targets []auth.Target
	for i, n := range nodes {
		if n != nil && n.NodeMeta().Archived() {
			at = append(at, i)
			targets = append(targets, auth.Listing(n.NodeMeta().ID))
		}
	}
	if len(at) == 0 {
		return nodes, nil
	}
	p := auth.PrincipalFrom(ctx)
	if p.System {
		return nodes, nil
	}
	denied, err := r.authz.AuthorizeEach(ctx, p, auth.OpReadDrafts, targets)
	if err != nil {
		return nil, err
	}
	out := make([]graph.Node, len(nodes))
	copy(out, nodes)
	for j, i := range at {
		if denied[j] != nil {
			out[i] = nil
		}
	}
	return out, nil
}

// visibleEdgesOf returns the edges of id (Resolver.edges) whose other end the caller may read.
func (r *Resolver) visibleEdgesOf(ctx context.Context, id string, dir graph.Direction, types ...graph.RelationType) ([]graph.Edge, error) {
	edges, others, err := r.edgesAndOthers(ctx, id, dir, types...)
	if err != nil {
		return nil, err
	}
	out := edges[:0:0]
	for i, e := range edges {
		if others[i] != nil {
			out = append(out, e)
		}
	}
	return out, nil
}

// edgesAndOthers returns the edges of id and, for each, the node at its other end as the
// caller may read it (nil when missing or an archived listing it may not read).
func (r *Resolver) edgesAndOthers(ctx context.Context, id string, dir graph.Direction, types ...graph.RelationType) ([]graph.Edge, []graph.Node, error) {
	edges, err := r.edges(ctx, id, dir, types...)
	if err != nil {
		return nil, nil, err
	}
	ids := make([]string, len(edges))
	for i, e := range edges {
		ids[i] = e.To
		if dir == graph.Incoming {
			ids[i] = e.From
		}
	}
	nodes, err := r.loaders(ctx).nodes.LoadAll(ctx, ids)
	return edges, nodes, err
}

// list is Store.List, but for a list that includes archived listings, which keeps those the
// caller may read: it reads on until the page is full, and counts (when asked) every match it
// may read.
func (r *Resolver) list(ctx context.Context, q graph.ListQuery) (graph.Page, error) {
	if !q.IncludeArchived || auth.PrincipalFrom(ctx).System {
		return r.Store.List(ctx, q)
	}
	if !auth.PrincipalFrom(ctx).Authenticated() {
		return graph.Page{}, graph.Errorf(graph.CodeUnauthenticated, "Connectez-vous pour voir les fiches archivées : seules les personnes qui peuvent les modifier les voient.")
	}
	var out graph.Page
	err := r.scanVisible(ctx, q, q.Limit+1, func(n graph.Node) bool {
		if len(out.Nodes) == q.Limit {
			out.HasNext = true
			return false
		}
		out.Nodes = append(out.Nodes, n)
		return true
	})
	if err != nil || q.WithoutCount {
		return out, err
	}
	q.After = ""
	err = r.scanVisible(ctx, q, 500, func(graph.Node) bool { out.TotalCount++; return true })
	return out, err
}

// scanVisible calls fn for the nodes of q after q.After that the caller may read, in order,
// reading the store chunk nodes at a time, until fn returns false or none is left.
func (r *Resolver) scanVisible(ctx context.Context, q graph.ListQuery, chunk int, fn func(graph.Node) bool) error {
	q.Limit, q.WithoutCount = chunk, true
	for {
		p, err := r.Store.List(ctx, q)
		if err != nil {
			return err
		}
		nodes, err := r.hideArchived(ctx, p.Nodes)
		if err != nil {
			return err
		}
		for _, n := range nodes {
			if n != nil && !fn(n) {
				return nil
			}
		}
		if !p.HasNext || len(p.Nodes) == 0 {
			return nil
		}
		q.After = p.Nodes[len(p.Nodes)-1].NodeMeta().ID
	}
}
