package search

import (
	"context"
	"log/slog"

	"github.com/maillage/maillage/graph"
)

// batchSize is the number of documents indexed per bleve batch.
const batchSize = 1000

// Reindex rebuilds every document from the store. The index then reflects the feed position
// read before the scan: changes made during the scan are replayed by Follow (indexing is
// idempotent). progress, when set, gets the number of documents indexed so far.
func (ix *Index) Reindex(ctx context.Context, s graph.Store, progress func(int)) error {
	seq, err := s.LastSeq(ctx)
	if err != nil {
		return err
	}
	done := 0
	var pending []graph.Node
	flush := func() error {
		if err := ix.update(ctx, s, pending, nil); err != nil {
			return err
		}
		done += len(pending)
		pending = pending[:0]
		if progress != nil {
			progress(done)
		}
		return nil
	}
	err = s.ScanNodes(ctx, []graph.Kind{graph.KindDispositif, graph.KindOrganisation}, func(n graph.Node) error {
		pending = append(pending, n)
		if len(pending) == batchSize {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	if err != nil {
		return err
	}
	return ix.setSeq(seq)
}

// update indexes nodes (removing archived ones) and removes the ids in gone.
func (ix *Index) update(ctx context.Context, s graph.Store, nodes []graph.Node, gone []string) error {
	docs, err := project(ctx, s, nodes)
	if err != nil {
		return err
	}
	b := ix.idx.NewBatch()
	for _, n := range nodes {
		if n == nil {
			continue
		}
		id := n.NodeMeta().ID
		if d, ok := docs[id]; ok {
			if err := b.Index(id, d); err != nil {
				return err
			}
		} else if indexed(n.NodeKind()) {
			b.Delete(id) // archived
		}
	}
	for _, id := range gone {
		b.Delete(id)
	}
	return ix.idx.Batch(b)
}

// Follow keeps the index in step with the store until ctx ends: it waits for changes after the
// index's position, re-projects the nodes they touch and records the new position. A bulk load
// triggers a full re-projection. Errors are logged and retried on the next change.
func (ix *Index) Follow(ctx context.Context, s graph.Store, log *slog.Logger) error {
	for {
		seq, err := ix.Seq()
		if err != nil {
			return err
		}
		if err := s.WaitChange(ctx, seq); err != nil {
			return ctx.Err()
		}
		if err := ix.CatchUp(ctx, s); err != nil && ctx.Err() == nil {
			log.Error("mise à jour de l'index de recherche", "err", err)
		}
	}
}

// CatchUp applies every change after the index's position (at start, after a crash or a
// restart, and from Follow).
func (ix *Index) CatchUp(ctx context.Context, s graph.Store) error {
	for {
		seq, err := ix.Seq()
		if err != nil {
			return err
		}
		changes, err := s.Changes(ctx, seq, 1000)
		if err != nil || len(changes) == 0 {
			return err
		}
		touched := map[string]bool{}
		bulk := false
		for _, c := range changes {
			switch {
			case c.Op == graph.OpBulkLoad:
				bulk = true
			case c.Edge != nil:
				touched[c.Edge.From], touched[c.Edge.To] = true, true
			default:
				touched[c.ID] = true
			}
		}
		last := changes[len(changes)-1].Seq
		if bulk {
			if err := ix.Reindex(ctx, s, nil); err != nil {
				return err
			}
			if err := ix.setSeq(last); err != nil {
				return err
			}
			continue
		}
		if err := ix.refresh(ctx, s, touched); err != nil {
			return err
		}
		if err := ix.setSeq(last); err != nil {
			return err
		}
	}
}

// refresh re-projects the touched nodes and, for organisations, the dispositifs they operate
// (whose documents carry the operator's name).
func (ix *Index) refresh(ctx context.Context, s graph.Store, touched map[string]bool) error {
	ids := make([]string, 0, len(touched))
	for id := range touched {
		ids = append(ids, id)
	}
	nodes, err := s.GetMany(ctx, ids)
	if err != nil {
		return err
	}
	var orgs []string
	for _, n := range nodes {
		if n != nil && n.NodeKind() == graph.KindOrganisation {
			orgs = append(orgs, n.NodeMeta().ID)
		}
	}
	if len(orgs) > 0 {
		ops, err := s.Edges(ctx, graph.EdgeQuery{IDs: orgs, Direction: graph.Outgoing, Types: []graph.RelationType{graph.Operates}})
		if err != nil {
			return err
		}
		var more []string
		for _, e := range ops {
			if !touched[e.To] {
				touched[e.To] = true
				more = append(more, e.To)
			}
		}
		extra, err := s.GetMany(ctx, more)
		if err != nil {
			return err
		}
		nodes = append(nodes, extra...)
	}
	var gone []string
	for i, n := range nodes[:len(ids)] {
		if n == nil {
			gone = append(gone, ids[i])
		}
	}
	return ix.update(ctx, s, nodes, gone)
}
