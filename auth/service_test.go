package auth_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/maillage/maillage/auth"
	authembedded "github.com/maillage/maillage/auth/embedded"
	authneo4j "github.com/maillage/maillage/auth/neo4j"
	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/graph/clocktest"
	"github.com/maillage/maillage/graph/neo4j/neo4jtest"
	"github.com/maillage/maillage/graph/teststore"
)

// newService returns a service on the matrix graph and an accounts store of the selected kind
// (MAILLAGE_TEST_STORE), with a settable clock.
func newService(t *testing.T) (*auth.Service, *clocktest.Clock) {
	t.Helper()
	g := matrixGraph(t)
	var store auth.Store
	if teststore.Neo4j() {
		s, err := authneo4j.Open(ctx, authneo4j.Config{URI: neo4jtest.URI(t), User: os.Getenv("TEST_NEO4J_USER"), Password: os.Getenv("TEST_NEO4J_PASS")})
		if err != nil {
			t.Fatal(err)
		}
		store = s
	} else {
		s, err := authembedded.Open(filepath.Join(t.TempDir(), authembedded.FileName), authembedded.Options{})
		if err != nil {
			t.Fatal(err)
		}
		store = s
	}
	t.Cleanup(func() { store.Close() })
	c := clocktest.New(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	s := auth.NewService(store, g)
	s.Now = c.Now
	s.Throttle.Now = c.Now
	return s, c
}

const goodPassword = "le maillage de l'offre 52"

func code(err error) graph.Code {
	if err == nil {
		return ""
	}
	return graph.ErrorCode(err)
}

func TestPasswords(t *testing.T) {
	h, err := auth.HashPassword(goodPassword)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") || strings.Count(h, "$") != 5 {
		t.Fatalf("not a PHC argon2id string: %s", h)
	}
	h2, _ := auth.HashPassword(goodPassword)
	if h == h2 {
		t.Fatal("two hashes of one password are equal: no salt")
	}
	if !auth.VerifyPassword(goodPassword, h) || auth.VerifyPassword(goodPassword+"!", h) || auth.VerifyPassword(goodPassword, "n'importe quoi") {
		t.Fatal("verification")
	}
	if auth.NeedsRehash(h) || !auth.NeedsRehash(strings.Replace(h, "t=2", "t=1", 1)) {
		t.Fatal("NeedsRehash")
	}
	for pw, want := range map[string]string{
		"court":                         "au moins 12 caractères",
		"motdepasse123":                 "trop courant",
		"aaaaaaaaaaaaaaaa":              "trop courant",
		"marie.dupont-2026":             "adresse e-mail",
		strings.Repeat("long ", 60):     "au plus 256",
		"une phrase assez longue 2026!": "",
	} {
		err := auth.CheckPassword(pw, "marie.dupont@passerelle.fr")
		if want == "" && err != nil || want != "" && (code(err) != graph.CodeBadUserInput || !strings.Contains(err.(*graph.Error).Fields["password"], want)) {
			t.Errorf("CheckPassword(%q) = %v, want %q", pw, err, want)
		}
	}
}

func TestEmailsAndSecrets(t *testing.T) {
	e, err := auth.NormalizeEmail("  Marie.Dupont@Passerelle.FR ")
	if err != nil || e != "marie.dupont@passerelle.fr" {
		t.Fatalf("%q %v", e, err)
	}
	for _, bad := range []string{"", "marie", "Marie <marie@passerelle.fr>", "marie@localhost", "a@b@c.fr"} {
		if _, err := auth.NormalizeEmail(bad); code(err) != graph.CodeBadUserInput {
			t.Errorf("NormalizeEmail(%q) = %v", bad, err)
		}
	}
	tok := auth.NewAPIToken()
	if !strings.HasPrefix(tok, "mlg_") || len(tok) != 4+52 || strings.ToLower(tok) != tok || tok == auth.NewAPIToken() {
		t.Fatalf("token %q", tok)
	}
	if id := auth.NewSessionID(); len(id) != 43 || id == auth.NewSessionID() {
		t.Fatalf("session id %q", id)
	}
	if h := auth.HashSecret(tok); len(h) != 64 || h == auth.HashSecret(auth.NewAPIToken()) || h != auth.HashSecret(tok) {
		t.Fatalf("hash %q", h)
	}
	scopes, err := auth.ParseScopes("write, read,write")
	if err != nil || len(scopes) != 2 || scopes[0] != auth.ScopeRead {
		t.Fatalf("%v %v", scopes, err)
	}
	if _, err := auth.ParseScopes("read,tout"); code(err) != graph.CodeBadUserInput {
		t.Fatal(err)
	}
	if r, err := auth.ParseRole("partenaire"); err != nil || r != auth.RolePartner {
		t.Fatal(r, err)
	}
}

func TestUsersSignInAndSessions(t *testing.T) {
	s, clk := newService(t)
	sys := auth.System()
	u, err := s.CreateUser(ctx, sys, auth.NewUser{Email: "Marie@Passerelle.fr", DisplayName: "Marie", Role: auth.RolePartner, Organisations: []string{"org-passerelle"}, Password: goodPassword})
	if err != nil {
		t.Fatal(err)
	}
	if u.Email != "marie@passerelle.fr" || u.PasswordHash != "" || u.ID == "" {
		t.Fatalf("created: %+v", u)
	}
	// the same e-mail, written differently: CONFLICT
	_, err = s.CreateUser(ctx, sys, auth.NewUser{Email: "MARIE@passerelle.fr", Role: auth.RolePartner, Organisations: []string{"org-passerelle"}, Password: goodPassword})
	if code(err) != graph.CodeConflict {
		t.Fatalf("duplicate: %v", err)
	}
	// field-level validation, nothing written
	_, err = s.CreateUser(ctx, sys, auth.NewUser{Email: "paul@", Role: auth.RolePartner, Organisations: []string{"org-absente"}, Password: "court"})
	var ge *graph.Error
	if !errors.As(err, &ge) || ge.Code != graph.CodeBadUserInput || ge.Fields["email"] == "" || !strings.Contains(ge.Fields["organisations"], "org-absente") {
		t.Fatalf("invalid account: %v", err)
	}
	_, err = s.CreateUser(ctx, sys, auth.NewUser{Email: "coord@siao52.fr", Role: auth.RoleCoordinator, Territories: []string{"org-passerelle"}, Password: goodPassword})
	if code(err) != graph.CodeBadUserInput {
		t.Fatalf("organisation given as territory: %v", err)
	}
	// a partner cannot create accounts; a coordinator can, for its territory's organisations only
	if _, err := s.CreateUser(ctx, auth.ForUser(u), auth.NewUser{Email: "x@passerelle.fr", Role: auth.RolePartner, Organisations: []string{"org-passerelle"}, Password: goodPassword}); code(err) != graph.CodeForbidden {
		t.Fatalf("partner creates an account: %v", err)
	}
	coord, err := s.CreateUser(ctx, sys, auth.NewUser{Email: "coord@siao52.fr", Role: auth.RoleCoordinator, Territories: []string{"dep-52"}, Password: goodPassword})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateUser(ctx, auth.ForUser(coord), auth.NewUser{Email: "jeanne@passerelle.fr", Role: auth.RolePartner, Organisations: []string{"org-passerelle"}, Password: goodPassword}); err != nil {
		t.Fatalf("coordinator adds a member: %v", err)
	}
	if _, err := s.CreateUser(ctx, auth.ForUser(coord), auth.NewUser{Email: "paul@samusocial.fr", Role: auth.RolePartner, Organisations: []string{"org-samusocial"}, Password: goodPassword}); code(err) != graph.CodeForbidden {
		t.Fatalf("coordinator adds a member elsewhere: %v", err)
	}
	list, err := s.ListUsers(ctx, auth.ForUser(coord))
	if err != nil || len(list) != 2 { // Marie and Jeanne, not the coordinator itself
		t.Fatalf("coordinator's list: %+v %v", list, err)
	}
	if _, err := s.ListUsers(ctx, auth.ForUser(u)); code(err) != graph.CodeForbidden {
		t.Fatalf("partner lists accounts: %v", err)
	}

	// sign-in: the same error whether the account exists or the password is wrong
	_, errWrong := s.SignIn(ctx, "marie@passerelle.fr", "mauvais mot de passe", "192.0.2.1")
	_, errNone := s.SignIn(ctx, "personne@passerelle.fr", "mauvais mot de passe", "192.0.2.1")
	if code(errWrong) != graph.CodeUnauthenticated || errWrong.Error() != errNone.Error() {
		t.Fatalf("sign-in errors differ: %v / %v", errWrong, errNone)
	}
	signed, err := s.SignIn(ctx, " MARIE@passerelle.fr", goodPassword, "192.0.2.1")
	if err != nil || signed.ID != u.ID || signed.PasswordHash != "" {
		t.Fatalf("sign-in: %+v %v", signed, err)
	}

	// sessions: idle expiry, absolute expiry, sign-out, disabling
	id, sess, err := s.StartSession(ctx, signed, "192.0.2.1", "Firefox")
	if err != nil || sess.Hash == id || sess.Hash != auth.HashSecret(id) {
		t.Fatalf("session: %+v %v", sess, err)
	}
	p, _, err := s.ResolveSession(ctx, id)
	if err != nil || p.UserID() != u.ID || p.Role() != auth.RolePartner || p.TokenID != "" {
		t.Fatalf("resolve: %+v %v", p, err)
	}
	// active every 11 hours: alive well past the 12 h idle limit, until the 7 days are over
	var endErr error
	for range 20 {
		clk.Add(11 * time.Hour)
		if _, _, endErr = s.ResolveSession(ctx, id); endErr != nil {
			break
		}
		if !clk.Now().Before(sess.ExpiresAt) {
			t.Fatalf("session alive past its absolute expiry, at %s", clk.Now())
		}
	}
	if code(endErr) != graph.CodeUnauthenticated || clk.Now().Sub(sess.CreatedAt) < 7*24*time.Hour {
		t.Fatalf("active session ended at %s: %v", clk.Now(), endErr)
	}
	id2, _, _ := s.StartSession(ctx, signed, "", "")
	clk.Add(12*time.Hour + time.Second)
	if _, _, err := s.ResolveSession(ctx, id2); code(err) != graph.CodeUnauthenticated {
		t.Fatalf("idle session: %v", err)
	}
	id3, _, _ := s.StartSession(ctx, signed, "", "")
	if err := s.EndSession(ctx, id3); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.ResolveSession(ctx, id3); code(err) != graph.CodeUnauthenticated {
		t.Fatalf("ended session: %v", err)
	}
	idA, _, _ := s.StartSession(ctx, signed, "", "")
	idB, _, _ := s.StartSession(ctx, signed, "", "")
	if n, err := s.EndAllSessions(ctx, auth.ForUser(coord), "jeanne@passerelle.fr"); err != nil || n != 0 {
		t.Fatalf("coordinator signs a member out: %d %v", n, err)
	}
	if _, err := s.EndAllSessions(ctx, auth.ForUser(signed), "coord@siao52.fr"); code(err) != graph.CodeForbidden {
		t.Fatalf("partner signs the coordinator out: %v", err)
	}
	if n, err := s.EndAllSessions(ctx, auth.ForUser(signed), signed.Email); err != nil || n != 2 {
		t.Fatalf("sign out everywhere: %d %v", n, err)
	}
	for _, id := range []string{idA, idB} {
		if _, _, err := s.ResolveSession(ctx, id); code(err) != graph.CodeUnauthenticated {
			t.Fatalf("session after sign-out everywhere: %v", err)
		}
	}
	id4, _, _ := s.StartSession(ctx, signed, "", "")
	if _, err := s.SetDisabled(ctx, sys, "marie@passerelle.fr", true); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.ResolveSession(ctx, id4); code(err) != graph.CodeUnauthenticated {
		t.Fatalf("session of a disabled account: %v", err)
	}
	if _, err := s.SignIn(ctx, "marie@passerelle.fr", goodPassword, "192.0.2.9"); code(err) != graph.CodeUnauthenticated || err.Error() != errNone.Error() {
		t.Fatalf("disabled sign-in: %v", err)
	}
	if _, err := s.SetDisabled(ctx, sys, "marie@passerelle.fr", false); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SignIn(ctx, "marie@passerelle.fr", goodPassword, "192.0.2.9"); err != nil {
		t.Fatalf("re-enabled sign-in: %v", err)
	}

	// change of password: the old one stops working
	if err := s.ChangePassword(ctx, auth.ForUser(signed), "faux", "un tout nouveau secret", "192.0.2.1"); code(err) != graph.CodeBadUserInput {
		t.Fatalf("wrong current password: %v", err)
	}
	if err := s.ChangePassword(ctx, auth.ForUser(signed), goodPassword, "un tout nouveau secret", "192.0.2.1"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SignIn(ctx, "marie@passerelle.fr", goodPassword, "192.0.2.9"); code(err) != graph.CodeUnauthenticated {
		t.Fatalf("old password: %v", err)
	}
}

// TestSignInThrottleSlowsWithoutLockingOut: an attacker's failures slow the attacker (per
// account and address, delays that double), never refuse the account's owner at another
// address, and at the same address the right password works once the delay is over; a spray
// of accounts from one address is slowed too; an unknown e-mail is throttled like a known one.
func TestSignInThrottleSlowsWithoutLockingOut(t *testing.T) {
	s, clk := newService(t)
	if _, err := s.CreateUser(ctx, auth.System(), auth.NewUser{Email: "marie@passerelle.fr", Role: auth.RoleAdmin, Password: goodPassword}); err != nil {
		t.Fatal(err)
	}
	const attacker, owner = "203.0.113.9", "198.51.100.7"
	free := s.Throttle.PairFree
	var waits []time.Duration
	for i := range free + 4 {
		_, err := s.SignIn(ctx, "marie@passerelle.fr", "essai", attacker)
		if code(err) != graph.CodeUnauthenticated {
			t.Fatalf("attempt %d: %v", i, err)
		}
		if i >= free { // past the free failures, the next attempt waits
			_, err := s.SignIn(ctx, "marie@passerelle.fr", "essai", attacker)
			wait, throttled := auth.RetryAfter(err)
			if !throttled || !strings.Contains(graph.MessageOf(err), "Trop de tentatives de connexion : réessayez dans") {
				t.Fatalf("attempt right after failure %d: %v", i+1, err)
			}
			waits = append(waits, wait)
			clk.Add(wait)
		}
		// the owner, at her own address, is never refused
		if _, err := s.SignIn(ctx, "marie@passerelle.fr", goodPassword, owner); err != nil {
			t.Fatalf("the owner after %d failures of the attacker: %v", i+1, err)
		}
	}
	for i := 1; i < len(waits); i++ {
		if waits[i] != 2*waits[i-1] {
			t.Errorf("delays do not double: %v", waits)
		}
	}
	// at the attacker's address too, the right password works once the delay is over
	_, _ = s.SignIn(ctx, "marie@passerelle.fr", "essai", attacker)
	_, err := s.SignIn(ctx, "marie@passerelle.fr", goodPassword, attacker)
	wait, throttled := auth.RetryAfter(err)
	if !throttled {
		t.Fatalf("during the delay: %v", err)
	}
	clk.Add(wait)
	if _, err := s.SignIn(ctx, "marie@passerelle.fr", goodPassword, attacker); err != nil {
		t.Fatalf("after the delay: %v", err)
	}
	// an unknown e-mail is throttled the same way (no account enumeration)
	for range free + 1 {
		_, _ = s.SignIn(ctx, "personne@passerelle.fr", "essai", attacker)
	}
	if _, err := s.SignIn(ctx, "personne@passerelle.fr", "essai", attacker); !errors.Is(err, auth.ErrTooManyAttempts) {
		t.Fatalf("unknown e-mail not throttled: %v", err)
	}
	// a spray: one address, many accounts
	s.Throttle.AddressFree = 3
	for i := range 4 {
		_, _ = s.SignIn(ctx, "inconnu"+string(rune('a'+i))+"@exemple.fr", "essai", "192.0.2.99")
	}
	if _, err := s.SignIn(ctx, "autre@exemple.fr", "essai", "192.0.2.99"); !errors.Is(err, auth.ErrTooManyAttempts) {
		t.Fatalf("spraying address not slowed: %v", err)
	}
	if _, err := s.SignIn(ctx, "marie@passerelle.fr", goodPassword, owner); err != nil {
		t.Fatalf("the owner during a spray elsewhere: %v", err)
	}
}

// TestChangePasswordThrottled: wrong current passwords are slowed like sign-ins.
func TestChangePasswordThrottled(t *testing.T) {
	s, clk := newService(t)
	u, err := s.CreateUser(ctx, auth.System(), auth.NewUser{Email: "marie@passerelle.fr", Role: auth.RoleAdmin, Password: goodPassword})
	if err != nil {
		t.Fatal(err)
	}
	me := auth.ForUser(u)
	for i := range s.Throttle.PairFree + 1 {
		if err := s.ChangePassword(ctx, me, "essai", "un tout nouveau secret", "192.0.2.1"); code(err) != graph.CodeBadUserInput {
			t.Fatalf("attempt %d: %v", i, err)
		}
	}
	err = s.ChangePassword(ctx, me, goodPassword, "un tout nouveau secret", "192.0.2.1")
	wait, throttled := auth.RetryAfter(err)
	if !throttled || !strings.Contains(graph.MessageOf(err), "Trop de tentatives de changement de mot de passe") {
		t.Fatalf("after %d wrong passwords: %v", s.Throttle.PairFree+1, err)
	}
	clk.Add(wait)
	if err := s.ChangePassword(ctx, me, goodPassword, "un tout nouveau secret", "192.0.2.1"); err != nil {
		t.Fatalf("after the delay: %v", err)
	}
}

// TestTrustedProxies: the client's address is the remote one, or, behind a trusted proxy, the
// last address of X-Forwarded-For that is not a trusted proxy; a client cannot forge it.
func TestTrustedProxies(t *testing.T) {
	ps, err := auth.ParseProxies("10.0.0.0/8, 192.0.2.10")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := auth.ParseProxies("10.0.0.0/8, pas-une-adresse"); err == nil {
		t.Fatal("a bad proxy is accepted")
	}
	for _, c := range []struct{ remote, xff, want string }{
		{"198.51.100.7:5000", "", "198.51.100.7"},
		{"198.51.100.7:5000", "203.0.113.1", "198.51.100.7"},                 // not through a proxy: the header is ignored
		{"10.1.2.3:5000", "203.0.113.1", "203.0.113.1"},                      // through one
		{"10.1.2.3:5000", "6.6.6.6, 203.0.113.1, 192.0.2.10", "203.0.113.1"}, // two proxies; the client forged the first
		{"10.1.2.3:5000", "", "10.1.2.3"},
		{"[::ffff:10.1.2.3]:5000", "203.0.113.1", "203.0.113.1"},
	} {
		r := httptest.NewRequest(http.MethodPost, "/graphql", nil)
		r.RemoteAddr = c.remote
		if c.xff != "" {
			r.Header.Set("X-Forwarded-For", c.xff)
		}
		if got := ps.ClientIP(r); got != c.want {
			t.Errorf("%s, X-Forwarded-For %q: %s, want %s", c.remote, c.xff, got, c.want)
		}
	}
}

func TestAPITokens(t *testing.T) {
	s, clk := newService(t)
	sys := auth.System()
	marie, _ := s.CreateUser(ctx, sys, auth.NewUser{Email: "marie@passerelle.fr", Role: auth.RolePartner, Organisations: []string{"org-passerelle"}, Password: goodPassword})
	paul, _ := s.CreateUser(ctx, sys, auth.NewUser{Email: "paul@samusocial.fr", Role: auth.RolePartner, Organisations: []string{"org-samusocial"}, Password: goodPassword})
	secret, tok, err := s.CreateToken(ctx, sys, "marie@passerelle.fr", "Import du tableur", []auth.Scope{auth.ScopeRead, auth.ScopeWrite})
	if err != nil || !strings.HasPrefix(secret, "mlg_") || tok.Hash != auth.HashSecret(secret) || strings.Contains(tok.Hash, secret) || tok.OwnerID != marie.ID {
		t.Fatalf("create: %q %+v %v", secret, tok, err)
	}
	p, err := s.AuthenticateToken(ctx, secret)
	if err != nil || p.UserID() != marie.ID || p.TokenID != tok.ID || len(p.Scopes) != 2 {
		t.Fatalf("authenticate: %+v %v", p, err)
	}
	// the token acts within its owner's rights
	if err := s.Authorize(ctx, p, auth.OpUpdate, auth.Listing("dsp-siao-52")); err != nil {
		t.Fatal(err)
	}
	if err := s.Authorize(ctx, p, auth.OpUpdate, auth.Listing("dsp-interface")); code(err) != graph.CodeForbidden {
		t.Fatalf("token edits another's listing: %v", err)
	}
	clk.Add(time.Hour)
	if _, err := s.AuthenticateToken(ctx, secret); err != nil {
		t.Fatal(err)
	}
	list, err := s.ListTokens(ctx, auth.ForUser(marie), marie.ID)
	if err != nil || len(list) != 1 || list[0].LastUsedAt == nil || !list[0].LastUsedAt.Equal(clk.Now()) {
		t.Fatalf("list: %+v %v", list, err)
	}
	// nobody else manages Marie's tokens, but an admin
	if _, err := s.ListTokens(ctx, auth.ForUser(paul), marie.ID); code(err) != graph.CodeForbidden {
		t.Fatalf("Paul lists Marie's tokens: %v", err)
	}
	if _, err := s.RevokeToken(ctx, auth.ForUser(paul), tok.ID); code(err) != graph.CodeForbidden {
		t.Fatalf("Paul revokes Marie's token: %v", err)
	}
	if _, _, err := s.CreateToken(ctx, auth.ForUser(paul), "marie@passerelle.fr", "x", nil); code(err) != graph.CodeForbidden {
		t.Fatalf("Paul creates a token for Marie: %v", err)
	}
	// a token cannot mint tokens without the admin scope
	if _, _, err := s.CreateToken(ctx, p, "marie@passerelle.fr", "x", nil); code(err) != graph.CodeForbidden {
		t.Fatalf("token mints a token: %v", err)
	}
	if _, _, err := s.CreateToken(ctx, sys, "marie@passerelle.fr", " ", nil); code(err) != graph.CodeBadUserInput {
		t.Fatalf("nameless token: %v", err)
	}
	if _, err := s.RevokeToken(ctx, auth.ForUser(marie), tok.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AuthenticateToken(ctx, secret); code(err) != graph.CodeUnauthenticated {
		t.Fatalf("revoked token: %v", err)
	}
	for _, bad := range []string{"", "mlg_inconnu", "e2e", auth.NewAPIToken()} {
		if _, err := s.AuthenticateToken(ctx, bad); code(err) != graph.CodeUnauthenticated {
			t.Fatalf("bad token %q: %v", bad, err)
		}
	}
	// the token of a disabled account stops working
	secret2, _, _ := s.CreateToken(ctx, sys, "paul@samusocial.fr", "Export", nil)
	if _, err := s.SetDisabled(ctx, sys, "paul@samusocial.fr", true); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AuthenticateToken(ctx, secret2); code(err) != graph.CodeUnauthenticated {
		t.Fatalf("token of a disabled account: %v", err)
	}
}

func TestInvitations(t *testing.T) {
	s, clk := newService(t)
	sys := auth.System()
	coord, _ := s.CreateUser(ctx, sys, auth.NewUser{Email: "coord@siao52.fr", Role: auth.RoleCoordinator, Territories: []string{"dep-52"}, Password: goodPassword})
	marie, _ := s.CreateUser(ctx, sys, auth.NewUser{Email: "marie@passerelle.fr", Role: auth.RolePartner, Organisations: []string{"org-passerelle"}, Password: goodPassword})
	secret, inv, err := s.Invite(ctx, auth.ForUser(coord), auth.InviteInput{Email: "Jeanne@Passerelle.fr", Role: auth.RolePartner, Organisation: "org-passerelle"})
	if err != nil || inv.Email != "jeanne@passerelle.fr" || inv.InvitedBy != coord.ID || inv.Hash != auth.HashSecret(secret) {
		t.Fatalf("invite: %+v %v", inv, err)
	}
	if _, _, err := s.Invite(ctx, auth.ForUser(coord), auth.InviteInput{Email: "x@samusocial.fr", Role: auth.RolePartner, Organisation: "org-samusocial"}); code(err) != graph.CodeForbidden {
		t.Fatalf("coordinator invites elsewhere: %v", err)
	}
	if _, _, err := s.Invite(ctx, auth.ForUser(marie), auth.InviteInput{Email: "x@passerelle.fr", Role: auth.RolePartner, Organisation: "org-passerelle"}); code(err) != graph.CodeForbidden {
		t.Fatalf("partner invites: %v", err)
	}
	if _, _, err := s.Invite(ctx, auth.ForUser(coord), auth.InviteInput{Email: "marie@passerelle.fr", Role: auth.RolePartner, Organisation: "org-passerelle"}); code(err) != graph.CodeConflict {
		t.Fatalf("invite an existing account: %v", err)
	}
	pending, err := s.PendingInvitation(ctx, secret)
	if err != nil || pending.Organisations[0] != "org-passerelle" {
		t.Fatalf("pending: %+v %v", pending, err)
	}
	if _, err := s.Redeem(ctx, secret, "Jeanne", "court"); code(err) != graph.CodeBadUserInput {
		t.Fatalf("weak password: %v", err)
	}
	jeanne, err := s.Redeem(ctx, secret, "Jeanne Martin", goodPassword)
	if err != nil || jeanne.Email != "jeanne@passerelle.fr" || jeanne.Role != auth.RolePartner || jeanne.Organisations[0] != "org-passerelle" {
		t.Fatalf("redeem: %+v %v", jeanne, err)
	}
	if _, err := s.SignIn(ctx, "jeanne@passerelle.fr", goodPassword, ""); err != nil {
		t.Fatalf("sign-in after redemption: %v", err)
	}
	if _, err := s.Redeem(ctx, secret, "Encore", goodPassword); code(err) != graph.CodeBadUserInput {
		t.Fatalf("second redemption: %v", err)
	}
	if _, err := s.Redeem(ctx, "mlginv_inconnu", "X", goodPassword); code(err) != graph.CodeNotFound {
		t.Fatalf("unknown invitation: %v", err)
	}
	late, _, err := s.Invite(ctx, sys, auth.InviteInput{Email: "tard@siao52.fr", Role: auth.RoleCoordinator, Territory: "dep-52"})
	if err != nil {
		t.Fatal(err)
	}
	clk.Add(7*24*time.Hour + time.Minute)
	if _, err := s.Redeem(ctx, late, "Tard", goodPassword); code(err) != graph.CodeBadUserInput || !strings.Contains(err.Error(), "expiré") {
		t.Fatalf("expired invitation: %v", err)
	}
	mine, err := s.ListInvitations(ctx, auth.ForUser(coord))
	if err != nil || len(mine) != 1 {
		t.Fatalf("coordinator's invitations: %+v %v", mine, err)
	}
}

func TestHTTPHelpers(t *testing.T) {
	s, _ := newService(t)
	u, _ := s.CreateUser(ctx, auth.System(), auth.NewUser{Email: "marie@passerelle.fr", Role: auth.RolePartner, Organisations: []string{"org-passerelle"}, Password: goodPassword})
	id, sess, _ := s.StartSession(ctx, u, "", "")
	ck := auth.SessionCookie{}

	w := httptest.NewRecorder()
	ck.Set(w, httptest.NewRequest("POST", "http://localhost/connexion", nil), id, sess)
	c := w.Result().Cookies()[0]
	if c.Name != "maillage_session" || c.Value != id || !c.HttpOnly || c.Secure || c.SameSite != http.SameSiteLaxMode || c.Path != "/" {
		t.Fatalf("cookie over HTTP: %+v", c)
	}
	w = httptest.NewRecorder()
	ck.Set(w, httptest.NewRequest("POST", "https://maillage.example/connexion", nil), id, sess)
	if c := w.Result().Cookies()[0]; !c.Secure {
		t.Fatalf("cookie over TLS not Secure: %+v", c)
	}

	req := httptest.NewRequest("POST", "/graphql", nil)
	req.AddCookie(&http.Cookie{Name: "maillage_session", Value: id})
	if p, err := s.Authenticate(ctx, req, ck); err != nil || p.UserID() != u.ID {
		t.Fatalf("cookie principal: %+v %v", p, err)
	}
	secret, _, _ := s.CreateToken(ctx, auth.System(), u.Email, "prog", nil)
	req = httptest.NewRequest("POST", "/graphql", nil)
	req.Header.Set("Authorization", "Bearer "+secret)
	if p, err := s.Authenticate(ctx, req, ck); err != nil || p.TokenID == "" {
		t.Fatalf("token principal: %+v %v", p, err)
	}
	if p, err := s.Authenticate(ctx, httptest.NewRequest("GET", "/", nil), ck); err != nil || p.Authenticated() {
		t.Fatalf("anonymous: %+v %v", p, err)
	}

	// CSRF: a cross-site POST is refused, same-origin and non-browser ones pass
	h, err := auth.CSRF(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNoContent) }))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		method, origin, site string
		want                 int
	}{
		{"POST", "https://evil.example", "cross-site", http.StatusForbidden},
		{"POST", "https://evil.example", "", http.StatusForbidden},
		{"POST", "http://maillage.example", "same-origin", http.StatusNoContent},
		{"POST", "", "", http.StatusNoContent},
		{"GET", "https://evil.example", "cross-site", http.StatusNoContent},
	} {
		r := httptest.NewRequest(c.method, "http://maillage.example/graphql", nil)
		if c.origin != "" {
			r.Header.Set("Origin", c.origin)
		}
		if c.site != "" {
			r.Header.Set("Sec-Fetch-Site", c.site)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != c.want {
			t.Errorf("%s from %q (%s): %d, want %d", c.method, c.origin, c.site, w.Code, c.want)
		}
	}
	if p := auth.PrincipalFrom(auth.WithPrincipal(ctx, auth.ForUser(u))); p.UserID() != u.ID {
		t.Fatal("context principal")
	}
}

// unreachable is a real accounts store that can be made to fail its reads of accounts, as
// Neo4j does while it restarts.
type unreachable struct {
	auth.Store
	down bool
}

func (u *unreachable) GetUser(ctx context.Context, id string) (auth.User, error) {
	if u.down {
		return auth.User{}, errors.New("connexion au stockage refusée")
	}
	return u.Store.GetUser(ctx, id)
}

// TestStoreOutageKeepsSessionsAndTokens: a session or a token met while the accounts store is
// unreachable gives that error, and works again once the store is back: the outage does not
// sign everyone out (the session used to be deleted on any error) nor pass for a bad token.
func TestStoreOutageKeepsSessionsAndTokens(t *testing.T) {
	s, _ := newService(t)
	flaky := &unreachable{Store: s.Store}
	s.Store = flaky
	u, err := s.CreateUser(ctx, auth.System(), auth.NewUser{Email: "marie@passerelle.fr", Role: auth.RolePartner, Organisations: []string{"org-passerelle"}, Password: goodPassword})
	if err != nil {
		t.Fatal(err)
	}
	id, _, err := s.StartSession(ctx, u, "192.0.2.1", "Firefox")
	if err != nil {
		t.Fatal(err)
	}
	secret, _, err := s.CreateToken(ctx, auth.System(), u.Email, "synchro", nil)
	if err != nil {
		t.Fatal(err)
	}
	flaky.down = true
	if _, _, err := s.ResolveSession(ctx, id); err == nil || code(err) == graph.CodeUnauthenticated {
		t.Fatalf("session during the outage: %v, want the store's error", err)
	}
	if _, err := s.AuthenticateToken(ctx, secret); err == nil || code(err) == graph.CodeUnauthenticated {
		t.Fatalf("token during the outage: %v, want the store's error", err)
	}
	flaky.down = false
	if p, _, err := s.ResolveSession(ctx, id); err != nil || p.UserID() != u.ID {
		t.Fatalf("session after the outage: %+v %v", p, err)
	}
	if p, err := s.AuthenticateToken(ctx, secret); err != nil || p.UserID() != u.ID {
		t.Fatalf("token after the outage: %+v %v", p, err)
	}
}

// TestAccountTextRefusesControlCharacters: a display name or a token name with a control
// character is refused, field by field.
func TestAccountTextRefusesControlCharacters(t *testing.T) {
	s, _ := newService(t)
	_, err := s.CreateUser(ctx, auth.System(), auth.NewUser{Email: "marie@passerelle.fr", DisplayName: "Marie\x00", Role: auth.RoleAdmin, Password: goodPassword})
	var ge *graph.Error
	if !errors.As(err, &ge) || ge.Fields["displayName"] == "" {
		t.Fatalf("display name with NUL: %v", err)
	}
	if _, err := s.CreateUser(ctx, auth.System(), auth.NewUser{Email: "marie@passerelle.fr", DisplayName: "Marie", Role: auth.RoleAdmin, Password: goodPassword}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.CreateToken(ctx, auth.System(), "marie@passerelle.fr", "synchro\x1b[2J", nil); !errors.As(err, &ge) || ge.Fields["name"] == "" {
		t.Fatalf("token name with an escape: %v", err)
	}
}
