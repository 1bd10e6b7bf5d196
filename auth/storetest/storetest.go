// Package storetest is the contract every auth.Store must honour. Each store runs it from its
// own tests: auth/embedded always, auth/neo4j against a real Neo4j server.
package storetest

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/maillage/maillage/auth"
	"github.com/maillage/maillage/graph"
)

// Run runs the contract suite; open must return a new, empty store for each call.
func Run(t *testing.T, open func(t *testing.T) auth.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s auth.Store)
	}{
		{"UsersCreateGetList", testUsers},
		{"UserEmailIsUnique", testUserEmailUnique},
		{"UpdateUserChecksVersionAndEmail", testUpdateUser},
		{"ConcurrentCreatesOfOneEmailConflict", testConcurrentCreates},
		{"ConcurrentUpdatesOfOneUserConflict", testConcurrentUpdates},
		{"Sessions", testSessions},
		{"Tokens", testTokens},
		{"Invitations", testInvitations},
		{"ConcurrentRedemptionsSucceedOnce", testConcurrentRedeem},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, open(t)) })
	}
}

var ctx = context.Background()

// at is a fixed instant, so that tests never depend on the clock.
var at = time.Date(2026, 3, 2, 9, 30, 0, 123456000, time.UTC)

func wantCode(t *testing.T, err error, code graph.Code) {
	t.Helper()
	if err == nil || graph.ErrorCode(err) != code {
		t.Fatalf("error = %v, want code %s", err, code)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func user(id, email string) auth.User {
	return auth.User{ID: id, Email: email, DisplayName: "Marie Dupont", Role: auth.RolePartner,
		Organisations: []string{"org-passerelle"}, PasswordHash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
		CreatedAt: at, UpdatedAt: at}
}

func testUsers(t *testing.T, s auth.Store) {
	u, err := s.CreateUser(ctx, user("usr-b", "b@exemple.fr"))
	must(t, err)
	if u.Version != 1 {
		t.Fatalf("version %d", u.Version)
	}
	_, err = s.CreateUser(ctx, auth.User{ID: "usr-a", Email: "a@exemple.fr", Role: auth.RoleCoordinator, Territories: []string{"dep-52"}, CreatedAt: at})
	must(t, err)
	got, err := s.GetUser(ctx, "usr-b")
	must(t, err)
	if got.Email != "b@exemple.fr" || got.DisplayName != "Marie Dupont" || got.Role != auth.RolePartner || got.Organisations[0] != "org-passerelle" ||
		got.PasswordHash != u.PasswordHash || !got.CreatedAt.Equal(at) || !got.UpdatedAt.Equal(at) || got.Version != 1 {
		t.Fatalf("get: %+v", got)
	}
	byEmail, err := s.GetUserByEmail(ctx, "a@exemple.fr")
	must(t, err)
	if byEmail.ID != "usr-a" || byEmail.Territories[0] != "dep-52" || !byEmail.UpdatedAt.Equal(at) {
		t.Fatalf("by e-mail: %+v", byEmail)
	}
	list, err := s.ListUsers(ctx)
	must(t, err)
	if len(list) != 2 || list[0].Email != "a@exemple.fr" || list[1].Email != "b@exemple.fr" {
		t.Fatalf("list: %+v", list)
	}
	_, err = s.GetUser(ctx, "usr-absent")
	wantCode(t, err, graph.CodeNotFound)
	_, err = s.GetUserByEmail(ctx, "absent@exemple.fr")
	wantCode(t, err, graph.CodeNotFound)
}

func testUserEmailUnique(t *testing.T, s auth.Store) {
	_, err := s.CreateUser(ctx, user("usr-1", "marie@exemple.fr"))
	must(t, err)
	_, err = s.CreateUser(ctx, user("usr-2", "marie@exemple.fr"))
	wantCode(t, err, graph.CodeConflict)
	_, err = s.CreateUser(ctx, user("usr-1", "autre@exemple.fr"))
	wantCode(t, err, graph.CodeConflict)
	list, err := s.ListUsers(ctx)
	must(t, err)
	if len(list) != 1 {
		t.Fatalf("a refused creation wrote something: %+v", list)
	}
}

func testUpdateUser(t *testing.T, s auth.Store) {
	u, err := s.CreateUser(ctx, user("usr-1", "marie@exemple.fr"))
	must(t, err)
	_, err = s.CreateUser(ctx, user("usr-2", "paul@exemple.fr"))
	must(t, err)
	u.Disabled = true
	u.Email = "marie.dupont@exemple.fr"
	u.UpdatedAt = at.Add(time.Hour)
	u2, err := s.UpdateUser(ctx, u)
	must(t, err)
	if u2.Version != 2 || !u2.Disabled || !u2.CreatedAt.Equal(at) {
		t.Fatalf("update: %+v", u2)
	}
	got, err := s.GetUserByEmail(ctx, "marie.dupont@exemple.fr")
	must(t, err)
	if got.ID != "usr-1" || !got.Disabled || got.Version != 2 || !got.UpdatedAt.Equal(at.Add(time.Hour)) {
		t.Fatalf("after update: %+v", got)
	}
	_, err = s.GetUserByEmail(ctx, "marie@exemple.fr")
	wantCode(t, err, graph.CodeNotFound) // the old address is free again
	_, err = s.CreateUser(ctx, user("usr-3", "marie@exemple.fr"))
	must(t, err)

	// stale version: CONFLICT, nothing changed
	u.Disabled = false
	_, err = s.UpdateUser(ctx, u)
	wantCode(t, err, graph.CodeConflict)
	// taken e-mail: CONFLICT, nothing changed
	got.Email = "paul@exemple.fr"
	_, err = s.UpdateUser(ctx, got)
	wantCode(t, err, graph.CodeConflict)
	again, err := s.GetUser(ctx, "usr-1")
	must(t, err)
	if !again.Disabled || again.Email != "marie.dupont@exemple.fr" || again.Version != 2 {
		t.Fatalf("a refused update wrote something: %+v", again)
	}
	_, err = s.UpdateUser(ctx, user("usr-absent", "x@exemple.fr"))
	wantCode(t, err, graph.CodeNotFound)
}

func testConcurrentCreates(t *testing.T, s auth.Store) {
	const n = 8
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = s.CreateUser(ctx, user(fmt.Sprintf("usr-%d", i), "meme@exemple.fr"))
		}()
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		if err == nil {
			ok++
		} else if !graph.IsCode(err, graph.CodeConflict) {
			t.Fatalf("concurrent create: %v", err)
		}
	}
	if ok != 1 {
		t.Fatalf("%d creations of one e-mail succeeded, want 1", ok)
	}
	list, err := s.ListUsers(ctx)
	must(t, err)
	if len(list) != 1 {
		t.Fatalf("%d accounts for one e-mail", len(list))
	}
}

func testConcurrentUpdates(t *testing.T, s auth.Store) {
	u, err := s.CreateUser(ctx, user("usr-1", "marie@exemple.fr"))
	must(t, err)
	const n = 6
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v := u
			v.DisplayName = fmt.Sprintf("Nom %d", i)
			_, errs[i] = s.UpdateUser(ctx, v)
		}()
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		if err == nil {
			ok++
		} else if !graph.IsCode(err, graph.CodeConflict) {
			t.Fatalf("concurrent update: %v", err)
		}
	}
	got, err := s.GetUser(ctx, "usr-1")
	must(t, err)
	if ok != 1 || got.Version != 2 {
		t.Fatalf("%d updates of one version succeeded (version %d), want 1", ok, got.Version)
	}
}

func session(hash, user string, created time.Time) auth.Session {
	return auth.Session{Hash: hash, UserID: user, CreatedAt: created, LastSeenAt: created, ExpiresAt: created.Add(7 * 24 * time.Hour), IP: "192.0.2.1", UserAgent: "Firefox"}
}

func testSessions(t *testing.T, s auth.Store) {
	must(t, s.CreateSession(ctx, session("h1", "usr-1", at)))
	must(t, s.CreateSession(ctx, session("h2", "usr-1", at)))
	must(t, s.CreateSession(ctx, session("h3", "usr-2", at.Add(-30*24*time.Hour))))
	got, err := s.GetSession(ctx, "h1")
	must(t, err)
	if got.UserID != "usr-1" || !got.ExpiresAt.Equal(at.Add(7*24*time.Hour)) || got.IP != "192.0.2.1" || got.UserAgent != "Firefox" {
		t.Fatalf("get: %+v", got)
	}
	must(t, s.TouchSession(ctx, "h1", at.Add(time.Hour)))
	got, err = s.GetSession(ctx, "h1")
	must(t, err)
	if !got.LastSeenAt.Equal(at.Add(time.Hour)) || !got.CreatedAt.Equal(at) {
		t.Fatalf("touch: %+v", got)
	}
	wantCode(t, s.TouchSession(ctx, "absent", at), graph.CodeNotFound)
	_, err = s.GetSession(ctx, "absent")
	wantCode(t, err, graph.CodeNotFound)

	// housekeeping: h3 expired long ago; h2 idle since `at` (before at+30 min); h1 seen at at+1h
	n, err := s.DeleteSessionsBefore(ctx, at, at.Add(30*time.Minute))
	must(t, err)
	if n != 2 {
		t.Fatalf("purged %d sessions, want 2", n)
	}
	if _, err := s.GetSession(ctx, "h1"); err != nil {
		t.Fatalf("active session purged: %v", err)
	}
	must(t, s.CreateSession(ctx, session("h4", "usr-1", at)))
	must(t, s.CreateSession(ctx, session("h5", "usr-2", at)))
	n, err = s.DeleteUserSessions(ctx, "usr-1")
	must(t, err)
	if n != 2 {
		t.Fatalf("ended %d sessions of usr-1, want 2", n)
	}
	_, err = s.GetSession(ctx, "h4")
	wantCode(t, err, graph.CodeNotFound)
	must(t, s.DeleteSession(ctx, "h5"))
	must(t, s.DeleteSession(ctx, "h5")) // already gone: no error
	_, err = s.GetSession(ctx, "h5")
	wantCode(t, err, graph.CodeNotFound)
}

func testTokens(t *testing.T, s auth.Store) {
	t1 := auth.APIToken{ID: "tok-1", Hash: "hash-1", Name: "Import FINESS", OwnerID: "usr-1", Scopes: []auth.Scope{auth.ScopeRead, auth.ScopeWrite}, CreatedAt: at}
	t2 := auth.APIToken{ID: "tok-2", Hash: "hash-2", Name: "Tableau de bord", OwnerID: "usr-2", Scopes: []auth.Scope{auth.ScopeRead}, CreatedAt: at.Add(time.Minute)}
	t3 := auth.APIToken{ID: "tok-3", Hash: "hash-3", Name: "Export", OwnerID: "usr-1", Scopes: []auth.Scope{auth.ScopeRead}, CreatedAt: at.Add(2 * time.Minute)}
	for _, tk := range []auth.APIToken{t1, t2, t3} {
		must(t, s.CreateToken(ctx, tk))
	}
	wantCode(t, s.CreateToken(ctx, auth.APIToken{ID: "tok-4", Hash: "hash-1", OwnerID: "usr-1", CreatedAt: at}), graph.CodeConflict)
	wantCode(t, s.CreateToken(ctx, auth.APIToken{ID: "tok-1", Hash: "hash-9", OwnerID: "usr-1", CreatedAt: at}), graph.CodeConflict)
	got, err := s.GetTokenByHash(ctx, "hash-1")
	must(t, err)
	if got.ID != "tok-1" || got.Name != "Import FINESS" || !got.HasScope(auth.ScopeWrite) || got.LastUsedAt != nil || got.RevokedAt != nil {
		t.Fatalf("by hash: %+v", got)
	}
	_, err = s.GetTokenByHash(ctx, "absent")
	wantCode(t, err, graph.CodeNotFound)
	_, err = s.GetToken(ctx, "tok-absent")
	wantCode(t, err, graph.CodeNotFound)
	mine, err := s.ListTokens(ctx, "usr-1")
	must(t, err)
	if len(mine) != 2 || mine[0].ID != "tok-1" || mine[1].ID != "tok-3" {
		t.Fatalf("list of usr-1: %+v", mine)
	}
	every, err := s.ListTokens(ctx, "")
	must(t, err)
	if len(every) != 3 || every[1].ID != "tok-2" {
		t.Fatalf("list all: %+v", every)
	}
	must(t, s.TouchToken(ctx, "tok-1", at.Add(time.Hour)))
	r, err := s.RevokeToken(ctx, "tok-1", at.Add(2*time.Hour))
	must(t, err)
	if r.RevokedAt == nil || !r.RevokedAt.Equal(at.Add(2*time.Hour)) {
		t.Fatalf("revoke: %+v", r)
	}
	r, err = s.RevokeToken(ctx, "tok-1", at.Add(3*time.Hour))
	must(t, err)
	got, err = s.GetToken(ctx, "tok-1")
	must(t, err)
	if !r.RevokedAt.Equal(at.Add(2*time.Hour)) || !got.RevokedAt.Equal(at.Add(2*time.Hour)) || got.LastUsedAt == nil || !got.LastUsedAt.Equal(at.Add(time.Hour)) {
		t.Fatalf("after revoke: %+v", got)
	}
	_, err = s.RevokeToken(ctx, "tok-absent", at)
	wantCode(t, err, graph.CodeNotFound)
	wantCode(t, s.TouchToken(ctx, "tok-absent", at), graph.CodeNotFound)
}

func invitation(id, hash, email string, created time.Time) auth.Invitation {
	return auth.Invitation{ID: id, Hash: hash, Email: email, Role: auth.RolePartner, Organisations: []string{"org-passerelle"},
		InvitedBy: "usr-coord", CreatedAt: created, ExpiresAt: created.Add(7 * 24 * time.Hour)}
}

func testInvitations(t *testing.T, s auth.Store) {
	must(t, s.CreateInvitation(ctx, invitation("inv-1", "ih-1", "jeanne@exemple.fr", at)))
	must(t, s.CreateInvitation(ctx, invitation("inv-2", "ih-2", "paul@exemple.fr", at.Add(time.Hour))))
	must(t, s.CreateInvitation(ctx, invitation("inv-3", "ih-3", "taken@exemple.fr", at)))
	wantCode(t, s.CreateInvitation(ctx, invitation("inv-9", "ih-1", "x@exemple.fr", at)), graph.CodeConflict)
	got, err := s.GetInvitationByHash(ctx, "ih-1")
	must(t, err)
	if got.ID != "inv-1" || got.Email != "jeanne@exemple.fr" || got.Organisations[0] != "org-passerelle" || got.InvitedBy != "usr-coord" || !got.ExpiresAt.Equal(at.Add(7*24*time.Hour)) {
		t.Fatalf("get: %+v", got)
	}
	list, err := s.ListInvitations(ctx)
	must(t, err)
	if len(list) != 3 || list[0].ID != "inv-2" {
		t.Fatalf("list (newest first): %+v", list)
	}

	u, err := s.RedeemInvitation(ctx, "ih-1", user("usr-jeanne", "jeanne@exemple.fr"), at.Add(time.Hour))
	must(t, err)
	if u.Version != 1 {
		t.Fatalf("redeemed account: %+v", u)
	}
	if _, err := s.GetUserByEmail(ctx, "jeanne@exemple.fr"); err != nil {
		t.Fatalf("no account after redemption: %v", err)
	}
	got, err = s.GetInvitationByHash(ctx, "ih-1")
	must(t, err)
	if got.RedeemedAt == nil || !got.RedeemedAt.Equal(at.Add(time.Hour)) || got.UserID != "usr-jeanne" {
		t.Fatalf("invitation not marked: %+v", got)
	}
	// once only
	_, err = s.RedeemInvitation(ctx, "ih-1", user("usr-jeanne2", "jeanne2@exemple.fr"), at.Add(2*time.Hour))
	wantCode(t, err, graph.CodeBadUserInput)
	// expired: refused, no account
	_, err = s.RedeemInvitation(ctx, "ih-2", user("usr-paul", "paul@exemple.fr"), at.Add(8*24*time.Hour))
	wantCode(t, err, graph.CodeBadUserInput)
	if _, err := s.GetUserByEmail(ctx, "paul@exemple.fr"); !graph.IsCode(err, graph.CodeNotFound) {
		t.Fatalf("expired invitation created an account: %v", err)
	}
	// unknown
	_, err = s.RedeemInvitation(ctx, "ih-absent", user("usr-x", "x@exemple.fr"), at)
	wantCode(t, err, graph.CodeNotFound)
	// the e-mail got an account meanwhile: CONFLICT, the invitation stays open
	_, err = s.CreateUser(ctx, user("usr-taken", "taken@exemple.fr"))
	must(t, err)
	_, err = s.RedeemInvitation(ctx, "ih-3", user("usr-taken2", "taken@exemple.fr"), at.Add(time.Hour))
	wantCode(t, err, graph.CodeConflict)
	got, err = s.GetInvitationByHash(ctx, "ih-3")
	must(t, err)
	if got.RedeemedAt != nil {
		t.Fatalf("a failed redemption marked the invitation: %+v", got)
	}
}

func testConcurrentRedeem(t *testing.T, s auth.Store) {
	must(t, s.CreateInvitation(ctx, invitation("inv-1", "ih-1", "jeanne@exemple.fr", at)))
	const n = 6
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = s.RedeemInvitation(ctx, "ih-1", user(fmt.Sprintf("usr-%d", i), "jeanne@exemple.fr"), at.Add(time.Hour))
		}()
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		if err == nil {
			ok++
		} else if c := graph.ErrorCode(err); c != graph.CodeBadUserInput && c != graph.CodeConflict {
			t.Fatalf("concurrent redemption: %v", err)
		}
	}
	list, err := s.ListUsers(ctx)
	must(t, err)
	if ok != 1 || len(list) != 1 {
		t.Fatalf("%d redemptions succeeded, %d accounts; want 1 and 1", ok, len(list))
	}
}
