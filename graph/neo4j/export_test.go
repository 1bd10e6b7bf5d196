package neo4j

import (
	"context"
	"fmt"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/maillage/maillage/graph"
)

// ListProfile is what Neo4j's profile says of the statements of one listing.
type ListProfile struct {
	// DbHits and Rows sum every operator of the page and count statements.
	DbHits, Rows int64
	// Plan is the operators, one a line, with their db hits and rows (for failure messages).
	Plan string
}

// ProfileList runs the statements of q's listing under PROFILE, as List sends them.
func ProfileList(ctx context.Context, s *Store, q graph.ListQuery) (ListProfile, error) {
	lq, err := listCypher(q)
	if err != nil {
		return ListProfile{}, err
	}
	var p ListProfile
	var plan strings.Builder
	var walk func(pp neo4j.ProfiledPlan, depth int)
	walk = func(pp neo4j.ProfiledPlan, depth int) {
		p.DbHits += pp.DbHits()
		p.Rows += pp.Records()
		fmt.Fprintf(&plan, "%s%s dbHits=%d rows=%d %v\n", strings.Repeat("  ", depth), pp.Operator(), pp.DbHits(), pp.Records(), pp.Arguments()["Details"])
		for _, c := range pp.Children() {
			walk(c, depth+1)
		}
	}
	for _, stmt := range []string{lq.count, lq.page} {
		if stmt == "" {
			continue
		}
		_, err := read(ctx, s, func(tx neo4j.ManagedTransaction) (struct{}, error) {
			res, err := tx.Run(ctx, "PROFILE "+stmt, lq.params)
			if err != nil {
				return struct{}{}, err
			}
			sum, err := res.Consume(ctx)
			if err != nil {
				return struct{}{}, err
			}
			fmt.Fprintf(&plan, "%s\n", stmt)
			walk(sum.Profile(), 1)
			return struct{}{}, nil
		})
		if err != nil {
			return p, err
		}
	}
	p.Plan = plan.String()
	return p, nil
}
