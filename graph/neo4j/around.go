package neo4j

import (
	"context"
	"math"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/maillage/maillage/graph"
)

// aroundHop is one hop of Around's statement, repeated Depth times: the frontier's edges in both
// directions (a subquery per node and direction, so that LIMIT keeps PerNode edges of each, in
// Edges order; PerNode 0 is sent as no LIMIT's equivalent, the
// largest integer), then the next frontier: the ends not seen yet, sorted by id, cut to the room
// left under Limit (if any), without the nodes of StopKinds. Sorting a list needs UNWIND … ORDER BY in
// a subquery (no APOC on Neo4j Community).
const aroundHop = `
CALL {
	WITH frontier
	UNWIND frontier AS fid
	CALL {
		WITH fid
		MATCH (x:Node {id: fid})-[r]->(o:Node) WHERE size($outTypes) = 0 OR type(r) IN $outTypes
		WITH x, r, o ORDER BY type(r), o.id LIMIT $per
		RETURN [x.id, 0, type(r), o.id] AS k, properties(r) AS p, [o.id, o.kind] AS end
		UNION ALL
		WITH fid
		MATCH (x:Node {id: fid})<-[r]-(o:Node) WHERE size($inTypes) = 0 OR type(r) IN $inTypes
		WITH x, r, o ORDER BY type(r), o.id LIMIT $per
		RETURN [x.id, 1, type(r), o.id] AS k, properties(r) AS p, [o.id, o.kind] AS end
	}
	RETURN collect([k, p]) AS es, collect(DISTINCT end) AS ends
}
CALL {
	WITH seen, ends
	UNWIND [e IN ends WHERE NOT e[0] IN seen] AS e
	WITH e ORDER BY e[0]
	RETURN collect(e) AS fresh
}
WITH start, fetched + frontier AS fetched, acc + es AS acc, seen, CASE WHEN $limit > 0 THEN fresh[..($limit - size(seen))] ELSE fresh END AS next
WITH start, fetched, acc, seen + [n IN next | n[0]] AS seen,
	[n IN next WHERE NOT n[1] IN $stop | n[0]] AS frontier
`

// Around implements graph.AroundReader: the whole walk in one auto-commit statement, its hops
// unrolled (Depth is small: traverse.MaxDepth).
func (s *Store) Around(ctx context.Context, q graph.AroundQuery) (graph.Around, error) {
	outTypes, err := cypherTypes(q.OutTypes)
	if err != nil {
		return graph.Around{}, err
	}
	inTypes, err := cypherTypes(q.InTypes)
	if err != nil {
		return graph.Around{}, err
	}
	per := int64(q.PerNode)
	if per <= 0 {
		per = math.MaxInt64
	}
	stop := []string{}
	for _, k := range q.StopKinds {
		stop = append(stop, string(k))
	}
	cypher := "MATCH (s:Node {id: $id}) WITH [s.kind, s.json] AS start, [] AS fetched, [] AS acc, [s.id] AS seen, [s.id] AS frontier" +
		strings.Repeat(aroundHop, q.Depth) + "RETURN start, fetched, acc"
	params := map[string]any{"id": q.ID, "outTypes": outTypes, "inTypes": inTypes, "per": per, "limit": q.Limit, "stop": stop}
	return query(ctx, s, cypher, params, func(res neo4j.ResultWithContext) (graph.Around, error) {
		recs, err := res.Collect(ctx)
		if err != nil || len(recs) == 0 {
			return graph.Around{}, err
		}
		v := recs[0].Values
		start := v[0].([]any)
		n, err := decode(start[0], start[1])
		if err != nil {
			return graph.Around{}, err
		}
		out := graph.Around{Start: n, Edges: map[string][2][]graph.Edge{}}
		for _, id := range v[1].([]any) {
			out.Edges[id.(string)] = [2][]graph.Edge{{}, {}}
		}
		for _, row := range v[2].([]any) {
			pair := row.([]any)
			k := pair[0].([]any)
			x, dir, t, o := k[0].(string), int(k[1].(int64)), k[2].(string), k[3].(string)
			from, to := x, o
			if dir == 1 {
				from, to = o, x
			}
			e, err := edgeFrom(from, t, to, pair[1].(map[string]any))
			if err != nil {
				return graph.Around{}, err
			}
			both := out.Edges[x]
			both[dir] = append(both[dir], e)
			out.Edges[x] = both
		}
		return out, nil
	})
}

// cypherTypes returns relation types for Cypher parameters (an empty list, not nil, for all).
func cypherTypes(ts []graph.RelationType) ([]string, error) {
	out := []string{}
	for _, t := range ts {
		typ, err := relType(t)
		if err != nil {
			return nil, err
		}
		out = append(out, typ)
	}
	return out, nil
}
