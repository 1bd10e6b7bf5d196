// Package migrate copies a whole graph from one store to another (embedded → Neo4j and back).
// It streams, writes only what differs (so a second run writes nothing), and verifies the
// counts at the end.
package migrate

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"

	"github.com/maillage/maillage/graph"
)

// batchSize is the number of items compared and written at once.
const batchSize = 5000

// Report says what a migration did.
type Report struct {
	Nodes, Edges               int // read from the source
	NodesWritten, EdgesWritten int // written to the target (differing or missing)
}

// Progress is called after each batch.
type Progress func(Report)

// Copy copies every node and edge of src into dst, as they are (ids, versions, timestamps).
func Copy(ctx context.Context, src, dst graph.Store, progress Progress) (Report, error) {
	var rep Report
	var nodes []graph.Node
	flushNodes := func() error {
		if len(nodes) == 0 {
			return nil
		}
		changed, err := differingNodes(ctx, dst, nodes)
		if err != nil {
			return err
		}
		if err := dst.Apply(ctx, graph.Batch{Nodes: changed}); err != nil {
			return err
		}
		rep.NodesWritten += len(changed)
		nodes = nodes[:0]
		if progress != nil {
			progress(rep)
		}
		return nil
	}
	err := src.ScanNodes(ctx, nil, func(n graph.Node) error {
		rep.Nodes++
		nodes = append(nodes, n)
		if len(nodes) == batchSize {
			return flushNodes()
		}
		return nil
	})
	if err == nil {
		err = flushNodes()
	}
	if err != nil {
		return rep, fmt.Errorf("copie des nœuds : %w", err)
	}
	var edges []graph.Edge
	flushEdges := func() error {
		if len(edges) == 0 {
			return nil
		}
		changed, err := differingEdges(ctx, dst, edges)
		if err != nil {
			return err
		}
		if err := dst.Apply(ctx, graph.Batch{Edges: changed}); err != nil {
			return err
		}
		rep.EdgesWritten += len(changed)
		edges = edges[:0]
		if progress != nil {
			progress(rep)
		}
		return nil
	}
	err = src.ScanEdges(ctx, func(e graph.Edge) error {
		rep.Edges++
		edges = append(edges, e)
		if len(edges) == batchSize {
			return flushEdges()
		}
		return nil
	})
	if err == nil {
		err = flushEdges()
	}
	if err != nil {
		return rep, fmt.Errorf("copie des relations : %w", err)
	}
	return rep, verify(ctx, src, dst)
}

// differingNodes returns the nodes that dst lacks or holds with other content.
func differingNodes(ctx context.Context, dst graph.Store, nodes []graph.Node) ([]graph.Node, error) {
	ids := make([]string, len(nodes))
	for i, n := range nodes {
		ids[i] = n.NodeMeta().ID
	}
	have, err := dst.GetMany(ctx, ids)
	if err != nil {
		return nil, err
	}
	var out []graph.Node
	for i, n := range nodes {
		if have[i] == nil || have[i].NodeKind() != n.NodeKind() || !sameJSON(have[i], n) {
			out = append(out, n)
		}
	}
	return out, nil
}

// differingEdges returns the edges that dst lacks or holds with other properties.
func differingEdges(ctx context.Context, dst graph.Store, edges []graph.Edge) ([]graph.Edge, error) {
	seen := map[string]bool{}
	var from []string
	for _, e := range edges {
		if !seen[e.From] {
			seen[e.From] = true
			from = append(from, e.From)
		}
	}
	have, err := dst.Edges(ctx, graph.EdgeQuery{IDs: from, Direction: graph.Outgoing})
	if err != nil {
		return nil, err
	}
	existing := make(map[graph.EdgeKey]graph.Edge, len(have))
	for _, e := range have {
		existing[e.Key()] = e
	}
	var out []graph.Edge
	for _, e := range edges {
		if h, ok := existing[e.Key()]; !ok || !sameJSON(h, e) {
			out = append(out, e)
		}
	}
	return out, nil
}

func sameJSON(a, b any) bool {
	x, err1 := json.Marshal(a)
	y, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && bytes.Equal(x, y)
}

// verify compares the counts of both stores by kind and relation type.
func verify(ctx context.Context, src, dst graph.Store) error {
	a, err := src.Stats(ctx)
	if err != nil {
		return err
	}
	b, err := dst.Stats(ctx)
	if err != nil {
		return err
	}
	for _, k := range graph.Kinds {
		if a.Nodes[k] != b.Nodes[k] {
			return fmt.Errorf("vérification : %d nœuds %s à la source, %d à la destination (la destination contenait-elle déjà d'autres données ?)", a.Nodes[k], k, b.Nodes[k])
		}
	}
	for _, t := range graph.RelationTypes {
		if a.Edges[t] != b.Edges[t] {
			return fmt.Errorf("vérification : %d relations %s à la source, %d à la destination (la destination contenait-elle déjà d'autres données ?)", a.Edges[t], t, b.Edges[t])
		}
	}
	return nil
}
