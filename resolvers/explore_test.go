package resolvers_test

import (
	"context"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/graph/teststore"
	"github.com/maillage/maillage/resolvers"
	"github.com/maillage/maillage/search"
	"github.com/maillage/maillage/search/situation"
	"github.com/maillage/maillage/seed"
	"github.com/maillage/maillage/seed/geo"
)

// seededAPI serves the real seeded directory, with the eligibility rules of search (no index:
// the explore queries do not search text).
func seededAPI(t *testing.T) *api {
	t.Helper()
	cs := &countingStore{Store: teststore.Open(t)}
	if _, err := seed.Real(context.Background(), cs.Store, seed.Options{}); err != nil {
		t.Fatal(err)
	}
	g, err := geo.Load()
	if err != nil {
		t.Fatal(err)
	}
	svc := &search.Service{Store: cs, Parser: situation.New(g), Geo: g}
	srv := httptest.NewServer(resolvers.NewHandler(cs, resolvers.Options{AdminToken: token, Search: svc}))
	t.Cleanup(srv.Close)
	return &api{t: t, url: srv.URL, store: cs}
}

type graphNode struct {
	ID, Kind, Label string
	Type            *string
	Depth           int
	Thematiques     []string
}

type graphEdge struct{ Type, From, To, Label string }

// TestExploreQueries runs the training queries over HTTP on the seeded directory.
func TestExploreQueries(t *testing.T) {
	a := seededAPI(t)

	var nb struct {
		Neighbourhood struct {
			Truncated bool
			Nodes     []graphNode
			Edges     []graphEdge
		}
	}
	a.ok(false, `{ neighbourhood(id: "dsp-siao-52", depth: 1, relations: [REFERS_TO, OPERATES]) { truncated nodes { id kind label type depth thematiques } edges { type from to label } } }`, nil, &nb)
	v := nb.Neighbourhood
	if len(v.Nodes) < 2 || v.Nodes[0].ID != "dsp-siao-52" || v.Nodes[0].Depth != 0 || v.Nodes[0].Kind != "Dispositif" {
		t.Fatalf("neighbourhood of the SIAO 52 starts elsewhere: %+v", v.Nodes)
	}
	if !slices.ContainsFunc(v.Edges, func(e graphEdge) bool {
		return e.Type == "REFERS_TO" && e.From == "dsp-115-52" && e.To == "dsp-siao-52" && e.Label == "oriente vers"
	}) {
		t.Fatalf("the 115 → SIAO referral is missing: %+v", v.Edges)
	}
	for _, e := range v.Edges {
		if e.Type != "REFERS_TO" && e.Type != "OPERATES" {
			t.Fatalf("edge of a type not asked for: %+v", e)
		}
	}

	var ps struct {
		Paths []struct {
			Length int
			Nodes  []graphNode
			Edges  []graphEdge
		}
	}
	a.ok(false, `{ paths(from: "dsp-mission-interface-personnes-agees", to: "dsp-mission-interface-handicap", relations: [REFERS_TO]) { length nodes { id } edges { type from to } } }`, nil, &ps)
	if len(ps.Paths) != 1 || ps.Paths[0].Length != 2 || ps.Paths[0].Nodes[1].ID != "dsp-interlogement-93" {
		t.Fatalf("paths between the two Interface dispositifs by referral: %+v", ps.Paths)
	}

	var ap struct {
		AccessPath struct {
			Direct   bool
			Warnings []string
			Steps    []struct {
				Order       int
				Description string
				Relation    *string
				Conditions  *string
				Options     []graphNode
			}
		}
	}
	a.ok(false, `{ accessPath(dispositif: "dsp-equipe-mobile-precarite-logisens") { direct warnings steps { order description relation conditions options { id kind } } } }`, nil, &ap)
	st := ap.AccessPath.Steps
	if len(st) != 2 || st[0].Options[0].ID != "ins-cellule-orientation-logisens" || *st[0].Relation != "REQUIRES_REFERRAL_BY" || st[1].Relation != nil {
		t.Fatalf("access to LOGISENS: %+v", ap.AccessPath)
	}
	if !strings.Contains(st[0].Description, "Passage obligatoire") || st[0].Conditions == nil {
		t.Fatalf("step 1 of LOGISENS does not explain itself: %+v", st[0])
	}

	// A situation the dispositif does not fit gets a warning: Mission Interface PA is for 60+.
	a.ok(false, `{ accessPath(dispositif: "dsp-mission-interface-personnes-agees", situation: {age: 30}) { direct warnings steps { order options { id } } } }`, nil, &ap)
	if len(ap.AccessPath.Warnings) == 0 {
		t.Fatalf("a 30-year-old gets no warning for Mission Interface Personnes Âgées: %+v", ap.AccessPath)
	}
	a.ok(false, `{ accessPath(dispositif: "dsp-mission-interface-personnes-agees", situation: {age: 67}) { warnings } }`, nil, &ap)
	if len(ap.AccessPath.Warnings) != 0 {
		t.Fatalf("a 67-year-old is warned: %v", ap.AccessPath.Warnings)
	}

	var pl struct {
		ParcoursList []struct {
			ID    string
			Steps []struct {
				Order int
				Nodes []graphNode
			}
		}
	}
	a.ok(false, `{ parcoursList { id steps { order nodes { id kind label } } } }`, nil, &pl)
	if len(pl.ParcoursList) != 4 {
		t.Fatalf("want the four parcours of the documents, got %d", len(pl.ParcoursList))
	}
	for _, p := range pl.ParcoursList {
		for _, s := range p.Steps {
			if len(s.Nodes) == 0 {
				t.Errorf("parcours %s step %d: no node of the step exists in the graph", p.ID, s.Order)
			}
		}
	}
	var one struct{ Parcours *struct{ ID string } }
	a.ok(false, `{ parcours(id: "siao-52-tour-horizon") { id } }`, nil, &one)
	if one.Parcours == nil || one.Parcours.ID != "siao-52-tour-horizon" {
		t.Fatalf("parcours by id: %+v", one)
	}
	a.ok(false, `{ parcours(id: "inconnu") { id } }`, nil, &one)
	if one.Parcours != nil {
		t.Fatalf("an unknown parcours is not null: %+v", one)
	}

	a.fails(false, graph.CodeBadUserInput, `{ neighbourhood(id: "dsp-siao-52", depth: 9) { truncated } }`, nil)
	a.fails(false, graph.CodeNotFound, `{ neighbourhood(id: "dsp-inconnu") { truncated } }`, nil)
	a.fails(false, graph.CodeNotFound, `{ accessPath(dispositif: "dsp-inconnu") { direct } }`, nil)
	a.fails(false, graph.CodeBadUserInput, `{ paths(from: "dsp-siao-52", to: "dsp-115-52", maxHops: 12) { length } }`, nil)
}
