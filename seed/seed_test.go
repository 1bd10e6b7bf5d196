package seed

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/graph/embedded"
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
	if _, err := Real(ctx, s, Options{}); err != nil {
		t.Fatal(err)
	}
	first, _ := s.Stats(ctx)
	if _, err := Real(ctx, s, Options{}); err != nil {
		t.Fatal(err)
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
	_, err := Synthetic(ctx, s, "tiny", 1, Options{})
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
	if err := FirstStart(ctx, s, dir, nil); err != nil {
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
	if err := FirstStart(ctx, s, dir, nil); err != nil {
		t.Fatal(err)
	}
	d, _ = graph.GetAs[*graph.Dispositif](ctx, s, "dsp-siao-52")
	if d.Description != "Modifiée par un partenaire" {
		t.Fatal("a later start reseeded over a user's change")
	}
}
