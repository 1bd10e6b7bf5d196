package neo4j

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/maillage/maillage/graph"
)

// Changes implements graph.Store.
func (s *Store) Changes(ctx context.Context, after uint64, limit int) ([]graph.Change, error) {
	if limit <= 0 {
		limit = 1 << 30
	}
	return query(ctx, s, "MATCH (c:Change) WHERE c.seq > $after RETURN c ORDER BY c.seq LIMIT $limit",
		map[string]any{"after": int64(after), "limit": limit}, func(res neo4j.ResultWithContext) ([]graph.Change, error) {
			recs, err := res.Collect(ctx)
			if err != nil {
				return nil, err
			}
			out := make([]graph.Change, 0, len(recs))
			for _, r := range recs {
				p := r.Values[0].(neo4j.Node).Props
				c := graph.Change{Seq: uint64(p["seq"].(int64)), Op: graph.Op(p["op"].(string)), Kind: graph.Kind(p["kind"].(string)),
					ID: p["id"].(string), Version: p["version"].(int64), Count: int(p["count"].(int64))}
				c.At, _ = time.Parse(time.RFC3339Nano, p["at"].(string))
				if t := p["edgeType"].(string); t != "" {
					c.Edge = &graph.EdgeKey{Type: graph.RelationType(t), From: p["edgeFrom"].(string), To: p["edgeTo"].(string)}
				}
				out = append(out, c)
			}
			return out, nil
		})
}

// LastSeq implements graph.Store.
func (s *Store) LastSeq(ctx context.Context) (uint64, error) {
	return query(ctx, s, `MATCH (k:Counter {name: "changes"}) RETURN k.value AS v`, nil, func(res neo4j.ResultWithContext) (uint64, error) {
		recs, err := res.Collect(ctx)
		if err != nil || len(recs) == 0 {
			return 0, err
		}
		return uint64(recs[0].Values[0].(int64)), nil
	})
}

// Other processes' writes (other replicas) reach no in-process signal, and Bolt has no way to
// push them: the protocol only answers requests, and Neo4j's change data capture is an
// Enterprise feature that is itself read by polling (db.cdc.query). So WaitChange polls the
// change counter for them, adaptively: every minPoll right after it found changes (a burst of
// another replica's writes is followed closely), backing off by doubling to maxPoll when the
// feed is quiet (an idle replica asks once a second, one indexed read). Writes of this process
// wake the waiters at once (Store.written).
const (
	minPoll = 20 * time.Millisecond
	maxPoll = time.Second
)

// written wakes the WaitChange calls of this process after a committed write.
func (s *Store) written() {
	s.wake.Lock()
	if s.woken != nil {
		close(s.woken)
		s.woken = nil
	}
	s.wake.Unlock()
}

// wakeup returns a channel closed at the next committed write of this process.
func (s *Store) wakeup() <-chan struct{} {
	s.wake.Lock()
	defer s.wake.Unlock()
	if s.woken == nil {
		s.woken = make(chan struct{})
	}
	return s.woken
}

// WaitChange implements graph.Store.
func (s *Store) WaitChange(ctx context.Context, after uint64) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	for {
		woken := s.wakeup() // before reading: a write committed meanwhile closes it
		seq, err := s.LastSeq(ctx)
		if err != nil {
			return err
		}
		if seq > after {
			s.poll.Store(int64(minPoll)) // the feed moves: follow it closely
			return nil
		}
		poll := time.Duration(s.poll.Load())
		if poll < minPoll {
			poll = maxPoll // nothing seen yet
		}
		timer := time.NewTimer(poll)
		select {
		case <-ctx.Done():
			timer.Stop()
			return ctx.Err()
		case <-woken:
		case <-timer.C:
			s.poll.CompareAndSwap(int64(poll), int64(min(2*poll, maxPoll)))
		}
		timer.Stop()
	}
}

// scanPage is the number of nodes read per transaction by the scans.
const scanPage = 2000

// ScanNodes implements graph.Store.
func (s *Store) ScanNodes(ctx context.Context, kinds []graph.Kind, fn func(graph.Node) error) error {
	if len(kinds) == 0 {
		kinds = graph.Kinds
	}
	for _, k := range kinds {
		lbl, err := label(k)
		if err != nil {
			return err
		}
		after := ""
		for {
			// The kind's id index, from the cursor, in order: each page reads its own nodes
			// (without the hint, a page could sort the kind to find its 2,000).
			page, err := query(ctx, s, "MATCH (n:"+lbl+") USING INDEX n:"+lbl+"(id) WHERE n.id > $after RETURN n.kind AS kind, n.json AS json ORDER BY n.id LIMIT $limit",
				map[string]any{"after": after, "limit": scanPage}, func(res neo4j.ResultWithContext) ([]graph.Node, error) {
					recs, err := res.Collect(ctx)
					if err != nil {
						return nil, err
					}
					out := make([]graph.Node, 0, len(recs))
					for _, r := range recs {
						n, err := decode(r.Values[0], r.Values[1])
						if err != nil {
							return nil, err
						}
						out = append(out, n)
					}
					return out, nil
				})
			if err != nil {
				return err
			}
			for _, n := range page {
				if err := fn(n); err != nil {
					return err
				}
			}
			if len(page) < scanPage {
				break
			}
			after = page[len(page)-1].NodeMeta().ID
		}
	}
	return nil
}

// ScanEdges implements graph.Store: pages of source nodes in id order, then their outgoing
// edges by type and other end — the order of the embedded store.
func (s *Store) ScanEdges(ctx context.Context, fn func(graph.Edge) error) error {
	after := ""
	for {
		type page struct {
			edges []graph.Edge
			last  string
			nodes int
		}
		// One statement per page: the page's source nodes from the id index, in order, then
		// their outgoing edges.
		p, err := query(ctx, s, `MATCH (a:Node) USING INDEX a:Node(id) WHERE a.id > $after
				WITH a ORDER BY a.id LIMIT $limit
				WITH collect(a) AS page
				CALL { WITH page UNWIND page AS a MATCH (a)-[r]->(b:Node)
					RETURN collect([a.id, type(r), b.id, properties(r)]) AS edges }
				RETURN size(page) AS nodes, CASE size(page) WHEN 0 THEN "" ELSE page[-1].id END AS last, edges`,
			map[string]any{"after": after, "limit": scanPage}, func(res neo4j.ResultWithContext) (page, error) {
				var p page
				rec, err := res.Single(ctx)
				if err != nil {
					return p, err
				}
				p.nodes = int(rec.Values[0].(int64))
				p.last = rec.Values[1].(string)
				for _, v := range rec.Values[2].([]any) {
					r := v.([]any)
					e, err := edgeFrom(r[0].(string), r[1].(string), r[2].(string), r[3].(map[string]any))
					if err != nil {
						return p, err
					}
					p.edges = append(p.edges, e)
				}
				slices.SortFunc(p.edges, func(x, y graph.Edge) int {
					return cmp.Or(cmp.Compare(x.From, y.From), cmp.Compare(x.Type, y.Type), cmp.Compare(x.To, y.To))
				})
				return p, nil
			})
		if err != nil {
			return err
		}
		for _, e := range p.edges {
			if err := fn(e); err != nil {
				return err
			}
		}
		if p.nodes < scanPage {
			return nil
		}
		after = p.last
	}
}

// Stats implements graph.Store.
func (s *Store) Stats(ctx context.Context) (graph.Stats, error) {
	return read(ctx, s, func(tx neo4j.ManagedTransaction) (graph.Stats, error) {
		st := graph.Stats{Nodes: map[graph.Kind]int{}, Edges: map[graph.RelationType]int{}}
		res, err := tx.Run(ctx, "MATCH (n:Node) RETURN n.kind AS k, count(*) AS c", nil)
		if err != nil {
			return st, err
		}
		recs, err := res.Collect(ctx)
		if err != nil {
			return st, err
		}
		for _, r := range recs {
			st.Nodes[graph.Kind(r.Values[0].(string))] = int(r.Values[1].(int64))
		}
		res, err = tx.Run(ctx, "MATCH (:Node)-[r]->(:Node) RETURN type(r) AS t, count(*) AS c", nil)
		if err != nil {
			return st, err
		}
		recs, err = res.Collect(ctx)
		if err != nil {
			return st, err
		}
		for _, r := range recs {
			st.Edges[graph.RelationType(r.Values[0].(string))] = int(r.Values[1].(int64))
		}
		return st, nil
	})
}
