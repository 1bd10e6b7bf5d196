package auth_test

import (
	"strings"
	"testing"

	"github.com/maillage/maillage/auth"
	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/graph/teststore"
	"github.com/maillage/maillage/seed"
)

// TestCoordinatorsInviteSeededOrganisations: the coordinations of the Haute-Marne (SIAO 52) and
// of the Seine-Saint-Denis (SIAO 93) invite members of the organisations the source documents
// name, on the seeded directory. Most organisations declare no territory of their own: the
// scope follows from their address and from the areas of the dispositifs they operate.
func TestCoordinatorsInviteSeededOrganisations(t *testing.T) {
	g := teststore.Open(t)
	if _, err := seed.Real(ctx, g, seed.Options{}); err != nil {
		t.Fatal(err)
	}
	az := auth.NewAuthorizer(g)
	siao52 := auth.ForUser(auth.User{ID: "usr-52", Email: "coordination@siao52.fr", Role: auth.RoleCoordinator, Territories: []string{"dep-52"}})
	siao93 := auth.ForUser(auth.User{ID: "usr-93", Email: "coordination@siao93.fr", Role: auth.RoleCoordinator, Territories: []string{"dep-93"}})
	invite := func(org string) auth.Target {
		return auth.Target{Invite: &auth.InviteTarget{Role: auth.RolePartner, Organisation: org}}
	}
	cases := []struct {
		name  string
		p     auth.Principal
		org   string
		allow bool
	}{
		{"SIAO 52 → La Passerelle (operates the SIAO 52)", siao52, "org-la-passerelle", true},
		{"SIAO 52 → Centre hospitalier de Chaumont (FINESS, its establishments in Chaumont)", siao52, "org-finess-520780032", true},
		{"SIAO 52 → préfecture de la Haute-Marne", siao52, "org-prefecture-haute-marne", true},
		{"SIAO 93 → Samusocial de Paris (Mission Interface covers the 93)", siao93, "org-samusocial-de-paris", true},
		{"SIAO 52 → Samusocial de Paris", siao52, "org-samusocial-de-paris", false},
		{"SIAO 93 → La Passerelle", siao93, "org-la-passerelle", false},
		{"SIAO 93 → LOGISENS (Cantal)", siao93, "org-logisens", false},
	}
	for _, c := range cases {
		err := az.Authorize(ctx, c.p, auth.OpInvite, invite(c.org))
		switch {
		case c.allow && err != nil:
			t.Errorf("%s: refused: %v", c.name, err)
		case !c.allow && !graph.IsCode(err, graph.CodeForbidden):
			t.Errorf("%s: got %v, want FORBIDDEN", c.name, err)
		case !c.allow && !strings.Contains(err.Error(), "organisations de votre territoire"):
			t.Errorf("%s: message %q", c.name, err)
		}
	}

	// The scope widens to an organisation's dispositifs' areas, not the other way round: the
	// SIAO 93 does not own the Samusocial's 115 de Paris through its operator.
	if err := az.Authorize(ctx, siao93, auth.OpUpdate, auth.Listing("dsp-115-paris")); !graph.IsCode(err, graph.CodeForbidden) {
		t.Errorf("SIAO 93 edits the 115 de Paris: %v", err)
	}

	// Kept in step with writes: LOGISENS (Cantal) becomes of the 52 when its address moves to
	// Chaumont, the USH of the 93 when it starts operating a dispositif that covers it.
	n, err := g.Get(ctx, "org-logisens")
	if err != nil {
		t.Fatal(err)
	}
	o := n.(*graph.Organisation)
	if err := az.Authorize(ctx, siao52, auth.OpInvite, invite(o.ID)); !graph.IsCode(err, graph.CodeForbidden) {
		t.Fatalf("SIAO 52 invites at LOGISENS before it moves: %v", err)
	}
	o.Address = &graph.Address{City: "Chaumont", PostalCode: "52000", CommuneCode: "52121"}
	if _, err := g.Update(ctx, o, o.Version); err != nil {
		t.Fatal(err)
	}
	if err := az.Authorize(ctx, siao52, auth.OpInvite, invite(o.ID)); err != nil {
		t.Errorf("SIAO 52 cannot invite at LOGISENS once its address is in Chaumont: %v", err)
	}

	if err := az.Authorize(ctx, siao93, auth.OpInvite, invite("org-ush")); !graph.IsCode(err, graph.CodeForbidden) {
		t.Fatalf("SIAO 93 invites at the USH before it operates anything in the 93: %v", err)
	}
	if _, err := g.Link(ctx, graph.Edge{Type: graph.Operates, From: "org-ush", To: "dsp-mission-interface-personnes-agees"}); err != nil {
		t.Fatal(err)
	}
	if err := az.Authorize(ctx, siao93, auth.OpInvite, invite("org-ush")); err != nil {
		t.Errorf("SIAO 93 cannot invite at the USH once it operates in the 93: %v", err)
	}
}
