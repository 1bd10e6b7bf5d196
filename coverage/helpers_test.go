package coverage_test

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/graph/embedded"
	"github.com/maillage/maillage/graph/teststore"
	"github.com/maillage/maillage/seed"
)

var (
	seededOnce  sync.Once
	seededStore graph.Store
	seededDir   string
	seededErr   error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if seededStore != nil {
		seededStore.Close()
	}
	if seededDir != "" {
		os.RemoveAll(seededDir)
	}
	for _, d := range benchSets {
		if d.st != nil {
			d.st.Close()
		}
	}
	for _, dir := range benchDirs {
		os.RemoveAll(dir)
	}
	os.Exit(code)
}

// seeded is the real seeded directory (seed.Real: geography, vocabularies, the five source
// documents, the FINESS sample), loaded once for the read-only tests of the package. On Neo4j
// (MAILLAGE_TEST_STORE=neo4j) the test server is reset per test, so it is seeded per test.
func seeded(t testing.TB) graph.Store {
	t.Helper()
	if teststore.Neo4j() {
		s := teststore.Open(t)
		if _, err := seed.Real(context.Background(), s, seed.Options{}); err != nil {
			t.Fatal(err)
		}
		return s
	}
	seededOnce.Do(func() {
		seededDir, seededErr = os.MkdirTemp("", "maillage-coverage-")
		if seededErr != nil {
			return
		}
		var s *embedded.Store
		s, seededErr = embedded.Open(filepath.Join(seededDir, "maillage.db"), embedded.Options{NoSync: true})
		if seededErr != nil {
			return
		}
		seededStore = s
		_, seededErr = seed.Real(context.Background(), s, seed.Options{})
	})
	if seededErr != nil {
		t.Fatal(seededErr)
	}
	return seededStore
}

// fresh is a real seeded store of its own, for tests that write.
func fresh(t testing.TB) graph.Store {
	t.Helper()
	s := teststore.Open(t)
	if _, err := seed.Real(context.Background(), s, seed.Options{}); err != nil {
		t.Fatal(err)
	}
	return s
}
