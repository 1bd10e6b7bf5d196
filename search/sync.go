package search

import (
	"cmp"
	"context"
	"errors"
	"log/slog"
	"runtime"
	"sync"

	"github.com/maillage/maillage/graph"
)

// batchSize is the number of documents indexed per bleve batch.
const batchSize = 1000

// Reindex rebuilds every document and the side table from the store. The index then reflects
// the feed position read before the scan: changes made during the scan are replayed by Follow
// (indexing is idempotent). progress, when set, gets the number of documents indexed so far.
func (ix *Index) Reindex(ctx context.Context, s graph.Store, progress func(int)) error {
	ix.writeMu.Lock()
	defer ix.writeMu.Unlock()
	return ix.reindex(ctx, s, progress)
}

// projected is a batch of scanned nodes and their projection.
type projected struct {
	nodes []graph.Node
	p     projection
}

// scan reads the dispositifs and organisations of the store in batches and projects them, in
// its own goroutine, so that reading the store overlaps with indexing.
func scan(ctx context.Context, s graph.Store) (<-chan projected, func() error) {
	ch := make(chan projected, 1)
	errc := make(chan error, 1)
	go func() {
		defer close(ch)
		var pending []graph.Node
		flush := func() error {
			p, err := project(ctx, s, pending)
			if err != nil {
				return err
			}
			select {
			case ch <- projected{pending, p}:
			case <-ctx.Done():
				return ctx.Err()
			}
			pending = nil
			return nil
		}
		err := s.ScanNodes(ctx, []graph.Kind{graph.KindDispositif, graph.KindOrganisation}, func(n graph.Node) error {
			pending = append(pending, n)
			if len(pending) == batchSize {
				return flush()
			}
			return nil
		})
		if err == nil && len(pending) > 0 {
			err = flush()
		}
		errc <- err
	}()
	return ch, func() error { return <-errc }
}

func (ix *Index) reindex(ctx context.Context, s graph.Store, progress func(int)) error {
	seq, err := s.LastSeq(ctx)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ch, wait := scan(ctx, s)
	t := newTable()
	// Several batches in flight: while one waits for its segment to be persisted, another is
	// analysed and built, on every core.
	var mu sync.Mutex
	done := 0
	var ierr error
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) + 1 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range ch {
				mu.Lock()
				failed := ierr != nil
				mu.Unlock()
				if failed {
					continue // drain until the scan stops
				}
				err := ix.apply(b.nodes, nil, b.p, t)
				mu.Lock()
				if err != nil && ierr == nil {
					ierr = err
					cancel()
				}
				done += len(b.nodes)
				if err == nil && progress != nil {
					progress(done)
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if err := errors.Join(ierr, wait()); err != nil {
		return err
	}
	if err := ix.setSeq(seq); err != nil {
		return err
	}
	t.setSeq(seq)
	ix.tab.Store(t)
	return t.save(tablePath(ix.dir))
}

// buildTable builds the side table alone from the store (when the index is kept but its table
// is missing, for instance after a crash before the table was first saved).
func buildTable(ctx context.Context, s graph.Store) (*table, error) {
	seq, err := s.LastSeq(ctx)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ch, wait := scan(ctx, s)
	t := newTable()
	for b := range ch {
		b.p.analyse()
		for _, e := range b.p.entries {
			t.put(e)
		}
	}
	if err := wait(); err != nil {
		return nil, err
	}
	t.setSeq(seq)
	return t, nil
}

// update indexes nodes (removing archived ones) and removes the ids in gone, in the index and
// in the side table.
func (ix *Index) update(ctx context.Context, s graph.Store, nodes []graph.Node, gone []string) error {
	p, err := project(ctx, s, nodes)
	if err != nil {
		return err
	}
	return ix.apply(nodes, gone, p, ix.tab.Load())
}

func (ix *Index) apply(nodes []graph.Node, gone []string, p projection, t *table) error {
	p.analyse()
	b := ix.idx.NewBatch()
	var entries []*entry
	var removed []string
	for _, n := range nodes {
		if n == nil {
			continue
		}
		id := n.NodeMeta().ID
		if d, ok := p.docs[id]; ok {
			if err := b.Index(id, d); err != nil {
				return err
			}
		} else if indexed(n.NodeKind()) {
			b.Delete(id) // archived
		}
		if e, ok := p.entries[id]; ok {
			entries = append(entries, e)
		} else {
			removed = append(removed, id)
		}
	}
	for _, id := range gone {
		b.Delete(id)
	}
	if err := ix.idx.Batch(b); err != nil {
		return err
	}
	ix.changes.Add(1)
	if t != nil {
		t.remove(append(removed, gone...)...)
		t.put(entries...)
	}
	return nil
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
			return cmp.Or(ctx.Err(), err)
		}
		if err := ix.CatchUp(ctx, s); err != nil && ctx.Err() == nil {
			log.Error("mise à jour de l'index de recherche", "err", err)
		}
	}
}

// CatchUp applies every change after the index's position (at start, after a crash or a
// restart, and from Follow). The side table, when missing, is first built from the store; when
// it is behind the index (saved before a crash), the changes are replayed from its position.
func (ix *Index) CatchUp(ctx context.Context, s graph.Store) error {
	ix.writeMu.Lock()
	defer ix.writeMu.Unlock()
	// A new index (first start, or rebuilt after a format change) is filled by a full
	// re-projection rather than by replaying the whole change feed.
	if seq, err := ix.Seq(); err != nil {
		return err
	} else if n, err := ix.Count(); err == nil && seq == 0 && n == 0 {
		if err := ix.reindex(ctx, s, nil); err != nil {
			return err
		}
	}
	if ix.tab.Load() == nil {
		t, err := buildTable(ctx, s)
		if err != nil {
			return err
		}
		ix.tab.Store(t)
	}
	for {
		seq, err := ix.Seq()
		if err != nil {
			return err
		}
		t := ix.tab.Load()
		t.mu.RLock()
		seq = min(seq, t.seq)
		t.mu.RUnlock()
		changes, err := s.Changes(ctx, seq, 1000)
		if err != nil || len(changes) == 0 {
			return err
		}
		touched := map[string]bool{}
		bulk := false
		for _, c := range changes {
			if isReference(c) {
				ix.refGen.Add(1)
			}
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
			if err := ix.reindex(ctx, s, nil); err != nil {
				return err
			}
		} else if err := ix.refresh(ctx, s, touched); err != nil {
			return err
		}
		if err := ix.setSeq(last); err != nil {
			return err
		}
		ix.tab.Load().setSeq(last)
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
