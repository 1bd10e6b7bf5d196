package neo4j_test

import (
	"context"
	"strings"
	"testing"

	"github.com/maillage/maillage/graph"
	neo4jstore "github.com/maillage/maillage/graph/neo4j"
	"github.com/maillage/maillage/graph/neo4j/neo4jtest"
	"github.com/maillage/maillage/graph/storetest"
)

func TestContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T, clock graph.Clock) graph.Store { return neo4jtest.OpenWithClock(t, clock) })
}

func TestUnreachableServerIsAClearError(t *testing.T) {
	_, err := neo4jstore.Open(context.Background(), neo4jstore.Config{URI: "bolt://127.0.0.1:1", StartupWait: 1})
	if err == nil || !strings.Contains(err.Error(), "Neo4j injoignable") {
		t.Fatalf("error %v", err)
	}
}
