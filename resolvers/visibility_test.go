package resolvers_test

import (
	"context"
	"strings"
	"testing"

	"github.com/maillage/maillage/auth"
	"github.com/maillage/maillage/graph"
)

// TestArchivedListingsAreSeenOnlyByTheirEditors: once archived, dsp-interface (operated by the
// Samusocial, covering the Seine-Saint-Denis) is seen by the Samusocial's partner, the
// coordination of the 93 and the admin token, and by nobody else, whatever the way it is asked
// for; the reports do not name an archived listing.
func TestArchivedListingsAreSeenOnlyByTheirEditors(t *testing.T) {
	a, svc, browser := accountsAPI(t)
	ctx := context.Background()
	if _, err := svc.CreateUser(ctx, auth.System(), auth.NewUser{Email: "partenaire@cd93.example", Role: auth.RolePartner, Organisations: []string{"org-cd93"}, Password: "une phrase de passe solide"}); err != nil {
		t.Fatal(err)
	}
	for _, e := range []graph.Edge{
		{Type: graph.RequiresReferralBy, From: "dsp-siao-93", To: "dsp-interface"},
		{Type: graph.Covers, From: "dsp-siao-93", To: "dep-93"},
	} {
		if _, err := a.store.Link(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := a.store.Archive(ctx, "dsp-interface", 0); err != nil {
		t.Fatal(err)
	}
	signedIn := func(email, password string) *person {
		p := browser()
		if r := p.do(signIn, map[string]any{"e": email, "p": password}); r.code() != "" {
			t.Fatalf("sign-in %s: %+v", email, r.Errors)
		}
		return p
	}
	admin := browser()
	admin.bearer = token
	readers := map[string]*person{
		"admin":       admin,
		"partner":     signedIn("partenaire@samusocial.example", "une phrase de passe solide"),
		"coordinator": signedIn("coordination@siao93.example", "une autre phrase solide"),
	}
	others := map[string]*person{
		"anonymous":       browser(),
		"another partner": signedIn("partenaire@cd93.example", "une phrase de passe solide"),
	}
	queries := map[string]string{
		"by id":           `{ dispositif(id: "dsp-interface") { id archivedAt } }`,
		"as a node":       `{ node(id: "dsp-interface") { id } }`,
		"in a list":       `{ dispositifs(filter: {includeArchived: true}) { totalCount edges { node { id } } } }`,
		"as a relation":   `{ organisation(id: "org-samusocial") { relations { other { id } } } }`,
		"as a funding":    `{ organisation(id: "org-cd93") { funded { recipient { ... on Dispositif { id } } } } }`,
		"as a referral":   `{ dispositif(id: "dsp-siao-93") { refersTo { to { id } } relations(types: [REQUIRES_REFERRAL_BY]) { to { id } } } }`,
		"in a graph view": `{ neighbourhood(id: "org-samusocial", depth: 2) { nodes { id } edges { from to } } }`,
		"on a path":       `{ paths(from: "org-cd93", to: "dsp-siao-93") { nodes { id } } }`,
		"its access path": `{ accessPath(dispositif: "dsp-interface") { dispositif { id } } }`,
	}
	for who, p := range readers {
		for what, q := range queries {
			if r := p.do(q, nil); len(r.Errors) > 0 || !strings.Contains(string(r.Data), "dsp-interface") {
				t.Errorf("%s does not see the archived listing %s: %s %+v", who, what, r.Data, r.Errors)
			}
		}
	}
	for who, p := range others {
		for what, q := range queries {
			r := p.do(q, nil)
			if strings.Contains(string(r.Data), "dsp-interface") || strings.Contains(string(r.Data), "Mission Interface") {
				t.Errorf("%s sees the archived listing %s: %s", who, what, r.Data)
			}
			if c := r.code(); c != "" && c != "NOT_FOUND" && c != "UNAUTHENTICATED" {
				t.Errorf("%s, %s: %s %+v", who, what, c, r.Errors)
			}
		}
		// the reports name no archived listing, nor does the graph view lose its live part
		if r := p.do(`{ diagnostics(territory: "93") { deadEnds { referrers { id } reason } singleReferrer { referrer { id } } } }`, nil); r.code() != "" || strings.Contains(string(r.Data), "Interface") {
			t.Errorf("%s: the diagnostics name the archived listing: %s %+v", who, r.Data, r.Errors)
		}
		if r := p.do(queries["in a graph view"], nil); !strings.Contains(string(r.Data), `"id":"org-samusocial"`) {
			t.Errorf("%s: the graph view lost its start: %s %+v", who, r.Data, r.Errors)
		}
	}
}
