package neo4j_test

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/maillage/maillage/auth"
	authneo4j "github.com/maillage/maillage/auth/neo4j"
	"github.com/maillage/maillage/auth/storetest"
	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/graph/neo4j/neo4jtest"
)

// open empties the Neo4j test server (holding its lock for t, see neo4jtest) and opens the
// accounts store on it.
func open(t *testing.T) (*authneo4j.Store, graph.Store) {
	t.Helper()
	g := neo4jtest.Open(t) // locks and empties the server, accounts included
	s, err := authneo4j.Open(context.Background(), authneo4j.Config{URI: neo4jtest.URI(t),
		User: os.Getenv("TEST_NEO4J_USER"), Password: os.Getenv("TEST_NEO4J_PASS")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, g
}

func TestContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T) auth.Store {
		s, _ := open(t)
		return s
	})
}

// TestAccountsStayOutOfTheGraph checks that accounts never show in the graph's scans and
// statistics, and that a reconnection finds every acknowledged write.
func TestAccountsStayOutOfTheGraph(t *testing.T) {
	ctx := context.Background()
	s, g := open(t)
	at := time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC)
	if _, err := s.CreateUser(ctx, auth.User{ID: "usr-1", Email: "marie@exemple.fr", Role: auth.RoleAdmin, CreatedAt: at}); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateSession(ctx, auth.Session{Hash: "h", UserID: "usr-1", CreatedAt: at, LastSeenAt: at, ExpiresAt: at.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateToken(ctx, auth.APIToken{ID: "tok-1", Hash: "h", OwnerID: "usr-1", CreatedAt: at}); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateInvitation(ctx, auth.Invitation{ID: "inv-1", Hash: "h", Email: "x@exemple.fr", CreatedAt: at, ExpiresAt: at}); err != nil {
		t.Fatal(err)
	}
	st, err := g.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, n := range st.Nodes {
		total += n
	}
	if total != 0 {
		t.Fatalf("accounts counted as graph nodes: %+v", st.Nodes)
	}
	if err := g.ScanNodes(ctx, nil, func(n graph.Node) error {
		t.Errorf("scan found %s", n.NodeMeta().ID)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	// a second store (another replica) opens on the same database: the constraints exist
	// already, and it reads what the first wrote.
	s2, err := authneo4j.Open(ctx, authneo4j.Config{URI: neo4jtest.URI(t), User: os.Getenv("TEST_NEO4J_USER"), Password: os.Getenv("TEST_NEO4J_PASS")})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if u, err := s2.GetUserByEmail(ctx, "marie@exemple.fr"); err != nil || u.ID != "usr-1" {
		t.Fatalf("replica reads: %+v %v", u, err)
	}
	if _, err := s2.CreateUser(ctx, auth.User{ID: "usr-2", Email: "marie@exemple.fr", CreatedAt: at}); !graph.IsCode(err, graph.CodeConflict) {
		t.Fatalf("duplicate through a replica: %v", err)
	}
}
