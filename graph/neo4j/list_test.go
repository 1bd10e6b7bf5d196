package neo4j_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/maillage/maillage/graph"
	neo4jstore "github.com/maillage/maillage/graph/neo4j"
	"github.com/maillage/maillage/graph/neo4j/neo4jtest"
)

// TestListReadsThePageNotTheKind keeps listings proportional to their page: Neo4j's profile of
// a page of 20 among 3,000 dispositifs must touch a bounded number of records, whatever the
// size of the kind. A plan that reads and sorts the kind (a DISTINCT before the cursor, a
// label scan instead of the id index, a count that reads every node) fails it: that plan made
// a page of 20 take 2.8 s at national size.
func TestListReadsThePageNotTheKind(t *testing.T) {
	s := neo4jtest.Open(t)
	ctx := context.Background()
	const total = 3000
	now := s.Now()
	b := graph.Batch{Nodes: []graph.Node{
		&graph.Territory{Meta: graph.Meta{ID: "dep-93", Version: 1, CreatedAt: now, UpdatedAt: now}, Name: "Seine-Saint-Denis", Level: graph.LevelDepartement, Code: "93"},
		&graph.Territory{Meta: graph.Meta{ID: "dep-52", Version: 1, CreatedAt: now, UpdatedAt: now}, Name: "Haute-Marne", Level: graph.LevelDepartement, Code: "52"},
	}}
	for i := range total {
		m := graph.Meta{ID: fmt.Sprintf("dsp-%05d", i), Version: 1, CreatedAt: now, UpdatedAt: now}
		if i%100 == 7 {
			m.ArchivedAt = &now
		}
		typ := "accueil-de-jour"
		if i%3 == 0 {
			typ = "maraude"
		}
		b.Nodes = append(b.Nodes, &graph.Dispositif{Meta: m, Name: fmt.Sprintf("Accueil %d", i), Type: typ, Status: "active"})
		// dep-52 is covered by 1 dispositif in 100: the anchor's relations bound that listing.
		to := "dep-93"
		if i%100 == 0 {
			to = "dep-52"
		}
		b.Edges = append(b.Edges, graph.Edge{Type: graph.Covers, From: m.ID, To: to})
	}
	if err := s.Apply(ctx, b); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name    string
		q       graph.ListQuery
		maxHits int64
	}{
		{"first page with count", graph.ListQuery{Kind: graph.KindDispositif, Limit: 20}, 300},
		{"middle page with count", graph.ListQuery{Kind: graph.KindDispositif, After: "dsp-01500", Limit: 20}, 300},
		{"page without count", graph.ListQuery{Kind: graph.KindDispositif, After: "dsp-01500", Limit: 20, WithoutCount: true}, 300},
		{"archived included", graph.ListQuery{Kind: graph.KindDispositif, After: "dsp-02000", Limit: 20, IncludeArchived: true}, 300},
		{"type filter without count", graph.ListQuery{Kind: graph.KindDispositif, Type: "maraude", After: "dsp-01000", Limit: 20, WithoutCount: true}, 600},
		// 30 relations to read, counted and paged: bounded by the anchor's degree, not the kind.
		{"territory's dispositifs with count", graph.ListQuery{Kind: graph.KindDispositif, Related: []graph.RelatedFilter{{Type: graph.Covers, Other: "dep-52"}}, Limit: 20}, 600},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			page, err := s.List(ctx, c.q)
			if err != nil {
				t.Fatal(err)
			}
			if len(page.Nodes) != 20 || !page.HasNext {
				t.Fatalf("page of %d nodes, next %v", len(page.Nodes), page.HasNext)
			}
			p, err := neo4jstore.ProfileList(ctx, s, c.q)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%d db hits, %d rows\n%s", p.DbHits, p.Rows, p.Plan)
			if p.DbHits > c.maxHits {
				t.Fatalf("the listing touched %d records for a page of 20 among %d (at most %d): its plan reads the kind, not the page\n%s", p.DbHits, total, c.maxHits, p.Plan)
			}
		})
	}
}
