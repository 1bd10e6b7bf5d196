package migrate_test

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/graph/embedded"
	"github.com/maillage/maillage/graph/exchange"
	"github.com/maillage/maillage/graph/migrate"
	"github.com/maillage/maillage/graph/neo4j/neo4jtest"
	"github.com/maillage/maillage/seed"
)

func embeddedStore(t *testing.T) graph.Store {
	t.Helper()
	s, err := embedded.Open(filepath.Join(t.TempDir(), "maillage.db"), embedded.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func export(t *testing.T, s graph.Store) string {
	t.Helper()
	var b bytes.Buffer
	if _, err := exchange.Export(context.Background(), s, &b, nil); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	return out[strings.IndexByte(out, '\n')+1:] // drop the header (export time)
}

// TestEmbeddedToNeo4jAndBack copies the seeded reference graph to Neo4j and back, checks the
// three graphs export identically and that a second run writes nothing.
func TestEmbeddedToNeo4jAndBack(t *testing.T) {
	ctx := context.Background()
	a := embeddedStore(t)
	if _, err := seed.Real(ctx, a, seed.Options{}); err != nil {
		t.Fatal(err)
	}
	n := neo4jtest.Open(t)
	rep, err := migrate.Copy(ctx, a, n, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.NodesWritten != rep.Nodes || rep.EdgesWritten != rep.Edges || rep.Nodes < 36000 {
		t.Fatalf("first copy: %+v", rep)
	}
	seq, _ := n.LastSeq(ctx)
	again, err := migrate.Copy(ctx, a, n, nil)
	if err != nil {
		t.Fatal(err)
	}
	if again.NodesWritten != 0 || again.EdgesWritten != 0 {
		t.Fatalf("second copy wrote %+v", again)
	}
	if s2, _ := n.LastSeq(ctx); s2 != seq {
		t.Fatalf("second copy changed the feed: %d → %d", seq, s2)
	}
	b := embeddedStore(t)
	if _, err := migrate.Copy(ctx, n, b, nil); err != nil {
		t.Fatal(err)
	}
	ea, en, eb := export(t, a), export(t, n), export(t, b)
	if ea != en || ea != eb {
		t.Fatalf("graphs differ after migration (%d, %d, %d bytes)", len(ea), len(en), len(eb))
	}
}

func TestVerifyRefusesATargetWithOtherData(t *testing.T) {
	ctx := context.Background()
	a, b := embeddedStore(t), embeddedStore(t)
	if _, err := b.Create(ctx, &graph.Organisation{Name: "Déjà là"}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Create(ctx, &graph.Organisation{Name: "Source"}); err != nil {
		t.Fatal(err)
	}
	if _, err := migrate.Copy(ctx, a, b, nil); err == nil {
		t.Fatal("counts differ but Copy reported no error")
	}
}
