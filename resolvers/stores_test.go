package resolvers_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/graph/embedded"
	"github.com/maillage/maillage/graph/neo4j/neo4jtest"
	"github.com/maillage/maillage/resolvers"
	"github.com/maillage/maillage/search"
	"github.com/maillage/maillage/seed"
)

// sameAnswerQueries cover listings with filters and pagination, nested relations of every
// kind, territories and vocabularies.
var sameAnswerQueries = []string{
	`{ dispositif(id: "dsp-mission-interface-personnes-agees") { id version name eligibility { ageMin adminStatusLabel } operators { id name } funders { funder { id } amount year } territories { id name } publics { id } thematiques { id } referredFrom { from { id } conditions } partners { ... on Organisation { id } ... on Dispositif { id } } relations(direction: IN) { type other { id } } sources { dataset quote } } }`,
	`{ dispositif(id: "dsp-equipe-mobile-precarite-logisens") { funders { funder { name } amount year } staff { role etp } requiresReferralBy { ... on Instance { id name } } territories { id } } }`,
	`{ organisation(id: "org-samusocial-de-paris") { dispositifs { id } mandatedBy { role other { id } } locatedIn { id } sources { dataset } } }`,
	`{ instance(id: "ins-csp-siao-52") { missions meetings members { ... on Organisation { id } ... on Dispositif { id } ... on Instance { id } } coordinators { ... on Organisation { id } } } }`,
	`{ dispositifs(first: 30, filter: {text: "siao"}) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id name } } } }`,
	`{ dispositifs(first: 10, filter: {territory: "dep-93"}) { totalCount edges { node { id } } } }`,
	`{ dispositifs(first: 50, filter: {type: "chrs"}) { totalCount edges { node { id address { city } } } } }`,
	`{ dispositifs(first: 5, after: "aWQ6ZHNwLWZpbmVzcy0xMzAwMDAwMDA") { totalCount edges { node { id } } } }`,
	`{ organisations(first: 20, filter: {text: "fondation"}) { totalCount edges { node { id name } } } }`,
	`{ territory(code: "93") { id name population parent { id } children(first: 50) { totalCount edges { node { id name } } } dispositifs { totalCount } } }`,
	`{ territory(code: "52121") { parents { id } dispositifs { edges { node { id } } } } }`,
	`{ territories(first: 10, filter: {text: "saint-denis"}) { totalCount edges { node { id level } } } }`,
	`{ thematique(id: "sante--sante-mentale") { parent { id } dispositifs(first: 5) { totalCount edges { node { id } } } } }`,
	`{ publics { id name } }`,
	`{ stats { nodes { kind count } relations { kind count } } }`,
	`{ neighbourhood(id: "dsp-siao-52", depth: 2, limit: 120) { truncated nodes { id kind label type depth thematiques } edges { type from to label conditions } } }`,
	`{ paths(from: "dsp-mission-interface-personnes-agees", to: "dsp-mission-interface-handicap", relations: [REFERS_TO], first: 5) { length nodes { id } edges { type from to } } }`,
	`{ accessPath(dispositif: "dsp-equipe-mobile-precarite-logisens") { direct accessModes { slug } steps { order description relation conditions options { id label } } } }`,
	`{ parcoursList { id title territory { id } steps { order title nodes { id kind } source { dataset quote } } } }`,
}

// sameAnswerSearches are searches of the BRIEF's scenarios, each answered from the store's own
// index: the same results, reasons and facets on both stores.
var sameAnswerSearches = []string{
	`{ search(text: "homme 67 ans sans papiers Saint-Denis", first: 10) { totalCount interpreted { age adminStatus place { id } } facets { thematiques { value count } departements { value count } } edges { node { id } score matched { criterion message } unknown { criterion } } } }`,
	`{ search(text: "65-year-old undocumented man in Saint-Denis", first: 5) { totalCount edges { node { id } } } }`,
	`{ search(text: "hebergement d'urgense chaumont", first: 5) { totalCount edges { node { id } } } }`,
	`{ search(text: "SIAO Chaumont", first: 5) { totalCount edges { node { id } } others { node { id } } othersCount } }`,
	`{ search(situation: {age: 30, place: "com-93066"}, first: 5, filter: {includeUnmet: true}) { totalCount edges { node { id } unmet { criterion message } } } }`,
}

func answer(t *testing.T, s graph.Store, q string) string {
	t.Helper()
	return answerWith(t, s, nil, q)
}

// searchService indexes the store in a fresh directory and returns its search service.
func searchService(t *testing.T, s graph.Store) *search.Service {
	t.Helper()
	ix, err := search.Open(filepath.Join(t.TempDir(), "index"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	if err := ix.Reindex(context.Background(), s, nil); err != nil {
		t.Fatal(err)
	}
	svc, err := search.NewService(s, ix)
	if err != nil {
		t.Fatal(err)
	}
	return svc
}

func answerWith(t *testing.T, s graph.Store, svc *search.Service, q string) string {
	t.Helper()
	srv := httptest.NewServer(resolvers.NewHandler(s, resolvers.Options{AdminToken: token, Search: svc}))
	defer srv.Close()
	body, _ := json.Marshal(map[string]any{"query": q})
	resp, err := http.Post(srv.URL, "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return string(out)
}

// TestSameAnswersOnBothStores seeds the reference data into the embedded store and into Neo4j
// and checks that the same GraphQL queries get byte-identical answers.
func TestSameAnswersOnBothStores(t *testing.T) {
	ctx := context.Background()
	n := neo4jtest.Open(t)
	e, err := embedded.Open(filepath.Join(t.TempDir(), "maillage.db"), embedded.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	for _, s := range []graph.Store{e, n} {
		if _, err := seed.Real(ctx, s, seed.Options{}); err != nil {
			t.Fatal(err)
		}
	}
	for _, q := range sameAnswerQueries {
		a, b := answer(t, e, q), answer(t, n, q)
		if a != b {
			t.Errorf("%s\nembedded: %.600s\nneo4j:    %.600s", q, a, b)
		}
		if bytes.Contains([]byte(a), []byte(`"errors"`)) {
			t.Errorf("%s: %s", q, a)
		}
	}
	se, sn := searchService(t, e), searchService(t, n)
	for _, q := range sameAnswerSearches {
		a, b := answerWith(t, e, se, q), answerWith(t, n, sn, q)
		if a != b {
			t.Errorf("%s\nembedded: %.800s\nneo4j:    %.800s", q, a, b)
		}
		if bytes.Contains([]byte(a), []byte(`"errors"`)) || !bytes.Contains([]byte(a), []byte(`"node"`)) {
			t.Errorf("%s: no result or an error: %s", q, a)
		}
	}
}
