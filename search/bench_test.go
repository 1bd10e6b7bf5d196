package search_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/maillage/maillage/graph/embedded"
	"github.com/maillage/maillage/search"
	"github.com/maillage/maillage/search/situation"
	"github.com/maillage/maillage/seed"
	"github.com/maillage/maillage/seed/geo"
	"github.com/maillage/maillage/seed/glossary"
)

// benchTexts are situations of the load benchmark (cmd/maillage-load), in the region.
var benchTexts = []string{
	"homme 54 ans sans papiers Paris", "hébergement d'urgence Saint-Denis", "femme enceinte sans abri Créteil",
	"addiction alcool soins Versailles", "jeune de 19 ans sans logement Argenteuil", "personne âgée à la rue Paris",
	"famille avec enfants en impayé de loyer Nanterre", "demandeur d'asile Montreuil",
}

var regionOnce struct {
	sync.Once
	dir string
	svc *search.Service
	err error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if regionOnce.svc != nil {
		regionOnce.svc.Index.Close()
	}
	if regionOnce.dir != "" {
		os.RemoveAll(regionOnce.dir)
	}
	os.Exit(code)
}

// regionService seeds the synthetic Île-de-France dataset (7,700 organisations, 23,000
// dispositifs) and indexes it, once per test binary.
func regionService(b *testing.B) *search.Service {
	regionOnce.Do(func() {
		ctx := context.Background()
		dir, err := os.MkdirTemp("", "maillage-bench-")
		if err != nil {
			regionOnce.err = err
			return
		}
		regionOnce.dir = dir
		s, err := embedded.Open(filepath.Join(dir, "maillage.db"), embedded.Options{NoSync: true})
		if err != nil {
			regionOnce.err = err
			return
		}
		if _, err := seed.Synthetic(ctx, s, "region", 1, seed.Options{}); err != nil {
			regionOnce.err = err
			return
		}
		ix, err := search.Open(filepath.Join(dir, "index"))
		if err != nil {
			regionOnce.err = err
			return
		}
		if err := ix.Reindex(ctx, s, nil); err != nil {
			regionOnce.err = err
			return
		}
		g, _ := geo.Load()
		gl, _ := glossary.Load()
		regionOnce.svc = &search.Service{Store: s, Index: ix, Parser: situation.New(g), Geo: g, Glossary: gl}
	})
	if regionOnce.err != nil {
		b.Fatal(regionOnce.err)
	}
	return regionOnce.svc
}

// BenchmarkSearchRegion measures Service.Search on the synthetic Île-de-France dataset
// without HTTP, from one goroutine.
func BenchmarkSearchRegion(b *testing.B) {
	svc := regionService(b)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		text := benchTexts[i%len(benchTexts)]
		if _, err := svc.Search(ctx, search.Request{Text: text, First: 20}); err != nil {
			b.Fatal(fmt.Errorf("%s: %w", text, err))
		}
	}
}

// BenchmarkSearchRegionParallel is the same with concurrent searches (GOMAXPROCS goroutines).
func BenchmarkSearchRegionParallel(b *testing.B) {
	svc := regionService(b)
	ctx := context.Background()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for i := 0; pb.Next(); i++ {
			text := benchTexts[i%len(benchTexts)]
			if _, err := svc.Search(ctx, search.Request{Text: text, First: 20}); err != nil {
				b.Error(fmt.Errorf("%s: %w", text, err))
				return
			}
		}
	})
}

// BenchmarkReindexRegion measures a full rebuild of the index of the region dataset.
func BenchmarkReindexRegion(b *testing.B) {
	svc := regionService(b)
	ctx := context.Background()
	for b.Loop() {
		dir := filepath.Join(b.TempDir(), "index")
		ix, err := search.Open(dir)
		if err != nil {
			b.Fatal(err)
		}
		if err := ix.Reindex(ctx, svc.Store, nil); err != nil {
			b.Fatal(err)
		}
		ix.Close()
	}
}

// nationalService opens the data directory named by MAILLAGE_BENCH_DATA (seeding the synthetic
// national dataset and indexing it there when it is empty); the benchmark is skipped without it.
func nationalService(b *testing.B) *search.Service {
	dir := os.Getenv("MAILLAGE_BENCH_DATA")
	if dir == "" {
		b.Skip("MAILLAGE_BENCH_DATA not set (a data directory for the national dataset)")
	}
	ctx := context.Background()
	if err := os.MkdirAll(dir, 0o750); err != nil {
		b.Fatal(err)
	}
	_, statErr := os.Stat(filepath.Join(dir, "maillage.db"))
	s, err := embedded.Open(filepath.Join(dir, "maillage.db"), embedded.Options{NoSync: true})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	if os.IsNotExist(statErr) {
		if _, err := seed.Synthetic(ctx, s, "national", 1, seed.Options{}); err != nil {
			b.Fatal(err)
		}
	}
	ix, err := search.Open(filepath.Join(dir, "index"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { ix.Close() })
	if err := ix.CatchUp(ctx, s); err != nil {
		b.Fatal(err)
	}
	g, _ := geo.Load()
	gl, _ := glossary.Load()
	return &search.Service{Store: s, Index: ix, Parser: situation.New(g), Geo: g, Glossary: gl}
}

// BenchmarkSearchNational measures Service.Search on the synthetic national dataset (300,000
// dispositifs), one search per situation of the load benchmark in turn, without HTTP:
// MAILLAGE_BENCH_DATA=/tmp/national go test -run XXX -bench SearchNational ./search/
func BenchmarkSearchNational(b *testing.B) {
	svc := nationalService(b)
	ctx := context.Background()
	texts := []string{
		"homme 54 ans sans papiers Marseille", "hébergement d'urgence Lille", "femme enceinte sans abri Paris",
		"addiction alcool soins Toulouse", "jeune de 19 ans sans logement Nantes", "personne âgée à la rue Lyon",
		"famille avec enfants en impayé de loyer Paris", "demandeur d'asile Bordeaux", "hébergement d'urgence Paris",
		"homme 40 ans sans papiers Saint-Denis",
	}
	for _, text := range texts {
		b.Run(strings.ReplaceAll(text, " ", "_"), func(b *testing.B) {
			for b.Loop() {
				if _, err := svc.Search(ctx, search.Request{Text: text, First: 20}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkSearchLongText measures a search of a long text (a situation described at length,
// 1, 2 and 4 KB): its cost must grow linearly with the length (issue 14: it grew with its cube).
func BenchmarkSearchLongText(b *testing.B) {
	svc := service(b)
	ctx := context.Background()
	sentence := "Monsieur, 67 ans, sans papiers, dort dans la rue à Saint-Denis depuis deux mois ; il a besoin d'un hébergement et de soins. "
	for _, kb := range []int{1, 2, 4} {
		text := strings.Repeat(sentence, kb*1000/len(sentence)+1)[:kb*1000]
		for !utf8.ValidString(text) {
			text = text[:len(text)-1]
		}
		b.Run(fmt.Sprintf("%dKB", kb), func(b *testing.B) {
			for b.Loop() {
				if _, err := svc.Search(ctx, search.Request{Text: text, First: 20}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
