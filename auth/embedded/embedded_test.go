package embedded_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/maillage/maillage/auth"
	"github.com/maillage/maillage/auth/embedded"
	"github.com/maillage/maillage/auth/storetest"
	"github.com/maillage/maillage/graph"
)

func TestContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T) auth.Store {
		s, err := embedded.Open(filepath.Join(t.TempDir(), embedded.FileName), embedded.Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	})
}

// TestDurableAcrossReopen closes the file and opens it again: every acknowledged write is there.
func TestDurableAcrossReopen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), embedded.FileName)
	s, err := embedded.Open(path, embedded.Options{})
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC)
	if _, err := s.CreateUser(ctx, auth.User{ID: "usr-1", Email: "marie@exemple.fr", Role: auth.RoleAdmin, CreatedAt: at}); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateToken(ctx, auth.APIToken{ID: "tok-1", Hash: "h", OwnerID: "usr-1", CreatedAt: at}); err != nil {
		t.Fatal(err)
	}
	// a second process cannot open it meanwhile
	if _, err := embedded.Open(path, embedded.Options{Timeout: 50 * time.Millisecond}); err == nil {
		t.Fatal("second open of a locked file succeeded")
	}
	s.Close()
	s, err = embedded.Open(path, embedded.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if u, err := s.GetUserByEmail(ctx, "marie@exemple.fr"); err != nil || u.ID != "usr-1" {
		t.Fatalf("after reopen: %+v %v", u, err)
	}
	if _, err := s.GetTokenByHash(ctx, "h"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.GetUser(ctx, "usr-2"); !graph.IsCode(err, graph.CodeNotFound) {
		t.Fatal(err)
	}
}
