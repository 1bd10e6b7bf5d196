// Package teststore is the one switch that runs the API and end-to-end tests on either store:
// MAILLAGE_TEST_STORE=neo4j puts them on the Neo4j test server (TEST_NEO4J_URI); unset or
// "embedded", on a fresh embedded store.
package teststore

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/graph/embedded"
	"github.com/maillage/maillage/graph/neo4j/neo4jtest"
)

// Neo4j reports whether the tests run on Neo4j.
func Neo4j() bool { return os.Getenv("MAILLAGE_TEST_STORE") == "neo4j" }

// Open returns an empty store of the selected kind on the system clock, closed when t ends.
func Open(t testing.TB) graph.Store {
	t.Helper()
	return OpenWithClock(t, nil)
}

// OpenWithClock returns an empty store of the selected kind whose writes are stamped by clock
// (nil: graph.SystemClock), closed when t ends.
func OpenWithClock(t testing.TB, clock graph.Clock) graph.Store {
	t.Helper()
	if Neo4j() {
		return neo4jtest.OpenWithClock(t, clock)
	}
	s, err := embedded.Open(filepath.Join(t.TempDir(), "maillage.db"), embedded.Options{Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// ServeFlags returns the `maillage serve` flags that select the store for a test that runs the
// binary, emptying and locking the Neo4j test server for t when it is selected.
func ServeFlags(t testing.TB) []string {
	t.Helper()
	if !Neo4j() {
		return nil
	}
	neo4jtest.Open(t) // lock and reset for the duration of t
	return []string{"--store", neo4jtest.URI(t)}
}
