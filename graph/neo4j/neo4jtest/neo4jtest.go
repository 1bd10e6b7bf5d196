// Package neo4jtest gives tests an emptied Neo4j store on the test server named by
// TEST_NEO4J_URI (scripts/neo4j/server starts one). Neo4j Community has a single database, so
// the tests of every package that use it take a machine-wide lock for their duration: go test
// runs packages in parallel, and one package's reset must not wipe another's data.
//
// Without TEST_NEO4J_URI the tests skip with a message, unless MAILLAGE_REQUIRE_NEO4J=1 (CI),
// where they fail.
package neo4jtest

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/maillage/maillage/graph"
	neo4jstore "github.com/maillage/maillage/graph/neo4j"
)

// URI returns the test server's address, skipping (or failing, in CI) when there is none.
func URI(t testing.TB) string {
	t.Helper()
	uri := os.Getenv("TEST_NEO4J_URI")
	if uri == "" {
		if os.Getenv("MAILLAGE_REQUIRE_NEO4J") == "1" {
			t.Fatal("TEST_NEO4J_URI est vide alors que MAILLAGE_REQUIRE_NEO4J=1")
		}
		t.Skip("Neo4j absent : lancez « scripts/neo4j/server start » puis TEST_NEO4J_URI=bolt://127.0.0.1:7687")
	}
	return uri
}

// Open locks the test server for t, empties it and returns a store on it.
func Open(t testing.TB) *neo4jstore.Store {
	t.Helper()
	return OpenWithClock(t, nil)
}

// OpenWithClock is Open with the store's writes stamped by clock (nil: graph.SystemClock).
func OpenWithClock(t testing.TB, clock graph.Clock) *neo4jstore.Store {
	t.Helper()
	uri := URI(t)
	lock(t)
	ctx := context.Background()
	s, err := neo4jstore.Open(ctx, neo4jstore.Config{URI: uri, User: os.Getenv("TEST_NEO4J_USER"), Password: os.Getenv("TEST_NEO4J_PASS"), Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Reset(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// lock holds an exclusive file lock until t ends.
func lock(t testing.TB) {
	t.Helper()
	f, err := os.OpenFile(filepath.Join(os.TempDir(), "maillage-neo4j-test.lock"), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	})
}
