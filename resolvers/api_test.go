package resolvers_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/graph/teststore"
	"github.com/maillage/maillage/resolvers"
)

const token = "jeton-de-test"

// countingStore is the real embedded store with its read calls counted (a decorator, not a mock).
type countingStore struct {
	graph.Store
	getMany, edges, list atomic.Int64
}

func (c *countingStore) GetMany(ctx context.Context, ids []string) ([]graph.Node, error) {
	c.getMany.Add(1)
	return c.Store.GetMany(ctx, ids)
}

func (c *countingStore) Edges(ctx context.Context, q graph.EdgeQuery) ([]graph.Edge, error) {
	c.edges.Add(1)
	return c.Store.Edges(ctx, q)
}

func (c *countingStore) List(ctx context.Context, q graph.ListQuery) (graph.Page, error) {
	c.list.Add(1)
	return c.Store.List(ctx, q)
}

type api struct {
	t     testing.TB
	url   string
	store *countingStore
}

func newAPI(t testing.TB, opts resolvers.Options) *api {
	t.Helper()
	return newAPIWithClock(t, nil, opts)
}

// newAPIWithClock is newAPI on a store whose clock (the API's too) is clock.
func newAPIWithClock(t testing.TB, clock graph.Clock, opts resolvers.Options) *api {
	t.Helper()
	cs := &countingStore{Store: teststore.OpenWithClock(t, clock)}
	opts.AdminToken = token
	srv := httptest.NewServer(resolvers.NewHandler(cs, opts))
	t.Cleanup(srv.Close)
	return &api{t: t, url: srv.URL, store: cs}
}

type gqlError struct {
	Message    string         `json:"message"`
	Extensions map[string]any `json:"extensions"`
}

type response struct {
	Data   json.RawMessage `json:"data"`
	Errors []gqlError      `json:"errors"`
}

// do posts a query; auth adds the admin token.
func (a *api) do(auth bool, query string, vars map[string]any) response {
	a.t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, a.url, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if auth {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		a.t.Fatal(err)
	}
	defer resp.Body.Close()
	var out response
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		a.t.Fatal(err)
	}
	return out
}

// ok posts a query that must succeed and decodes its data into v.
func (a *api) ok(auth bool, query string, vars map[string]any, v any) {
	a.t.Helper()
	r := a.do(auth, query, vars)
	if len(r.Errors) > 0 {
		a.t.Fatalf("errors: %+v", r.Errors)
	}
	if v != nil {
		if err := json.Unmarshal(r.Data, v); err != nil {
			a.t.Fatal(err)
		}
	}
}

// fails posts a query that must fail with code.
func (a *api) fails(auth bool, code graph.Code, query string, vars map[string]any) gqlError {
	a.t.Helper()
	r := a.do(auth, query, vars)
	if len(r.Errors) == 0 {
		a.t.Fatalf("no error, want %s; data %s", code, r.Data)
	}
	e := r.Errors[0]
	if e.Extensions["code"] != string(code) {
		a.t.Fatalf("code %v (%s), want %s", e.Extensions["code"], e.Message, code)
	}
	return e
}

func (a *api) seed() {
	a.t.Helper()
	ctx := context.Background()
	s := a.store.Store
	must := func(err error) {
		if err != nil {
			a.t.Fatal(err)
		}
	}
	for _, n := range []graph.Node{
		&graph.Territory{Meta: graph.Meta{ID: "reg-11"}, Level: graph.LevelRegion, Code: "11", Name: "Île-de-France"},
		&graph.Territory{Meta: graph.Meta{ID: "dep-93"}, Level: graph.LevelDepartement, Code: "93", Name: "Seine-Saint-Denis"},
		&graph.Territory{Meta: graph.Meta{ID: "com-93066"}, Level: graph.LevelCommune, Code: "93066", Name: "Saint-Denis"},
		&graph.Public{Meta: graph.Meta{ID: "personnes-agees"}, Name: "Personnes âgées"},
		&graph.Thematique{Meta: graph.Meta{ID: "logement-hebergement"}, Name: "Logement et hébergement"},
		&graph.Organisation{Meta: graph.Meta{ID: "org-samusocial"}, Name: "Samusocial de Paris", Type: "gip"},
		&graph.Organisation{Meta: graph.Meta{ID: "org-cd93"}, Name: "Conseil départemental de la Seine-Saint-Denis", Type: "collectivite"},
		&graph.Dispositif{Meta: graph.Meta{ID: "dsp-interface"}, Name: "Mission Interface", Type: "maraude", Status: "active",
			Eligibility: graph.Eligibility{AgeMin: ptr(60), AdminStatus: "tous"}, AccessModes: []string{"orientation-professionnel"}},
		&graph.Dispositif{Meta: graph.Meta{ID: "dsp-siao-93"}, Name: "Interlogement 93", Acronyms: []string{"SIAO 93"}, Type: "siao", Status: "active"},
	} {
		_, err := s.Create(ctx, n)
		must(err)
	}
	for _, e := range []graph.Edge{
		{Type: graph.PartOf, From: "com-93066", To: "dep-93"},
		{Type: graph.PartOf, From: "dep-93", To: "reg-11"},
		{Type: graph.Operates, From: "org-samusocial", To: "dsp-interface"},
		{Type: graph.Funds, From: "org-cd93", To: "dsp-interface", Year: ptr(2022)},
		{Type: graph.Covers, From: "dsp-interface", To: "dep-93"},
		{Type: graph.Serves, From: "dsp-interface", To: "personnes-agees"},
		{Type: graph.About, From: "dsp-interface", To: "logement-hebergement"},
		{Type: graph.RefersTo, From: "dsp-siao-93", To: "dsp-interface", Conditions: "personnes de 60 ans et plus"},
		{Type: graph.PartnersWith, From: "dsp-siao-93", To: "dsp-interface"},
	} {
		_, err := s.Link(ctx, e)
		must(err)
	}
}

func ptr[T any](v T) *T { return &v }

const dispositifQuery = `query($id: ID!) { dispositif(id: $id) {
  id version name typeLabel status statusLabel accessModes accessModeLabels
  eligibility { ageMin ageMax adminStatus adminStatusLabel genders }
  operators { id name typeLabel }
  funders { funder { id } recipient { ... on Dispositif { id } } year amount }
  territories { id name parent { id } }
  publics { id } thematiques { id }
  referredFrom { from { id name } conditions }
  partners { ... on Dispositif { id } }
  relations(direction: IN) { type other { id } }
} }`

func TestDispositifWithRelations(t *testing.T) {
	a := newAPI(t, resolvers.Options{})
	a.seed()
	var out struct {
		Dispositif struct {
			ID, Name, TypeLabel, Status, StatusLabel string
			Version                                  int
			AccessModeLabels                         []string
			Eligibility                              struct {
				AgeMin           *int
				AgeMax           *int
				AdminStatusLabel string
				Genders          []string
			}
			Operators []struct{ ID, TypeLabel string }
			Funders   []struct {
				Funder    struct{ ID string }
				Recipient struct{ ID string }
				Year      int
				Amount    *float64
			}
			Territories []struct {
				ID     string
				Parent struct{ ID string }
			}
			ReferredFrom []struct {
				From       struct{ ID string }
				Conditions string
			}
			Partners  []struct{ ID string }
			Relations []struct {
				Type  string
				Other struct{ ID string }
			}
		}
	}
	a.ok(false, dispositifQuery, map[string]any{"id": "dsp-interface"}, &out)
	d := out.Dispositif
	if d.Name != "Mission Interface" || d.Version != 1 || d.TypeLabel == "" || d.StatusLabel != "En activité" || len(d.AccessModeLabels) != 1 {
		t.Fatalf("fields: %+v", d)
	}
	if *d.Eligibility.AgeMin != 60 || d.Eligibility.AgeMax != nil || !strings.Contains(d.Eligibility.AdminStatusLabel, "sans titre de séjour") || d.Eligibility.Genders == nil {
		t.Fatalf("eligibility: %+v", d.Eligibility)
	}
	if len(d.Operators) != 1 || d.Operators[0].ID != "org-samusocial" || d.Operators[0].TypeLabel != "Groupement d'intérêt public" {
		t.Fatalf("operators: %+v", d.Operators)
	}
	if len(d.Funders) != 1 || d.Funders[0].Funder.ID != "org-cd93" || d.Funders[0].Recipient.ID != "dsp-interface" || d.Funders[0].Year != 2022 || d.Funders[0].Amount != nil {
		t.Fatalf("funders: %+v", d.Funders)
	}
	if len(d.Territories) != 1 || d.Territories[0].Parent.ID != "reg-11" {
		t.Fatalf("territories: %+v", d.Territories)
	}
	if len(d.ReferredFrom) != 1 || d.ReferredFrom[0].From.ID != "dsp-siao-93" || d.ReferredFrom[0].Conditions == "" {
		t.Fatalf("referredFrom: %+v", d.ReferredFrom)
	}
	if len(d.Partners) != 1 || d.Partners[0].ID != "dsp-siao-93" {
		t.Fatalf("partners (stored from the other end): %+v", d.Partners)
	}
	if len(d.Relations) != 4 {
		t.Fatalf("incoming relations: %+v", d.Relations)
	}
}

func TestTerritoryByCode(t *testing.T) {
	a := newAPI(t, resolvers.Options{})
	a.seed()
	for code, want := range map[string]string{"93": "dep-93", "dep-93": "dep-93", "93066": "com-93066", "reg-11": "reg-11"} {
		var out struct{ Territory struct{ ID string } }
		a.ok(false, `query($c: String!) { territory(code: $c) { id } }`, map[string]any{"c": code}, &out)
		if out.Territory.ID != want {
			t.Errorf("territory(%q) = %q, want %q", code, out.Territory.ID, want)
		}
	}
	a.fails(false, graph.CodeNotFound, `{ territory(code: "99") { id } }`, nil)
	a.fails(false, graph.CodeBadUserInput, `{ territory(code: "x") { id } }`, nil)
	var out struct {
		Territory struct {
			Children    struct{ TotalCount int }
			Dispositifs struct {
				TotalCount int
				Edges      []struct{ Node struct{ ID string } }
			}
		}
	}
	a.ok(false, `{ territory(code: "93") { children { totalCount } dispositifs { totalCount edges { node { id } } } } }`, nil, &out)
	if out.Territory.Children.TotalCount != 1 || out.Territory.Dispositifs.TotalCount != 1 || out.Territory.Dispositifs.Edges[0].Node.ID != "dsp-interface" {
		t.Fatalf("%+v", out)
	}
}

func TestPagination(t *testing.T) {
	a := newAPI(t, resolvers.Options{MaxPageSize: 10})
	ctx := context.Background()
	for i := range 23 {
		if _, err := a.store.Create(ctx, &graph.Organisation{Meta: graph.Meta{ID: fmt.Sprintf("org-%02d", i)}, Name: fmt.Sprintf("Organisation %d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	type page struct {
		Organisations struct {
			TotalCount int
			PageInfo   struct {
				HasNextPage bool
				EndCursor   *string
			}
			Edges []struct {
				Cursor string
				Node   struct{ ID string }
			}
		}
	}
	var seen []string
	var after *string
	for {
		var p page
		a.ok(false, `query($after: String) { organisations(first: 10, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id } } } }`, map[string]any{"after": after}, &p)
		if p.Organisations.TotalCount != 23 {
			t.Fatalf("totalCount %d", p.Organisations.TotalCount)
		}
		for _, e := range p.Organisations.Edges {
			seen = append(seen, e.Node.ID)
		}
		if !p.Organisations.PageInfo.HasNextPage {
			break
		}
		after = p.Organisations.PageInfo.EndCursor
	}
	if len(seen) != 23 || seen[0] != "org-00" || seen[22] != "org-22" {
		t.Fatalf("pages: %v", seen)
	}
	e := a.fails(false, graph.CodeBadUserInput, `{ organisations(first: 11) { totalCount } }`, nil)
	if !strings.Contains(e.Message, "Page trop grande") {
		t.Errorf("message %q", e.Message)
	}
	a.fails(false, graph.CodeBadUserInput, `{ organisations(after: "pas-un-curseur") { totalCount } }`, nil)
	var filtered struct{ Organisations struct{ TotalCount int } }
	a.ok(false, `{ organisations(first: 10, filter: {text: "organisation 1"}) { totalCount } }`, nil, &filtered)
	if filtered.Organisations.TotalCount != 11 { // 1, 10…19
		t.Errorf("text filter: %d", filtered.Organisations.TotalCount)
	}
}

func TestMutations(t *testing.T) {
	a := newAPI(t, resolvers.Options{})
	a.seed()
	const create = `mutation($in: DispositifInput!) { createDispositif(input: $in) { id version name status eligibility { ageMin ageMax } contacts { kind value } } }`
	in := map[string]any{"name": "Accueil de jour", "type": "accueil-de-jour", "eligibility": map[string]any{"ageMin": 18},
		"contacts": []map[string]any{{"kind": "phone", "value": "01 99 00 12 34"}}}
	a.fails(false, graph.CodeUnauthenticated, create, map[string]any{"in": in})
	var c struct {
		CreateDispositif struct {
			ID, Name, Status string
			Version          int
			Eligibility      struct{ AgeMin *int }
		}
	}
	a.ok(true, create, map[string]any{"in": in}, &c)
	id := c.CreateDispositif.ID
	if !strings.HasPrefix(id, "dsp-accueil-de-jour-") || c.CreateDispositif.Version != 1 || c.CreateDispositif.Status != "active" || *c.CreateDispositif.Eligibility.AgeMin != 18 {
		t.Fatalf("created %+v", c.CreateDispositif)
	}

	const update = `mutation($id: ID!, $v: Int!, $in: DispositifInput!) { updateDispositif(id: $id, expectedVersion: $v, input: $in) { version name description contacts { value } eligibility { ageMin } } }`
	var u struct {
		UpdateDispositif struct {
			Version     int
			Name        string
			Description string
			Contacts    []struct{ Value string }
			Eligibility struct{ AgeMin *int }
		}
	}
	a.ok(true, update, map[string]any{"id": id, "v": 1, "in": map[string]any{"description": "Café, douches, domiciliation."}}, &u)
	if u.UpdateDispositif.Version != 2 || u.UpdateDispositif.Name != "Accueil de jour" || len(u.UpdateDispositif.Contacts) != 1 || *u.UpdateDispositif.Eligibility.AgeMin != 18 {
		t.Fatalf("update kept too little: %+v", u.UpdateDispositif)
	}
	a.ok(true, update, map[string]any{"id": id, "v": 2, "in": map[string]any{"contacts": []any{}}}, &u)
	if len(u.UpdateDispositif.Contacts) != 0 || u.UpdateDispositif.Description == "" {
		t.Fatalf("an empty list must clear, other fields stay: %+v", u.UpdateDispositif)
	}
	// a second editor still on version 2 is told, not overwritten
	e := a.fails(true, graph.CodeConflict, update, map[string]any{"id": id, "v": 2, "in": map[string]any{"name": "Autre nom"}})
	if !strings.Contains(e.Message, "a été modifiée par administrateur pendant que vous la modifiiez") {
		t.Errorf("conflict message %q", e.Message)
	}
	// invalid input: field messages, nothing changed
	e = a.fails(true, graph.CodeBadUserInput, update, map[string]any{"id": id, "v": 3, "in": map[string]any{"eligibility": map[string]any{"ageMin": 70, "ageMax": 20}, "contacts": []map[string]any{{"kind": "email", "value": "pas-une-adresse"}}}})
	fields, _ := e.Extensions["fields"].(map[string]any)
	if fields["eligibility.ageMax"] == nil || fields["contacts[0]"] == nil {
		t.Errorf("field messages: %+v", e.Extensions)
	}
	var after struct {
		Dispositif struct {
			Version int
			Name    string
		}
	}
	a.ok(false, `query($id: ID!) { dispositif(id: $id) { version name } }`, map[string]any{"id": id}, &after)
	if after.Dispositif.Version != 3 || after.Dispositif.Name != "Accueil de jour" {
		t.Fatalf("rejected updates changed the listing: %+v", after.Dispositif)
	}
	a.fails(true, graph.CodeBadUserInput, update, map[string]any{"id": id, "v": 0, "in": map[string]any{}})
	a.fails(true, graph.CodeNotFound, update, map[string]any{"id": "dsp-absent", "v": 1, "in": map[string]any{}})
	a.fails(true, graph.CodeNotFound, update, map[string]any{"id": "org-samusocial", "v": 1, "in": map[string]any{}})

	// archive and restore
	var ar struct{ ArchiveDispositif struct{ ArchivedAt *string } }
	a.ok(true, `mutation($id: ID!) { archiveDispositif(id: $id, expectedVersion: 3) { archivedAt } }`, map[string]any{"id": id}, &ar)
	if ar.ArchiveDispositif.ArchivedAt == nil {
		t.Fatal("not archived")
	}
	var list struct{ Dispositifs struct{ TotalCount int } }
	a.ok(false, `{ dispositifs { totalCount } }`, nil, &list)
	if list.Dispositifs.TotalCount != 2 {
		t.Fatalf("archived listing still listed: %d", list.Dispositifs.TotalCount)
	}
	a.ok(true, `mutation($id: ID!) { restoreDispositif(id: $id, expectedVersion: 4) { archivedAt } }`, map[string]any{"id": id}, nil)

	// link and unlink, with properties
	var l struct {
		Link struct {
			Type   string
			Amount float64
			Other  struct{ ID string }
		}
	}
	a.ok(true, `mutation($to: ID!) { link(input: {type: FUNDS, from: "org-cd93", to: $to, amount: 10000, year: 2017}) { type amount other { id } } }`, map[string]any{"to": id}, &l)
	if l.Link.Type != "FUNDS" || l.Link.Amount != 10000 || l.Link.Other.ID != id {
		t.Fatalf("link: %+v", l)
	}
	a.fails(true, graph.CodeBadUserInput, `mutation { link(input: {type: SERVES, from: "dsp-interface", to: "org-cd93"}) { type } }`, nil)
	a.fails(true, graph.CodeNotFound, `mutation { link(input: {type: OPERATES, from: "org-cd93", to: "dsp-absent"}) { type } }`, nil)
	a.ok(true, `mutation($to: ID!) { unlink(type: FUNDS, from: "org-cd93", to: $to) }`, map[string]any{"to": id}, nil)
	a.fails(true, graph.CodeNotFound, `mutation($to: ID!) { unlink(type: FUNDS, from: "org-cd93", to: $to) }`, map[string]any{"to": id})

	// organisations
	var o struct{ CreateOrganisation struct{ ID string } }
	a.ok(true, `mutation { createOrganisation(input: {name: "CCAS de Chaumont", type: "ccas", siret: "73282932000074"}) { id } }`, nil, &o)
	a.fails(true, graph.CodeBadUserInput, `mutation { createOrganisation(input: {name: "X", siret: "12345678901234"}) { id } }`, nil)
	a.fails(true, graph.CodeConflict, `mutation($id: ID!) { createOrganisation(input: {id: $id, name: "Doublon"}) { id } }`, map[string]any{"id": o.CreateOrganisation.ID})

	// a wrong token is refused with its own message
	req := `mutation { createOrganisation(input: {name: "Y"}) { id } }`
	body, _ := json.Marshal(map[string]any{"query": req})
	r, _ := http.NewRequest(http.MethodPost, a.url, bytes.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("Authorization", "Bearer mauvais")
	resp, err := http.DefaultClient.Do(r)
	if err != nil {
		t.Fatal(err)
	}
	var bad response
	_ = json.NewDecoder(resp.Body).Decode(&bad)
	resp.Body.Close()
	if len(bad.Errors) != 1 || bad.Errors[0].Extensions["code"] != "UNAUTHENTICATED" || !strings.Contains(bad.Errors[0].Message, "pas valide") {
		t.Fatalf("wrong token: %+v", bad)
	}
}

func TestErrorsCarryCodes(t *testing.T) {
	a := newAPI(t, resolvers.Options{MaxComplexity: 50})
	a.seed()
	r := a.do(false, `query { dispositif(id: "dsp-absent") { id } }`, nil)
	if string(r.Data) != `{"dispositif":null}` || len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != "NOT_FOUND" || !strings.Contains(r.Errors[0].Message, "introuvable") {
		t.Fatalf("not found: %s %+v", r.Data, r.Errors)
	}
	for _, q := range []string{
		`{ dispositif(id: "x") { champInconnu } }`,
		`{ dispositif(id: true) { id } }`,
		`{ dispositif( { id } }`,
		`{ dispositifs(first: 20) { edges { node { operators { dispositifs { operators { name } } } } } } }`,
	} {
		r := a.do(false, q, nil)
		if len(r.Errors) == 0 || r.Errors[0].Extensions["code"] != "BAD_USER_INPUT" || !strings.HasPrefix(r.Errors[0].Message, "Requête") {
			t.Errorf("%s: %+v", q, r.Errors)
		}
	}
	var node struct{ Node *struct{ ID string } }
	a.ok(false, `{ node(id: "absent") { id } }`, nil, &node)
	if node.Node != nil {
		t.Error("node(id) of a missing id must be null")
	}
}

func TestIntrospection(t *testing.T) {
	a := newAPI(t, resolvers.Options{})
	var out struct {
		Schema struct{ Types []struct{ Name string } } `json:"__schema"`
	}
	a.ok(false, `{ __schema { types { name } } }`, nil, &out)
	found := false
	for _, ty := range out.Schema.Types {
		found = found || ty.Name == "Dispositif"
	}
	if !found {
		t.Fatal("introspection does not list Dispositif")
	}
	var voc struct {
		Vocabularies struct {
			AccessModes []struct{ Slug, Label string }
		}
	}
	a.ok(false, `{ vocabularies { accessModes { slug label } } }`, nil, &voc)
	if len(voc.Vocabularies.AccessModes) < 4 {
		t.Fatalf("vocabularies: %+v", voc)
	}
}

// TestNoNPlusOne lists 50 dispositifs with nested relations and checks that the number of store
// calls does not grow with the number of dispositifs.
func TestNoNPlusOne(t *testing.T) {
	a := newAPI(t, resolvers.Options{})
	a.seed()
	ctx := context.Background()
	for i := range 50 {
		id := fmt.Sprintf("dsp-n%02d", i)
		if _, err := a.store.Create(ctx, &graph.Dispositif{Meta: graph.Meta{ID: id}, Name: id, Status: "active"}); err != nil {
			t.Fatal(err)
		}
		for _, e := range []graph.Edge{{Type: graph.Operates, From: "org-samusocial", To: id}, {Type: graph.Covers, From: id, To: "com-93066"}, {Type: graph.Serves, From: id, To: "personnes-agees"}} {
			if _, err := a.store.Link(ctx, e); err != nil {
				t.Fatal(err)
			}
		}
	}
	a.store.getMany.Store(0)
	a.store.edges.Store(0)
	a.store.list.Store(0)
	var out struct {
		Dispositifs struct {
			Edges []struct {
				Node struct {
					ID          string
					Operators   []struct{ Name string }
					Territories []struct{ Parent struct{ ID string } }
					Publics     []struct{ ID string }
				}
			}
		}
	}
	a.ok(false, `{ dispositifs(first: 60) { edges { node { id operators { name } territories { parent { id } } publics { id } } } } }`, nil, &out)
	if len(out.Dispositifs.Edges) != 52 {
		t.Fatalf("%d dispositifs", len(out.Dispositifs.Edges))
	}
	for _, e := range out.Dispositifs.Edges {
		if !strings.HasPrefix(e.Node.ID, "dsp-n") {
			continue
		}
		if len(e.Node.Operators) != 1 || len(e.Node.Territories) != 1 || e.Node.Territories[0].Parent.ID != "dep-93" || len(e.Node.Publics) != 1 {
			t.Fatalf("nested data wrong: %+v", e.Node)
		}
	}
	calls := a.store.getMany.Load() + a.store.edges.Load() + a.store.list.Load()
	t.Logf("store calls: list %d, edges %d, getMany %d", a.store.list.Load(), a.store.edges.Load(), a.store.getMany.Load())
	// One list, then a few batched calls per level. Batching waits for goroutines, so under a
	// loaded machine a level may take two or three calls; N+1 would take over 200 (52
	// dispositifs × 3 relations, plus their nodes).
	if calls > 40 {
		t.Fatalf("%d store calls for 52 dispositifs: N+1", calls)
	}
}

func BenchmarkDispositifNested(b *testing.B) {
	a := newAPI(b, resolvers.Options{})
	a.seed()
	body, _ := json.Marshal(map[string]any{"query": dispositifQuery, "variables": map[string]any{"id": "dsp-interface"}})
	for b.Loop() {
		resp, err := http.Post(a.url, "application/json", bytes.NewReader(body))
		if err != nil {
			b.Fatal(err)
		}
		resp.Body.Close()
	}
}
