package resolvers_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/maillage/maillage/auth"
	authembedded "github.com/maillage/maillage/auth/embedded"
	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/resolvers"
)

// person is a browser (its own cookie jar) or a program (a bearer token) using the API.
type person struct {
	t      *testing.T
	url    string
	client *http.Client
	bearer string
}

func (p *person) do(query string, vars map[string]any) response {
	p.t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, p.url, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if p.bearer != "" {
		req.Header.Set("Authorization", "Bearer "+p.bearer)
	}
	resp, err := p.client.Do(req)
	if err != nil {
		p.t.Fatal(err)
	}
	defer resp.Body.Close()
	var out response
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		p.t.Fatal(err)
	}
	return out
}

// raw posts a query and returns the HTTP response (its body closed).
func (p *person) raw(query string) *http.Response {
	p.t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query})
	req, _ := http.NewRequest(http.MethodPost, p.url, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	resp, err := p.client.Do(req)
	if err != nil {
		p.t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}

// code is the error code of the response, "" when it succeeded.
func (r response) code() string {
	if len(r.Errors) == 0 {
		return ""
	}
	c, _ := r.Errors[0].Extensions["code"].(string)
	return c
}

// accountsAPI serves the test graph with accounts: a partner of the Samusocial (which operates
// dsp-interface, covering dep-93) and a coordinator of Seine-Saint-Denis.
func accountsAPI(t *testing.T) (*api, *auth.Service, func() *person) {
	t.Helper()
	a := newAPI(t, resolvers.Options{})
	a.seed()
	accStore, err := authembedded.Open(filepath.Join(t.TempDir(), "accounts.db"), authembedded.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { accStore.Close() })
	svc := auth.NewService(accStore, a.store)
	ctx := context.Background()
	// The département's council sits in Seine-Saint-Denis: its coordinator keeps it.
	if _, err := a.store.Link(ctx, graph.Edge{Type: graph.LocatedIn, From: "org-cd93", To: "dep-93"}); err != nil {
		t.Fatal(err)
	}
	for _, u := range []auth.NewUser{
		{Email: "partenaire@samusocial.example", DisplayName: "Paule Partenaire", Role: auth.RolePartner, Organisations: []string{"org-samusocial"}, Password: "une phrase de passe solide"},
		{Email: "coordination@siao93.example", DisplayName: "Claire Coordination", Role: auth.RoleCoordinator, Territories: []string{"dep-93"}, Password: "une autre phrase solide"},
	} {
		if _, err := svc.CreateUser(ctx, auth.System(), u); err != nil {
			t.Fatal(err)
		}
	}
	srv := httptest.NewServer(resolvers.NewHandler(a.store, resolvers.Options{AdminToken: token, Accounts: svc}))
	t.Cleanup(srv.Close)
	a.url = srv.URL
	browser := func() *person {
		jar, _ := cookiejar.New(nil)
		return &person{t: t, url: srv.URL, client: &http.Client{Jar: jar}}
	}
	return a, svc, browser
}

const signIn = `mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { email role roleLabel organisations { id } territories { id } } }`

func TestAccountsThroughGraphQL(t *testing.T) {
	a, svc, browser := accountsAPI(t)

	// Sign-in: a wrong password and an unknown e-mail get the same answer.
	anon := browser()
	bad := anon.do(signIn, map[string]any{"e": "partenaire@samusocial.example", "p": "mauvais mot de passe"})
	unknown := anon.do(signIn, map[string]any{"e": "personne@nulle.part", "p": "mauvais mot de passe"})
	if bad.code() != "UNAUTHENTICATED" || unknown.code() != "UNAUTHENTICATED" || bad.Errors[0].Message != unknown.Errors[0].Message {
		t.Fatalf("bad sign-ins: %+v / %+v", bad.Errors, unknown.Errors)
	}
	var me struct{ Me *struct{ Email string } }
	if r := anon.do(`{ me { email } }`, nil); r.code() != "" || json.Unmarshal(r.Data, &me) != nil || me.Me != nil {
		t.Fatalf("anonymous me: %s %+v", r.Data, r.Errors)
	}

	partner := browser()
	if r := partner.do(signIn, map[string]any{"e": "Partenaire@Samusocial.example", "p": "une phrase de passe solide"}); r.code() != "" {
		t.Fatalf("partner sign-in: %+v", r.Errors)
	}
	if r := partner.do(`{ me { email roleLabel } }`, nil); !strings.Contains(string(r.Data), "partenaire@samusocial.example") {
		t.Fatalf("me after sign-in: %s", r.Data)
	}

	// Own listing: edit, verify, history with the partner as actor.
	upd := `mutation($id: ID!, $v: Int!, $n: String!) { updateDispositif(id: $id, expectedVersion: $v, input: {name: $n}) { version } }`
	if r := partner.do(upd, map[string]any{"id": "dsp-interface", "v": 1, "n": "Mission Interface (mise à jour)"}); r.code() != "" {
		t.Fatalf("partner edits its own listing: %+v", r.Errors)
	}
	var h struct{ History []struct{ Op, Actor string } }
	r := partner.do(`{ history(id: "dsp-interface") { op actor } }`, nil)
	if json.Unmarshal(r.Data, &h) != nil || len(h.History) == 0 || h.History[len(h.History)-1].Actor != "partenaire@samusocial.example" {
		t.Fatalf("history actor: %s %+v", r.Data, r.Errors)
	}
	var ml struct {
		MyListings []struct{ Dispositif struct{ ID string } }
	}
	r = partner.do(`{ myListings { dispositif { id } stale dueAt } }`, nil)
	if json.Unmarshal(r.Data, &ml) != nil || len(ml.MyListings) != 1 || ml.MyListings[0].Dispositif.ID != "dsp-interface" {
		t.Fatalf("partner's listings: %s %+v", r.Data, r.Errors)
	}
	var can struct{ Own, Other bool }
	if r := partner.do(`{ own: can(op: "update", id: "dsp-interface") other: can(op: "update", id: "dsp-siao-93") }`, nil); json.Unmarshal(r.Data, &can) != nil || !can.Own || can.Other {
		t.Fatalf("can: %s", r.Data)
	}

	// Another organisation's listing: refused by every route, and nothing changes.
	for name, call := range map[string]func() response{
		"update": func() response {
			return partner.do(upd, map[string]any{"id": "dsp-siao-93", "v": 1, "n": "Détourné"})
		},
		"archive": func() response {
			return partner.do(`mutation { archiveDispositif(id: "dsp-siao-93", expectedVersion: 1) { version } }`, nil)
		},
		"verify": func() response {
			return partner.do(`mutation { verifyDispositif(id: "dsp-siao-93", expectedVersion: 1) { version } }`, nil)
		},
		"link from it": func() response {
			return partner.do(`mutation { link(input: {type: REFERS_TO, from: "dsp-siao-93", to: "dsp-interface"}) { type } }`, nil)
		},
		"take it over": func() response {
			return partner.do(`mutation { link(input: {type: OPERATES, from: "org-samusocial", to: "dsp-siao-93"}) { type } }`, nil)
		},
		"revert": func() response {
			return partner.do(`mutation { revert(id: "dsp-siao-93", version: 1, expectedVersion: 1) { version } }`, nil)
		},
		"history": func() response { return partner.do(`{ history(id: "dsp-siao-93") { op } }`, nil) },
		"edit the organisation": func() response {
			return partner.do(`mutation { updateOrganisation(id: "org-cd93", expectedVersion: 1, input: {name: "Détourné"}) { version } }`, nil)
		},
	} {
		if r := call(); r.code() != "FORBIDDEN" {
			t.Errorf("partner, %s of another organisation's listing: %q %+v, want FORBIDDEN", name, r.code(), r.Errors)
		}
	}
	var other struct{ Dispositif struct{ Name string } }
	a.ok(false, `{ dispositif(id: "dsp-siao-93") { name version } }`, nil, &other)
	if other.Dispositif.Name != "Interlogement 93" {
		t.Fatalf("the other listing changed: %+v", other)
	}

	// Tokens: a read-only token cannot write; a write token can, on its owner's listings only.
	readTok, _, err := svc.CreateToken(context.Background(), auth.System(), "partenaire@samusocial.example", "lecture", []auth.Scope{auth.ScopeRead})
	if err != nil {
		t.Fatal(err)
	}
	writeTok, _, err := svc.CreateToken(context.Background(), auth.System(), "partenaire@samusocial.example", "synchro", []auth.Scope{auth.ScopeRead, auth.ScopeWrite})
	if err != nil {
		t.Fatal(err)
	}
	prog := &person{t: t, url: a.url, client: http.DefaultClient, bearer: readTok}
	if r := prog.do(upd, map[string]any{"id": "dsp-interface", "v": 2, "n": "Par un jeton de lecture"}); r.code() != "FORBIDDEN" {
		t.Fatalf("read-only token writes: %+v", r.Errors)
	}
	prog.bearer = writeTok
	if r := prog.do(upd, map[string]any{"id": "dsp-siao-93", "v": 1, "n": "Par un jeton"}); r.code() != "FORBIDDEN" {
		t.Fatalf("write token on another organisation's listing: %+v", r.Errors)
	}
	if r := prog.do(upd, map[string]any{"id": "dsp-interface", "v": 2, "n": "Mission Interface (par la synchro)"}); r.code() != "" {
		t.Fatalf("write token on its own listing: %+v", r.Errors)
	}
	prog.bearer = "mlg_faux"
	if r := prog.do(upd, map[string]any{"id": "dsp-interface", "v": 3, "n": "X"}); r.code() != "UNAUTHENTICATED" {
		t.Fatalf("bad token: %+v", r.Errors)
	}
	anonUpd := anon.do(upd, map[string]any{"id": "dsp-interface", "v": 3, "n": "X"})
	if anonUpd.code() != "UNAUTHENTICATED" {
		t.Fatalf("anonymous write: %+v", anonUpd.Errors)
	}

	// The coordinator of the 93 invites a partner of the département's council, who accepts.
	coord := browser()
	if r := coord.do(signIn, map[string]any{"e": "coordination@siao93.example", "p": "une autre phrase solide"}); r.code() != "" {
		t.Fatalf("coordinator sign-in: %+v", r.Errors)
	}
	var inv struct{ Invite struct{ Token string } }
	r = coord.do(`mutation { invite(email: "nouveau@cd93.example", role: "partner", organisation: "org-cd93") { token roleLabel organisations { id } } }`, nil)
	if json.Unmarshal(r.Data, &inv) != nil || inv.Invite.Token == "" {
		t.Fatalf("invite: %s %+v", r.Data, r.Errors)
	}
	if r := partner.do(`mutation { invite(email: "x@y.example", role: "partner", organisation: "org-cd93") { id } }`, nil); r.code() != "FORBIDDEN" {
		t.Fatalf("a partner invites: %+v", r.Errors)
	}
	newcomer := browser()
	var pending struct{ Invitation *struct{ Email string } }
	if r := newcomer.do(`query($t: String!) { invitation(token: $t) { email } }`, map[string]any{"t": inv.Invite.Token}); json.Unmarshal(r.Data, &pending) != nil || pending.Invitation == nil {
		t.Fatalf("pending invitation: %s %+v", r.Data, r.Errors)
	}
	accept := `mutation($t: String!) { acceptInvitation(token: $t, displayName: "Nouveau", password: "encore une phrase solide") { email role } }`
	if r := newcomer.do(accept, map[string]any{"t": inv.Invite.Token}); r.code() != "" {
		t.Fatalf("accept: %+v", r.Errors)
	}
	if r := newcomer.do(`mutation { updateOrganisation(id: "org-cd93", expectedVersion: 1, input: {description: "Conseil départemental"}) { version } }`, nil); r.code() != "" {
		t.Fatalf("the new partner edits its organisation: %+v", r.Errors)
	}
	if r := browser().do(accept, map[string]any{"t": inv.Invite.Token}); r.code() == "" {
		t.Fatal("an invitation was used twice")
	}
	// The coordinator sees the partners of its territory's organisations: the newcomer and the
	// Samusocial's member (it operates dsp-interface, which covers the 93).
	var accounts struct{ Accounts []struct{ Email string } }
	if r := coord.do(`{ accounts { email role } }`, nil); json.Unmarshal(r.Data, &accounts) != nil || len(accounts.Accounts) != 2 || accounts.Accounts[0].Email != "nouveau@cd93.example" || accounts.Accounts[1].Email != "partenaire@samusocial.example" {
		t.Fatalf("coordinator's accounts: %s %+v", r.Data, r.Errors)
	}
	if r := partner.do(`{ accounts { email } }`, nil); r.code() != "FORBIDDEN" {
		t.Fatalf("a partner lists accounts: %+v", r.Errors)
	}

	// Sign-out ends the session.
	if r := partner.do(`mutation { signOut }`, nil); r.code() != "" {
		t.Fatal(r.Errors)
	}
	if r := partner.do(upd, map[string]any{"id": "dsp-interface", "v": 3, "n": "Après déconnexion"}); r.code() != "UNAUTHENTICATED" {
		t.Fatalf("write after sign-out: %+v", r.Errors)
	}
}

// TestCoordinatorTerritoryAcrossIntercommunalities: the CA du Grand Saint-Dizier spans the
// Marne and the Haute-Marne; a listing in one of its Marne communes (Cheminon) is not the
// Haute-Marne coordinator's, one in Saint-Dizier is.
func TestCoordinatorTerritoryAcrossIntercommunalities(t *testing.T) {
	a := seededAPI(t)
	ctx := context.Background()
	accStore, err := authembedded.Open(filepath.Join(t.TempDir(), "accounts.db"), authembedded.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { accStore.Close() })
	svc := auth.NewService(accStore, a.store)
	if _, err := svc.CreateUser(ctx, auth.System(), auth.NewUser{Email: "siao@52.example", DisplayName: "SIAO 52", Role: auth.RoleCoordinator,
		Territories: []string{"dep-52"}, Password: "une phrase de passe solide"}); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(resolvers.NewHandler(a.store, resolvers.Options{AdminToken: token, Accounts: svc}))
	t.Cleanup(srv.Close)
	a.url = srv.URL
	for id, commune := range map[string]string{"dsp-accueil-cheminon": "com-51144", "dsp-accueil-saint-dizier": "com-52448"} {
		a.ok(true, `mutation($id: ID!) { createDispositif(input: {id: $id, name: "Accueil de test", status: "active"}) { id } }`, map[string]any{"id": id}, nil)
		a.ok(true, `mutation($id: ID!, $c: ID!) { link(input: {type: LOCATED_IN, from: $id, to: $c}) { type } }`, map[string]any{"id": id, "c": commune}, nil)
	}
	jar, _ := cookiejar.New(nil)
	coord := &person{t: t, url: srv.URL, client: &http.Client{Jar: jar}}
	if r := coord.do(signIn, map[string]any{"e": "siao@52.example", "p": "une phrase de passe solide"}); r.code() != "" {
		t.Fatal(r.Errors)
	}
	var can struct{ Marne, HauteMarne bool }
	r := coord.do(`{ marne: can(op: "update", id: "dsp-accueil-cheminon") hauteMarne: can(op: "update", id: "dsp-accueil-saint-dizier") }`, nil)
	if json.Unmarshal(r.Data, &can) != nil || can.Marne || !can.HauteMarne {
		t.Fatalf("coordinator of the 52: %s %+v", r.Data, r.Errors)
	}
	var mine struct {
		MyListings []struct{ Dispositif struct{ ID string } }
	}
	r = coord.do(`{ myListings(first: 500) { dispositif { id } } }`, nil)
	if json.Unmarshal(r.Data, &mine) != nil {
		t.Fatal(r.Errors)
	}
	var ids []string
	for _, l := range mine.MyListings {
		ids = append(ids, l.Dispositif.ID)
	}
	if slices.Contains(ids, "dsp-accueil-cheminon") || !slices.Contains(ids, "dsp-accueil-saint-dizier") || !slices.Contains(ids, "dsp-siao-52") {
		t.Fatalf("the 52's listings: %v", ids)
	}
}

// TestSignInBehindATrustedProxy: behind a trusted reverse proxy every request comes from its
// address; the clients it names are throttled apart, so one client's failures do not slow
// another down (they locked everyone out for 15 minutes).
func TestSignInBehindATrustedProxy(t *testing.T) {
	a, svc, _ := accountsAPI(t)
	proxies, err := auth.ParseProxies("127.0.0.1, ::1")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(resolvers.NewHandler(a.store, resolvers.Options{Accounts: svc, TrustedProxies: proxies}))
	t.Cleanup(srv.Close)
	try := func(client, password string) string {
		body, _ := json.Marshal(map[string]any{"query": signIn, "variables": map[string]any{"e": "partenaire@samusocial.example", "p": password}})
		req, _ := http.NewRequest(http.MethodPost, srv.URL, bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Forwarded-For", client)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out response
		if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
			t.Fatal(err)
		}
		return out.code()
	}
	for range svc.Throttle.PairFree + svc.Throttle.AddressFree + 1 {
		try("203.0.113.9", "mauvais mot de passe")
	}
	if c := try("203.0.113.9", "une phrase de passe solide"); c != "FORBIDDEN" {
		t.Fatalf("the client that failed is not slowed down: %q", c)
	}
	if c := try("198.51.100.7", "une phrase de passe solide"); c != "" {
		t.Fatalf("another client behind the same proxy is refused: %q", c)
	}
}

// TestAPITokensFromTheAPI: a signed-in partner creates a token (its secret shown once), lists
// and revokes it; nobody else sees or revokes it but an admin, who sees every token.
func TestAPITokensFromTheAPI(t *testing.T) {
	_, _, browser := accountsAPI(t)
	signedIn := func(email, password string) *person {
		p := browser()
		if r := p.do(signIn, map[string]any{"e": email, "p": password}); r.code() != "" {
			t.Fatalf("sign-in %s: %+v", email, r.Errors)
		}
		return p
	}
	partner := signedIn("partenaire@samusocial.example", "une phrase de passe solide")
	coordinator := signedIn("coordination@siao93.example", "une autre phrase solide")
	var created struct {
		CreateAPIToken struct {
			Secret string
			Token  struct {
				ID     string
				Scopes []string
			}
		} `json:"createApiToken"`
	}
	r := partner.do(`mutation { createApiToken(name: "synchro", scopes: ["read", "write"]) { secret token { id name scopes } } }`, nil)
	if r.code() != "" || json.Unmarshal(r.Data, &created) != nil || !strings.HasPrefix(created.CreateAPIToken.Secret, "mlg_") {
		t.Fatalf("create: %s %+v", r.Data, r.Errors)
	}
	id := created.CreateAPIToken.Token.ID
	program := &person{t: t, url: partner.url, client: http.DefaultClient, bearer: created.CreateAPIToken.Secret}
	if r := program.do(`{ me { email } }`, nil); !strings.Contains(string(r.Data), "partenaire@samusocial.example") {
		t.Fatalf("the new token: %s %+v", r.Data, r.Errors)
	}
	list := partner.do(`{ apiTokens { id name scopes revokedAt owner { email } } }`, nil)
	if list.code() != "" || !strings.Contains(string(list.Data), id) || strings.Contains(string(list.Data), "mlg_") {
		t.Fatalf("the partner's list: %s %+v", list.Data, list.Errors)
	}
	// another account neither sees nor revokes it
	if r := coordinator.do(`{ apiTokens { id } }`, nil); r.code() != "" || strings.Contains(string(r.Data), id) {
		t.Fatalf("another account's list: %s %+v", r.Data, r.Errors)
	}
	if r := coordinator.do(`{ apiTokens(all: true) { id } }`, nil); r.code() != "FORBIDDEN" {
		t.Fatalf("a coordinator lists every token: %s %+v", r.Data, r.Errors)
	}
	if r := coordinator.do(`mutation($id: ID!) { revokeApiToken(id: $id) { id } }`, map[string]any{"id": id}); r.code() != "FORBIDDEN" {
		t.Fatalf("another account revokes it: %s %+v", r.Data, r.Errors)
	}
	// the admin sees every token with its owner
	admin := &person{t: t, url: partner.url, client: http.DefaultClient, bearer: token}
	if r := admin.do(`{ apiTokens(all: true) { id owner { email } } }`, nil); !strings.Contains(string(r.Data), id) || !strings.Contains(string(r.Data), "partenaire@samusocial.example") {
		t.Fatalf("the admin's list: %s %+v", r.Data, r.Errors)
	}
	if r := partner.do(`mutation($id: ID!) { revokeApiToken(id: $id) { revokedAt } }`, map[string]any{"id": id}); r.code() != "" || strings.Contains(string(r.Data), `"revokedAt":null`) {
		t.Fatalf("revoke: %s %+v", r.Data, r.Errors)
	}
	if r := program.do(`{ me { email } }`, nil); string(r.Data) != `{"me":null}` {
		t.Fatalf("the revoked token still works: %s", r.Data)
	}
}
