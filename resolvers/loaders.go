package resolvers

import (
	"context"
	"net/http"
	"slices"
	"strings"

	"github.com/maillage/maillage/graph"
)

// edgeKey asks for the edges of one node in one direction, of some types (joined by ",").
type edgeKey struct {
	ID    string
	Dir   graph.Direction
	Types string
}

// loaders batch the store reads of one request, so nested lists cost one store call per level
// instead of one per element (no N+1).
type loaders struct {
	nodes *batcher[string, graph.Node]
	edges *batcher[edgeKey, []graph.Edge]
}

// newLoaders returns the loaders of one request: its nodes are those the caller may read (an
// archived listing it may not read loads as missing).
func (r *Resolver) newLoaders() *loaders {
	l := &loaders{}
	l.nodes = newBatcher(func(ctx context.Context, ids []string) ([]graph.Node, error) {
		nodes, err := r.Store.GetMany(ctx, ids)
		if err != nil {
			return nil, err
		}
		return r.hideArchived(ctx, nodes)
	})
	l.edges = newBatcher(func(ctx context.Context, keys []edgeKey) ([][]graph.Edge, error) {
		return fetchEdges(ctx, r.Store, keys, func(others map[string]graph.Node) error {
			// The nodes at the other ends came with the edges (graph.OthersBatcher): the level's
			// fields read them from the loader instead of another store call. They go through
			// the same visibility rule as the loader's own reads.
			ids := make([]string, 0, len(others))
			nodes := make([]graph.Node, 0, len(others))
			for id, n := range others {
				ids = append(ids, id)
				nodes = append(nodes, n)
			}
			visible, err := r.hideArchived(ctx, nodes)
			if err != nil {
				return err
			}
			for i, id := range ids {
				l.nodes.Prime(id, visible[i])
			}
			return nil
		})
	})
	return l
}

// fetchEdges answers a batch of edge keys with one store query per (direction, types) group,
// all sent at once (graph.EdgesBatch: one round trip per GraphQL level on Neo4j). When the
// store is a graph.OthersBatcher, the other ends' nodes come in the same round trip and are
// handed to prime.
func fetchEdges(ctx context.Context, s graph.Store, keys []edgeKey, prime func(map[string]graph.Node) error) ([][]graph.Edge, error) {
	type group struct {
		dir   graph.Direction
		types string
	}
	index := map[group]int{}
	var groups []group
	var queries []graph.EdgeQuery
	for _, k := range keys {
		g := group{k.Dir, k.Types}
		i, ok := index[g]
		if !ok {
			i = len(queries)
			index[g] = i
			groups = append(groups, g)
			var types []graph.RelationType
			if g.types != "" {
				for _, t := range strings.Split(g.types, ",") {
					types = append(types, graph.RelationType(t))
				}
			}
			queries = append(queries, graph.EdgeQuery{Direction: g.dir, Types: types})
		}
		queries[i].IDs = append(queries[i].IDs, k.ID)
	}
	var answers [][]graph.Edge
	var err error
	if ob, ok := s.(graph.OthersBatcher); ok {
		var others map[string]graph.Node
		answers, others, err = ob.EdgesAndOthers(ctx, queries)
		if err == nil {
			err = prime(others)
		}
	} else {
		answers, err = graph.EdgesBatch(ctx, s, queries)
	}
	if err != nil {
		return nil, err
	}
	found := map[edgeKey][]graph.Edge{}
	for i, edges := range answers {
		g := groups[i]
		for _, e := range edges {
			id := e.From
			if g.dir == graph.Incoming {
				id = e.To
			}
			k := edgeKey{id, g.dir, g.types}
			found[k] = append(found[k], e)
		}
	}
	out := make([][]graph.Edge, len(keys))
	for i, k := range keys {
		out[i] = found[k]
	}
	return out, nil
}

type loadersKey struct{}

// withLoaders gives each request its own loaders (their caches must not outlive a request,
// nor serve another caller).
func withLoaders(res *Resolver, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := context.WithValue(r.Context(), loadersKey{}, res.newLoaders())
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

func (r *Resolver) loaders(ctx context.Context) *loaders {
	if l, ok := ctx.Value(loadersKey{}).(*loaders); ok {
		return l
	}
	return r.newLoaders() // outside HTTP (tests calling resolvers directly): no batching across calls
}

// edges returns the edges of id in one direction, of the given types, through the loader.
func (r *Resolver) edges(ctx context.Context, id string, dir graph.Direction, types ...graph.RelationType) ([]graph.Edge, error) {
	names := make([]string, len(types))
	for i, t := range types {
		names[i] = string(t)
	}
	slices.Sort(names)
	return r.loaders(ctx).edges.Load(ctx, edgeKey{id, dir, strings.Join(names, ",")})
}

// node loads one node; a missing node is NOT_FOUND.
func (r *Resolver) node(ctx context.Context, id string) (graph.Node, error) {
	n, err := r.loaders(ctx).nodes.Load(ctx, id)
	if err != nil {
		return nil, err
	}
	if n == nil {
		return nil, graph.NotFound("Fiche", id)
	}
	return n, nil
}

// neighbours returns the live (not archived) nodes at the other end of id's edges.
func (r *Resolver) neighbours(ctx context.Context, id string, dir graph.Direction, types ...graph.RelationType) ([]graph.Node, error) {
	_, nodes, err := r.edgesAndOthers(ctx, id, dir, types...)
	if err != nil {
		return nil, err
	}
	out := nodes[:0:0]
	for _, n := range nodes {
		if n != nil && !n.NodeMeta().Archived() {
			out = append(out, n)
		}
	}
	return out, nil
}

// ofKind keeps the nodes of type T.
func ofKind[T graph.Node](nodes []graph.Node, err error) ([]T, error) {
	if err != nil {
		return nil, err
	}
	out := make([]T, 0, len(nodes))
	for _, n := range nodes {
		if t, ok := n.(T); ok {
			out = append(out, t)
		}
	}
	return out, nil
}

// both returns the neighbours through type t in both directions (PARTNERS_WITH is stored once
// but means the same seen from either end), without duplicates.
func (r *Resolver) both(ctx context.Context, id string, t graph.RelationType) ([]graph.Node, error) {
	out, err := r.neighbours(ctx, id, graph.Outgoing, t)
	if err != nil {
		return nil, err
	}
	in, err := r.neighbours(ctx, id, graph.Incoming, t)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for _, n := range out {
		seen[n.NodeMeta().ID] = true
	}
	for _, n := range in {
		if !seen[n.NodeMeta().ID] {
			out = append(out, n)
		}
	}
	return out, nil
}
