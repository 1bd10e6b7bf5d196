package resolvers_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/maillage/maillage/auth"
	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/resolvers"
)

// unreadableHours is the real store returning dsp-interface with opening hours that no longer
// parse (written by an older version whose grammar was wider).
type unreadableHours struct{ graph.Store }

func (u unreadableHours) GetMany(ctx context.Context, ids []string) ([]graph.Node, error) {
	nodes, err := u.Store.GetMany(ctx, ids)
	for i, n := range nodes {
		if d, ok := n.(*graph.Dispositif); ok && d.ID == "dsp-interface" {
			c := graph.CloneNode(d).(*graph.Dispositif)
			c.OpeningHours = "lundi matin"
			nodes[i] = c
		}
	}
	return nodes, err
}

// TestUnreadableHoursAreReported: stored hours that do not parse give an INTERNAL error on the
// hours field (logged), not a silent null as if the listing gave none.
func TestUnreadableHoursAreReported(t *testing.T) {
	a := newAPI(t, resolvers.Options{})
	a.seed()
	a.store.Store = unreadableHours{a.store.Store}
	r := a.do(false, `{ dispositif(id: "dsp-interface") { name hours { osm } } }`, nil)
	if len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != "INTERNAL" {
		t.Fatalf("unreadable hours: %s %+v", r.Data, r.Errors)
	}
}

// flakyAccounts is the real accounts store whose accounts cannot be read (Neo4j restarting).
type flakyAccounts struct {
	auth.Store
	down bool
}

func (f *flakyAccounts) GetUser(ctx context.Context, id string) (auth.User, error) {
	if f.down {
		return auth.User{}, errors.New("connexion refusée")
	}
	return f.Store.GetUser(ctx, id)
}

// TestAccountsOutageKeepsTheSession: while the accounts cannot be read, a request with a
// session cookie is answered 503 and the cookie is kept; once they can, the session goes on.
func TestAccountsOutageKeepsTheSession(t *testing.T) {
	_, svc, browser := accountsAPI(t)
	flaky := &flakyAccounts{Store: svc.Store}
	svc.Store = flaky
	p := browser()
	if r := p.do(signIn, map[string]any{"e": "partenaire@samusocial.example", "p": "une phrase de passe solide"}); r.code() != "" {
		t.Fatalf("sign-in: %+v", r.Errors)
	}
	flaky.down = true
	resp := p.raw(`{ me { email } }`)
	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("during the outage: HTTP %d", resp.StatusCode)
	}
	for _, c := range resp.Cookies() {
		if c.MaxAge < 0 {
			t.Fatalf("the session cookie was cleared during the outage: %v", c)
		}
	}
	flaky.down = false
	if r := p.do(`{ me { email } }`, nil); r.code() != "" || string(r.Data) != `{"me":{"email":"partenaire@samusocial.example"}}` {
		t.Fatalf("after the outage: %s %+v", r.Data, r.Errors)
	}
}

// linkOutage is the real store whose separate Link calls fail (a connection lost between two
// transactions).
type linkOutage struct{ graph.Store }

func (linkOutage) Link(context.Context, graph.Edge) (graph.Edge, error) {
	return graph.Edge{}, errors.New("connexion perdue")
}

// TestCreateDispositifWithItsOperatorAtOnce: the dispositif and its OPERATES relation are one
// write. Written in two, a lost second write left a listing its partner could not edit, and a
// retry made a second one.
func TestCreateDispositifWithItsOperatorAtOnce(t *testing.T) {
	a := newAPI(t, resolvers.Options{})
	a.seed()
	a.store.Store = linkOutage{a.store.Store}
	r := a.do(true, `mutation { createDispositif(input: {name: "Halte de nuit", operator: "org-samusocial"}) { id operators { id } } }`, nil)
	page, err := a.store.List(context.Background(), graph.ListQuery{Kind: graph.KindDispositif, Text: "Halte de nuit", Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	switch {
	case len(r.Errors) > 0 && len(page.Nodes) > 0:
		t.Fatalf("the creation failed (%s) but left %d listing(s)", r.Errors[0].Message, len(page.Nodes))
	case len(r.Errors) == 0 && !strings.Contains(string(r.Data), `"operators":[{"id":"org-samusocial"}]`):
		t.Fatalf("created without its operator: %s", r.Data)
	}
}
