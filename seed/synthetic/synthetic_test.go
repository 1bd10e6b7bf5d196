package synthetic

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/seed/geo"
	"github.com/maillage/maillage/seed/vocab"
)

func places(t testing.TB) []Place {
	t.Helper()
	g, err := geo.Load()
	if err != nil {
		t.Fatal(err)
	}
	return PlacesFromGeo(g)
}

// collect generates a size and returns every batch.
func collect(t testing.TB, size string, seed int64) ([]graph.Batch, Stats) {
	t.Helper()
	sz, err := ParseSize(size)
	if err != nil {
		t.Fatal(err)
	}
	var batches []graph.Batch
	st, err := Generate(places(t), sz, seed, func(b graph.Batch) error {
		batches = append(batches, b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return batches, st
}

func hash(b graph.Batch) string {
	data, _ := json.Marshal(b)
	return fmt.Sprintf("%x", sha256.Sum256(data))
}

func TestDeterministic(t *testing.T) {
	a, _ := collect(t, "departement", 7)
	b, _ := collect(t, "departement", 7)
	c, _ := collect(t, "departement", 8)
	if len(a) != len(b) || hash(a[0]) != hash(b[0]) || hash(a[len(a)-1]) != hash(b[len(b)-1]) {
		t.Fatal("same seed, different data")
	}
	if hash(a[len(a)-1]) == hash(c[len(c)-1]) {
		t.Fatal("different seeds, same data")
	}
}

func TestValidMarkedAndConnected(t *testing.T) {
	batches, st := collect(t, "region", 1)
	g, _ := geo.Load()
	known := map[string]graph.Kind{}
	for _, n := range g.Nodes() {
		known[n.NodeMeta().ID] = graph.KindTerritory
	}
	vn, _ := vocab.Nodes()
	for _, n := range vn {
		known[n.NodeMeta().ID] = n.NodeKind()
	}
	for _, b := range batches {
		for _, n := range b.Nodes {
			m := n.NodeMeta()
			if err := graph.ValidateStored(n); err != nil {
				t.Fatalf("%s: %v", m.ID, err)
			}
			if !m.Synthetic || !strings.HasPrefix(m.ID, "syn-") || m.Sources[0].Dataset != "synthetic" {
				t.Fatalf("%s is not marked synthetic", m.ID)
			}
			for _, c := range contactsOf(n) {
				if (c.Kind == "phone" && c.Value != "115" && !strings.HasPrefix(c.Value, "01 99 00 ")) || (c.Kind == "email" && !strings.HasSuffix(c.Value, "@example.org")) {
					t.Fatalf("%s: contact %q is not fictitious", m.ID, c.Value)
				}
			}
			known[m.ID] = n.NodeKind()
		}
		// edges only point to nodes emitted before or in the same batch, or to reference ids
		for _, e := range b.Edges {
			fk, tk := known[e.From], known[e.To]
			if fk == "" || tk == "" {
				t.Fatalf("edge %s %s→%s: unknown end", e.Type, e.From, e.To)
			}
			if err := graph.ValidateEdge(e, fk, tk); err != nil {
				t.Fatalf("edge %s %s→%s: %v", e.Type, e.From, e.To, err)
			}
		}
	}
	if n := st.Nodes[graph.KindDispositif]; n != 23000 {
		t.Errorf("%d dispositifs", n)
	}
}

func contactsOf(n graph.Node) []graph.Contact {
	switch v := n.(type) {
	case *graph.Organisation:
		return v.Contacts
	case *graph.Dispositif:
		return v.Contacts
	}
	return nil
}

func TestPopulationWeighting(t *testing.T) {
	batches, _ := collect(t, "region", 1)
	perCommune := map[string]int{}
	for _, b := range batches {
		for _, e := range b.Edges {
			if e.Type == graph.LocatedIn && strings.HasPrefix(e.From, "syn-dsp-") {
				perCommune[e.To]++
			}
		}
	}
	// Paris (2.1 M inhabitants) against a village of Seine-et-Marne (Bransles, 77050: about 600)
	if perCommune["com-75056"] < 100*perCommune["com-77050"]+100 {
		t.Fatalf("Paris %d, Bransles %d: not weighted by population", perCommune["com-75056"], perCommune["com-77050"])
	}
}

func TestNationalCounts(t *testing.T) {
	if testing.Short() {
		t.Skip("national generation takes a few seconds")
	}
	sz, _ := ParseSize("national")
	var nodes, edges int
	st, err := Generate(places(t), sz, 1, func(b graph.Batch) error {
		nodes += len(b.Nodes)
		edges += len(b.Edges)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if st.Nodes[graph.KindOrganisation] != 100000 || st.Nodes[graph.KindDispositif] != 300000 {
		t.Fatalf("counts %v", st.Nodes)
	}
	if edges < 1700000 || edges > 2300000 {
		t.Fatalf("%d relations, want about 2 million", edges)
	}
	t.Logf("national: %d nodes, %d relations %v", nodes, edges, st.Edges)
}

func BenchmarkGenerateNational(b *testing.B) {
	p := places(b)
	sz, _ := ParseSize("national")
	for b.Loop() {
		if _, err := Generate(p, sz, 1, func(graph.Batch) error { return nil }); err != nil {
			b.Fatal(err)
		}
	}
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	b.ReportMetric(float64(m.HeapSys)/(1<<20), "heapMiB")
}
