package neo4j

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/maillage/maillage/graph"
)

// props returns the properties stored on a node: the JSON and the fields queries filter on.
func props(n graph.Node) (map[string]any, error) {
	data, err := json.Marshal(n)
	if err != nil {
		return nil, err
	}
	m := n.NodeMeta()
	p := map[string]any{
		"id": m.ID, "kind": string(n.NodeKind()), "json": string(data), "version": m.Version,
		"archived": m.Archived(), "search": searchText(n),
	}
	switch v := n.(type) {
	case *graph.Organisation:
		p["type"] = v.Type
	case *graph.Dispositif:
		p["type"], p["status"] = v.Type, v.Status
	case *graph.Territory:
		p["level"] = string(v.Level)
	}
	return p, nil
}

// searchText is what the List text filter looks into: name, acronyms, codes, folded.
func searchText(n graph.Node) string {
	parts := []string{n.Label()}
	switch v := n.(type) {
	case *graph.Organisation:
		parts = append(parts, v.Acronyms...)
	case *graph.Dispositif:
		parts = append(parts, v.Acronyms...)
	case *graph.Instance:
		parts = append(parts, v.Acronyms...)
	case *graph.Territory:
		parts = append(append(parts, v.Code), v.PostalCodes...)
	}
	return graph.Fold(strings.Join(parts, "\n"))
}

// label is the Cypher label of a kind; kinds come from graph.Kinds only.
func label(k graph.Kind) (string, error) {
	if !k.Valid() {
		return "", graph.Errorf(graph.CodeBadUserInput, "Type de nœud inconnu : « %s ».", k)
	}
	return string(k), nil
}

func decode(kind, data any) (graph.Node, error) {
	k, _ := kind.(string)
	s, _ := data.(string)
	return graph.DecodeNode(graph.Kind(k), []byte(s))
}

// appendChange records a change in the same transaction as the write it describes and, when
// rev is given, the revision in the history of the node it concerns (both ends of a relation),
// under the same sequence number.
func appendChange(ctx context.Context, tx neo4j.ManagedTransaction, c graph.Change, rev *graph.Revision) error {
	p := map[string]any{"at": c.At.Format(time.RFC3339Nano), "op": string(c.Op), "kind": string(c.Kind),
		"id": c.ID, "version": c.Version, "count": c.Count, "et": "", "ef": "", "eto": ""}
	if c.Edge != nil {
		p["et"], p["ef"], p["eto"] = string(c.Edge.Type), c.Edge.From, c.Edge.To
	}
	res, err := tx.Run(ctx, `MERGE (k:Counter {name: "changes"}) ON CREATE SET k.value = 0
		SET k.value = k.value + 1
		CREATE (:Change {seq: k.value, at: $at, op: $op, kind: $kind, id: $id, version: $version,
			count: $count, edgeType: $et, edgeFrom: $ef, edgeTo: $eto})
		RETURN k.value AS seq`, p)
	if err != nil {
		return err
	}
	rec, err := res.Single(ctx)
	if err != nil || rev == nil {
		return err
	}
	rev.Seq = uint64(rec.Values[0].(int64))
	data, err := json.Marshal(rev)
	if err != nil {
		return err
	}
	ids := []string{rev.ID}
	if rev.Edge != nil {
		ids = []string{rev.Edge.From, rev.Edge.To}
	}
	_, err = tx.Run(ctx, "UNWIND $ids AS id CREATE (:Revision {node: id, seq: $seq, data: $data})",
		map[string]any{"ids": ids, "seq": int64(rev.Seq), "data": string(data)})
	return err
}

// History implements graph.Store.
func (s *Store) History(ctx context.Context, id string) ([]graph.Revision, error) {
	return query(ctx, s, "MATCH (r:Revision {node: $id}) RETURN r.data ORDER BY r.seq", map[string]any{"id": id},
		func(res neo4j.ResultWithContext) ([]graph.Revision, error) {
			recs, err := res.Collect(ctx)
			if err != nil {
				return nil, err
			}
			out := make([]graph.Revision, len(recs))
			for i, r := range recs {
				if err := json.Unmarshal([]byte(r.Values[0].(string)), &out[i]); err != nil {
					return nil, err
				}
			}
			return out, nil
		})
}

// lockAndGet takes the write lock of node id, then reads it: concurrent writers of one node
// are serialised, and each sees the version the previous one committed.
func lockAndGet(ctx context.Context, tx neo4j.ManagedTransaction, id string) (graph.Node, error) {
	res, err := tx.Run(ctx, "MATCH (n:Node {id: $id}) SET n.locked = true", map[string]any{"id": id})
	if err != nil {
		return nil, err
	}
	if _, err := res.Consume(ctx); err != nil {
		return nil, err
	}
	return getIn(ctx, tx, id)
}

func getIn(ctx context.Context, tx neo4j.ManagedTransaction, id string) (graph.Node, error) {
	res, err := tx.Run(ctx, "MATCH (n:Node {id: $id}) RETURN n.kind AS kind, n.json AS json", map[string]any{"id": id})
	if err != nil {
		return nil, err
	}
	recs, err := res.Collect(ctx)
	if err != nil || len(recs) == 0 {
		return nil, err
	}
	return decode(recs[0].Values[0], recs[0].Values[1])
}

// putNode writes n's properties and labels (its kind label only).
func putNode(ctx context.Context, tx neo4j.ManagedTransaction, n graph.Node) error {
	p, err := props(n)
	if err != nil {
		return err
	}
	lbl, err := label(n.NodeKind())
	if err != nil {
		return err
	}
	_, err = tx.Run(ctx, fmt.Sprintf("MERGE (n:Node {id: $id}) SET n = $p REMOVE n:%s SET n:%s", otherLabels(n.NodeKind()), lbl),
		map[string]any{"id": p["id"], "p": p})
	return err
}

// createNode writes a new node with CREATE, never MERGE: when two transactions create the same
// id at once, the uniqueness constraint fails the second one (CONFLICT) instead of letting it
// overwrite the first, which a MERGE would do once the first commits.
func createNode(ctx context.Context, tx neo4j.ManagedTransaction, n graph.Node) error {
	p, err := props(n)
	if err != nil {
		return err
	}
	lbl, err := label(n.NodeKind())
	if err != nil {
		return err
	}
	_, err = tx.Run(ctx, fmt.Sprintf("CREATE (n:Node:%s) SET n = $p", lbl), map[string]any{"p": p})
	return err
}

// otherLabels lists the kind labels other than k, joined for a REMOVE clause.
func otherLabels(k graph.Kind) string {
	var out []string
	for _, x := range graph.Kinds {
		if x != k {
			out = append(out, string(x))
		}
	}
	return strings.Join(out, ":")
}

// Now is the store's clock (graph.Store).
func (s *Store) Now() time.Time { return s.clock.Now() }

// Create implements graph.Store.
func (s *Store) Create(ctx context.Context, n graph.Node, links ...graph.Edge) (graph.Node, error) {
	n = graph.CloneNode(n)
	if err := graph.PrepareCreate(n, s.Now()); err != nil {
		return nil, err
	}
	m := n.NodeMeta()
	return write(ctx, s, func(tx neo4j.ManagedTransaction) (graph.Node, error) {
		existing, err := getIn(ctx, tx, m.ID)
		if err != nil {
			return nil, err
		}
		if existing != nil {
			return nil, graph.Errorf(graph.CodeConflict, "L'identifiant « %s » est déjà pris.", m.ID)
		}
		if err := createNode(ctx, tx, n); err != nil {
			return nil, err
		}
		rev, err := graph.NodeRevision(ctx, graph.OpCreate, nil, n)
		if err != nil {
			return nil, err
		}
		if err := appendChange(ctx, tx, graph.Change{Op: graph.OpCreate, Kind: n.NodeKind(), ID: m.ID, Version: m.Version, At: m.UpdatedAt}, &rev); err != nil {
			return nil, err
		}
		for _, e := range graph.NewNodeLinks(m.ID, links) {
			if _, err := s.link(ctx, tx, e); err != nil {
				return nil, err
			}
		}
		return n, nil
	})
}

// Update implements graph.Store; the version check happens under the node's write lock.
func (s *Store) Update(ctx context.Context, n graph.Node, expectedVersion int64) (graph.Node, error) {
	id := n.NodeMeta().ID
	return write(ctx, s, func(tx neo4j.ManagedTransaction) (graph.Node, error) {
		next := graph.CloneNode(n) // the transaction may be retried: start from the input each time
		stored, err := lockAndGet(ctx, tx, id)
		if err != nil {
			return nil, err
		}
		if stored == nil {
			return nil, graph.NotFound("Fiche", id)
		}
		if err := graph.PrepareUpdate(next, stored, expectedVersion, s.Now()); err != nil {
			return nil, err
		}
		if err := putNode(ctx, tx, next); err != nil {
			return nil, err
		}
		rev, err := graph.NodeRevision(ctx, graph.OpUpdate, stored, next)
		if err != nil {
			return nil, err
		}
		return next, appendChange(ctx, tx, graph.Change{Op: graph.OpUpdate, Kind: next.NodeKind(), ID: id, Version: next.NodeMeta().Version, At: next.NodeMeta().UpdatedAt}, &rev)
	})
}

// Archive implements graph.Store.
func (s *Store) Archive(ctx context.Context, id string, expectedVersion int64) (graph.Node, error) {
	return s.setArchived(ctx, id, expectedVersion, true)
}

// Restore implements graph.Store.
func (s *Store) Restore(ctx context.Context, id string, expectedVersion int64) (graph.Node, error) {
	return s.setArchived(ctx, id, expectedVersion, false)
}

func (s *Store) setArchived(ctx context.Context, id string, expectedVersion int64, archive bool) (graph.Node, error) {
	return write(ctx, s, func(tx neo4j.ManagedTransaction) (graph.Node, error) {
		n, err := lockAndGet(ctx, tx, id)
		if err != nil {
			return nil, err
		}
		if n == nil {
			return nil, graph.NotFound("Fiche", id)
		}
		before := graph.CloneNode(n)
		if err := graph.PrepareArchive(n, expectedVersion, archive, s.Now()); err != nil {
			return nil, err
		}
		if err := putNode(ctx, tx, n); err != nil {
			return nil, err
		}
		rev, err := graph.NodeRevision(ctx, graph.ArchiveOp(archive), before, n)
		if err != nil {
			return nil, err
		}
		return n, appendChange(ctx, tx, graph.Change{Op: graph.ArchiveOp(archive), Kind: n.NodeKind(), ID: id, Version: n.NodeMeta().Version, At: n.NodeMeta().UpdatedAt}, &rev)
	})
}

// Get implements graph.Store.
func (s *Store) Get(ctx context.Context, id string) (graph.Node, error) {
	nodes, err := s.GetMany(ctx, []string{id})
	if err != nil {
		return nil, err
	}
	if nodes[0] == nil {
		return nil, graph.NotFound("Fiche", id)
	}
	return nodes[0], nil
}

// GetMany implements graph.Store: one statement, one round trip.
func (s *Store) GetMany(ctx context.Context, ids []string) ([]graph.Node, error) {
	return query(ctx, s, "UNWIND $ids AS id MATCH (n:Node {id: id}) RETURN n.id AS id, n.kind AS kind, n.json AS json", map[string]any{"ids": ids},
		func(res neo4j.ResultWithContext) ([]graph.Node, error) {
			byID := make(map[string]graph.Node, len(ids))
			for res.Next(ctx) {
				r := res.Record()
				n, err := decode(r.Values[1], r.Values[2])
				if err != nil {
					return nil, err
				}
				byID[r.Values[0].(string)] = n
			}
			if err := res.Err(); err != nil {
				return nil, err
			}
			out := make([]graph.Node, len(ids))
			for i, id := range ids {
				out[i] = byID[id]
			}
			return out, nil
		})
}

// List implements graph.Store. Its cost follows the page, not the kind (listCypher).
func (s *Store) List(ctx context.Context, q graph.ListQuery) (graph.Page, error) {
	lq, err := listCypher(q)
	if err != nil {
		return graph.Page{}, err
	}
	if lq.count == "" {
		// One statement: an auto-commit read, one round trip.
		return query(ctx, s, lq.page, lq.params, func(res neo4j.ResultWithContext) (graph.Page, error) {
			var page graph.Page
			return page, readPage(ctx, res, q.Limit, &page)
		})
	}
	// The count and the page in one transaction: they see the same graph.
	return read(ctx, s, func(tx neo4j.ManagedTransaction) (graph.Page, error) {
		var page graph.Page
		{
			res, err := tx.Run(ctx, lq.count, lq.params)
			if err != nil {
				return page, err
			}
			rec, err := res.Single(ctx)
			if err != nil {
				return page, err
			}
			page.TotalCount = int(rec.Values[0].(int64))
		}
		res, err := tx.Run(ctx, lq.page, lq.params)
		if err != nil {
			return page, err
		}
		return page, readPage(ctx, res, q.Limit, &page)
	})
}

// readPage decodes a listing's rows into page: limit nodes, and HasNext when one more came.
func readPage(ctx context.Context, res neo4j.ResultWithContext, limit int, page *graph.Page) error {
	recs, err := res.Collect(ctx)
	if err != nil {
		return err
	}
	for _, r := range recs {
		if limit > 0 && len(page.Nodes) == limit {
			page.HasNext = true
			break
		}
		n, err := decode(r.Values[0], r.Values[1])
		if err != nil {
			return err
		}
		page.Nodes = append(page.Nodes, n)
	}
	return nil
}

// listQuery is the Cypher of a listing: the page and, when asked, the count ("" otherwise).
type listQuery struct {
	page, count string
	params      map[string]any
}

// listCypher builds the statements of a listing so that Neo4j reads what the page needs:
//
//   - Without relation filter, the nodes come from the kind's id index (maillage_<kind>_id),
//     from the cursor on and in id order: the plan is an index seek by range that provides the
//     order, so ORDER BY … LIMIT stops after the page and the next match instead of sorting the
//     kind (a page of 20 of the 300,000 national dispositifs read and sorted them all).
//   - With relation filters, the first one anchors the match on its other end (one node by the
//     unique id), whose relations give the candidates (sorted: as many as the anchor has, as
//     the embedded store reads them); the others are existence checks. No
//     DISTINCT: each filter names one other node, and there is at most one relation of a type
//     between two nodes (Link and Apply MERGE them), so no pattern repeats a node.
//   - The cursor's condition comes before anything that would need every match (there is no
//     DISTINCT, no aggregation in the page statement).
//   - Filters read the copied properties; a filter a kind does not have is ignored, as in the
//     embedded store (the status of an organisation).
//   - Without filter, the count comes from Neo4j's count store (the kind's label), minus the
//     archived nodes of the kind found through the archived index: no node is read.
func listCypher(q graph.ListQuery) (listQuery, error) {
	lbl, err := label(q.Kind)
	if err != nil {
		return listQuery{}, err
	}
	related := q.Related
	if q.Parent != "" {
		related = append(append([]graph.RelatedFilter(nil), related...), graph.RelatedFilter{Type: graph.PartOf, Other: q.Parent})
	}
	params := map[string]any{"after": q.After, "limit": q.Limit + 1, "kind": string(q.Kind)}
	var where []string
	if !q.IncludeArchived {
		where = append(where, "n.archived = false")
	}
	var fields []struct{ prop, val string }
	switch q.Kind {
	case graph.KindOrganisation:
		fields = append(fields, struct{ prop, val string }{"type", q.Type})
	case graph.KindDispositif:
		fields = append(fields, struct{ prop, val string }{"type", q.Type}, struct{ prop, val string }{"status", q.Status})
	case graph.KindTerritory:
		fields = append(fields, struct{ prop, val string }{"level", string(q.Level)})
	}
	filtered := false
	for _, f := range fields {
		if f.val != "" {
			params[f.prop] = f.val
			where = append(where, fmt.Sprintf("n.%s = $%s", f.prop, f.prop))
			filtered = true
		}
	}
	if t := graph.Fold(strings.TrimSpace(q.Text)); t != "" {
		params["text"] = t
		where = append(where, "n.search CONTAINS $text")
		filtered = true
	}
	var match, countMatch string
	for i, r := range related {
		if !r.Type.Valid() {
			return listQuery{}, graph.Errorf(graph.CodeBadUserInput, "Type de relation inconnu : « %s ».", r.Type)
		}
		key := fmt.Sprintf("o%d", i)
		params[key] = r.Other
		pattern := fmt.Sprintf("(n)-[:%s]->(%%s:Node {id: $%s})", r.Type, key)
		if r.Direction == graph.Incoming {
			pattern = fmt.Sprintf("(n)<-[:%s]-(%%s:Node {id: $%s})", r.Type, key)
		}
		if i == 0 {
			// n has no label here, and its kind is a property: nothing but the anchor's relations
			// can produce n, whatever the planner's estimates (with the label, it sometimes
			// joined an id-ordered scan of the kind with the anchor).
			match = "MATCH " + fmt.Sprintf(pattern, "o0")
			where = append(where, "n.kind = $kind")
		} else {
			where = append(where, "EXISTS { MATCH "+fmt.Sprintf(pattern, "")+" }")
		}
	}
	countMatch = match
	if match == "" {
		// The hint needs the cursor's condition on n.id, which the count does not have.
		match = fmt.Sprintf("MATCH (n:%s) USING INDEX n:%s(id)", lbl, lbl)
		countMatch = fmt.Sprintf("MATCH (n:%s)", lbl)
	}
	cond := func(extra ...string) string {
		all := append(append([]string(nil), extra...), where...)
		if len(all) == 0 {
			return ""
		}
		return " WHERE " + strings.Join(all, " AND ")
	}
	lq := listQuery{params: params}
	lq.page = match + cond("n.id > $after") + " RETURN n.kind AS kind, n.json AS json ORDER BY n.id LIMIT $limit"
	switch {
	case q.WithoutCount:
	case !filtered && len(related) == 0:
		lq.count = fmt.Sprintf("CALL { MATCH (n:%s) RETURN count(n) AS total }", lbl)
		if q.IncludeArchived {
			lq.count += " RETURN total"
		} else {
			lq.count += " CALL { MATCH (a:Node) USING INDEX a:Node(archived) WHERE a.archived = true AND a.kind = $kind RETURN count(a) AS archived }" +
				" RETURN total - archived"
		}
	default:
		lq.count = countMatch + cond() + " RETURN count(n)"
	}
	return lq, nil
}
