package embedded

import (
	"bytes"
	"context"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/maillage/maillage/graph"
)

// Apply implements graph.Store: the batch is validated whole before anything is written, then
// written in one transaction. Keys are written in sorted order, which keeps bbolt's pages full
// and the load fast.
func (s *Store) Apply(ctx context.Context, b graph.Batch) error {
	if len(b.Nodes)+len(b.Edges) == 0 {
		return nil
	}
	batchKinds := make(map[string]graph.Kind, len(b.Nodes))
	for i, n := range b.Nodes {
		if err := graph.ValidateStored(n); err != nil {
			return &graph.BatchItemError{Index: i, Err: err}
		}
		batchKinds[n.NodeMeta().ID] = n.NodeKind()
	}
	t := s.Now()
	return s.write(func(tx *bolt.Tx) error {
		nodes := tx.Bucket(bNodes)
		kindIn := func(id string) (graph.Kind, bool) {
			if k, ok := batchKinds[id]; ok {
				return k, true
			}
			if v := nodes.Get([]byte(id)); v != nil {
				return kindOf(v[0]), true
			}
			return "", false
		}
		if err := graph.CheckBatchEdges(b, kindIn); err != nil {
			return err
		}

		tx.Bucket(bNodes).FillPercent, tx.Bucket(bKinds).FillPercent = bulkFill, bulkFill
		sorted := slices.Clone(b.Nodes)
		slices.SortFunc(sorted, func(a, b graph.Node) int {
			return compareStrings(a.NodeMeta().ID, b.NodeMeta().ID)
		})
		for _, n := range sorted {
			if err := putNode(tx, n); err != nil {
				return err
			}
		}
		if err := putEdges(tx, b.Edges, t); err != nil {
			return err
		}
		return appendChange(tx, graph.Change{Op: graph.OpBulkLoad, Count: len(b.Nodes) + len(b.Edges), At: t}, nil)
	})
}

// bulkFill is the page fill factor used by Apply (bbolt's default is 0.5).
const bulkFill = 0.9

// putEdges writes edges with the out and in keys each in sorted order.
func putEdges(tx *bolt.Tx, edges []graph.Edge, t time.Time) error {
	type kv struct{ k, v []byte }
	outs := make([]kv, len(edges))
	ins := make([][]byte, len(edges))
	for i, e := range edges {
		if e.CreatedAt.IsZero() {
			e.CreatedAt = t
		}
		data, err := encodeEdge(e)
		if err != nil {
			return err
		}
		outs[i] = kv{outKey(e.Key()), data}
		ins[i] = inKey(e.Key())
	}
	slices.SortFunc(outs, func(a, b kv) int { return bytes.Compare(a.k, b.k) })
	slices.SortFunc(ins, bytes.Compare)
	out, in := tx.Bucket(bOut), tx.Bucket(bIn)
	// Bulk loads insert many keys at once: fuller pages on split keep the file dense.
	out.FillPercent, in.FillPercent = bulkFill, bulkFill
	for _, o := range outs {
		if err := out.Put(o.k, o.v); err != nil {
			return err
		}
	}
	for _, k := range ins {
		if err := in.Put(k, nil); err != nil {
			return err
		}
	}
	return nil
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
