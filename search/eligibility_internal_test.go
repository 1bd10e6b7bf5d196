package search

import (
	"context"
	"path/filepath"
	"slices"
	"testing"

	"github.com/maillage/maillage/graph/embedded"
	"github.com/maillage/maillage/search/situation"
	"github.com/maillage/maillage/seed"
	"github.com/maillage/maillage/seed/geo"
)

// The check of thousands of candidates (bits, no messages, the place known from the territory
// that found them) must count exactly what the explained check of the page says.
func TestFastCheckCountsAsTheExplainedOne(t *testing.T) {
	ctx := context.Background()
	s, err := embedded.Open(filepath.Join(t.TempDir(), "maillage.db"), embedded.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := seed.Real(ctx, s, seed.Options{}); err != nil {
		t.Fatal(err)
	}
	ix, err := Open(filepath.Join(t.TempDir(), "index"))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if err := ix.Reindex(ctx, s, nil); err != nil {
		t.Fatal(err)
	}
	g, err := geo.Load()
	if err != nil {
		t.Fatal(err)
	}
	svc := &Service{Store: s, Index: ix, Parser: situation.New(g), Geo: g}
	tab := ix.tab.Load()
	texts := []string{"homme 67 ans sans papiers Saint-Denis", "femme enceinte sans abri Paris 18e", "jeune de 19 ans sans logement Chaumont",
		"demandeur d'asile avec enfants Lyon", "réfugié 30 ans emploi Marseille", "personne âgée handicap soins", "sortant de prison addiction 93",
		"victime de violences hébergement d'urgence Cantal", "who helps a 65-year-old undocumented person in 93"}
	checked := 0
	for _, text := range texts {
		sit := svc.Parser.Parse(text)
		var place *area
		if sit.Place != nil {
			if place, _, err = svc.area(ctx, sit.Place.TerritoryID); err != nil {
				t.Fatal(err)
			}
		}
		wanted := publicsOf(sit)
		wp := maskWanted(sit, wanted)
		for i := range tab.entries {
			e := &tab.entries[i]
			if e.ID == "" {
				continue
			}
			hints := []int{placeUnknown}
			if place != nil && len(e.Covers) == 1 {
				if k := place.coverage(e.Covers[0]); k != placeUnknown {
					hints = append(hints, k)
				}
			}
			if tab.hot[i] != e.h {
				t.Fatalf("%s: hot part in the table %+v, in the entry %+v", e.ID, tab.hot[i], e.h)
			}
			fresh := *e // what the page's check reads: the entry's fields, its hot part computed again
			fresh.setHot()
			want := evaluate(&fresh.h, &fresh, sit, place, placeUnknown, wanted, nil, map[string]string{}, true)
			if len(want.Matched) != want.matched || len(want.Unknown) != want.unknown || (len(want.Unmet) > 0) != want.unmet {
				t.Fatalf("%q %s: counts %+v do not match reasons", text, e.ID, want)
			}
			for _, h := range hints {
				got := evaluate(&tab.hot[i], e, sit, place, h, wanted, wp, nil, false)
				if got.matched != want.matched || got.unknown != want.unknown || got.needs != want.needs || got.unmet != want.unmet ||
					got.unmetOther != want.unmetOther || got.Specialised != want.Specialised ||
					got.asked != want.asked || got.unmetKinds != want.unmetKinds || got.place != want.place {
					t.Fatalf("%q %s (hint %d): fast %+v, explained %+v", text, e.ID, h, got, want)
				}
				if rank(1, got) != rank(1, want) {
					t.Fatalf("%q %s: rank differs", text, e.ID)
				}
				checked++
			}
		}
	}
	if checked < 1000 {
		t.Fatalf("only %d checks", checked)
	}
}

// TestPublicsThatExcludeThePerson: a listing made only for publics the person is known not to
// belong to is ruled out (unmet), on the fast check as when explaining; one that also serves
// another public stays to verify.
func TestPublicsThatExcludeThePerson(t *testing.T) {
	age40, age16, age67 := 40, 16, 67
	mi := []string{"personnes-agees", "personnes-en-situation-de-handicap", "personnes-sans-abri"}
	cases := []struct {
		publics []string
		sit     situation.Situation
		unmet   bool
	}{
		{[]string{"mineurs-non-accompagnes"}, situation.Situation{Age: &age40}, true},
		{[]string{"mineurs-non-accompagnes"}, situation.Situation{Age: &age16}, false},
		{[]string{"jeunes"}, situation.Situation{Age: &age40}, true},
		{[]string{"enfants-proteges-ase", "familles"}, situation.Situation{Family: []string{"personne-seule"}, Age: &age40}, true},
		{[]string{"enfants-proteges-ase", "personnes-sans-abri"}, situation.Situation{Family: []string{"personne-seule"}}, false},
		{[]string{"femmes"}, situation.Situation{Gender: "homme"}, true},
		{[]string{"personnes-agees"}, situation.Situation{Age: &age40}, true},
		{[]string{"personnes-agees", "tous-publics"}, situation.Situation{Age: &age40}, false},
		{[]string{"personnes-agees"}, situation.Situation{Gender: "homme"}, false},
		// condition publics (issue 19, class d): the homeless people a listing for elderly or
		// disabled homeless people names do not open it to a person described as neither; the
		// company (a partner, a baby) does not make the person one of them
		{mi, situation.Situation{Family: []string{"couple", "famille-avec-enfants"}, Situations: []string{"sans-abri"}}, true},
		{mi, situation.Situation{Family: []string{"femme-enceinte"}, Situations: []string{"sans-abri"}}, true},
		{mi, situation.Situation{Age: &age40, Situations: []string{"sans-abri"}}, true},
		{mi, situation.Situation{Age: &age67, Situations: []string{"sans-abri"}}, false},
		{mi, situation.Situation{Age: &age40, Situations: []string{"sans-abri", "handicap"}}, false},
		{[]string{"personnes-en-situation-de-handicap", "personnes-sans-abri"}, situation.Situation{Age: &age67, Situations: []string{"sans-abri"}}, true},
		// nothing said of the person: to verify, not ruled out
		{mi, situation.Situation{Situations: []string{"sans-abri"}}, false},
		{mi, situation.Situation{Gender: "homme", Situations: []string{"sans-abri"}}, false},
	}
	for _, c := range cases {
		e := &entry{ID: "x", AgeMin: noAge, AgeMax: noAge, Publics: c.publics}
		e.setHot()
		wanted := publicsOf(c.sit)
		names := map[string]string{}
		for _, p := range c.publics {
			names[p] = p
		}
		slow := evaluate(&e.h, e, c.sit, nil, placeUnknown, wanted, nil, names, true)
		fast := evaluate(&e.h, e, c.sit, nil, placeUnknown, wanted, maskWanted(c.sit, wanted), nil, false)
		if slow.unmet != c.unmet || fast.unmet != c.unmet || fast.unknown != slow.unknown {
			t.Errorf("%v for %+v: unmet %v (fast %v), want %v; %+v", c.publics, c.sit, slow.unmet, fast.unmet, c.unmet, slow.Fit)
		}
	}
}

// TestCriterionBits: criterionBit numbers the criteria as criterionBits lists them.
func TestCriterionBits(t *testing.T) {
	for i, c := range criterionBits {
		if criterionBit(c) != 1<<i {
			t.Errorf("criterionBit(%q) = %b, want %b", c, criterionBit(c), 1<<i)
		}
	}
	if criterionBit("situation") != 0 {
		t.Error("a criterion that rules nothing out has no bit")
	}
}

// TestPregnantIsFamily: a pregnant woman is of the public « familles » (a PMI's).
func TestPregnantIsFamily(t *testing.T) {
	if got := publicsOf(situation.Situation{Gender: "femme", Family: []string{"femme-enceinte"}}); !slices.Contains(got, "familles") {
		t.Errorf("publics of a pregnant woman %v, want familles", got)
	}
}

// TestFamiliesWithChildrenForAnAdultAlone: a listing reserved to families with children does
// not answer an adult whose text mentions no child; it may answer a family, a minor, or a
// person of unknown age.
func TestFamiliesWithChildrenForAnAdultAlone(t *testing.T) {
	age := func(n int) *int { return &n }
	e := &entry{Family: []string{"famille-avec-enfants"}, Status: "active"}
	e.setHot()
	for _, c := range []struct {
		s     situation.Situation
		unmet bool
	}{
		{situation.Situation{Age: age(45), Gender: "homme"}, true},
		{situation.Situation{Age: age(38), Gender: "femme"}, true},
		{situation.Situation{Age: age(38), Family: []string{"famille-avec-enfants"}}, false},
		{situation.Situation{Age: age(16), Situations: []string{"ase"}}, false},
		{situation.Situation{Gender: "homme"}, false},
	} {
		f := evaluate(&e.h, e, c.s, nil, placeUnknown, publicsOf(c.s), nil, nil, true)
		if got := f.unmetKinds&criterionBit("family") != 0; got != c.unmet {
			t.Errorf("%+v: family unmet %v, want %v (%+v)", c.s, got, c.unmet, f.Fit)
		}
	}
	// a listing also open to people alone is not reserved to families
	if onlyFamiliesWithChildren([]string{"famille-avec-enfants", "personne-seule"}) {
		t.Error("a listing open to people alone is reserved to families")
	}
}
