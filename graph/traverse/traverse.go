// Package traverse answers the questions a trainer asks of the graph: what is around a node
// (Neighbourhood), how two nodes are connected (Paths), and the steps a person goes through to
// reach a dispositif (Access). It is built on graph.Store's batched Edges call only, so it works
// the same on every store: one store call per hop (both directions), whatever the fan-out; a
// store that reads a whole neighbourhood in one round trip (graph.AroundReader) answers
// Neighbourhood's hops from that one read.
package traverse

import (
	"context"
	"slices"

	"github.com/maillage/maillage/graph"
)

// MaxDepth bounds Neighbourhood; MaxHops bounds Paths; MaxNodes bounds any view.
const (
	MaxDepth = 3
	MaxHops  = 6
	MaxNodes = 500
)

// ActorRelations are the relations between actors (organisations, dispositifs, instances): the
// default of Paths, because paths through a territory, a public or a thématique ("both cover
// France") say nothing a trainer wants to show.
var ActorRelations = []graph.RelationType{graph.Operates, graph.Funds, graph.Mandates, graph.Coordinates,
	graph.PartnersWith, graph.MemberOf, graph.RefersTo, graph.RequiresReferralBy}

// Visited is a node reached by a traversal, with its distance in hops from the start.
type Visited struct {
	ID    string
	Depth int
}

// View is a bounded part of the graph: nodes in the order they were reached (start first) and
// the edges joining them.
type View struct {
	Nodes     []Visited
	Edges     []graph.Edge
	Truncated bool
}

// Neighbourhood returns the nodes within depth hops of id, following the given relation types
// (all when empty) in both directions, at most limit nodes (nodes of the last reachable depth
// are cut first, in id order, and Truncated is set). Edges are those met on the way whose two
// ends are in the view.
//
// Territories, publics and thématiques met on the way are shown but not expanded further: each
// joins thousands of listings at national size, and "every service of the département" is not
// a neighbourhood. Starting from one of them expands it.
func Neighbourhood(ctx context.Context, s graph.Store, id string, depth int, relations []graph.RelationType, limit int) (View, error) {
	if depth < 1 || depth > MaxDepth {
		return View{}, graph.Errorf(graph.CodeBadUserInput, "La profondeur doit être comprise entre 1 et %d.", MaxDepth)
	}
	if limit < 1 || limit > MaxNodes {
		return View{}, graph.Errorf(graph.CodeBadUserInput, "La limite doit être comprise entre 1 et %d nœuds.", MaxNodes)
	}
	if err := checkRelations(relations); err != nil {
		return View{}, err
	}
	// On a store that can (graph.AroundReader), the whole walk is read ahead in one round trip
	// and the loop below runs over it.
	s = readAhead(ctx, s, graph.AroundQuery{ID: id, Depth: depth, OutTypes: relations, InTypes: relations, PerNode: limit, Limit: limit, StopKinds: hubKinds})
	if _, err := s.Get(ctx, id); err != nil {
		return View{}, err
	}
	v := View{Nodes: []Visited{{ID: id}}}
	seen := map[string]bool{id: true}
	edgeSeen := map[graph.EdgeKey]bool{}
	var met []graph.Edge
	hubs := map[string]bool{}
	frontier := []string{id}
	for d := 1; d <= depth && len(frontier) > 0 && !v.Truncated; d++ {
		edges, capped, err := aroundCapped(ctx, s, frontier, relations, limit)
		if err != nil {
			return View{}, err
		}
		v.Truncated = v.Truncated || capped
		var next []string
		for _, e := range edges {
			if edgeSeen[e.Key()] {
				continue
			}
			edgeSeen[e.Key()] = true
			met = append(met, e)
			for _, end := range []string{e.From, e.To} {
				if !seen[end] {
					seen[end] = true
					next = append(next, end)
				}
			}
			for _, h := range hubEnds(e) {
				hubs[h] = true
			}
		}
		slices.Sort(next)
		if room := limit - len(v.Nodes); len(next) > room {
			for _, cut := range next[room:] {
				delete(seen, cut)
			}
			next, v.Truncated = next[:room], true
		}
		frontier = frontier[:0]
		for _, n := range next {
			v.Nodes = append(v.Nodes, Visited{ID: n, Depth: d})
			if !hubs[n] {
				frontier = append(frontier, n)
			}
		}
	}
	for _, e := range met {
		if seen[e.From] && seen[e.To] {
			v.Edges = append(v.Edges, e)
		}
	}
	return v, nil
}

// hubEnds returns the ends of e that are territories, publics or thématiques, known from the
// relation's type alone (graph.RelationType.Allows fixes which kinds each relation joins).
func hubEnds(e graph.Edge) []string {
	switch e.Type {
	case graph.Covers, graph.LocatedIn, graph.Serves, graph.About:
		return []string{e.To}
	case graph.PartOf:
		return []string{e.From, e.To}
	}
	return nil
}

// around returns the edges of the given nodes in both directions, of the given types.
func around(ctx context.Context, s graph.Store, ids []string, relations []graph.RelationType) ([]graph.Edge, error) {
	edges, _, err := aroundCapped(ctx, s, ids, relations, 0)
	return edges, err
}

// aroundCapped is around with at most perNode edges per node and direction (none when 0): a view
// of limit nodes never needs more from one node. capped reports that some node reached the cap.
func aroundCapped(ctx context.Context, s graph.Store, ids []string, relations []graph.RelationType, perNode int) (edges []graph.Edge, capped bool, err error) {
	dirs := []graph.Direction{graph.Outgoing, graph.Incoming}
	both, err := graph.EdgesBatch(ctx, s, []graph.EdgeQuery{
		{IDs: ids, Direction: dirs[0], Types: relations, PerNode: perNode},
		{IDs: ids, Direction: dirs[1], Types: relations, PerNode: perNode},
	})
	if err != nil {
		return nil, false, err
	}
	for d, es := range both {
		if perNode > 0 && !capped {
			count := map[string]int{}
			for _, e := range es {
				end := e.From
				if dirs[d] == graph.Incoming {
					end = e.To
				}
				count[end]++
				capped = capped || count[end] == perNode
			}
		}
		edges = append(edges, es...)
	}
	return edges, capped, nil
}

func checkRelations(relations []graph.RelationType) error {
	for _, r := range relations {
		if !r.Valid() {
			return graph.Errorf(graph.CodeBadUserInput, "Type de relation inconnu : « %s ».", r)
		}
	}
	return nil
}

// Path is a chain of relations: Edges[i] joins Nodes[i] and Nodes[i+1], in either direction.
type Path struct {
	Nodes []string
	Edges []graph.Edge
}

// step is how a node was reached: from prev, through edge.
type step struct {
	prev string
	edge graph.Edge
}

// side is one end of the bidirectional search.
type side struct {
	dist     map[string]int
	parents  map[string][]step
	frontier []string
	depth    int
}

func newSide(id string) *side {
	return &side{dist: map[string]int{id: 0}, parents: map[string][]step{}, frontier: []string{id}}
}

// maxVisited bounds the nodes a path search may visit, so that a search through hubs fails
// clearly instead of reading the whole graph.
const maxVisited = 200_000

// Paths returns up to first shortest paths from one node to another, of at most maxHops
// relations of the given types (ActorRelations when empty), followed in either direction. It
// searches from both ends at once, always expanding the smaller frontier, which keeps the
// work near the square root of a one-sided search. No path within maxHops gives an empty list.
func Paths(ctx context.Context, s graph.Store, from, to string, maxHops int, relations []graph.RelationType, first int) ([]Path, error) {
	if maxHops < 1 || maxHops > MaxHops {
		return nil, graph.Errorf(graph.CodeBadUserInput, "Le nombre de relations d'un chemin doit être compris entre 1 et %d.", MaxHops)
	}
	if first < 1 || first > 20 {
		return nil, graph.Errorf(graph.CodeBadUserInput, "Le nombre de chemins demandés doit être compris entre 1 et 20.")
	}
	if err := checkRelations(relations); err != nil {
		return nil, err
	}
	if len(relations) == 0 {
		relations = ActorRelations
	}
	ends, err := s.GetMany(ctx, []string{from, to})
	if err != nil {
		return nil, err
	}
	for i, n := range ends {
		if n == nil {
			return nil, graph.Errorf(graph.CodeNotFound, "Aucun nœud « %s ».", []string{from, to}[i])
		}
	}
	if from == to {
		return []Path{{Nodes: []string{from}}}, nil
	}
	f, b := newSide(from), newSide(to)
	for f.depth+b.depth < maxHops && len(f.frontier) > 0 && len(b.frontier) > 0 {
		grow, other := f, b
		if len(b.frontier) < len(f.frontier) {
			grow, other = b, f
		}
		if err := grow.expand(ctx, s, relations); err != nil {
			return nil, err
		}
		if len(f.dist)+len(b.dist) > maxVisited {
			return nil, graph.Errorf(graph.CodeBadUserInput, "Recherche de chemin trop large : limitez les types de relation ou le nombre de relations.")
		}
		if meet := meeting(grow, other); len(meet) > 0 {
			paths := enumerate(f, b, meet, first)
			return paths, withProperties(ctx, s, paths)
		}
	}
	return []Path{}, nil
}

// expand moves a side one hop further, recording every shortest way to each new node. It reads
// keys only; the properties of the few edges of the paths found are read at the end.
func (sd *side) expand(ctx context.Context, s graph.Store, relations []graph.RelationType) error {
	both, err := graph.EdgesBatch(ctx, s, []graph.EdgeQuery{
		{IDs: sd.frontier, Direction: graph.Outgoing, Types: relations, KeysOnly: true},
		{IDs: sd.frontier, Direction: graph.Incoming, Types: relations, KeysOnly: true},
	})
	if err != nil {
		return err
	}
	edges := append(both[0], both[1]...)
	sd.depth++
	var next []string
	for _, e := range edges {
		for _, pair := range [2][2]string{{e.From, e.To}, {e.To, e.From}} {
			here, there := pair[0], pair[1]
			if d, ok := sd.dist[here]; !ok || d != sd.depth-1 {
				continue
			}
			d, ok := sd.dist[there]
			if !ok {
				sd.dist[there] = sd.depth
				next = append(next, there)
			} else if d != sd.depth {
				continue
			}
			if !slices.ContainsFunc(sd.parents[there], func(st step) bool { return st.edge.Key() == e.Key() }) {
				sd.parents[there] = append(sd.parents[there], step{prev: here, edge: e})
			}
		}
	}
	slices.Sort(next)
	sd.frontier = next
	return nil
}

// withProperties replaces the paths' edge keys by the full edges, in one store call.
func withProperties(ctx context.Context, s graph.Store, paths []Path) error {
	var from []string
	var types []graph.RelationType
	for _, p := range paths {
		for _, e := range p.Edges {
			from = append(from, e.From)
			types = append(types, e.Type)
		}
	}
	slices.Sort(from)
	slices.Sort(types)
	full, err := s.Edges(ctx, graph.EdgeQuery{IDs: slices.Compact(from), Direction: graph.Outgoing, Types: slices.Compact(types)})
	if err != nil {
		return err
	}
	byKey := make(map[graph.EdgeKey]graph.Edge, len(full))
	for _, e := range full {
		byKey[e.Key()] = e
	}
	for _, p := range paths {
		for i, e := range p.Edges {
			if f, ok := byKey[e.Key()]; ok {
				p.Edges[i] = f
			}
		}
	}
	return nil
}

// meeting returns the nodes of the new frontier that the other side reached, keeping those of
// the smallest total length.
func meeting(grown, other *side) []string {
	best := -1
	var out []string
	for _, n := range grown.frontier {
		d, ok := other.dist[n]
		if !ok {
			continue
		}
		switch total := grown.depth + d; {
		case best < 0 || total < best:
			best, out = total, []string{n}
		case total == best:
			out = append(out, n)
		}
	}
	return out
}

// enumerate builds up to first paths through the meeting nodes, in a stable order.
func enumerate(f, b *side, meet []string, first int) []Path {
	var out []Path
	for _, m := range meet {
		for _, head := range walks(f, m, first) {
			for _, tail := range walks(b, m, first) {
				if len(out) == first {
					return out
				}
				p := Path{Nodes: slices.Clone(head.Nodes), Edges: slices.Clone(head.Edges)}
				for i := len(tail.Edges) - 1; i >= 0; i-- {
					p.Edges = append(p.Edges, tail.Edges[i])
					p.Nodes = append(p.Nodes, tail.Nodes[i])
				}
				out = append(out, p)
			}
		}
	}
	return out
}

// walks returns up to limit paths from a side's start to node n, following recorded parents.
func walks(sd *side, n string, limit int) []Path {
	if sd.dist[n] == 0 {
		return []Path{{Nodes: []string{n}}}
	}
	var out []Path
	for _, st := range sd.parents[n] {
		for _, p := range walks(sd, st.prev, limit-len(out)) {
			p.Nodes = append(p.Nodes, n)
			p.Edges = append(p.Edges, st.edge)
			out = append(out, p)
			if len(out) == limit {
				return out
			}
		}
	}
	return out
}
