package traverse_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"testing"
	"time"

	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/graph/teststore"
	"github.com/maillage/maillage/graph/traverse"
	"github.com/maillage/maillage/seed"
	"github.com/maillage/maillage/seed/synthetic"
)

// The traversal benchmarks run on a synthetic dataset: MAILLAGE_BENCH_SIZE names the preset
// (region by default, 23,000 dispositifs; national for the published figures, 300,000), on the
// store teststore selects (MAILLAGE_TEST_STORE=neo4j for Neo4j). The dataset is loaded once
// per benchmark binary, and its load time is logged.
//
//	go test ./graph/traverse/ -run '^$' -bench . -benchtime 2000x
//	MAILLAGE_BENCH_SIZE=national go test ./graph/traverse/ -run '^$' -bench . -benchtime 2000x -timeout 30m

var bench struct {
	store       graph.Store
	dispositifs int
	// pairs joins dispositifs to the SIAO of their département (a referral path exists).
	pairs [][2]string
}

// BenchmarkTraverse loads the dataset once (the store lives as long as this benchmark) and runs
// the traversals the explorer and the API use.
func BenchmarkTraverse(b *testing.B) {
	benchStore(b)
	b.Run("NeighbourhoodDepth2", benchNeighbourhoodDepth2)
	b.Run("ReferralPath", benchReferralPath)
	b.Run("ReferralPathNone", benchReferralPathNone)
}

func benchStore(b *testing.B) {
	b.Helper()
	size := os.Getenv("MAILLAGE_BENCH_SIZE")
	if size == "" {
		size = "region"
	}
	sz, err := synthetic.ParseSize(size)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	s := teststore.Open(b)
	began := time.Now()
	if _, err := seed.Synthetic(ctx, s, size, 1, seed.Options{}); err != nil {
		b.Fatal(err)
	}
	b.Logf("dataset %s (%d dispositifs) loaded into the %s store in %s", size, sz.Dispositifs, storeName(), time.Since(began).Round(time.Millisecond))
	bench.store, bench.dispositifs = s, sz.Dispositifs
	bench.pairs = referralPairs(b, s, sz.Dispositifs, 200)
}

func storeName() string {
	if teststore.Neo4j() {
		return "neo4j"
	}
	return "embedded"
}

// referralPairs draws dispositifs that require the SIAO's referral, each with its SIAO (read
// from the graph: REQUIRES_REFERRAL_BY).
func referralPairs(b *testing.B, s graph.Store, n, want int) [][2]string {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(3, 4))
	var out [][2]string
	for tries := 0; len(out) < want && tries < 100*want; tries++ {
		id := fmt.Sprintf("syn-dsp-%06d", rng.IntN(n))
		edges, err := s.Edges(ctx, graph.EdgeQuery{IDs: []string{id}, Direction: graph.Outgoing, Types: []graph.RelationType{graph.RequiresReferralBy}})
		if err != nil {
			b.Fatal(err)
		}
		if len(edges) > 0 {
			out = append(out, [2]string{id, edges[0].To})
		}
	}
	if len(out) == 0 {
		b.Fatal("no dispositif requiring a referral in the dataset")
	}
	return out
}

// benchNeighbourhoodDepth2 is the explorer's "expand": the depth-2 neighbourhood of a
// random dispositif, every relation type, at most 200 nodes.
func benchNeighbourhoodDepth2(b *testing.B) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(1, 2))
	nodes := 0
	b.ResetTimer()
	for b.Loop() {
		id := fmt.Sprintf("syn-dsp-%06d", rng.IntN(bench.dispositifs))
		v, err := traverse.Neighbourhood(ctx, bench.store, id, 2, nil, 200)
		if err != nil {
			b.Fatal(err)
		}
		nodes += len(v.Nodes)
	}
	b.ReportMetric(float64(nodes)/float64(b.N), "nodes/op")
}

// benchReferralPath is the shortest referral path (REFERS_TO, REQUIRES_REFERRAL_BY, ≤ 4
// hops) from a dispositif to its département's SIAO: a path always exists.
func benchReferralPath(b *testing.B) {
	ctx := context.Background()
	rels := []graph.RelationType{graph.RefersTo, graph.RequiresReferralBy}
	i := 0
	b.ResetTimer()
	for b.Loop() {
		p := bench.pairs[i%len(bench.pairs)]
		i++
		ps, err := traverse.Paths(ctx, bench.store, p[0], p[1], 4, rels, 1)
		if err != nil || len(ps) == 0 {
			b.Fatalf("%s → %s: %v, %v", p[0], p[1], ps, err)
		}
	}
}

// benchReferralPathNone looks for a referral path between dispositifs of two different
// départements, which the synthetic data never joins: the search explores both sides up to 4
// hops and finds nothing — the worst case.
func benchReferralPathNone(b *testing.B) {
	ctx := context.Background()
	rels := []graph.RelationType{graph.RefersTo, graph.RequiresReferralBy}
	var siaos []string
	for _, p := range bench.pairs {
		siaos = append(siaos, p[1])
	}
	var pairs [][2]string
	for _, p := range bench.pairs {
		for _, s := range siaos {
			if s != p[1] {
				pairs = append(pairs, [2]string{p[0], s})
				break
			}
		}
	}
	if len(pairs) == 0 {
		b.Skip("a single département in this dataset")
	}
	i := 0
	b.ResetTimer()
	for b.Loop() {
		p := pairs[i%len(pairs)]
		i++
		if _, err := traverse.Paths(ctx, bench.store, p[0], p[1], 4, rels, 1); err != nil {
			b.Fatal(err)
		}
	}
}
