package resolvers

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/maillage/maillage/auth"
	authembedded "github.com/maillage/maillage/auth/embedded"
	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/graph/teststore"
)

// TestChangePasswordReportsFailure: a refused change answers false with its error (the resolver
// tested a stale err and answered true).
func TestChangePasswordReportsFailure(t *testing.T) {
	g := teststore.Open(t)
	store, err := authembedded.Open(filepath.Join(t.TempDir(), authembedded.FileName), authembedded.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	ctx := context.Background()
	svc := auth.NewService(store, g)
	u, err := svc.CreateUser(ctx, auth.System(), auth.NewUser{Email: "admin@exemple.fr", Role: auth.RoleAdmin, Password: "une phrase de passe solide"})
	if err != nil {
		t.Fatal(err)
	}
	m := &mutationResolver{&Resolver{Store: g, Accounts: svc}}
	ok, err := m.ChangePassword(auth.WithPrincipal(ctx, auth.ForUser(u)), "pas le bon mot de passe", "une nouvelle phrase solide")
	if ok || !graph.IsCode(err, graph.CodeBadUserInput) {
		t.Fatalf("wrong current password: %v, %v", ok, err)
	}
	ok, err = m.ChangePassword(auth.WithPrincipal(ctx, auth.ForUser(u)), "une phrase de passe solide", "une nouvelle phrase solide")
	if !ok || err != nil {
		t.Fatalf("change: %v, %v", ok, err)
	}
}
