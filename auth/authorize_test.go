package auth_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/maillage/maillage/auth"
	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/graph/teststore"
)

var ctx = context.Background()

// matrixGraph builds a small directory: the SIAO 52 and its operator La Passerelle in
// Haute-Marne (Grand Est), Mission Interface and the Samusocial in Seine-Saint-Denis.
func matrixGraph(t *testing.T) graph.Store {
	t.Helper()
	g := teststore.Open(t)
	nodes := []graph.Node{
		&graph.Territory{Meta: graph.Meta{ID: "reg-44"}, Level: graph.LevelRegion, Code: "44", Name: "Grand Est"},
		&graph.Territory{Meta: graph.Meta{ID: "dep-52"}, Level: graph.LevelDepartement, Code: "52", Name: "Haute-Marne"},
		&graph.Territory{Meta: graph.Meta{ID: "com-52121"}, Level: graph.LevelCommune, Code: "52121", Name: "Chaumont"},
		&graph.Territory{Meta: graph.Meta{ID: "reg-11"}, Level: graph.LevelRegion, Code: "11", Name: "Île-de-France"},
		&graph.Territory{Meta: graph.Meta{ID: "dep-93"}, Level: graph.LevelDepartement, Code: "93", Name: "Seine-Saint-Denis"},
		&graph.Public{Meta: graph.Meta{ID: "pub-seniors"}, Name: "Personnes âgées"},
		&graph.Organisation{Meta: graph.Meta{ID: "org-passerelle"}, Name: "La Passerelle", Type: "association"},
		&graph.Organisation{Meta: graph.Meta{ID: "org-samusocial"}, Name: "Samusocial de Paris", Type: "gip"},
		&graph.Dispositif{Meta: graph.Meta{ID: "dsp-siao-52"}, Name: "SIAO de la Haute-Marne", Type: "siao", Status: "active"},
		&graph.Dispositif{Meta: graph.Meta{ID: "dsp-accueil-52"}, Name: "Accueil de jour de Chaumont", Type: "accueil-de-jour", Status: "active"},
		&graph.Dispositif{Meta: graph.Meta{ID: "dsp-interface"}, Name: "Mission Interface", Type: "maraude", Status: "active"},
	}
	for _, n := range nodes {
		if _, err := g.Create(ctx, n); err != nil {
			t.Fatalf("create %s: %v", n.Label(), err)
		}
	}
	for _, e := range []graph.Edge{
		{Type: graph.PartOf, From: "dep-52", To: "reg-44"},
		{Type: graph.PartOf, From: "com-52121", To: "dep-52"},
		{Type: graph.PartOf, From: "dep-93", To: "reg-11"},
		{Type: graph.LocatedIn, From: "org-passerelle", To: "com-52121"},
		{Type: graph.Operates, From: "org-passerelle", To: "dsp-siao-52"},
		// no territory of its own: the coordinator owns it through its operator
		{Type: graph.Operates, From: "org-passerelle", To: "dsp-accueil-52"},
		{Type: graph.Covers, From: "dsp-siao-52", To: "dep-52"},
		{Type: graph.LocatedIn, From: "org-samusocial", To: "dep-93"},
		{Type: graph.Operates, From: "org-samusocial", To: "dsp-interface"},
		{Type: graph.Covers, From: "dsp-interface", To: "dep-93"},
	} {
		if _, err := g.Link(ctx, e); err != nil {
			t.Fatalf("link %v: %v", e, err)
		}
	}
	return g
}

var (
	partner     = auth.User{ID: "usr-partner", Email: "marie@passerelle.fr", Role: auth.RolePartner, Organisations: []string{"org-passerelle"}}
	coordinator = auth.User{ID: "usr-coord", Email: "siao@siao52.fr", Role: auth.RoleCoordinator, Territories: []string{"dep-52"}}
	admin       = auth.User{ID: "usr-admin", Email: "admin@maillage.fr", Role: auth.RoleAdmin}
	otherMember = auth.User{ID: "usr-other", Email: "paul@samusocial.fr", Role: auth.RolePartner, Organisations: []string{"org-samusocial"}}
)

// targets gives, for each operation, a target that is "own" for the partner (La Passerelle) and
// the coordinator (Haute-Marne), and one that is another's (the Samusocial, in the 93).
func targets(op auth.Op) (own, other auth.Target) {
	switch op {
	case auth.OpCreateDispositif:
		return auth.Target{Organisation: "org-passerelle"}, auth.Target{Organisation: "org-samusocial"}
	case auth.OpCreateOrganisation:
		return auth.Target{Territory: "com-52121"}, auth.Target{Territory: "dep-93"}
	case auth.OpLink:
		return auth.Relation(graph.EdgeKey{Type: graph.RefersTo, From: "dsp-siao-52", To: "dsp-interface"}),
			auth.Relation(graph.EdgeKey{Type: graph.RefersTo, From: "dsp-interface", To: "dsp-siao-52"})
	case auth.OpUnlink:
		return auth.Relation(graph.EdgeKey{Type: graph.Covers, From: "dsp-siao-52", To: "dep-52"}),
			auth.Relation(graph.EdgeKey{Type: graph.Covers, From: "dsp-interface", To: "dep-93"})
	case auth.OpInvite:
		return auth.Target{Invite: &auth.InviteTarget{Role: auth.RolePartner, Organisation: "org-passerelle"}},
			auth.Target{Invite: &auth.InviteTarget{Role: auth.RolePartner, Organisation: "org-samusocial"}}
	case auth.OpManageUsers:
		mine := auth.User{ID: "usr-colleague", Email: "jeanne@passerelle.fr", Role: auth.RolePartner, Organisations: []string{"org-passerelle"}}
		return auth.Target{User: &mine}, auth.Target{User: &otherMember}
	case auth.OpManageTokens:
		return auth.Target{}, auth.Target{TokenOwner: otherMember.ID} // own: filled with the principal's id
	}
	return auth.Listing("dsp-siao-52"), auth.Listing("dsp-interface")
}

// outcome is A (allowed), F (FORBIDDEN) or U (UNAUTHENTICATED).
func outcome(err error) string {
	switch {
	case err == nil:
		return "A"
	case graph.IsCode(err, graph.CodeForbidden):
		return "F"
	case graph.IsCode(err, graph.CodeUnauthenticated):
		return "U"
	}
	return "error: " + err.Error()
}

// TestRoleMatrix walks every role × operation × own/other listing and asserts each cell.
func TestRoleMatrix(t *testing.T) {
	g := matrixGraph(t)
	az := auth.NewAuthorizer(g)
	disabled := partner
	disabled.Disabled = true
	readToken := auth.ForToken(partner, auth.APIToken{ID: "tok-r", Scopes: []auth.Scope{auth.ScopeRead}})
	writeToken := auth.ForToken(partner, auth.APIToken{ID: "tok-w", Scopes: []auth.Scope{auth.ScopeRead, auth.ScopeWrite}})
	adminToken := auth.ForToken(coordinator, auth.APIToken{ID: "tok-a", Scopes: []auth.Scope{auth.ScopeAdmin}})

	// Each row: the principal, then own/other for every operation in auth.Ops order:
	// read-published, read-drafts, create-dispositif, create-organisation, update, verify,
	// archive, restore, link, unlink, invite, manage-users, manage-tokens.
	rows := []struct {
		name string
		p    auth.Principal
		want string
	}{
		{"lecteur anonyme", auth.Anonymous(), "AA UU UU UU UU UU UU UU UU UU UU UU UU"},
		{"partenaire", auth.ForUser(partner), "AA AF AF FF AF AF AF AF AF AF FF FF AF"},
		{"coordination", auth.ForUser(coordinator), "AA AF AF AF AF AF AF AF AF AF AF AF AF"},
		{"administration", auth.ForUser(admin), "AA AA AA AA AA AA AA AA AA AA AA AA AA"},
		{"système (CLI)", auth.System(), "AA AA AA AA AA AA AA AA AA AA AA AA AA"},
		{"partenaire désactivé", auth.ForUser(disabled), "AA FF FF FF FF FF FF FF FF FF FF FF FF"},
		{"jeton partenaire read", readToken, "AA AF FF FF FF FF FF FF FF FF FF FF FF"},
		{"jeton partenaire read,write", writeToken, "AA AF AF FF AF AF AF AF AF AF FF FF FF"},
		{"jeton coordination admin", adminToken, "AA FF FF FF FF FF FF FF FF FF AF AF AF"},
	}
	for _, row := range rows {
		cells := strings.Fields(row.want)
		if len(cells) != len(auth.Ops) {
			t.Fatalf("%s: %d cells for %d operations", row.name, len(cells), len(auth.Ops))
		}
		for i, op := range auth.Ops {
			own, other := targets(op)
			if op == auth.OpManageTokens {
				own.TokenOwner = row.p.UserID()
				if row.p.System {
					own.TokenOwner = partner.ID
				}
			}
			for j, tg := range []auth.Target{own, other} {
				err := az.Authorize(ctx, row.p, op, tg)
				if got, want := outcome(err), string(cells[i][j]); got != want {
					t.Errorf("%s × %s × %s: got %s (%v), want %s", row.name, op, []string{"sienne", "autre"}[j], got, err, want)
				}
				if err != nil && graph.IsCode(err, graph.CodeForbidden) && !strings.ContainsAny(err.(*graph.Error).Message, "éèà") {
					t.Errorf("%s × %s: message not in French: %q", row.name, op, err)
				}
			}
		}
	}
}

// TestAuthorizeRules covers the rules beyond the matrix.
func TestAuthorizeRules(t *testing.T) {
	g := matrixGraph(t)
	az := auth.NewAuthorizer(g)
	region := auth.User{ID: "usr-reg", Email: "dreets@grandest.fr", Role: auth.RoleCoordinator, Territories: []string{"reg-44"}}
	cases := []struct {
		name string
		p    auth.Principal
		op   auth.Op
		t    auth.Target
		want string
		msg  string
	}{
		{"a partner edits a dispositif of her organisation without territory", auth.ForUser(partner), auth.OpUpdate, auth.Listing("dsp-accueil-52"), "A", ""},
		{"a partner edits her organisation", auth.ForUser(partner), auth.OpUpdate, auth.Listing("org-passerelle"), "A", ""},
		{"a partner edits another organisation", auth.ForUser(partner), auth.OpUpdate, auth.Listing("org-samusocial"), "F", "« Samusocial de Paris » : cette fiche ne relève pas de votre organisation"},
		{"a partner cannot archive her organisation", auth.ForUser(partner), auth.OpArchive, auth.Listing("org-passerelle"), "F", "Seules la coordination du territoire et l'administration"},
		{"a partner cannot claim another's dispositif", auth.ForUser(partner), auth.OpLink, auth.Relation(graph.EdgeKey{Type: graph.Operates, From: "org-passerelle", To: "dsp-interface"}), "F", "doivent tous deux relever"},
		{"a partner may declare a partnership with another", auth.ForUser(partner), auth.OpLink, auth.Relation(graph.EdgeKey{Type: graph.PartnersWith, From: "org-samusocial", To: "org-passerelle"}), "A", ""},
		{"a partner cannot edit reference data", auth.ForUser(partner), auth.OpUpdate, auth.Listing("pub-seniors"), "F", "référentiels"},
		{"a coordinator owns a dispositif through its operator", auth.ForUser(coordinator), auth.OpUpdate, auth.Listing("dsp-accueil-52"), "A", ""},
		{"a coordinator owns its territory's organisations", auth.ForUser(coordinator), auth.OpArchive, auth.Listing("org-passerelle"), "A", ""},
		{"a coordinator cannot edit its territory", auth.ForUser(coordinator), auth.OpUpdate, auth.Listing("dep-52"), "F", "référentiels"},
		{"a coordinator cannot change the territory tree", auth.ForUser(coordinator), auth.OpLink, auth.Relation(graph.EdgeKey{Type: graph.PartOf, From: "com-52121", To: "dep-93"}), "F", "référentiels"},
		{"a regional coordinator owns the départements' listings", auth.ForUser(region), auth.OpUpdate, auth.Listing("dsp-siao-52"), "A", ""},
		{"a regional coordinator does not own another region's", auth.ForUser(region), auth.OpUpdate, auth.Listing("dsp-interface"), "F", "votre territoire"},
		{"a départemental coordinator does not own its region", auth.ForUser(coordinator), auth.OpCreateOrganisation, auth.Target{Territory: "reg-44"}, "F", ""},
		{"a coordinator invites a coordinator of its territory", auth.ForUser(coordinator), auth.OpInvite, auth.Target{Invite: &auth.InviteTarget{Role: auth.RoleCoordinator, Territory: "com-52121"}}, "A", ""},
		{"a coordinator cannot invite an admin", auth.ForUser(coordinator), auth.OpInvite, auth.Target{Invite: &auth.InviteTarget{Role: auth.RoleAdmin}}, "F", "administration"},
		{"a coordinator cannot manage a coordinator", auth.ForUser(coordinator), auth.OpManageUsers, auth.Target{User: &region}, "F", ""},
		{"a coordinator cannot list every account", auth.ForUser(coordinator), auth.OpManageUsers, auth.Target{}, "F", ""},
		{"a missing listing is NOT_FOUND", auth.ForUser(partner), auth.OpUpdate, auth.Listing("dsp-absent"), "N", ""},
		{"a missing listing is NOT_FOUND for an admin too", auth.ForUser(admin), auth.OpUpdate, auth.Listing("dsp-absent"), "N", ""},
		{"a creation needs its organisation", auth.ForUser(partner), auth.OpCreateDispositif, auth.Target{}, "B", ""},
	}
	for _, c := range cases {
		err := az.Authorize(ctx, c.p, c.op, c.t)
		got := outcome(err)
		if graph.IsCode(err, graph.CodeNotFound) {
			got = "N"
		} else if graph.IsCode(err, graph.CodeBadUserInput) {
			got = "B"
		}
		if got != c.want || (c.msg != "" && !strings.Contains(fmt.Sprint(err), c.msg)) {
			t.Errorf("%s: got %s (%v), want %s %q", c.name, got, err, c.want, c.msg)
		}
	}

	// AuthorizeEach decides a page in one go, the same as one by one.
	ids := []string{"dsp-siao-52", "dsp-accueil-52", "dsp-interface", "org-passerelle", "org-samusocial"}
	var ts []auth.Target
	for _, id := range ids {
		ts = append(ts, auth.Listing(id))
	}
	errs, err := az.AuthorizeEach(ctx, auth.ForUser(coordinator), auth.OpReadDrafts, ts)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range errs {
		got = append(got, outcome(e))
	}
	if strings.Join(got, "") != "AAFAF" {
		t.Errorf("AuthorizeEach: %v", got)
	}
}
