package search_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/maillage/maillage/graph/embedded"
	"github.com/maillage/maillage/search"
	"github.com/maillage/maillage/search/situation"
	"github.com/maillage/maillage/seed"
	"github.com/maillage/maillage/seed/geo"
	"github.com/maillage/maillage/seed/glossary"
)

// BenchmarkSearchRegion measures Service.Search on the synthetic Île-de-France dataset
// (7,700 organisations, 23,000 dispositifs) without HTTP.
func BenchmarkSearchRegion(b *testing.B) {
	ctx := context.Background()
	s, err := embedded.Open(filepath.Join(b.TempDir(), "maillage.db"), embedded.Options{NoSync: true})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	if _, err := seed.Synthetic(ctx, s, "region", 1, seed.Options{}); err != nil {
		b.Fatal(err)
	}
	ix, err := search.Open(filepath.Join(b.TempDir(), "index"))
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	if err := ix.Reindex(ctx, s, nil); err != nil {
		b.Fatal(err)
	}
	g, _ := geo.Load()
	gl, _ := glossary.Load()
	svc := &search.Service{Store: s, Index: ix, Parser: situation.New(g), Geo: g, Glossary: gl}
	texts := []string{"homme 54 ans sans papiers Paris", "hébergement d'urgence Saint-Denis", "femme enceinte sans abri Créteil", "addiction alcool soins Versailles"}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if _, err := svc.Search(ctx, search.Request{Text: texts[i%len(texts)], First: 20}); err != nil {
			b.Fatal(fmt.Errorf("%s: %w", texts[i%len(texts)], err))
		}
	}
}
