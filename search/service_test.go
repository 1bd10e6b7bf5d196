package search_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/graph/hours"
	"github.com/maillage/maillage/search"
	"github.com/maillage/maillage/search/situation"
	"github.com/maillage/maillage/seed/geo"
	"github.com/maillage/maillage/seed/glossary"
)

func service(t testing.TB) *search.Service {
	t.Helper()
	s, ix, _ := setup(t)
	g, err := geo.Load()
	if err != nil {
		t.Fatal(err)
	}
	return &search.Service{Store: s, Index: ix, Parser: situation.New(g), Geo: g}
}

func find(res search.Result, id string) (int, *search.Hit) {
	for i := range res.Hits {
		if res.Hits[i].Dispositif.ID == id {
			return i, &res.Hits[i]
		}
	}
	return -1, nil
}

func messages(rs []search.Reason) string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Criterion+": "+r.Message)
	}
	return strings.Join(out, " | ")
}

func TestScenarioOlderUndocumentedManInSaintDenis(t *testing.T) {
	svc := service(t)
	ctx := context.Background()
	for _, text := range []string{"homme 67 ans sans papiers Saint-Denis", "who helps a 65-year-old undocumented person in 93", "qui aide une personne de 65 ans sans papiers dans le 93 ?"} {
		res, err := svc.Search(ctx, search.Request{Text: text, First: 10})
		if err != nil {
			t.Fatal(err)
		}
		i, hit := find(res, "dsp-mission-interface-personnes-agees")
		if hit == nil || i > 2 {
			t.Fatalf("%q: Mission Interface at rank %d of %d", text, i, res.Total)
		}
		m := messages(hit.Fit.Matched)
		for _, want := range []string{"place: Couvre Seine-Saint-Denis", "age: Accueille les personnes 60 ans et plus", "adminStatus: Toute situation administrative", "public: S'adresse aux personnes âgées"} {
			if !strings.Contains(m, want) {
				t.Errorf("%q: reasons %q lack %q", text, m, want)
			}
		}
		if len(hit.Fit.Unmet) > 0 {
			t.Errorf("%q: unmet %v", text, hit.Fit.Unmet)
		}
		// nothing presented as eligible requires a residence permit or serves only the young
		for _, h := range res.Hits {
			e := h.Dispositif.Eligibility
			if e.AdminStatus == "sejour-regulier" || e.AgeMax != nil && *e.AgeMax < 65 {
				t.Errorf("%q: %s presented as eligible (%+v)", text, h.Dispositif.ID, e)
			}
		}
	}
}

func TestThirtyYearOldDoesNotGetTheElderlyService(t *testing.T) {
	svc := service(t)
	res, err := svc.Search(context.Background(), search.Request{Text: "homme 30 ans sans papiers Saint-Denis", First: 50})
	if err != nil {
		t.Fatal(err)
	}
	if _, hit := find(res, "dsp-mission-interface-personnes-agees"); hit != nil {
		t.Fatalf("the 60+ service is presented as eligible to a 30-year-old: %+v", hit.Fit)
	}
	// with the unmet criteria shown on request, it comes back with the reason
	res, err = svc.Search(context.Background(), search.Request{Text: "homme 30 ans sans papiers Saint-Denis", First: 500, Filter: search.Filter{IncludeUnmet: true}})
	if err != nil {
		t.Fatal(err)
	}
	_, hit := find(res, "dsp-mission-interface-personnes-agees")
	if hit == nil || !strings.Contains(messages(hit.Fit.Unmet), "60 ans et plus") {
		t.Fatalf("unmet reasons: %+v", hit)
	}
	// the disability strand stays possible, with its public to check, never as a match
	if _, h := find(res, "dsp-mission-interface-handicap"); h == nil || !strings.Contains(messages(h.Fit.Unknown), "handicap") {
		t.Fatalf("handicap strand: %+v", h)
	}
}

func TestTyposFacetsAndStructuredSituation(t *testing.T) {
	svc := service(t)
	ctx := context.Background()
	res, err := svc.Search(ctx, search.Request{Text: "hebergement d'urgense chaumont"})
	if err != nil {
		t.Fatal(err)
	}
	if i, _ := find(res, "dsp-115-52"); i < 0 || i > 3 {
		t.Fatalf("115 de la Haute-Marne at %d: %v", i, res.Hits)
	}
	if res.Interpreted.Place == nil || res.Interpreted.Place.TerritoryID != "com-52121" || !slices.Contains(res.Interpreted.Needs, "hebergement") {
		t.Fatalf("interpreted %+v", res.Interpreted)
	}
	if len(res.Facets["departement"]) == 0 || res.Facets["departement"][0].Value != "52" {
		t.Fatalf("facets %+v", res.Facets)
	}
	// structured criteria instead of text; paging with the cursor
	sit := situation.Situation{Place: &situation.Place{TerritoryID: "dep-15"}}
	all, err := svc.Search(ctx, search.Request{Situation: &sit, First: 100})
	if err != nil || all.Total == 0 {
		t.Fatalf("structured: %v %+v", err, all)
	}
	if _, h := find(all, "dsp-equipe-mobile-precarite-logisens"); h == nil {
		t.Fatal("LOGISENS team not found in the Cantal")
	}
	p1, _ := svc.Search(ctx, search.Request{Situation: &sit, First: 1})
	p2, err := svc.Search(ctx, search.Request{Situation: &sit, First: 1, After: p1.Hits[0].Cursor})
	if err != nil || all.Total > 1 && (len(p2.Hits) != 1 || p2.Hits[0].Dispositif.ID != all.Hits[1].Dispositif.ID) {
		t.Fatalf("second page: %v %+v", err, p2.Hits)
	}
	if _, err := svc.Search(ctx, search.Request{Text: "x", After: "!!"}); !graph.IsCode(err, graph.CodeBadUserInput) {
		t.Fatalf("bad cursor: %v", err)
	}
}

func TestAcronymsAndSynonyms(t *testing.T) {
	svc := service(t)
	g, err := glossary.Load()
	if err != nil {
		t.Fatal(err)
	}
	svc.Glossary = g
	ctx := context.Background()
	// the expansion of an acronym finds what only spells it out, and the reverse
	for text, want := range map[string]string{
		"service intégré d'accueil et d'orientation Chaumont": "dsp-siao-52",
		"intermédiation locative":                             "dsp-iml-pdalhpd-orientation-2",
		"IML":                                                 "dsp-iml-pdalhpd-orientation-2",
		"ASLL":                                                "dsp-asll-pdalhpd-orientation-2",
		"accompagnement social lié au logement":               "dsp-asll-pdalhpd-orientation-2",
	} {
		res, err := svc.Search(ctx, search.Request{Text: text, First: 5})
		if err != nil {
			t.Fatal(err)
		}
		if i, _ := find(res, want); i < 0 {
			var got []string
			for _, h := range res.Hits {
				got = append(got, h.Dispositif.ID)
			}
			t.Errorf("%q: %s not in %v", text, want, got)
		}
	}
}

// TestNeighbourDepartementThroughSharedEPCI: Cheminon (Marne) belongs to the CA du Grand
// Saint-Dizier, which reaches into the Haute-Marne; the SIAO 52 covers the Haute-Marne only and
// must not be offered in Cheminon, while it is in Saint-Dizier.
func TestNeighbourDepartementThroughSharedEPCI(t *testing.T) {
	svc := service(t)
	ctx := context.Background()
	for place, want := range map[string]bool{"com-51144": false, "com-52448": true} {
		res, err := svc.Search(ctx, search.Request{Situation: &situation.Situation{Place: &situation.Place{TerritoryID: place}}, First: 50})
		if err != nil {
			t.Fatal(err)
		}
		if _, hit := find(res, "dsp-siao-52"); (hit != nil) != want {
			t.Errorf("SIAO 52 offered in %s: %v, want %v", place, hit != nil, want)
		}
	}
}

// TestTemporaryClosureIsFlagged: during a temporary closure a listing is flagged as closed,
// before and after it is not.
func TestTemporaryClosureIsFlagged(t *testing.T) {
	svc := service(t)
	ctx := context.Background()
	stored, err := graph.GetAs[*graph.Dispositif](ctx, svc.Store, "dsp-siao-52")
	if err != nil {
		t.Fatal(err)
	}
	// the store's clock is the one the search reads
	today := svc.Store.Now().In(hours.Paris)
	stored.Notices = []graph.Notice{{Kind: graph.NoticeClosure, From: today.Format(time.DateOnly), To: today.AddDate(0, 0, 1).Format(time.DateOnly), Text: "Fermé pour inventaire."}}
	if _, err := svc.Store.Update(ctx, stored, stored.Version); err != nil {
		t.Fatal(err)
	}
	res, err := svc.Search(ctx, search.Request{Text: "SIAO Chaumont", First: 20, Filter: search.Filter{IncludeUnmet: true}})
	if err != nil {
		t.Fatal(err)
	}
	_, hit := find(res, "dsp-siao-52")
	if hit == nil || !strings.Contains(messages(hit.Fit.Unmet), "Fermé temporairement") {
		t.Fatalf("SIAO 52 during its closure: %+v", hit)
	}
}

// TestRenamedReferenceData: the names of places and publics in the reasons are cached between
// searches, and follow a rename once the index has seen it.
func TestRenamedReferenceData(t *testing.T) {
	svc := service(t)
	ctx := context.Background()
	reasons := func() string {
		t.Helper()
		res, err := svc.Search(ctx, search.Request{Text: "homme 67 ans sans papiers Saint-Denis", First: 10})
		if err != nil {
			t.Fatal(err)
		}
		_, hit := find(res, "dsp-mission-interface-personnes-agees")
		if hit == nil {
			t.Fatal("Mission Interface not found")
		}
		out := messages(hit.Fit.Matched)
		for _, f := range res.Facets["public"] {
			if f.Value == "personnes-agees" {
				out += " | facet: " + f.Label
			}
		}
		return out
	}
	if got := reasons(); !strings.Contains(got, "Couvre Seine-Saint-Denis") || !strings.Contains(got, "S'adresse aux personnes âgées") ||
		!strings.Contains(got, "facet: Personnes âgées") {
		t.Fatalf("before: %s", got)
	}
	dep, err := graph.GetAs[*graph.Territory](ctx, svc.Store, "dep-93")
	if err != nil {
		t.Fatal(err)
	}
	dep.Name = "Département de la Seine-Saint-Denis"
	pub, err := graph.GetAs[*graph.Public](ctx, svc.Store, "personnes-agees")
	if err != nil {
		t.Fatal(err)
	}
	pub.Name = "Personnes âgées de 60 ans et plus"
	for _, n := range []graph.Node{dep, pub} {
		if _, err := svc.Store.Update(ctx, n, n.NodeMeta().Version); err != nil {
			t.Fatal(err)
		}
	}
	if err := svc.Index.CatchUp(ctx, svc.Store); err != nil {
		t.Fatal(err)
	}
	if got := reasons(); !strings.Contains(got, "Couvre Département de la Seine-Saint-Denis") || !strings.Contains(got, "S'adresse aux personnes âgées de 60 ans et plus") ||
		!strings.Contains(got, "facet: Personnes âgées de 60 ans et plus") {
		t.Fatalf("after the renames: %s", got)
	}
}

// TestTypoOfANewWord: a misspelt word is matched against the words of listings added since
// the last search (typo answers are kept only while the index does not change).
func TestTypoOfANewWord(t *testing.T) {
	svc := service(t)
	ctx := context.Background()
	count := func() int {
		t.Helper()
		res, err := svc.Search(ctx, search.Request{Text: "vestibotique", First: 5})
		if err != nil {
			t.Fatal(err)
		}
		return res.Total
	}
	if n := count(); n != 0 {
		t.Fatalf("before: %d results", n)
	}
	if _, err := svc.Store.Create(ctx, &graph.Dispositif{Meta: graph.Meta{ID: "dsp-vestiboutique"}, Name: "Vestiboutique solidaire", Type: "accueil-de-jour", Status: "active"}); err != nil {
		t.Fatal(err)
	}
	if err := svc.Index.CatchUp(ctx, svc.Store); err != nil {
		t.Fatal(err)
	}
	if n := count(); n != 1 {
		t.Fatalf("after the new listing: %d results, want 1", n)
	}
}

// TestWordsNoListingHas: words that no listing of the place contains do not empty the results
// of an understood situation; the answer says they were set aside. Alone, they find nothing.
func TestWordsNoListingHas(t *testing.T) {
	svc := service(t)
	ctx := context.Background()
	res, err := svc.Search(ctx, search.Request{Text: "hébergement xylophone Chaumont", First: 20})
	if err != nil {
		t.Fatal(err)
	}
	if res.IgnoredText != "xylophone" || res.Total == 0 {
		t.Fatalf("ignored %q, %d results", res.IgnoredText, res.Total)
	}
	if _, hit := find(res, "dsp-siao-52"); hit == nil {
		t.Errorf("SIAO 52 not among the results in Chaumont")
	}
	res, err = svc.Search(ctx, search.Request{Text: "xylophone", First: 20})
	if err != nil {
		t.Fatal(err)
	}
	if res.IgnoredText != "" || res.Total != 0 {
		t.Fatalf("words alone: ignored %q, %d results", res.IgnoredText, res.Total)
	}
	// words some listing has are used
	res, err = svc.Search(ctx, search.Request{Text: "SIAO Chaumont", First: 20})
	if err != nil {
		t.Fatal(err)
	}
	if res.IgnoredText != "" || res.Total == 0 {
		t.Fatalf("SIAO Chaumont: ignored %q, %d results", res.IgnoredText, res.Total)
	}
	// even when a filter then rules out every listing that has them
	res, err = svc.Search(ctx, search.Request{Text: "SIAO Chaumont", First: 20, Filter: search.Filter{AccessMode: "aucun-mode"}})
	if err != nil {
		t.Fatal(err)
	}
	if res.IgnoredText != "" || res.Total != 0 {
		t.Fatalf("SIAO Chaumont, filtered out: ignored %q, %d results", res.IgnoredText, res.Total)
	}
}

func resultIDs(res search.Result) []string {
	var out []string
	for _, h := range res.Hits {
		out = append(out, h.Dispositif.ID)
	}
	return out
}

// ranked lists the results with their scores.
func ranked(res search.Result) []string {
	var out []string
	for _, h := range res.Hits {
		out = append(out, fmt.Sprintf("%s %.4f", h.Dispositif.ID, h.Score))
	}
	return out
}

// TestOnlyUnreadWordsNarrow checks that what the parser read is not also looked for as words:
// whole phrases ("demandeur d'asile"), a value said twice ("famille avec enfants"), the words
// framing a question ("qui aide une personne", "je cherche") and stop words in both languages
// ("in", "à"); and that words it did not read still count when the criteria are given (the
// app's chips, edited).
func TestOnlyUnreadWordsNarrow(t *testing.T) {
	svc := service(t)
	ctx := context.Background()
	run := func(r search.Request) search.Result {
		t.Helper()
		r.First = 100
		res, err := svc.Search(ctx, r)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	for _, same := range [][2]string{
		{"demandeur d'asile Saint-Denis", "asile Saint-Denis"},
		{"asylum seeker in Saint-Denis", "asile Saint-Denis"},
		{"famille avec enfants Chaumont", "famille Chaumont"},
		// the words framing a question, in both languages; "à", typed with or without its accent
		{"qui aide une personne de 65 ans sans papiers dans le 93 ?", "65 ans sans papiers 93"},
		{"who helps a 65-year-old undocumented person in 93", "65 ans sans papiers 93"},
		{"je cherche un hébergement pour une femme avec enfants à Chaumont", "hébergement femme avec enfants Chaumont"},
		{"hebergement a Chaumont", "hébergement Chaumont"},
	} {
		a, b := run(search.Request{Text: same[0]}), run(search.Request{Text: same[1]})
		if a.Total+a.OthersTotal == 0 || a.Total != b.Total || a.OthersTotal != b.OthersTotal || !slices.Equal(ranked(a), ranked(b)) || a.IgnoredText != "" {
			t.Errorf("%q: %d results %v (words set aside: %q); %q: %d results %v", same[0], a.Total, ranked(a), a.IgnoredText, same[1], b.Total, ranked(b))
		}
	}

	text := "interlogement Saint-Denis"
	words := run(search.Request{Text: text})
	place := run(search.Request{Text: "Saint-Denis"})
	if words.Total == 0 || words.Total >= place.Total {
		t.Fatalf("%q: %d results, %d in the place", text, words.Total, place.Total)
	}
	sit := words.Interpreted
	sit.Criteria = nil // as the app sends them: structured criteria, no spans
	edited := run(search.Request{Text: text, Situation: &sit})
	if edited.Total != words.Total || !slices.Equal(ranked(edited), ranked(words)) {
		t.Fatalf("criteria given with the text: %d results %v, want %d %v", edited.Total, ranked(edited), words.Total, ranked(words))
	}
}
