package search_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/search"
	"github.com/maillage/maillage/search/situation"
)

// TestCoverageBothWays: a listing whose area contains the place matches; one whose area lies
// inside the place is an answer to verify naming the part; a sector whose members are unknown,
// when the place is a part of the sector's parent, is an answer to verify naming the sector.
func TestCoverageBothWays(t *testing.T) {
	svc := service(t)
	ctx := context.Background()
	older := func(place string) situation.Situation {
		age := 70
		return situation.Situation{Age: &age, Situations: []string{"sans-abri"}, Place: &situation.Place{TerritoryID: place}}
	}
	cases := []struct {
		name, text string
		sit        *situation.Situation
		id         string
		list       string // matched or unknown
		want       string
	}{
		{"arrondissement in an unlisted sector", "homme 70 ans à la rue 75018", nil, "dsp-mission-interface-personnes-agees", "unknown", "Paris Nord"},
		{"arrondissement by name", "personne âgée sans abri Paris 18e", nil, "dsp-mission-interface-personnes-agees", "unknown", "arrondissements non précisés"},
		{"the city its sectors lie in", "", ptr(older("com-75056")), "dsp-mission-interface-personnes-agees", "unknown", "Couvre une partie de Paris : Paris"},
		{"the département of one commune is the commune", "", ptr(older("dep-75")), "dsp-115-paris", "matched", "Couvre Paris"},
		{"a place inside the covered area", "homme 70 ans à la rue Saint-Denis", nil, "dsp-mission-interface-personnes-agees", "matched", "Couvre Seine-Saint-Denis"},
	}
	for _, c := range cases {
		res, err := svc.Search(ctx, search.Request{Text: c.text, Situation: c.sit, First: 50})
		if err != nil {
			t.Fatal(err)
		}
		_, hit := find(res, c.id)
		if hit == nil {
			t.Errorf("%s: %s is not an answer (%v; others %d)", c.name, c.id, resultIDs(res), res.OthersTotal)
			continue
		}
		got := messages(hit.Fit.Matched)
		if c.list == "unknown" {
			got = messages(hit.Fit.Unknown)
		}
		if !strings.Contains(got, "place: ") || !strings.Contains(got, c.want) || c.list == "unknown" && c.text != "" && !strings.Contains(got, "arrondissements non précisés") {
			t.Errorf("%s: %s reasons %q lack %q", c.name, c.id, got, c.want)
		}
		if len(hit.Fit.Unmet) > 0 {
			t.Errorf("%s: unmet %v", c.name, hit.Fit.Unmet)
		}
	}
	// a sector whose members are known contains the place or not
	if _, hit := find(mustSearch(t, svc, search.Request{Text: "homme 70 ans à la rue Chaumont", First: 50}), "dsp-mission-interface-personnes-agees"); hit != nil {
		t.Errorf("Mission Interface answers in Chaumont: %+v", hit.Fit)
	}
}

func ptr[T any](v T) *T { return &v }

func mustSearch(t *testing.T, svc *search.Service, r search.Request) search.Result {
	t.Helper()
	res, err := svc.Search(context.Background(), r)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestAnswersMatchWhatWasAsked: an answer matches at least one criterion asked and none known
// rules it out; what only shares the place is apart; a listing made for publics the person is
// known not to belong to is ruled out, not unknown.
func TestAnswersMatchWhatWasAsked(t *testing.T) {
	svc := service(t)
	// food aid in Paris: no listing of Paris answers it; the 115 and the ASE hotel nights share
	// the place only
	res := mustSearch(t, svc, search.Request{Text: "aide alimentaire Paris", First: 50})
	for _, id := range []string{"dsp-115-paris", "dsp-nuitees-hotelieres-ase-paris"} {
		if _, hit := find(res, id); hit != nil {
			t.Errorf("food aid in Paris: %s presented as an answer: %+v", id, hit.Fit)
		}
	}
	if !slices.ContainsFunc(res.Others, func(h search.Hit) bool {
		return h.Dispositif.ID == "dsp-115-paris" || h.Dispositif.ID == "dsp-nuitees-hotelieres-ase-paris"
	}) || res.OthersTotal < 2 {
		t.Errorf("food aid in Paris: the services of Paris are not among the others (%d others)", res.OthersTotal)
	}
	for _, h := range res.Hits {
		if len(h.Fit.Unmet) > 0 || !slices.ContainsFunc(h.Fit.Matched, func(r search.Reason) bool { return r.Criterion != "place" && r.Criterion != "status" }) {
			t.Errorf("food aid in Paris: %s answers with %+v", h.Dispositif.ID, h.Fit)
		}
	}
	// the ASE families' hotel nights rule out a single adult (unmet, not unknown)
	single := "homme seul 40 ans hébergement Paris"
	res = mustSearch(t, svc, search.Request{Text: single, First: 50})
	if _, hit := find(res, "dsp-nuitees-hotelieres-ase-paris"); hit != nil {
		t.Errorf("%q: ASE hotel nights presented as an answer: %+v", single, hit.Fit)
	}
	if slices.ContainsFunc(res.Others, func(h search.Hit) bool { return h.Dispositif.ID == "dsp-nuitees-hotelieres-ase-paris" }) {
		t.Errorf("%q: ASE hotel nights among the other services although they rule the person out", single)
	}
	res = mustSearch(t, svc, search.Request{Text: single, First: 50, Filter: search.Filter{IncludeUnmet: true}})
	if _, hit := find(res, "dsp-nuitees-hotelieres-ase-paris"); hit == nil || !strings.Contains(messages(hit.Fit.Unmet), "family: Réservé") {
		t.Errorf("%q: ASE hotel nights' unmet reasons: %+v", single, hit)
	}
	// the elderly's service is unmet for a 30-year-old by its public as by its age
	res = mustSearch(t, svc, search.Request{Text: "homme 30 ans à la rue Saint-Denis", First: 50})
	if _, hit := find(res, "dsp-mission-interface-personnes-agees"); hit != nil {
		t.Errorf("the 60+ service answers a 30-year-old: %+v", hit.Fit)
	}
}

// TestSpecialisedBeforeGenericEntryPoints: a service made for the person's public ranks above
// the generic entry points (115, SIAO) that also serve it.
func TestSpecialisedBeforeGenericEntryPoints(t *testing.T) {
	svc := service(t)
	res := mustSearch(t, svc, search.Request{Text: "homme 67 ans sans abri Saint-Denis", First: 50})
	mi, _ := find(res, "dsp-mission-interface-personnes-agees")
	if mi < 0 {
		t.Fatalf("Mission Interface not an answer: %v", resultIDs(res))
	}
	// the SIAO is where a person without a roof turns, whatever publics its listing names
	if i, hit := find(res, "dsp-interlogement-93"); hit == nil || i < mi || !strings.Contains(messages(hit.Fit.Matched), "veille sociale") {
		t.Errorf("SIAO 93 at rank %d (Mission Interface %d): %+v", i, mi, hit)
	}
	for i, h := range res.Hits {
		if (h.Dispositif.Type == "115" || h.Dispositif.Type == "siao") && i < mi {
			t.Errorf("generic entry point %s (rank %d) before Mission Interface (rank %d)", h.Dispositif.ID, i, mi)
		}
	}
}

// TestLeftoverWordsRankNeverExclude: a word the parser did not read, that some listing of the
// place has, ranks those listings first and leaves the others that fit the situation.
func TestLeftoverWordsRankNeverExclude(t *testing.T) {
	svc := service(t)
	plain := mustSearch(t, svc, search.Request{Text: "homme 67 ans sans papiers Saint-Denis", First: 50})
	words := mustSearch(t, svc, search.Request{Text: "homme 67 ans sans papiers Saint-Denis coordination interlogement", First: 50})
	if _, hit := find(words, "dsp-mission-interface-personnes-agees"); hit == nil {
		t.Fatalf("a leftover word excluded Mission Interface: %v", resultIDs(words))
	}
	if words.Total < plain.Total {
		t.Errorf("leftover words narrowed the answers: %d, %d without them", words.Total, plain.Total)
	}
}

// TestWordsNoListingOfThePlaceHas: when only words were asked (with a place) and no listing of
// the place has them, the place's services are not answers: nothing fits, they are the others.
func TestWordsNoListingOfThePlaceHas(t *testing.T) {
	svc := service(t)
	res := mustSearch(t, svc, search.Request{Text: "interlogement Chaumont", First: 20})
	if res.Total != 0 || len(res.Hits) != 0 || !res.NothingFits {
		t.Fatalf("words no listing of Chaumont has: %d answers %v, nothing fits %v", res.Total, resultIDs(res), res.NothingFits)
	}
	if res.OthersTotal == 0 || !slices.ContainsFunc(res.Others, func(h search.Hit) bool { return h.Dispositif.ID == "dsp-115-52" }) {
		t.Errorf("the services of Chaumont are not among the others (%d others)", res.OthersTotal)
	}
	if res.IgnoredText == "" {
		t.Errorf("the words set aside are not said")
	}
	// the same words where a listing has them answer
	if res := mustSearch(t, svc, search.Request{Text: "interlogement Bobigny"}); res.NothingFits || res.Total == 0 {
		t.Errorf("interlogement Bobigny: %d answers, nothing fits %v", res.Total, res.NothingFits)
	}
}

// TestNothingFitsSaysSoWithWaysForward: food aid for a family in a commune of the Creuse,
// where no listing answers: the result says so and gives the département's SIAO, the 115,
// wider places with their counts.
func TestNothingFitsSaysSoWithWaysForward(t *testing.T) {
	svc := service(t)
	res := mustSearch(t, svc, search.Request{Text: "aide alimentaire pour une famille à Bourganeuf", First: 20})
	if res.Total != 0 || len(res.Hits) != 0 || !res.NothingFits {
		t.Fatalf("nothing fits: total %d, nothingFits %v", res.Total, res.NothingFits)
	}
	var kinds []string
	for _, w := range res.WaysForward {
		kinds = append(kinds, w.Kind)
		if w.Label == "" {
			t.Errorf("way forward %s without a label", w.Kind)
		}
		if w.Kind == "place" && (w.Count == nil || w.Situation == nil || w.Situation.Place == nil || w.Situation.Needs[0] != "alimentation") {
			t.Errorf("wider place %+v", w)
		}
	}
	if !slices.Contains(kinds, "siao") || !slices.Contains(kinds, "115") || !slices.Contains(kinds, "place") {
		t.Fatalf("ways forward %v", kinds)
	}
	if !strings.Contains(res.WaysForward[0].Label, "Creuse") {
		t.Errorf("SIAO: %q", res.WaysForward[0].Label)
	}
	// in the Haute-Marne, the SIAO and the 115 known are named, and a criterion that rules out
	// listings of the place is offered to drop, with its count
	res = mustSearch(t, svc, search.Request{Text: "aide alimentaire pour un homme sans abri à Chaumont", First: 20})
	if !res.NothingFits {
		t.Fatalf("food aid in Chaumont: %v", resultIDs(res))
	}
	var named []string
	var dropped *search.WayForward
	for i, w := range res.WaysForward {
		for _, d := range w.Dispositifs {
			named = append(named, d.ID)
		}
		if w.Kind == "criterion" {
			dropped = &res.WaysForward[i]
		}
	}
	if !slices.Contains(named, "dsp-siao-52") || !slices.Contains(named, "dsp-115-52") {
		t.Errorf("entry points named %v", named)
	}
	if dropped == nil || dropped.Count == nil || *dropped.Count == 0 || !strings.Contains(dropped.Label, "Alimentation") {
		t.Errorf("without the criterion: %+v", dropped)
	}
	// dropping the only criterion would leave the place alone, whose services are the others
	res = mustSearch(t, svc, search.Request{Text: "aide alimentaire Chaumont", First: 20})
	if !res.NothingFits || res.OthersTotal == 0 || slices.ContainsFunc(res.WaysForward, func(w search.WayForward) bool { return w.Kind == "criterion" }) {
		t.Errorf("food aid in Chaumont: nothing fits %v, %d others, ways forward %+v", res.NothingFits, res.OthersTotal, res.WaysForward)
	}
	// an answer found: no ways forward
	if res := mustSearch(t, svc, search.Request{Text: "hébergement Chaumont"}); res.NothingFits || len(res.WaysForward) > 0 || res.Total == 0 {
		t.Errorf("hébergement Chaumont: %d answers, nothing fits %v", res.Total, res.NothingFits)
	}
}

// TestLongTextAndCancel: beyond the limit, the text is refused with a French message; a search
// whose context has ended stops.
func TestLongTextAndCancel(t *testing.T) {
	svc := service(t)
	_, err := svc.Search(context.Background(), search.Request{Text: strings.Repeat("é", search.MaxTextLength+1)})
	if graph.ErrorCode(err) != graph.CodeBadUserInput || !strings.Contains(err.Error(), "trop long") {
		t.Fatalf("long text: %v", err)
	}
	if _, err := svc.Search(context.Background(), search.Request{Text: strings.Repeat("é", search.MaxTextLength)}); err != nil {
		t.Fatalf("text at the limit: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := svc.Search(ctx, search.Request{Text: "hébergement Chaumont"}); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled search: %v", err)
	}
}

// TestTypeAsked: a type asked for keeps the listings of that type; when none is known in the
// place, nothing fits and dropping the type is a way forward.
func TestTypeAsked(t *testing.T) {
	svc := service(t)
	sit := func(types ...string) *situation.Situation {
		return &situation.Situation{Types: types, Place: &situation.Place{TerritoryID: "com-52121", Name: "Chaumont"}}
	}
	res := mustSearch(t, svc, search.Request{Situation: sit("115"), First: 20})
	if ids := resultIDs(res); len(ids) != 1 || ids[0] != "dsp-115-52" || !strings.Contains(messages(res.Hits[0].Fit.Matched), "type: Type demandé") {
		t.Fatalf("115 in Chaumont: %v", ids)
	}
	res = mustSearch(t, svc, search.Request{Situation: sit("chrs"), First: 20})
	if !res.NothingFits || res.Total != 0 {
		t.Fatalf("CHRS in Chaumont: %v", resultIDs(res))
	}
	if !slices.ContainsFunc(res.WaysForward, func(w search.WayForward) bool {
		return w.Kind == "criterion" && w.Count != nil && *w.Count > 0 && len(w.Situation.Types) == 0
	}) {
		t.Errorf("CHRS in Chaumont: no way forward without the type: %+v", res.WaysForward)
	}
}
