package resolvers_test

import (
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/resolvers"
	"github.com/maillage/maillage/search"
)

// TestSearchComputesWhatIsAsked: facets and highlights are only computed when the query asks
// for them; asked directly or through fragments, they are there.
func TestSearchComputesWhatIsAsked(t *testing.T) {
	a := newAPI(t, resolvers.Options{})
	a.seed()
	svc := searchService(t, a.store.Store)
	a = newAPIWithSearch(t, a, svc)
	type out struct {
		Search struct {
			Facets *struct{ Thematiques []struct{ Value string } }
			Edges  []struct {
				Node       struct{ ID string }
				Highlights []string
			}
		}
	}
	for name, q := range map[string]string{
		"direct":    `{ search(text: "mission interface Saint-Denis") { facets { thematiques { value } } edges { node { id } highlights } } }`,
		"fragments": `{ search(text: "mission interface Saint-Denis") { ...C } } fragment C on SearchConnection { ... on SearchConnection { facets { thematiques { value } } } edges { ...E } } fragment E on SearchEdge { node { id } highlights }`,
	} {
		var got out
		a.ok(false, q, nil, &got)
		if got.Search.Facets == nil || len(got.Search.Facets.Thematiques) == 0 {
			t.Errorf("%s: no facets: %+v", name, got.Search)
		}
		if len(got.Search.Edges) == 0 || got.Search.Edges[0].Node.ID != "dsp-interface" || len(got.Search.Edges[0].Highlights) == 0 {
			t.Errorf("%s: no highlighted Mission Interface: %+v", name, got.Search.Edges)
		}
	}
	// without them, the same results
	var bare out
	a.ok(false, `{ search(text: "mission interface Saint-Denis") { edges { node { id } } } }`, nil, &bare)
	if len(bare.Search.Edges) == 0 || bare.Search.Edges[0].Node.ID != "dsp-interface" {
		t.Errorf("without facets and highlights: %+v", bare.Search.Edges)
	}
}

// newAPIWithSearch serves the store of a with the search service svc.
func newAPIWithSearch(t *testing.T, a *api, svc *search.Service) *api {
	t.Helper()
	srv := httptest.NewServer(resolvers.NewHandler(a.store, resolvers.Options{AdminToken: token, Search: svc}))
	t.Cleanup(srv.Close)
	return &api{t: t, url: srv.URL, store: a.store}
}

// TestSearchOthersNothingFitsAndLimit: the services of the place that answer nothing asked are
// apart, with their count; when nothing fits, the ways forward are given in French; a text
// beyond the limit is refused as the user's mistake.
func TestSearchOthersNothingFitsAndLimit(t *testing.T) {
	a := newAPI(t, resolvers.Options{})
	a.seed()
	a = newAPIWithSearch(t, a, searchService(t, a.store.Store))
	var got struct {
		Search struct {
			TotalCount, OthersCount int
			NothingFits             bool
			Edges                   []struct{ Node struct{ ID string } }
			Others                  []struct {
				Node  struct{ ID string }
				Unmet []struct{ Criterion string }
			}
			WaysForward []struct {
				Kind, Label string
				Count       *int
				Situation   *struct {
					Needs []string
					Place *struct{ ID string }
				}
			}
		}
	}
	a.ok(false, `{ search(text: "aide alimentaire pour une personne de 67 ans à Saint-Denis") { totalCount othersCount nothingFits edges { node { id } }
		others { node { id } unmet { criterion } } waysForward { kind label count situation { needs place { id } } } } }`, nil, &got)
	s := got.Search
	if s.TotalCount != 0 || len(s.Edges) != 0 || !s.NothingFits {
		t.Fatalf("food aid at 67 in Saint-Denis: %+v", s)
	}
	if s.OthersCount != 1 || len(s.Others) != 1 || s.Others[0].Node.ID != "dsp-interface" || len(s.Others[0].Unmet) != 1 || s.Others[0].Unmet[0].Criterion != "need" {
		t.Errorf("others: %d %+v", s.OthersCount, s.Others)
	}
	kinds := map[string]bool{}
	for _, w := range s.WaysForward {
		kinds[w.Kind] = true
		if w.Kind == "place" && (w.Count == nil || w.Situation == nil || w.Situation.Place == nil || w.Situation.Place.ID != "dep-93" && w.Situation.Place.ID != "reg-11" || len(w.Situation.Needs) != 1) {
			t.Errorf("wider place: %+v", w)
		}
		if w.Kind == "criterion" && (w.Count == nil || *w.Count != 1 || w.Situation == nil || len(w.Situation.Needs) != 0) {
			t.Errorf("without the need: %+v", w)
		}
	}
	if !kinds["siao"] || !kinds["115"] || !kinds["place"] || !kinds["criterion"] {
		t.Errorf("ways forward: %+v", s.WaysForward)
	}
	e := a.fails(false, graph.CodeBadUserInput, `query($t: String) { search(text: $t) { totalCount } }`, map[string]any{"t": strings.Repeat("a ", search.MaxTextLength)})
	if !strings.Contains(e.Message, "trop long") {
		t.Errorf("long text: %+v", e)
	}
}

// TestSituationInputAsylumStageAndTypes: the stage of an asylum claim and the service types
// given as structured criteria are kept; an unknown stage is refused.
func TestSituationInputAsylumStageAndTypes(t *testing.T) {
	a := newAPI(t, resolvers.Options{})
	a.seed()
	svc := searchService(t, a.store.Store)
	a = newAPIWithSearch(t, a, svc)
	var got struct {
		Search struct {
			Interpreted struct {
				Criteria []struct{ Kind, Value string }
			}
		}
	}
	a.ok(false, `{ search(situation: {asylumStage: "deboute", types: ["cada"]}) { interpreted { criteria { kind value } } } }`, nil, &got)
	var kinds []string
	for _, c := range got.Search.Interpreted.Criteria {
		kinds = append(kinds, c.Kind+":"+c.Value)
	}
	if !slices.Contains(kinds, "adminStatus:deboute") || !slices.Contains(kinds, "type:cada") {
		t.Errorf("criteria %v", kinds)
	}
	a.fails(false, graph.CodeBadUserInput, `{ search(situation: {asylumStage: "perdu"}) { totalCount } }`, nil)
}

// TestInterpretationTypes: the service types read from the text are given back as slugs, so
// that a search rebuilt from the interpretation (a chip removed, a way forward) keeps them.
func TestInterpretationTypes(t *testing.T) {
	a := newAPI(t, resolvers.Options{})
	a.seed()
	svc := searchService(t, a.store.Store)
	a = newAPIWithSearch(t, a, svc)
	var got struct {
		Search struct {
			Interpreted struct{ Types []string }
			WaysForward []struct {
				Kind      string
				Situation *struct{ Types []string }
			}
		}
	}
	a.ok(false, `{ search(text: "CHRS homme 67 ans") { interpreted { types } waysForward { kind situation { types } } } }`, nil, &got)
	if !slices.Equal(got.Search.Interpreted.Types, []string{"chrs"}) {
		t.Errorf("types read from « CHRS homme 67 ans »: %v", got.Search.Interpreted.Types)
	}
	var none struct {
		Search struct{ Interpreted struct{ Types []string } }
	}
	a.ok(false, `{ search(text: "homme 67 ans Saint-Denis") { interpreted { types } } }`, nil, &none)
	if none.Search.Interpreted.Types == nil || len(none.Search.Interpreted.Types) != 0 {
		t.Errorf("no type named, got %#v (want an empty list)", none.Search.Interpreted.Types)
	}
}

// TestGlossarySource: glossary entries say their source, or null when none of the project
// gives it.
func TestGlossarySource(t *testing.T) {
	a := newAPI(t, resolvers.Options{})
	var got struct {
		Glossary []struct {
			Term   string
			Source *string
		}
	}
	a.ok(false, `{ glossary(term: "CPH") { term source } }`, nil, &got)
	if len(got.Glossary) == 0 || got.Glossary[0].Term != "CPH" || got.Glossary[0].Source == nil {
		t.Fatalf("CPH: %+v", got.Glossary)
	}
	a.ok(false, `{ glossary(term: "DALO") { term source } }`, nil, &got)
	if len(got.Glossary) == 0 || got.Glossary[0].Term != "DALO" || got.Glossary[0].Source != nil {
		t.Fatalf("DALO has no source in the project: %+v", got.Glossary)
	}
}
