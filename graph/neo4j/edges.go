package neo4j

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/maillage/maillage/graph"
)

// relType returns a relation type for Cypher; types come from graph.RelationTypes only.
func relType(t graph.RelationType) (string, error) {
	if !t.Valid() {
		return "", graph.Errorf(graph.CodeBadUserInput, "Type de relation inconnu : « %s ».", t)
	}
	return string(t), nil
}

// edgeProps are the relationship's properties (nil values are not stored by Neo4j).
func edgeProps(e graph.Edge) (map[string]any, error) {
	p := map[string]any{"createdAt": e.CreatedAt.UTC().Format(time.RFC3339Nano)}
	if e.Amount != nil {
		p["amount"] = *e.Amount
	}
	if e.Year != nil {
		p["year"] = int64(*e.Year)
	}
	for k, v := range map[string]string{"since": e.Since, "role": e.Role, "conditions": e.Conditions} {
		if v != "" {
			p[k] = v
		}
	}
	if e.Source != nil {
		data, err := json.Marshal(e.Source)
		if err != nil {
			return nil, err
		}
		p["source"] = string(data)
	}
	return p, nil
}

// edgeFrom rebuilds an edge from its ends, type and properties.
func edgeFrom(from, typ, to string, p map[string]any) (graph.Edge, error) {
	e := graph.Edge{Type: graph.RelationType(typ), From: from, To: to}
	if v, ok := p["amount"].(float64); ok {
		e.Amount = &v
	}
	if v, ok := p["year"].(int64); ok {
		y := int(v)
		e.Year = &y
	}
	e.Since, _ = p["since"].(string)
	e.Role, _ = p["role"].(string)
	e.Conditions, _ = p["conditions"].(string)
	if v, ok := p["source"].(string); ok {
		var src graph.Source
		if err := json.Unmarshal([]byte(v), &src); err != nil {
			return e, err
		}
		e.Source = &src
	}
	if v, ok := p["createdAt"].(string); ok {
		t, err := time.Parse(time.RFC3339Nano, v)
		if err != nil {
			return e, err
		}
		e.CreatedAt = t
	}
	return e, nil
}

// Link implements graph.Store.
func (s *Store) Link(ctx context.Context, e graph.Edge) (graph.Edge, error) {
	return write(ctx, s, func(tx neo4j.ManagedTransaction) (graph.Edge, error) { return s.link(ctx, tx, e) })
}

// link writes an edge in tx, with its change and revision.
func (s *Store) link(ctx context.Context, tx neo4j.ManagedTransaction, e graph.Edge) (graph.Edge, error) {
	from, err := getIn(ctx, tx, e.From)
	if err != nil {
		return e, err
	}
	to, err := getIn(ctx, tx, e.To)
	if err != nil {
		return e, err
	}
	now := s.Now()
	if err := graph.PrepareEdge(&e, from, to, now); err != nil {
		return e, err
	}
	typ, err := relType(e.Type)
	if err != nil {
		return e, err
	}
	p, err := edgeProps(e)
	if err != nil {
		return e, err
	}
	_, err = tx.Run(ctx, fmt.Sprintf("MATCH (a:Node {id: $from}), (b:Node {id: $to}) MERGE (a)-[r:%s]->(b) SET r = $p", typ),
		map[string]any{"from": e.From, "to": e.To, "p": p})
	if err != nil {
		return e, err
	}
	k := e.Key()
	rev := graph.EdgeRevision(ctx, graph.OpLink, e, now)
	return e, appendChange(ctx, tx, graph.Change{Op: graph.OpLink, Edge: &k, At: now}, &rev)
}

// Unlink implements graph.Store.
func (s *Store) Unlink(ctx context.Context, k graph.EdgeKey) error {
	typ, err := relType(k.Type)
	if err != nil {
		return err
	}
	_, err = write(ctx, s, func(tx neo4j.ManagedTransaction) (struct{}, error) {
		res, err := tx.Run(ctx, fmt.Sprintf("MATCH (:Node {id: $from})-[r:%s]->(:Node {id: $to}) WITH r, properties(r) AS p DELETE r RETURN p", typ),
			map[string]any{"from": k.From, "to": k.To})
		if err != nil {
			return struct{}{}, err
		}
		recs, err := res.Collect(ctx)
		if err != nil {
			return struct{}{}, err
		}
		if len(recs) == 0 {
			return struct{}{}, graph.Errorf(graph.CodeNotFound, "Aucune relation %s de « %s » vers « %s ».", k.Type, k.From, k.To)
		}
		removed, err := edgeFrom(k.From, string(k.Type), k.To, recs[0].Values[0].(map[string]any))
		if err != nil {
			return struct{}{}, err
		}
		rev := graph.EdgeRevision(ctx, graph.OpUnlink, removed, s.Now())
		return struct{}{}, appendChange(ctx, tx, graph.Change{Op: graph.OpUnlink, Edge: &k, At: rev.At}, &rev)
	})
	return err
}

// Edges implements graph.Store, ordered like the embedded store: by node (in the order of
// q.IDs), then type, then other end.
func (s *Store) Edges(ctx context.Context, q graph.EdgeQuery) ([]graph.Edge, error) {
	var types []string
	for _, t := range q.Types {
		typ, err := relType(t)
		if err != nil {
			return nil, err
		}
		types = append(types, typ)
	}
	pattern := "(x:Node {id: ids[i]})-[r]->(o:Node)"
	if q.Direction == graph.Incoming {
		pattern = "(x:Node {id: ids[i]})<-[r]-(o:Node)"
	}
	cypher := "WITH $ids AS ids UNWIND range(0, size(ids)-1) AS i MATCH " + pattern +
		" WHERE size($types) = 0 OR type(r) IN $types RETURN i, x.id AS x, type(r) AS t, o.id AS o, properties(r) AS p ORDER BY i, t, o"
	if q.KeysOnly {
		cypher = strings.Replace(cypher, "properties(r) AS p", "{} AS p", 1)
	}
	if q.PerNode > 0 {
		// A subquery per node, so that LIMIT applies to each node's edges.
		cypher = "WITH $ids AS ids UNWIND range(0, size(ids)-1) AS i CALL { WITH i, ids MATCH " + pattern +
			" WHERE size($types) = 0 OR type(r) IN $types WITH x, r, o ORDER BY type(r), o.id LIMIT $perNode" +
			" RETURN x.id AS x, type(r) AS t, o.id AS o, properties(r) AS p } RETURN i, x, t, o, p ORDER BY i, t, o"
		if q.KeysOnly {
			cypher = strings.Replace(cypher, "properties(r) AS p", "{} AS p", 1)
		}
	}
	if types == nil {
		types = []string{}
	}
	return query(ctx, s, cypher, map[string]any{"ids": q.IDs, "types": types, "perNode": q.PerNode}, func(res neo4j.ResultWithContext) ([]graph.Edge, error) {
		recs, err := res.Collect(ctx)
		if err != nil {
			return nil, err
		}
		out := make([]graph.Edge, 0, len(recs))
		for _, r := range recs {
			x, t, o := r.Values[1].(string), r.Values[2].(string), r.Values[3].(string)
			from, to := x, o
			if q.Direction == graph.Incoming {
				from, to = o, x
			}
			e, err := edgeFrom(from, t, to, r.Values[4].(map[string]any))
			if err != nil {
				return nil, err
			}
			out = append(out, e)
		}
		return out, nil
	})
}

// EdgesBatch implements graph.EdgeBatcher.
func (s *Store) EdgesBatch(ctx context.Context, qs []graph.EdgeQuery) ([][]graph.Edge, error) {
	out, _, err := s.edgesBatch(ctx, qs, false)
	return out, err
}

// EdgesAndOthers implements graph.OthersBatcher: EdgesBatch's statement also returns the other
// end's stored node (kind and JSON) with each edge.
func (s *Store) EdgesAndOthers(ctx context.Context, qs []graph.EdgeQuery) ([][]graph.Edge, map[string]graph.Node, error) {
	return s.edgesBatch(ctx, qs, true)
}

// edgesBatch sends the queries as one statement, each node's edges in a subquery per direction
// (a direction cannot be a parameter, so both branches are written and the other one is
// skipped before it matches anything), in the order of Edges. PerNode slices each node's
// ordered edges (a LIMIT cannot be taken from a row). With others, each row also carries the
// other end's kind and JSON, decoded once per node.
func (s *Store) edgesBatch(ctx context.Context, qs []graph.EdgeQuery, others bool) ([][]graph.Edge, map[string]graph.Node, error) {
	out := make([][]graph.Edge, len(qs))
	rows := make([]map[string]any, len(qs))
	for i, q := range qs {
		types := []string{}
		for _, t := range q.Types {
			typ, err := relType(t)
			if err != nil {
				return nil, nil, err
			}
			types = append(types, typ)
		}
		ids := q.IDs
		if ids == nil {
			ids = []string{}
		}
		rows[i] = map[string]any{"ids": ids, "out": q.Direction != graph.Incoming, "types": types, "keys": q.KeysOnly, "per": q.PerNode}
	}
	const cypher = `UNWIND range(0, size($qs)-1) AS qi WITH qi, $qs[qi] AS q
		UNWIND range(0, size(q.ids)-1) AS i
		CALL {
			WITH q, i
			WITH q, i WHERE q.out
			MATCH (x:Node {id: q.ids[i]})-[r]->(o:Node) WHERE size(q.types) = 0 OR type(r) IN q.types
			WITH q, x, type(r) AS t, o.id AS oid, CASE WHEN q.keys THEN {} ELSE properties(r) END AS p,
				CASE WHEN $others THEN [o.kind, o.json] END AS n ORDER BY t, oid
			WITH q, x, collect([t, oid, p, n]) AS es
			UNWIND CASE WHEN q.per > 0 THEN es[..q.per] ELSE es END AS e
			RETURN x.id AS x, e[0] AS t, e[1] AS o, e[2] AS p, e[3] AS n
			UNION ALL
			WITH q, i
			WITH q, i WHERE NOT q.out
			MATCH (x:Node {id: q.ids[i]})<-[r]-(o:Node) WHERE size(q.types) = 0 OR type(r) IN q.types
			WITH q, x, type(r) AS t, o.id AS oid, CASE WHEN q.keys THEN {} ELSE properties(r) END AS p,
				CASE WHEN $others THEN [o.kind, o.json] END AS n ORDER BY t, oid
			WITH q, x, collect([t, oid, p, n]) AS es
			UNWIND CASE WHEN q.per > 0 THEN es[..q.per] ELSE es END AS e
			RETURN x.id AS x, e[0] AS t, e[1] AS o, e[2] AS p, e[3] AS n
		}
		RETURN qi, x, t, o, p, n ORDER BY qi, i, t, o`
	type answer struct {
		edges map[int][]graph.Edge
		nodes map[string]graph.Node
	}
	got, err := query(ctx, s, cypher, map[string]any{"qs": rows, "others": others}, func(res neo4j.ResultWithContext) (answer, error) {
		got := answer{map[int][]graph.Edge{}, map[string]graph.Node{}} // per attempt: a retried one starts again
		for res.Next(ctx) {
			r := res.Record()
			q := int(r.Values[0].(int64))
			x, t, o := r.Values[1].(string), r.Values[2].(string), r.Values[3].(string)
			from, to := x, o
			if qs[q].Direction == graph.Incoming {
				from, to = o, x
			}
			e, err := edgeFrom(from, t, to, r.Values[4].(map[string]any))
			if err != nil {
				return got, err
			}
			got.edges[q] = append(got.edges[q], e)
			if n, ok := r.Values[5].([]any); ok && got.nodes[o] == nil {
				node, err := decode(n[0], n[1])
				if err != nil {
					return got, err
				}
				got.nodes[o] = node
			}
		}
		return got, res.Err()
	})
	if err != nil {
		return nil, nil, err
	}
	for q := range qs {
		out[q] = got.edges[q]
		if out[q] == nil {
			out[q] = []graph.Edge{}
		}
	}
	return out, got.nodes, nil
}

// Apply implements graph.Store: validated whole first, then written in one transaction, nodes
// grouped by kind and edges by type so that each group is one UNWIND statement.
func (s *Store) Apply(ctx context.Context, b graph.Batch) error {
	if len(b.Nodes)+len(b.Edges) == 0 {
		return nil
	}
	kinds := make(map[string]graph.Kind, len(b.Nodes))
	nodeRows := map[graph.Kind][]map[string]any{}
	for i, n := range b.Nodes {
		if err := graph.ValidateStored(n); err != nil {
			return &graph.BatchItemError{Index: i, Err: err}
		}
		p, err := props(n)
		if err != nil {
			return err
		}
		kinds[n.NodeMeta().ID] = n.NodeKind()
		nodeRows[n.NodeKind()] = append(nodeRows[n.NodeKind()], p)
	}
	_, err := write(ctx, s, func(tx neo4j.ManagedTransaction) (struct{}, error) {
		if err := checkEnds(ctx, tx, b, kinds); err != nil {
			return struct{}{}, err
		}
		for _, k := range graph.Kinds {
			rows := nodeRows[k]
			if len(rows) == 0 {
				continue
			}
			_, err := tx.Run(ctx, fmt.Sprintf("UNWIND $rows AS p MERGE (n:Node {id: p.id}) SET n = p REMOVE n:%s SET n:%s", otherLabels(k), k),
				map[string]any{"rows": rows})
			if err != nil {
				return struct{}{}, err
			}
		}
		edgeRows := map[graph.RelationType][]map[string]any{}
		t := s.Now()
		for _, e := range b.Edges {
			if e.CreatedAt.IsZero() {
				e.CreatedAt = t
			}
			p, err := edgeProps(e)
			if err != nil {
				return struct{}{}, err
			}
			edgeRows[e.Type] = append(edgeRows[e.Type], map[string]any{"from": e.From, "to": e.To, "p": p})
		}
		for _, typ := range graph.RelationTypes {
			rows := edgeRows[typ]
			if len(rows) == 0 {
				continue
			}
			_, err := tx.Run(ctx, fmt.Sprintf("UNWIND $rows AS row MATCH (a:Node {id: row.from}), (b:Node {id: row.to}) MERGE (a)-[r:%s]->(b) SET r = row.p", typ),
				map[string]any{"rows": rows})
			if err != nil {
				return struct{}{}, err
			}
		}
		return struct{}{}, appendChange(ctx, tx, graph.Change{Op: graph.OpBulkLoad, Count: len(b.Nodes) + len(b.Edges), At: t}, nil)
	})
	return err
}

// checkEnds validates each edge of the batch against the kinds of its ends, found in the
// batch or in the database.
func checkEnds(ctx context.Context, tx neo4j.ManagedTransaction, b graph.Batch, kinds map[string]graph.Kind) error {
	var missing []string
	for _, e := range b.Edges {
		for _, id := range []string{e.From, e.To} {
			if _, ok := kinds[id]; !ok {
				missing = append(missing, id)
			}
		}
	}
	slices.Sort(missing)
	missing = slices.Compact(missing)
	if len(missing) > 0 {
		res, err := tx.Run(ctx, "UNWIND $ids AS id MATCH (n:Node {id: id}) RETURN n.id AS id, n.kind AS kind", map[string]any{"ids": missing})
		if err != nil {
			return err
		}
		recs, err := res.Collect(ctx)
		if err != nil {
			return err
		}
		for _, r := range recs {
			kinds[r.Values[0].(string)] = graph.Kind(r.Values[1].(string))
		}
	}
	return graph.CheckBatchEdges(b, func(id string) (graph.Kind, bool) {
		k, ok := kinds[id]
		return k, ok
	})
}
