package situation

import (
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/maillage/maillage/seed/geo"
)

var (
	parserOnce sync.Once
	parser     *Parser
)

func testParser(t testing.TB) *Parser {
	t.Helper()
	parserOnce.Do(func() {
		g, err := geo.Load()
		if err != nil {
			panic(err)
		}
		parser = New(g)
	})
	return parser
}

// want is what a text must be read as; zero fields are not checked, except that nothing else
// may be read as a place when place is empty and noPlace is set.
type want struct {
	age, ageMin, ageMax int
	admin, gender       string
	family, situations  []string
	needs               []string
	place               string
	noPlace             bool
}

func TestParse(t *testing.T) {
	p := testParser(t)
	cases := []struct {
		text string
		want want
	}{
		// the BRIEF's scenario, in both languages
		{"homme 67 ans sans papiers Saint-Denis", want{age: 67, gender: "homme", admin: StatusUndocumented, place: "com-93066"}},
		{"homme 30 ans sans papiers Saint-Denis", want{age: 30, admin: StatusUndocumented, place: "com-93066"}}, // 30 is an age, not the Gard
		{"who helps a 65-year-old undocumented person in 93", want{age: 65, admin: StatusUndocumented, place: "dep-93"}},
		// age
		{"femme de 45 ans", want{age: 45, gender: "femme"}},
		{"Monsieur âgé de 72 ans", want{age: 72, gender: "homme"}},
		{"aged 30, man", want{age: 30, gender: "homme"}},
		{"personne âgée à la rue", want{ageMin: 60, situations: []string{"sans-abri"}, noPlace: true}},
		{"elderly homeless woman", want{ageMin: 60, gender: "femme", situations: []string{"sans-abri"}}},
		{"mineur non accompagné", want{ageMax: 17}},
		{"unaccompanied minor", want{ageMax: 17}},
		{"jeune de la rue", want{ageMin: 16, ageMax: 25, situations: []string{"sans-abri"}, noPlace: true}},
		// administrative status
		{"demandeur d'asile à Chaumont", want{admin: StatusAsylum, place: "com-52121"}},
		// places with apostrophes, straight or curly
		{"Villeneuve-d'Ascq", want{place: "com-59009"}},
		{"hébergement à L’Isle-Adam", want{needs: []string{"hebergement"}, place: "com-95313"}},
		{"Côtes-d'Armor", want{place: "dep-22"}},
		{"asylum seeker family", want{admin: StatusAsylum, family: []string{"famille-avec-enfants"}}},
		{"réfugiée avec deux enfants", want{admin: StatusRefugee, family: []string{"famille-avec-enfants"}}},
		{"sans titre de séjour", want{admin: StatusUndocumented}},
		{"en situation irrégulière", want{admin: StatusUndocumented}},
		{"a un titre de séjour", want{admin: StatusRegular}},
		{"refugee with a residence permit", want{admin: StatusRefugee}},
		// family, gender
		{"femme enceinte sans abri Paris 18e", want{gender: "femme", family: []string{"femme-enceinte"}, situations: []string{"sans-abri"}, place: "arr-75118"}},
		{"pregnant woman", want{gender: "femme", family: []string{"femme-enceinte"}}},
		{"couple avec enfants", want{family: []string{"couple", "famille-avec-enfants"}}},
		{"single mother with 3 kids", want{family: []string{"famille-avec-enfants"}}},
		// situations
		{"sortant de prison, addiction à l'alcool", want{situations: []string{"sortant-de-prison", "addiction"}}},
		{"released from prison", want{situations: []string{"sortant-de-prison"}}},
		{"placé sous main de justice", want{situations: []string{"sortant-de-prison"}}},
		{"ex-détenue, PPSMJ", want{situations: []string{"sortant-de-prison"}}},
		{"suivi par le SPIP, en libération conditionnelle", want{situations: []string{"sortant-de-prison"}}},
		{"man on parole", want{situations: []string{"sortant-de-prison"}, gender: "homme"}},
		{"jeune de 17 ans mis à la porte par ses parents", want{situations: []string{"sans-abri"}}},
		{"kicked out by her parents", want{situations: []string{"sans-abri"}}},
		{"victime de violences conjugales", want{situations: []string{"victime-de-violences"}}},
		{"FVV 93", want{situations: []string{"victime-de-violences"}, place: "dep-93"}},
		{"troubles psychiques, locataire menacé d'expulsion", want{situations: []string{"troubles-psychiques"}, needs: []string{"logement"}}},
		{"mental health problems, disabled", want{situations: []string{"troubles-psychiques", "handicap"}}},
		{"personne en situation de handicap", want{situations: []string{"handicap"}}},
		// needs
		{"hébergement d'urgence Chaumont", want{needs: []string{"hebergement"}, place: "com-52121"}},
		{"besoin de soins et d'un avocat", want{needs: []string{"soins", "droits"}}},
		{"looking for a job and food", want{needs: []string{"emploi", "alimentation"}}},
		{"shelter for tonight", want{needs: []string{"hebergement"}}},
		// places
		{"Aurillac", want{place: "com-15014"}},
		{"dans le Cantal", want{place: "dep-15"}},
		{"Seine-Saint-Denis", want{place: "dep-93"}},
		{"en Haute-Marne", want{place: "dep-52"}},
		{"Île-de-France", want{place: "reg-11"}},
		{"52000", want{place: "com-52121"}},
		{"Saint-Denis (974)", want{place: "com-97411"}},
		{"Corse-du-Sud 2A", want{place: "dep-2a"}},
		{"Marseille 3e", want{place: "arr-13203"}},
		{"dort à la rue vers la gare", want{situations: []string{"sans-abri"}, noPlace: true}},
	}
	for _, c := range cases {
		got := p.Parse(c.text)
		w := c.want
		check := func(ok bool, what string) {
			t.Helper()
			if !ok {
				t.Errorf("%q: %s wrong; got %+v (place %+v)", c.text, what, got, got.Place)
			}
		}
		check(w.age == 0 || got.Age != nil && *got.Age == w.age, "age")
		check(w.ageMin == 0 || got.AgeMin != nil && *got.AgeMin == w.ageMin, "ageMin")
		check(w.ageMax == 0 || got.AgeMax != nil && *got.AgeMax == w.ageMax, "ageMax")
		check(w.admin == got.AdminStatus || w.admin == "" && got.AdminStatus == "", "adminStatus")
		check(w.gender == "" || got.Gender == w.gender, "gender")
		for _, f := range w.family {
			check(slices.Contains(got.Family, f), "family "+f)
		}
		for _, s := range w.situations {
			check(slices.Contains(got.Situations, s), "situation "+s)
		}
		for _, n := range w.needs {
			check(slices.Contains(got.Needs, n), "need "+n)
		}
		if w.place != "" {
			check(got.Place != nil && got.Place.TerritoryID == w.place, "place")
		}
		if w.noPlace {
			check(got.Place == nil, "no place")
		}
		// every criterion points at the text it was read from
		for _, cr := range got.Criteria {
			if cr.Span.Start < 0 || cr.Span.End > len(c.text) || cr.Span.Start >= cr.Span.End || c.text[cr.Span.Start:cr.Span.End] != cr.Text {
				t.Errorf("%q: bad span %+v", c.text, cr)
			}
		}
	}
}

func TestSpansAndAmbiguity(t *testing.T) {
	p := testParser(t)
	text := "homme 67 ans sans papiers Saint-Denis"
	s := p.Parse(text)
	var kinds []string
	for _, c := range s.Criteria {
		kinds = append(kinds, c.Kind+":"+c.Text)
	}
	want := []string{"gender:homme", "age:67 ans", "adminStatus:sans papiers", "place:Saint-Denis"}
	if !slices.Equal(kinds, want) {
		t.Fatalf("criteria %v, want %v", kinds, want)
	}
	if len(s.Ambiguities) != 1 || s.Ambiguities[0].Chosen != "com-93066" || len(s.Ambiguities[0].Candidates) < 2 {
		t.Fatalf("ambiguity %+v", s.Ambiguities)
	}
	// with the département in the text, the choice follows it
	s = p.Parse("Saint-Denis 974")
	if s.Place == nil || s.Place.TerritoryID != "com-97411" || s.Ambiguities[0].Reason != "département indiqué dans le texte" {
		t.Fatalf("Saint-Denis 974: %+v %+v", s.Place, s.Ambiguities)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"homme 67 ans sans papiers Saint-Denis", "who helps a 65-year-old in 93", "Paris 99e", "é́́́", "", "75018 75018", "\xff\xfe", "ÀÉÎ 2A 974 12345678"} {
		f.Add(s)
	}
	p := testParser(f)
	f.Fuzz(func(t *testing.T, text string) {
		start := time.Now()
		s := p.Parse(text)
		if d := time.Since(start); d > 2*time.Second {
			t.Fatalf("parse took %s", d)
		}
		limit := min(len(text), maxInput)
		for _, c := range s.Criteria {
			if c.Span.Start < 0 || c.Span.End > limit || c.Span.Start > c.Span.End {
				t.Fatalf("span %+v out of %d bytes", c.Span, limit)
			}
		}
		if utf8.ValidString(text) && s.Age != nil && (*s.Age < 0 || *s.Age > 120) {
			t.Fatalf("age %d", *s.Age)
		}
	})
}

func BenchmarkParse(b *testing.B) {
	p := testParser(b)
	for b.Loop() {
		p.Parse("homme 67 ans sans papiers Saint-Denis, besoin d'un hébergement d'urgence")
	}
}

func TestDescribeStructuredCriteria(t *testing.T) {
	age := 67
	s := Situation{Age: &age, AdminStatus: StatusUndocumented, Needs: []string{"soins"}, Place: &Place{TerritoryID: "dep-93", Name: "Seine-Saint-Denis"}}
	s.Describe()
	var labels []string
	for _, c := range s.Criteria {
		labels = append(labels, c.Label)
	}
	if !slices.Equal(labels, []string{"67 ans", "Sans titre de séjour", "Soins", "Seine-Saint-Denis"}) {
		t.Fatalf("labels %v", labels)
	}
}

// TestReadCoversWholePhrases checks what the parser leaves unread (the words the search then
// looks for in the listings): whole phrases are read, apostrophes included, and a value said
// twice or a second value of a single-valued criterion is read too, not left as words.
func TestReadCoversWholePhrases(t *testing.T) {
	p := testParser(t)
	for text, want := range map[string]string{
		"demandeur d'asile Bordeaux":                     "",
		"demandeuse d’asile à Chaumont":                  "à",
		"famille avec enfants en impayé de loyer Paris":  "en",
		"jeune de 19 ans sans logement Nantes":           "de sans",
		"femme, mère isolée":                             ",",
		"hébergement d'urgence accueil de jour Lyon":     "accueil de jour",
		"homme sans papiers, un homme de 40 ans, Rennes": ", un de ,",
		"asylum seeker in Bordeaux":                      "in",
		// words that frame the question
		"qui aide une personne de 65 ans sans papiers dans le 93 ?":        "de dans le ?",
		"who helps a 65-year-old undocumented person in 93":                "a in",
		"je cherche un hébergement pour une femme avec enfants à Chaumont": "un pour une à",
		"j'ai besoin d'aide pour un jeune de 19 ans":                       "pour un de",
		"besoin d'une aide à domicile":                                     "aide à domicile",
		"I need a bed for someone with mental health issues":               "for with issues",
		"we are looking for a shelter in Lyon":                             "a in",
	} {
		s := p.Parse(text)
		b := []byte(text)
		for _, sp := range s.Read {
			for i := sp.Start; i < sp.End; i++ {
				b[i] = ' '
			}
		}
		if got := strings.Join(strings.Fields(string(b)), " "); got != want {
			t.Errorf("%q leaves %q unread, want %q (read %+v)", text, got, want, s.Read)
		}
	}
}
