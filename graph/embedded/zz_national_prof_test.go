package embedded_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/graph/embedded"
	"github.com/maillage/maillage/seed"
)

type timedStore struct {
	graph.Store
	apply time.Duration
	calls int
}

func (t *timedStore) Apply(ctx context.Context, b graph.Batch) error {
	s := time.Now()
	err := t.Store.Apply(ctx, b)
	t.apply += time.Since(s)
	t.calls++
	return err
}

func ioWrite() string {
	b, _ := os.ReadFile("/proc/self/io")
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "write_bytes") {
			return l
		}
	}
	return ""
}

func TestZZNational(t *testing.T) {
	if os.Getenv("ZZ_NATIONAL") == "" {
		t.Skip()
	}
	dir := os.Getenv("ZZ_DIR")
	os.RemoveAll(dir)
	os.MkdirAll(dir, 0o755)
	s, err := embedded.Open(filepath.Join(dir, "maillage.db"), embedded.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ts := &timedStore{Store: s}
	t.Log(ioWrite())
	start := time.Now()
	if _, err := seed.Synthetic(context.Background(), ts, os.Getenv("ZZ_NATIONAL"), 1, seed.Options{}); err != nil {
		t.Fatal(err)
	}
	t.Logf("total %v, apply %v in %d calls", time.Since(start), ts.apply, ts.calls)
	t.Log(ioWrite())
}
