package situation

import (
	"slices"
	"strings"
	"testing"
)

// TestPlaces: ambiguous names resolved with context, former names and short forms,
// abbreviations, hyphens and spaces, typos, English forms, common nouns, sectors (issue 19,
// item 4), and a département next to a commune read with it (item 3).
func TestPlaces(t *testing.T) {
	p := New(testParser(t).geo)
	p.AddPlaces(Place{TerritoryID: "sec-paris-nord", Name: "Paris Nord", Level: "secteur", Departement: "75"})
	cases := []struct {
		text, place string
		// unread: the words left unread (the département number consumed), when checked
		unread *string
		alt    bool // the alternatives are reported
	}{
		// context: a département number or name
		{"Saint-Denis 93", "com-93066", str(""), true},
		{"Saint-Denis (974)", "com-97411", str("( )"), true},
		{"Saint-Denis La Réunion", "com-97411", str(""), true},
		{"homme 67 ans sans papiers Saint-Denis 93", "com-93066", str(""), true},
		{"Saint-Denis, Seine-Saint-Denis", "com-93066", str(","), true},
		{"Valence dans la Drôme", "com-26362", nil, true},
		{"Valence (82)", "com-82186", nil, true},
		// nearness to another place named
		{"entre Chaumont et Langres", "com-52121", nil, false},
		// former names, short forms
		{"Charleville", "com-08105", nil, true},
		{"Tourlaville", "com-50129", nil, true},
		{"Nogent", "com-52353", nil, true},
		{"Nogent 94", "com-94052", nil, true},
		// abbreviations, hyphens and spaces
		{"st maur", "com-94068", nil, true},
		{"St-Dizier", "com-52448", nil, false},
		{"Ste Geneviève des Bois", "com-91549", nil, true},
		{"Châlons s/ Marne", "com-51108", nil, false}, // its former name
		{"Boulogne s/ Mer", "com-62160", nil, false},
		{"val de marne", "dep-94", nil, false},
		{"seine saint denis", "dep-93", nil, false},
		// articles dropped
		{"maraude au Havre", "com-76351", nil, false},
		{"CHU Plessis-Trévise", "com-94059", nil, false},
		{"Réunion", "reg-04", nil, false}, // the région, the same area as the département
		// typos
		{"femme à Aurilac", "com-15014", nil, true},
		{"SDF à Chaumon", "com-52121", nil, true},
		{"Charleville-Mezieres", "com-08105", nil, false},
		{"Saint-Denix", "com-93066", nil, true},
		{"Montpelier", "com-34172", nil, true},
		// a capitalised word followed by another is a name, not a misspelt place
		{"Mission Interface", "", nil, false},
		{"Mission Interface à Paris", "dep-75", nil, false},
		// English forms
		{"11th arrondissement", "arr-75111", str(""), false},
		{"Paris 11th", "arr-75111", str(""), false},
		{"le 18e arrondissement", "arr-75118", str("le"), false},
		{"in the 93", "dep-93", str("in the"), false},
		{"Lyon 3e", "arr-69383", nil, false},
		// a common noun is a place only when the text says so
		{"cours de français", "", nil, false},
		{"des cours de français à Lyon", "com-69123", nil, false},
		{"habite à Cours", "com-69066", nil, true},
		{"lives in Cours", "com-69066", nil, true},
		// sectors
		{"Paris Nord", "sec-paris-nord", str(""), false},
		{"older homeless man, Paris North", "sec-paris-nord", nil, false},
		{"personne âgée dans le secteur Paris Nord", "sec-paris-nord", nil, false},
	}
	for _, c := range cases {
		got := p.Parse(c.text)
		switch {
		case c.place == "" && got.Place != nil:
			t.Errorf("%q: read as %+v, want no place", c.text, got.Place)
			continue
		case c.place != "" && (got.Place == nil || got.Place.TerritoryID != c.place):
			t.Errorf("%q: place %+v, want %s (ambiguities %+v)", c.text, got.Place, c.place, got.Ambiguities)
			continue
		}
		if c.alt && (len(got.Ambiguities) == 0 || len(got.Ambiguities[0].Candidates) < 1 || got.Ambiguities[0].Reason == "") {
			t.Errorf("%q: alternatives not reported: %+v", c.text, got.Ambiguities)
		}
		if c.unread != nil {
			b := []byte(c.text)
			for _, sp := range got.Read {
				for i := sp.Start; i < sp.End; i++ {
					b[i] = ' '
				}
			}
			if u := strings.Join(strings.Fields(string(b)), " "); u != *c.unread {
				t.Errorf("%q leaves %q unread, want %q", c.text, u, *c.unread)
			}
		}
		if i := slices.IndexFunc(got.Criteria, func(cr Criterion) bool { return cr.Kind == "place" }); c.place != "" && (i < 0 || got.Criteria[i].Value != c.place) {
			t.Errorf("%q: place criterion %+v", c.text, got.Criteria)
		}
	}
}

func str(s string) *string { return &s }

// TestPlaceWordOrder: the place a text names does not depend on where it stands ("Ajaccio
// LHSS" was read without a place while "LHSS Ajaccio" read Ajaccio: the codes of Corsica are
// upper case in the geography and lower case in territory ids, so a Corsican commune had no
// population and was read only when capitalised inside the sentence).
func TestPlaceWordOrder(t *testing.T) {
	p := testParser(t)
	places := map[string]string{"Ajaccio": "com-2a004", "Bastia": "com-2b033", "Troyes": "com-10387", "Chaumont": "com-52121", "Lyon": "com-69123"}
	for name, want := range places {
		for _, words := range []string{"LHSS", "CHRS", "hébergement d'urgence", "femme 40 ans sans abri"} {
			for _, text := range []string{name + " " + words, words + " " + name, strings.ToLower(name) + " " + words, words + " à " + strings.ToLower(name)} {
				got := p.Parse(text)
				if got.Place == nil || got.Place.TerritoryID != want {
					t.Errorf("%q: place %+v, want %s", text, got.Place, want)
				}
			}
		}
	}
}
