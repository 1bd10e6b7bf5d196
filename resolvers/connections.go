package resolvers

import (
	"context"
	"encoding/base64"
	"strings"

	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/resolvers/generated"
)

// Cursors are opaque to clients: base64 of "id:<node id>".
func encodeCursor(id string) string {
	return base64.RawURLEncoding.EncodeToString([]byte("id:" + id))
}

func decodeCursor(c *string) (string, error) {
	if c == nil || *c == "" {
		return "", nil
	}
	raw, err := base64.RawURLEncoding.DecodeString(*c)
	id, ok := strings.CutPrefix(string(raw), "id:")
	if err != nil || !ok {
		return "", graph.Errorf(graph.CodeBadUserInput, "Curseur de pagination invalide : « %s ».", *c)
	}
	return id, nil
}

// page runs q with the pagination arguments, enforcing the page-size cap.
func (r *Resolver) page(ctx context.Context, q graph.ListQuery, first *int, after *string) (graph.Page, *generated.PageInfo, error) {
	n := 20
	if first != nil {
		n = *first
	}
	switch {
	case n < 0:
		return graph.Page{}, nil, graph.Errorf(graph.CodeBadUserInput, "« first » ne peut pas être négatif.")
	case n > r.MaxPageSize:
		return graph.Page{}, nil, graph.Errorf(graph.CodeBadUserInput, "Page trop grande : %d éléments demandés, %d au plus par page. Utilisez « after » pour la page suivante.", n, r.MaxPageSize)
	}
	afterID, err := decodeCursor(after)
	if err != nil {
		return graph.Page{}, nil, err
	}
	q.After = afterID
	q.Limit = n
	q.WithoutCount = !requested(ctx, "totalCount")
	if n == 0 {
		q.Limit = 1 // the store needs a positive limit; the page is emptied below
	}
	p, err := r.list(ctx, q)
	if err != nil {
		return graph.Page{}, nil, err
	}
	if n == 0 {
		p.HasNext = len(p.Nodes) > 0
		p.Nodes = nil
	}
	info := &generated.PageInfo{HasNextPage: p.HasNext}
	if len(p.Nodes) > 0 {
		c := encodeCursor(p.Nodes[len(p.Nodes)-1].NodeMeta().ID)
		info.EndCursor = &c
	}
	for _, n := range p.Nodes { // prime the loader: nested fields of the page's nodes need no refetch
		r.loaders(ctx).nodes.Prime(n.NodeMeta().ID, n)
	}
	return p, info, nil
}

func (r *Resolver) dispositifConnection(ctx context.Context, q graph.ListQuery, first *int, after *string) (*generated.DispositifConnection, error) {
	q.Kind = graph.KindDispositif
	p, info, err := r.page(ctx, q, first, after)
	if err != nil {
		return nil, err
	}
	c := &generated.DispositifConnection{TotalCount: p.TotalCount, PageInfo: info}
	for _, n := range p.Nodes {
		c.Edges = append(c.Edges, &generated.DispositifEdge{Cursor: encodeCursor(n.NodeMeta().ID), Node: n.(*graph.Dispositif)})
	}
	return c, nil
}

func (r *Resolver) organisationConnection(ctx context.Context, q graph.ListQuery, first *int, after *string) (*generated.OrganisationConnection, error) {
	q.Kind = graph.KindOrganisation
	p, info, err := r.page(ctx, q, first, after)
	if err != nil {
		return nil, err
	}
	c := &generated.OrganisationConnection{TotalCount: p.TotalCount, PageInfo: info}
	for _, n := range p.Nodes {
		c.Edges = append(c.Edges, &generated.OrganisationEdge{Cursor: encodeCursor(n.NodeMeta().ID), Node: n.(*graph.Organisation)})
	}
	return c, nil
}

func (r *Resolver) territoryConnection(ctx context.Context, q graph.ListQuery, first *int, after *string) (*generated.TerritoryConnection, error) {
	q.Kind = graph.KindTerritory
	p, info, err := r.page(ctx, q, first, after)
	if err != nil {
		return nil, err
	}
	c := &generated.TerritoryConnection{TotalCount: p.TotalCount, PageInfo: info}
	for _, n := range p.Nodes {
		c.Edges = append(c.Edges, &generated.TerritoryEdge{Cursor: encodeCursor(n.NodeMeta().ID), Node: n.(*graph.Territory)})
	}
	return c, nil
}
