package traverse_test

import (
	"context"
	"fmt"
	"reflect"
	"testing"

	"github.com/maillage/maillage/graph"
	neo4jstore "github.com/maillage/maillage/graph/neo4j"
	"github.com/maillage/maillage/graph/neo4j/neo4jtest"
	"github.com/maillage/maillage/graph/traverse"
	"github.com/maillage/maillage/seed"
)

// hopByHop hides the store's graph.AroundReader: Neighbourhood then reads hop by hop.
type hopByHop struct{ graph.Store }

func (h hopByHop) EdgesBatch(ctx context.Context, qs []graph.EdgeQuery) ([][]graph.Edge, error) {
	return graph.EdgesBatch(ctx, h.Store, qs)
}

// counting counts the edge reads that reach the Neo4j store besides Around.
type counting struct {
	*neo4jstore.Store
	reads int
}

func (c *counting) Edges(ctx context.Context, q graph.EdgeQuery) ([]graph.Edge, error) {
	c.reads++
	return c.Store.Edges(ctx, q)
}

func (c *counting) EdgesBatch(ctx context.Context, qs []graph.EdgeQuery) ([][]graph.Edge, error) {
	c.reads++
	return c.Store.EdgesBatch(ctx, qs)
}

// TestNeighbourhoodReadAhead compares (and Access likewise), on the same Neo4j graph (the seed documents and the tiny
// synthetic dataset), Neighbourhood read ahead in one statement with Neighbourhood read hop by
// hop, from many starts (dispositifs, organisations, territories, publics), at every depth,
// with limits that cut views and caps that hubs reach, with and without a relation filter; and
// checks that the read ahead answered every hop (no edge read went to the store).
func TestNeighbourhoodReadAhead(t *testing.T) {
	s := neo4jtest.Open(t)
	ctx := context.Background()
	if _, err := seed.Real(ctx, s, seed.Options{}); err != nil {
		t.Fatal(err)
	}
	if _, err := seed.Synthetic(ctx, s, "tiny", 1, seed.Options{AllowMix: true}); err != nil {
		t.Fatal(err)
	}
	around, err := traverse.Neighbourhood(ctx, hopByHop{s}, "dsp-siao-52", 3, nil, traverse.MaxNodes)
	if err != nil {
		t.Fatal(err)
	}
	var starts []string
	stride := max(1, len(around.Nodes)/15)
	for i, n := range around.Nodes {
		if i%stride == 0 {
			starts = append(starts, n.ID)
		}
	}
	if len(starts) < 10 {
		t.Fatalf("too few starts around the SIAO 52: %v", starts)
	}
	c := &counting{Store: s}
	truncated := 0
	for _, id := range starts {
		for depth := 1; depth <= traverse.MaxDepth; depth++ {
			for _, limit := range []int{4, 30, traverse.MaxNodes} {
				for _, rels := range [][]graph.RelationType{nil, traverse.ActorRelations} {
					name := fmt.Sprintf("%s/depth %d/limit %d/%d types", id, depth, limit, len(rels))
					want, err := traverse.Neighbourhood(ctx, hopByHop{s}, id, depth, rels, limit)
					if err != nil {
						t.Fatalf("%s: %v", name, err)
					}
					c.reads = 0
					got, err := traverse.Neighbourhood(ctx, c, id, depth, rels, limit)
					if err != nil {
						t.Fatalf("%s: %v", name, err)
					}
					if !reflect.DeepEqual(got, want) {
						t.Errorf("%s: read ahead gives %d nodes %d edges (truncated %v), hop by hop %d nodes %d edges (truncated %v)",
							name, len(got.Nodes), len(got.Edges), got.Truncated, len(want.Nodes), len(want.Edges), want.Truncated)
					}
					if c.reads != 0 {
						t.Errorf("%s: %d edge reads besides the read ahead", name, c.reads)
					}
					if want.Truncated {
						truncated++
					}
				}
			}
		}
	}
	if truncated == 0 {
		t.Error("no view was cut: the limits do not test the cut")
	}
	// Access from every node around the SIAO 52 (its referral chains; other kinds: the same
	// error either way).
	walked := 0
	for _, n := range around.Nodes {
		want, errHop := traverse.Access(ctx, hopByHop{s}, n.ID)
		c.reads = 0
		got, errAhead := traverse.Access(ctx, c, n.ID)
		if graph.ErrorCode(errHop) != graph.ErrorCode(errAhead) || !reflect.DeepEqual(got, want) {
			t.Errorf("access to %s: read ahead %+v (%v), hop by hop %+v (%v)", n.ID, got, errAhead, want, errHop)
		}
		if errAhead == nil && c.reads != 0 {
			t.Errorf("access to %s: %d edge reads besides the read ahead", n.ID, c.reads)
		}
		if errHop == nil && len(want.Steps) > 1 {
			walked++
		}
	}
	t.Logf("%d access paths of more than one step", walked)
	if walked == 0 {
		t.Error("no access path of more than one step: the walk back is not tested")
	}
	// A node that does not exist: the same error either way.
	_, errHop := traverse.Neighbourhood(ctx, hopByHop{s}, "nope", 2, nil, 10)
	_, errAhead := traverse.Neighbourhood(ctx, c, "nope", 2, nil, 10)
	if graph.ErrorCode(errHop) != graph.CodeNotFound || graph.ErrorCode(errAhead) != graph.CodeNotFound {
		t.Errorf("unknown start: hop by hop %v, read ahead %v", errHop, errAhead)
	}
}
