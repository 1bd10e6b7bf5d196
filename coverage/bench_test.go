package coverage_test

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/maillage/maillage/coverage"
	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/graph/embedded"
	"github.com/maillage/maillage/seed"
)

// Benchmarks run on the synthetic datasets of seed/synthetic:
//
//   - "region" (Île-de-France: 7,700 organisations, 23,000 dispositifs) is built in a temporary
//     directory by default (a few seconds);
//   - "national" (100,000 organisations, 300,000 dispositifs, 2.3 million relations) takes
//     about 50 s to build on a 2-core machine, so it runs only when asked:
//     MAILLAGE_BENCH_NATIONAL=1 builds it in a temporary directory, or
//     MAILLAGE_BENCH_NATIONAL_DB=/path/maillage.db reuses a store seeded beforehand with
//     `maillage --data DIR seed --synthetic national` (the file is DIR/maillage.db).
//
//	go test -run XXX -bench . -benchtime 10x ./coverage/
//	MAILLAGE_BENCH_NATIONAL_DB=/tmp/nat/maillage.db go test -run XXX -bench National -benchtime 5x ./coverage/

type benchData struct {
	once sync.Once
	st   graph.Store
	svc  *coverage.Service
	err  error
}

var benchSets = map[string]*benchData{"region": {}, "national": {}}

func benchStore(b *testing.B, size string) (graph.Store, *coverage.Service) {
	b.Helper()
	d := benchSets[size]
	d.once.Do(func() {
		ctx := context.Background()
		path := ""
		if size == "national" {
			path = os.Getenv("MAILLAGE_BENCH_NATIONAL_DB")
			if path == "" && os.Getenv("MAILLAGE_BENCH_NATIONAL") == "" {
				d.err = errSkip
				return
			}
		}
		fresh := path == ""
		if fresh {
			dir, err := os.MkdirTemp("", "maillage-coverage-bench-")
			if err != nil {
				d.err = err
				return
			}
			benchDirs = append(benchDirs, dir)
			path = filepath.Join(dir, "maillage.db")
		}
		s, err := embedded.Open(path, embedded.Options{NoSync: true})
		if err != nil {
			d.err = err
			return
		}
		d.st = s
		if fresh {
			if _, err := seed.Synthetic(ctx, s, size, 1, seed.Options{}); err != nil {
				d.err = err
				return
			}
		}
		d.svc = coverage.NewService(s)
		d.err = d.svc.Refresh(ctx)
	})
	if d.err == errSkip {
		b.Skip("jeu national : MAILLAGE_BENCH_NATIONAL=1 ou MAILLAGE_BENCH_NATIONAL_DB=chemin/maillage.db")
	}
	if d.err != nil {
		b.Fatal(d.err)
	}
	return d.st, d.svc
}

var (
	errSkip   = &graph.Error{Code: graph.CodeInternal, Message: "skip"}
	benchDirs []string
)

// cpuTime is the CPU time (user + system) the process has used so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// loop runs fn b.N times and also reports the process CPU time per operation ("cpu-ms/op"):
// on a shared machine wall time includes the waits for a core, CPU time does not.
func loop(b *testing.B, fn func() error) {
	b.Helper()
	start := cpuTime()
	n := 0
	for b.Loop() {
		if err := fn(); err != nil {
			b.Fatal(err)
		}
		n++
	}
	b.ReportMetric(float64(cpuTime()-start)/float64(time.Millisecond)/float64(n), "cpu-ms/op")
}

func benchCoverage(b *testing.B, size string) {
	st, svc := benchStore(b, size)
	ctx := context.Background()
	pub := []coverage.Dimension{coverage.DimPublic}
	b.Run("Load", func(b *testing.B) {
		// The Service's first read of the whole graph (once per process in production).
		// heap-MiB is the memory the projection holds once built (live heap growth).
		var ms runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&ms)
		before := ms.HeapAlloc
		var last *coverage.Service
		loop(b, func() error { last = coverage.NewService(st); return last.Refresh(ctx) })
		runtime.GC()
		runtime.ReadMemStats(&ms)
		b.ReportMetric(float64(int64(ms.HeapAlloc)-int64(before))/(1<<20), "heap-MiB")
		runtime.KeepAlive(last)
	})
	b.Run("FranceByRegion", func(b *testing.B) {
		loop(b, func() error { _, err := svc.Coverage(ctx, "fr", pub, coverage.Options{}); return err })
	})
	b.Run("FranceByDepartement", func(b *testing.B) {
		loop(b, func() error {
			_, err := svc.Coverage(ctx, "fr", pub, coverage.Options{RowLevel: graph.LevelDepartement})
			return err
		})
	})
	b.Run("FranceByDepartementPublicThematique", func(b *testing.B) {
		loop(b, func() error {
			_, err := svc.Coverage(ctx, "fr", []coverage.Dimension{coverage.DimPublic, coverage.DimThematique}, coverage.Options{RowLevel: graph.LevelDepartement})
			return err
		})
	})
	b.Run("Departement93", func(b *testing.B) {
		loop(b, func() error { _, err := svc.Coverage(ctx, "dep-93", pub, coverage.Options{}); return err })
	})
	b.Run("Departement93Gaps", func(b *testing.B) {
		loop(b, func() error { _, err := svc.Gaps(ctx, "dep-93", coverage.Options{}); return err })
	})
	b.Run("Departement93Diagnostics", func(b *testing.B) {
		loop(b, func() error { _, err := svc.Diagnostics(ctx, "dep-93", coverage.Options{}); return err })
	})
	b.Run("Departement93FromStore", func(b *testing.B) {
		// The package-level function: reads the part of the graph around the territory.
		loop(b, func() error { _, err := coverage.Coverage(ctx, st, "dep-93", pub, coverage.Options{}); return err })
	})
}

// BenchmarkCoverageRegion runs on the synthetic Île-de-France dataset.
func BenchmarkCoverageRegion(b *testing.B) { benchCoverage(b, "region") }

// BenchmarkCoverageNational runs on the synthetic national dataset (see above to enable it).
func BenchmarkCoverageNational(b *testing.B) { benchCoverage(b, "national") }
