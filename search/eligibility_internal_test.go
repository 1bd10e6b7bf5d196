package search

import (
	"context"
	"path/filepath"
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
		wp := maskWanted(wanted)
		for i := range tab.entries {
			e := &tab.entries[i]
			if e.ID == "" {
				continue
			}
			hints := []int{placeUnknown}
			if place != nil && len(e.Covers) == 1 {
				if _, ok := place.ancestors[e.Covers[0]]; ok {
					hints = append(hints, placeMatched)
				} else if _, ok := place.inside[e.Covers[0]]; ok {
					hints = append(hints, placePartial)
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
					got.unmetOther != want.unmetOther || got.Specialised != want.Specialised {
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
