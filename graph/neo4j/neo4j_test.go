package neo4j_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/maillage/maillage/graph"
	neo4jstore "github.com/maillage/maillage/graph/neo4j"
	"github.com/maillage/maillage/graph/storetest"
)

// open returns the store on the test server named by TEST_NEO4J_URI, emptied. Without one the
// tests skip, unless MAILLAGE_REQUIRE_NEO4J=1 (CI), where they fail.
func open(t *testing.T) graph.Store {
	t.Helper()
	uri := os.Getenv("TEST_NEO4J_URI")
	if uri == "" {
		if os.Getenv("MAILLAGE_REQUIRE_NEO4J") == "1" {
			t.Fatal("TEST_NEO4J_URI est vide alors que MAILLAGE_REQUIRE_NEO4J=1")
		}
		t.Skip("Neo4j absent : lancez « scripts/neo4j/server start » puis TEST_NEO4J_URI=bolt://127.0.0.1:7687")
	}
	ctx := context.Background()
	s, err := neo4jstore.Open(ctx, neo4jstore.Config{URI: uri, User: os.Getenv("TEST_NEO4J_USER"), Password: os.Getenv("TEST_NEO4J_PASS")})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Reset(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestContract(t *testing.T) {
	storetest.Run(t, open)
}

func TestUnreachableServerIsAClearError(t *testing.T) {
	_, err := neo4jstore.Open(context.Background(), neo4jstore.Config{URI: "bolt://127.0.0.1:1", StartupWait: 1})
	if err == nil || !strings.Contains(err.Error(), "Neo4j injoignable") {
		t.Fatalf("error %v", err)
	}
}
