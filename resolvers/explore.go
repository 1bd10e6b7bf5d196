package resolvers

import (
	"context"

	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/graph/traverse"
	"github.com/maillage/maillage/resolvers/generated"
	"github.com/maillage/maillage/seed/parcours"
)

// relationTypes converts GraphQL relation types to the domain's.
func relationTypes(types []generated.RelationType) []graph.RelationType {
	out := make([]graph.RelationType, len(types))
	for i, t := range types {
		out[i] = graph.RelationType(t)
	}
	return out
}

// graphNodes turns visited ids into drawable nodes, reading the nodes and the dispositifs'
// thématiques in two store calls. Ids that no longer exist, or archived listings the caller
// may not read, are left out.
func (r *Resolver) graphNodes(ctx context.Context, visited []traverse.Visited) ([]*generated.GraphNode, error) {
	ids := make([]string, len(visited))
	for i, v := range visited {
		ids[i] = v.ID
	}
	nodes, err := r.Store.GetMany(ctx, ids)
	if err != nil {
		return nil, err
	}
	if nodes, err = r.hideArchived(ctx, nodes); err != nil {
		return nil, err
	}
	var dispositifs []string
	for _, n := range nodes {
		if n != nil && n.NodeKind() == graph.KindDispositif {
			dispositifs = append(dispositifs, n.NodeMeta().ID)
		}
	}
	themes := map[string][]string{}
	if len(dispositifs) > 0 {
		about, err := r.Store.Edges(ctx, graph.EdgeQuery{IDs: dispositifs, Direction: graph.Outgoing, Types: []graph.RelationType{graph.About}})
		if err != nil {
			return nil, err
		}
		for _, e := range about {
			themes[e.From] = append(themes[e.From], e.To)
		}
	}
	out := make([]*generated.GraphNode, 0, len(nodes))
	for i, n := range nodes {
		if n == nil {
			continue
		}
		g := &generated.GraphNode{ID: ids[i], Kind: string(n.NodeKind()), Label: n.Label(), Depth: visited[i].Depth,
			Archived: n.NodeMeta().Archived(), Node: n, Thematiques: themes[ids[i]]}
		if g.Thematiques == nil {
			g.Thematiques = []string{}
		}
		switch v := n.(type) {
		case *graph.Organisation:
			g.Type = nonEmpty(v.Type)
		case *graph.Dispositif:
			g.Type = nonEmpty(v.Type)
		case *graph.Territory:
			g.Type = nonEmpty(string(v.Level))
		}
		out = append(out, g)
	}
	return out, nil
}

func nonEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func graphEdge(e graph.Edge) *generated.GraphEdge {
	return &generated.GraphEdge{Type: generated.RelationType(e.Type), From: e.From, To: e.To, Label: e.Type.Label(),
		Conditions: nonEmpty(e.Conditions), Source: e.Source}
}

func (r *Resolver) neighbourhood(ctx context.Context, id string, depth, limit int, relations []generated.RelationType) (*generated.GraphView, error) {
	if _, err := r.node(ctx, id); err != nil {
		return nil, err
	}
	v, err := traverse.Neighbourhood(ctx, r.Store, id, depth, relationTypes(relations), limit)
	if err != nil {
		return nil, err
	}
	nodes, err := r.graphNodes(ctx, v.Nodes)
	if err != nil {
		return nil, err
	}
	// Without the archived listings the caller may not read, keep what is still reached from
	// the start through what is shown.
	shown := map[string]bool{}
	for _, n := range nodes {
		shown[n.ID] = true
	}
	var edges []graph.Edge
	for _, e := range v.Edges {
		if shown[e.From] && shown[e.To] {
			edges = append(edges, e)
		}
	}
	reached := map[string]bool{id: true}
	for grew := true; grew; {
		grew = false
		for _, e := range edges {
			if reached[e.From] != reached[e.To] {
				reached[e.From], reached[e.To], grew = true, true, true
			}
		}
	}
	out := &generated.GraphView{Nodes: []*generated.GraphNode{}, Edges: []*generated.GraphEdge{}, Truncated: v.Truncated}
	for _, n := range nodes {
		if reached[n.ID] {
			out.Nodes = append(out.Nodes, n)
		}
	}
	for _, e := range edges {
		if reached[e.From] {
			out.Edges = append(out.Edges, graphEdge(e))
		}
	}
	return out, nil
}

func (r *Resolver) paths(ctx context.Context, from, to string, maxHops, first int, relations []generated.RelationType) ([]*generated.GraphPath, error) {
	ps, err := traverse.Paths(ctx, r.Store, from, to, maxHops, relationTypes(relations), first)
	if err != nil {
		return nil, err
	}
	out := make([]*generated.GraphPath, 0, len(ps))
	for _, p := range ps {
		visited := make([]traverse.Visited, len(p.Nodes))
		for j, id := range p.Nodes {
			visited[j] = traverse.Visited{ID: id, Depth: j}
		}
		nodes, err := r.graphNodes(ctx, visited)
		if err != nil {
			return nil, err
		}
		if len(nodes) < len(visited) {
			continue // through an archived listing the caller may not read
		}
		gp := &generated.GraphPath{Nodes: nodes, Length: len(p.Edges)}
		for _, e := range p.Edges {
			gp.Edges = append(gp.Edges, graphEdge(e))
		}
		if gp.Edges == nil {
			gp.Edges = []*generated.GraphEdge{}
		}
		out = append(out, gp)
	}
	return out, nil
}

func (r *Resolver) accessPath(ctx context.Context, id string, sit *generated.SituationInput) (*generated.AccessPath, error) {
	if _, err := getAs[*graph.Dispositif](ctx, r, id); err != nil {
		return nil, err
	}
	ap, err := traverse.Access(ctx, r.Store, id)
	if err != nil {
		return nil, err
	}
	out := &generated.AccessPath{Dispositif: ap.Dispositif, Direct: ap.Direct, Warnings: []string{}, AccessModes: []*graph.Term{}}
	for _, m := range ap.Dispositif.AccessModes {
		out.AccessModes = append(out.AccessModes, &graph.Term{Slug: m, Label: graph.AccessModes.LabelOf(m)})
	}
	for i, st := range ap.Steps {
		visited := make([]traverse.Visited, len(st.Options))
		for j, o := range st.Options {
			visited[j] = traverse.Visited{ID: o, Depth: len(ap.Steps) - 1 - i}
		}
		options, err := r.graphNodes(ctx, visited)
		if err != nil {
			return nil, err
		}
		step := &generated.AccessStep{Order: i + 1, Options: options, Description: st.Description, Conditions: nonEmpty(st.Conditions)}
		if st.Relation != "" {
			rel := generated.RelationType(st.Relation)
			step.Relation = &rel
		}
		out.Steps = append(out.Steps, step)
	}
	if out.ContactsKnown, err = r.contactsOnTheWay(ctx, ap); err != nil {
		return nil, err
	}
	if !out.ContactsKnown {
		if out.Fallback, err = r.accessFallback(ctx, ap.Dispositif); err != nil {
			return nil, err
		}
	}
	if sit != nil && r.Search != nil {
		s, err := r.situation(ctx, sit)
		if err != nil {
			return nil, err
		}
		fit, err := r.Search.Check(ctx, ap.Dispositif, *s)
		if err != nil {
			return nil, err
		}
		for _, u := range fit.Unmet {
			out.Warnings = append(out.Warnings, u.Message)
		}
	}
	return out, nil
}

// parcoursView resolves a parcours's territory and step nodes.
func (r *Resolver) parcoursView(ctx context.Context, p parcours.Parcours) (*generated.Parcours, error) {
	out := &generated.Parcours{ID: p.ID, Title: p.Title, Summary: p.Summary, Persona: p.Persona, Sources: []*graph.Source{}}
	for i := range p.Sources {
		out.Sources = append(out.Sources, &p.Sources[i])
	}
	if p.Territory != "" {
		t, err := nullIfNotFound(r.node(ctx, p.Territory))
		if err != nil {
			return nil, err
		}
		out.Territory, _ = t.(*graph.Territory)
	}
	for _, st := range p.Steps {
		visited := make([]traverse.Visited, len(st.Nodes))
		for j, id := range st.Nodes {
			visited[j] = traverse.Visited{ID: id}
		}
		nodes, err := r.graphNodes(ctx, visited)
		if err != nil {
			return nil, err
		}
		out.Steps = append(out.Steps, &generated.ParcoursStep{Order: st.Order, Title: st.Title, Text: st.Text, Nodes: nodes, Source: st.Source})
	}
	return out, nil
}
