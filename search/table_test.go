package search_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2"

	"github.com/maillage/maillage/search"
	"github.com/maillage/maillage/search/situation"
	"github.com/maillage/maillage/seed/geo"
)

func hitIDs(t *testing.T, svc *search.Service, text string) []string {
	t.Helper()
	res, err := svc.Search(context.Background(), search.Request{Text: text, First: 50})
	if err != nil {
		t.Fatal(err)
	}
	return resultIDs(res)
}

// The side table is saved with the index and read back when it reopens; when it is missing it
// is built again from the store; an index of an older format is rebuilt.
func TestSideTableSavedRebuiltAndFormatVersion(t *testing.T) {
	s, ix, dir := setup(t)
	g, err := geo.Load()
	if err != nil {
		t.Fatal(err)
	}
	svc := &search.Service{Store: s, Index: ix, Parser: situation.New(g), Geo: g}
	const text = "homme 67 ans sans papiers Saint-Denis"
	want := hitIDs(t, svc, text)
	if !slices.Contains(want, "dsp-mission-interface-personnes-agees") {
		t.Fatalf("%q: %v", text, want)
	}
	// words scored from the table's terms, which are saved with it
	const words = "maraude urgense Paris" // a typo too
	wantWords := hitIDs(t, svc, words)
	if len(wantWords) == 0 {
		t.Fatalf("%q: no result", words)
	}
	ix.Close()

	reopen := func() *search.Index {
		t.Helper()
		ix, err := search.Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { ix.Close() })
		if err := ix.CatchUp(context.Background(), s); err != nil {
			t.Fatal(err)
		}
		return ix
	}
	// saved table
	svc.Index = reopen()
	if got := hitIDs(t, svc, text); !slices.Equal(got, want) {
		t.Fatalf("after reopening: %v, want %v", got, want)
	}
	if got := hitIDs(t, svc, words); !slices.Equal(got, wantWords) {
		t.Fatalf("%q after reopening: %v, want %v", words, got, wantWords)
	}
	svc.Index.Close()

	// missing table: built from the store
	if err := os.Remove(filepath.Join(dir, "maillage-table.gob")); err != nil {
		t.Fatal(err)
	}
	svc.Index = reopen()
	if got := hitIDs(t, svc, text); !slices.Equal(got, want) {
		t.Fatalf("table rebuilt: %v, want %v", got, want)
	}
	if got := hitIDs(t, svc, words); !slices.Equal(got, wantWords) {
		t.Fatalf("%q, table rebuilt: %v, want %v", words, got, wantWords)
	}
	svc.Index.Close()

	// an index of the first format (every field, no version): deleted and rebuilt at start
	old := filepath.Join(t.TempDir(), "index")
	idx, err := bleve.New(old, bleve.NewIndexMapping())
	if err != nil {
		t.Fatal(err)
	}
	if err := idx.Index("dsp-ancien", map[string]any{"name": "ancien format"}); err != nil {
		t.Fatal(err)
	}
	idx.SetInternal([]byte("maillage.seq"), []byte("999999"))
	idx.Close()
	dir = old
	svc.Index = reopen()
	if n, _ := svc.Index.Count(); n < 350 {
		t.Fatalf("old-format index not rebuilt: %d documents", n)
	}
	if got := hitIDs(t, svc, text); !slices.Equal(got, want) {
		t.Fatalf("rebuilt index: %v, want %v", got, want)
	}
}
