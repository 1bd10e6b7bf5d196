package search_test

import (
	"context"
	"log/slog"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/graph/embedded"
	"github.com/maillage/maillage/search"
	"github.com/maillage/maillage/seed"
)

func setup(t testing.TB) (graph.Store, *search.Index, string) {
	t.Helper()
	s, err := embedded.Open(filepath.Join(t.TempDir(), "maillage.db"), embedded.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if _, err := seed.Real(context.Background(), s, seed.Options{}); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "index")
	ix, err := search.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	if err := ix.Reindex(context.Background(), s, nil); err != nil {
		t.Fatal(err)
	}
	return s, ix, dir
}

func ids(t *testing.T, ix *search.Index, q search.Query) []string {
	t.Helper()
	hits, _, err := ix.Search(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, h := range hits {
		out = append(out, h.ID)
	}
	return out
}

func within(list []string, id string, n int) bool {
	i := slices.Index(list, id)
	return i >= 0 && i < n
}

func TestFrenchAnalysisTyposAndFilters(t *testing.T) {
	_, ix, _ := setup(t)
	n, _ := ix.Count()
	if n < 350 {
		t.Fatalf("%d documents indexed", n)
	}
	chaumont := []string{"com-52121", "dep-52", "reg-44", "fr"}
	// accents, elision, a typo, and the territory filter
	got := ids(t, ix, search.Query{Text: "hebergement d'urgense", Covers: chaumont, Kind: "Dispositif"})
	if !within(got, "dsp-115-52", 3) || !within(got, "dsp-siao-52", 3) {
		t.Errorf("hebergement d'urgense near Chaumont: %v", got)
	}
	// stemming: plural and singular
	if got := ids(t, ix, search.Query{Text: "personnes âgées sans abri", Kind: "Dispositif"}); !within(got, "dsp-mission-interface-personnes-agees", 3) {
		t.Errorf("personnes âgées sans abri: %v", got)
	}
	// acronyms and the operator's name
	if got := ids(t, ix, search.Query{Text: "SIAO", Covers: chaumont}); !within(got, "dsp-siao-52", 2) {
		t.Errorf("SIAO near Chaumont: %v", got)
	}
	if got := ids(t, ix, search.Query{Text: "samusocial", Kind: "Dispositif"}); !slices.Contains(got, "dsp-mission-interface-handicap") || !slices.Contains(got, "dsp-115-paris") {
		t.Errorf("samusocial: %v", got)
	}
	// the filter excludes what does not cover the place
	if got := ids(t, ix, search.Query{Text: "SIAO", Covers: []string{"com-15014", "dep-15", "reg-84", "fr"}}); slices.Contains(got, "dsp-siao-52") {
		t.Errorf("SIAO 52 found for Aurillac: %v", got)
	}
}

func TestFollowKeepsTheIndexInStep(t *testing.T) {
	s, ix, dir := setup(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go ix.Follow(ctx, s, slog.New(slog.DiscardHandler))

	d, err := s.Create(ctx, &graph.Dispositif{Name: "Bagagerie solidaire", Status: "active"})
	if err != nil {
		t.Fatal(err)
	}
	id := d.NodeMeta().ID
	if _, err := s.Link(ctx, graph.Edge{Type: graph.Covers, From: id, To: "dep-93"}); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	for !slices.Contains(ids(t, ix, search.Query{Text: "bagagerie", Covers: []string{"dep-93"}}), id) {
		if time.Since(start) > 5*time.Second {
			t.Fatal("a new dispositif is not searchable after 5 s")
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Logf("searchable %s after the write", time.Since(start).Round(time.Millisecond))
	if _, err := s.Archive(ctx, id, 0); err != nil {
		t.Fatal(err)
	}
	for slices.Contains(ids(t, ix, search.Query{Text: "bagagerie"}), id) {
		if time.Since(start) > 10*time.Second {
			t.Fatal("an archived dispositif is still found")
		}
		time.Sleep(20 * time.Millisecond)
	}
	// renaming an operator re-indexes its dispositifs
	org, _ := graph.GetAs[*graph.Organisation](ctx, s, "org-logisens")
	org.Name = "Logisens Habitat"
	if _, err := s.Update(ctx, org, org.Version); err != nil {
		t.Fatal(err)
	}
	for !slices.Contains(ids(t, ix, search.Query{Text: "logisens habitat", Kind: "Dispositif"}), "dsp-equipe-mobile-precarite-logisens") {
		if time.Since(start) > 15*time.Second {
			t.Fatal("operator rename not reflected")
		}
		time.Sleep(20 * time.Millisecond)
	}

	// changes made while the index is closed are caught up when it reopens
	cancel()
	time.Sleep(50 * time.Millisecond)
	ix.Close()
	d2, err := s.Create(context.Background(), &graph.Dispositif{Name: "Laverie sociale", Status: "active"})
	if err != nil {
		t.Fatal(err)
	}
	ix2, err := search.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix2.Close()
	if err := ix2.CatchUp(context.Background(), s); err != nil {
		t.Fatal(err)
	}
	if got := ids(t, ix2, search.Query{Text: "laverie"}); !slices.Contains(got, d2.NodeMeta().ID) {
		t.Fatalf("not caught up after reopening: %v", got)
	}
}
