package seed

import (
	"context"
	"log/slog"
	"path/filepath"
	"testing"

	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/graph/embedded"
	"github.com/maillage/maillage/seed/geo"
)

func open(t *testing.T) graph.Store {
	t.Helper()
	s, err := embedded.Open(filepath.Join(t.TempDir(), "maillage.db"), embedded.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestRealIsIdempotentAndRefusesSynthetic(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	if _, err := Real(ctx, s, Options{OpenData: true}); err != nil {
		t.Fatal(err)
	}
	first, _ := s.Stats(ctx)
	rep, err := Real(ctx, s, Options{OpenData: true})
	if err != nil {
		t.Fatal(err)
	}
	if od := rep.Parts[len(rep.Parts)-1]; od.Name != "open-data" || od.Nodes != 0 || od.Edges != 0 {
		t.Fatalf("reseeding the open data wrote: %+v", od)
	}
	second, _ := s.Stats(ctx)
	for k, n := range first.Nodes {
		if second.Nodes[k] != n {
			t.Fatalf("reseeding changed %s: %d → %d", k, n, second.Nodes[k])
		}
	}
	n, _ := s.Get(ctx, "dsp-mission-interface-personnes-agees")
	if n.NodeMeta().Version != 1 {
		t.Fatalf("reseeding bumped the version: %d", n.NodeMeta().Version)
	}
	if first.Nodes[graph.KindTerritory] < 36000 || first.Nodes[graph.KindDispositif] < 300 {
		t.Fatalf("real data too small: %v", first.Nodes)
	}
	checkOpenData(t, s)
	_, err = Synthetic(ctx, s, "tiny", 1, Options{})
	if !graph.IsCode(err, graph.CodeConflict) {
		t.Fatalf("synthetic data loaded over real data: %v", err)
	}
	if _, err := Synthetic(ctx, s, "tiny", 1, Options{AllowMix: true}); err != nil {
		t.Fatalf("--mix: %v", err)
	}
}

func TestSyntheticRefusesRealAndUnknownSize(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	rep, err := Synthetic(ctx, s, "tiny", 1, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Parts) != 3 || rep.Parts[2].Nodes != 400 {
		t.Fatalf("report %+v", rep)
	}
	if _, err := Real(ctx, s, Options{}); !graph.IsCode(err, graph.CodeConflict) {
		t.Fatalf("real data loaded over synthetic data: %v", err)
	}
	if _, err := Synthetic(ctx, open(t), "planetaire", 1, Options{}); !graph.IsCode(err, graph.CodeBadUserInput) {
		t.Fatalf("unknown size: %v", err)
	}
}

func TestFirstStartSeedsOnceAndResumes(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	dir := t.TempDir()
	if err := FirstStart(ctx, s, dir, Options{}); err != nil {
		t.Fatal(err)
	}
	st, _ := s.Stats(ctx)
	if st.Nodes[graph.KindDispositif] == 0 {
		t.Fatal("first start did not seed")
	}
	// a user's change is not overwritten by a later start
	d, _ := graph.GetAs[*graph.Dispositif](ctx, s, "dsp-siao-52")
	d.Description = "Modifiée par un partenaire"
	if _, err := s.Update(ctx, d, d.Version); err != nil {
		t.Fatal(err)
	}
	if err := FirstStart(ctx, s, dir, Options{}); err != nil {
		t.Fatal(err)
	}
	d, _ = graph.GetAs[*graph.Dispositif](ctx, s, "dsp-siao-52")
	if d.Description != "Modifiée par un partenaire" {
		t.Fatal("a later start reseeded over a user's change")
	}
}

// checkOpenData asserts that the seeded open data give France services and annuaire offices
// with phones in the four pilot départements, each marked with its source and date.
func checkOpenData(t *testing.T, s graph.Store) {
	t.Helper()
	type count struct{ franceServices, annuaire int }
	byDep := map[string]*count{"93": {}, "75": {}, "52": {}, "15": {}}
	err := s.ScanNodes(context.Background(), []graph.Kind{graph.KindDispositif}, func(n graph.Node) error {
		d := n.(*graph.Dispositif)
		if d.Address == nil || len(d.Address.CommuneCode) != 5 || len(d.Sources) == 0 {
			return nil
		}
		c := byDep[d.Address.CommuneCode[:2]]
		if c == nil {
			return nil
		}
		phone := false
		for _, ct := range d.Contacts {
			phone = phone || ct.Kind == "phone"
		}
		src := d.Sources[0]
		if !phone || src.Date == "" {
			return nil
		}
		switch src.Dataset {
		case "france-services":
			c.franceServices++
		case "annuaire-2019":
			c.annuaire++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for dep, c := range byDep {
		if c.franceServices == 0 || c.annuaire == 0 {
			t.Errorf("département %s: %d France services and %d annuaire offices with a phone", dep, c.franceServices, c.annuaire)
		}
	}
	// The PMI of the annuaire in Bobigny are found by type and area.
	p, err := s.List(context.Background(), graph.ListQuery{Kind: graph.KindDispositif, Type: "pmi", Related: []graph.RelatedFilter{{Type: graph.Covers, Other: "com-93008"}}, Limit: 10})
	if err != nil || len(p.Nodes) == 0 {
		t.Errorf("no PMI covering Bobigny (93008): %v", err)
	}
}

// BenchmarkSeedOpenData measures what the open data add to a first start: loading them into a
// store already seeded with the geography, vocabularies, documents and FINESS. Aim: ≤ 15 s.
func BenchmarkSeedOpenData(b *testing.B) {
	ctx := context.Background()
	for b.Loop() {
		b.StopTimer()
		s, err := embedded.Open(filepath.Join(b.TempDir(), "maillage.db"), embedded.Options{})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := Real(ctx, s, Options{}); err != nil {
			b.Fatal(err)
		}
		g, err := geo.Load()
		if err != nil {
			b.Fatal(err)
		}
		var rep Report
		b.StartTimer()
		if err := loadOpenData(ctx, s, g, &rep, slog.New(slog.DiscardHandler)); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		s.Close()
		b.StartTimer()
	}
}
