package situation

import (
	"encoding/json"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestWordsOfTheTrade: service types, publics and situations social workers type, ages in
// words, and who comes with the person (issue 19, item 5). Each case failed before.
func TestWordsOfTheTrade(t *testing.T) {
	p := testParser(t)
	type tw struct {
		types             []string
		situations, needs []string
		family            []string
		admin, stage      string
		age, ageMax       int
		noAge, noGender   bool
		gender            string
	}
	cases := []struct {
		text string
		want tw
	}{
		// service types
		{"place en CHRS à Chaumont", tw{types: []string{"chrs"}, needs: []string{"hebergement"}}},
		{"un CHU pour un homme seul", tw{types: []string{"chu"}, gender: "homme"}},
		{"CADA Haute-Marne", tw{types: []string{"cada"}}},
		{"HUDA ou CPH", tw{types: []string{"huda", "cph"}}},
		{"LHSS, LAM ou ACT", tw{types: []string{"lhss", "lam", "act"}, needs: []string{"soins"}}},
		{"lits halte soins santé", tw{types: []string{"lhss"}}},
		{"EHPAD pour une personne de 80 ans", tw{types: []string{"medico-social"}, age: 80}},
		{"la PASS de l'hôpital", tw{types: []string{"pass"}}},
		{"CSAPA ou CAARUD", tw{types: []string{"csapa", "caarud"}}},
		{"EMPP Paris", tw{types: []string{"empp"}}},
		{"PMI pour un bébé", tw{types: []string{"pmi"}}},
		{"appeler le SIAO ou le 115", tw{types: []string{"siao", "115"}}},
		{"maraude dans le 18e", tw{types: []string{"maraude"}}},
		{"accueil de jour pour femmes", tw{types: []string{"accueil-de-jour"}, gender: "femme"}},
		{"pension de famille à Aurillac", tw{types: []string{"pension-de-famille"}, family: nil}},
		{"mission locale pour un jeune de 19 ans", tw{types: []string{"mission-locale"}, age: 19}},
		{"SPIP ou PJJ", tw{types: []string{"justice"}}},
		{"day centre for homeless people", tw{types: []string{"accueil-de-jour"}, situations: []string{"sans-abri"}}},
		// the open data's specific types (issue 19, class a/b): never the generic family
		{"Pôle emploi à Chaumont", tw{types: []string{"france-travail"}, needs: []string{"emploi"}}},
		{"agence France Travail", tw{types: []string{"france-travail"}}},
		{"nearest job centre", tw{types: []string{"france-travail"}, needs: []string{"emploi"}}},
		{"maison France services", tw{types: []string{"france-services"}, needs: []string{"droits"}}},
		{"une MSAP près d'Aurillac", tw{types: []string{"france-services"}}},
		{"CLIC pour une dame de 82 ans", tw{types: []string{"clic"}, age: 82, gender: "femme"}},
		{"dossier MDPH", tw{types: []string{"mdph"}, needs: []string{"droits"}}},
		{"CIDFF Paris", tw{types: []string{"cidff"}}},
		{"l'ADIL pour des impayés de loyer", tw{types: []string{"adil"}, needs: []string{"logement"}}},
		{"maison de justice et du droit", tw{types: []string{"point-justice"}, needs: []string{"droits"}}},
		{"point justice ou CDAD", tw{types: []string{"point-justice"}}},
		{"PIJ ou BIJ", tw{types: []string{"information-jeunesse"}}},
		{"youth information centre", tw{types: []string{"information-jeunesse"}}},
		{"le CIO pour un jeune de 17 ans", tw{types: []string{"cio"}, age: 17}},
		{"point info famille", tw{types: []string{"point-info-famille"}}},
		{"banque alimentaire", tw{needs: []string{"alimentation"}}},
		{"épicerie sociale pour une mère seule", tw{needs: []string{"alimentation"}, gender: "femme"}},
		{"food bank", tw{needs: []string{"alimentation"}}},
		// the CCAS is an organisation of many services: a need of rights, not a type
		{"CCAS de la commune", tw{needs: []string{"droits"}}},
		{"centre intercommunal d'action sociale", tw{needs: []string{"droits"}}},
		// the paperwork of a claim is a need of rights (class c); a claim is not a benefit held
		{"dossier RSA", tw{needs: []string{"droits"}}},
		{"remplir un dossier", tw{needs: []string{"droits"}}},
		{"faire une demande de RSA", tw{needs: []string{"droits"}}},
		{"demande d'APL pour une famille", tw{needs: []string{"droits"}, family: []string{"famille-avec-enfants"}}},
		{"faire une demande CAF", tw{needs: []string{"droits"}}},
		{"ouvrir ses droits", tw{needs: []string{"droits"}}},
		{"papiers à refaire", tw{needs: []string{"droits"}}},
		{"help to fill in a form", tw{needs: []string{"droits"}}},
		{"apply for benefits", tw{needs: []string{"droits"}}},
		// acronyms that are words in lower case are not read as types
		{"a pass for the bus", tw{}},
		// an operator's name is not a type: the Samusocial de Paris runs services of many types
		{"Samusocial de Paris", tw{}},
		// publics and situations
		{"MNA à Paris", tw{situations: []string{"mineur-non-accompagne"}, ageMax: 17}},
		{"un MIE de 16 ans", tw{situations: []string{"mineur-non-accompagne"}, age: 16}},
		{"mineur isolé étranger", tw{situations: []string{"mineur-non-accompagne"}, ageMax: 17}},
		{"unaccompanied foreign minor", tw{situations: []string{"mineur-non-accompagne"}, ageMax: 17}},
		{"famille reconnue prioritaire DALO", tw{situations: []string{"recours-dalo"}, needs: []string{"logement"}}},
		{"recours DAHO", tw{situations: []string{"recours-daho"}, needs: []string{"hebergement"}}},
		{"jeune majeur sortant de l'ASE", tw{situations: []string{"ase"}}},
		{"allocataire du RSA", tw{situations: []string{"beneficiaire-rsa"}}},
		{"hébergée chez des tiers", tw{situations: []string{"heberge-chez-des-tiers"}}},
		{"hébergé par sa famille", tw{situations: []string{"heberge-chez-des-tiers"}, family: []string{}}},
		{"staying with friends", tw{situations: []string{"heberge-chez-des-tiers"}}},
		{"dort dans sa voiture", tw{situations: []string{"sans-abri"}}},
		{"sans domicile", tw{situations: []string{"sans-abri"}}},
		// stages of an asylum claim, each its own
		{"demandeur d'asile", tw{admin: StatusAsylum}},
		{"dubliné", tw{admin: StatusAsylum, stage: StageDublin}},
		{"en procédure Dublin", tw{admin: StatusAsylum, stage: StageDublin}},
		{"en recours CNDA", tw{admin: StatusAsylum, stage: StageAppeal}},
		{"débouté du droit d'asile", tw{admin: StatusUndocumented, stage: StageRejected}},
		{"rejected asylum seeker", tw{admin: StatusUndocumented, stage: StageRejected}},
		// ages in words
		{"homme de soixante-cinq ans", tw{age: 65}},
		{"femme de quatre-vingt-deux ans", tw{age: 82}},
		{"soixante-dix-sept ans", tw{age: 77}},
		{"soixante et onze ans", tw{age: 71}},
		{"a sixty-five-year-old man", tw{age: 65}},
		{"vingt ans", tw{age: 20}},
		{"woman aged thirty-five, homeless", tw{age: 35, gender: "femme", situations: []string{"sans-abri"}}},
		{"à la rue depuis 2 ans", tw{noAge: true, situations: []string{"sans-abri"}}},
		// who comes with the person: the child's age is not the person's
		{"mère avec son enfant de 3 ans", tw{family: []string{"famille-avec-enfants"}, noAge: true, gender: "femme"}},
		{"femme avec deux enfants de 4 et 7 ans", tw{family: []string{"famille-avec-enfants"}, noAge: true}},
		{"homme de 40 ans avec sa fille de 17 ans", tw{family: []string{"famille-avec-enfants"}, age: 40}},
		{"woman with her 5-year-old son", tw{family: []string{"famille-avec-enfants"}, noAge: true, gender: "femme"}},
		{"father with two kids aged 3 and 6", tw{family: []string{"famille-avec-enfants"}, noAge: true, gender: "homme"}},
		{"jeune de 19 ans avec sa mère", tw{age: 19, noGender: true}},
		{"homme avec sa femme", tw{family: []string{"couple"}, gender: "homme"}},
	}
	for _, c := range cases {
		got := p.Parse(c.text)
		w := c.want
		bad := func(what string) { t.Errorf("%q: %s; got %+v", c.text, what, got) }
		for _, ty := range w.types {
			if !slices.Contains(got.Types, ty) {
				bad("type " + ty)
			}
		}
		if len(w.types) == 0 && len(got.Types) > 0 {
			bad("no type expected")
		}
		for _, x := range w.situations {
			if !slices.Contains(got.Situations, x) {
				bad("situation " + x)
			}
		}
		for _, x := range w.needs {
			if !slices.Contains(got.Needs, x) {
				bad("need " + x)
			}
		}
		if w.family != nil && !slices.Equal(got.Family, w.family) && !(len(w.family) == 0 && len(got.Family) == 0) {
			bad("family " + strings.Join(w.family, ","))
		}
		if w.admin != "" && got.AdminStatus != w.admin || w.stage != got.AsylumStage {
			bad("admin status / stage")
		}
		if w.age != 0 && (got.Age == nil || *got.Age != w.age) || w.noAge && got.Age != nil {
			bad("age")
		}
		if w.ageMax != 0 && (got.AgeMax == nil || *got.AgeMax != w.ageMax) {
			bad("ageMax")
		}
		if w.gender != "" && got.Gender != w.gender || w.noGender && got.Gender != "" {
			bad("gender")
		}
		for _, cr := range got.Criteria {
			if c.text[cr.Span.Start:cr.Span.End] != cr.Text {
				bad("span")
			}
		}
	}
}

// TestNegationsAndCompanions: a negation is a criterion, and a family word inside a negation
// or a description of who comes with the person is no family criterion (issue 19, item 3).
func TestNegationsAndCompanions(t *testing.T) {
	p := testParser(t)
	for text, want := range map[string]struct {
		admin  string
		family []string
	}{
		"homme 50 ans pas de papiers":            {StatusUndocumented, []string{"personne-seule"}[:0]},
		"il n'a pas de titre de séjour":          {StatusUndocumented, nil},
		"man with no papers":                     {StatusUndocumented, nil},
		"has no residence permit":                {StatusUndocumented, nil},
		"sans papiers, n'a pas d'enfant":         {StatusUndocumented, []string{"personne-seule"}},
		"femme sans enfant":                      {"", []string{"personne-seule"}},
		"homme sans famille":                     {"", []string{"personne-seule"}},
		"woman without children":                 {"", []string{"personne-seule"}},
		"no kids, undocumented":                  {StatusUndocumented, []string{"personne-seule"}},
		"jeune de 20 ans hébergé par sa famille": {"", nil},
	} {
		got := p.Parse(text)
		if got.AdminStatus != want.admin {
			t.Errorf("%q: status %q, want %q", text, got.AdminStatus, want.admin)
		}
		if !slices.Equal(got.Family, want.family) {
			t.Errorf("%q: family %v, want %v", text, got.Family, want.family)
		}
		if slices.Contains(got.Needs, "droits") {
			t.Errorf("%q: a negated 'papiers' read as a need of rights: %+v", text, got.Needs)
		}
	}
}

func TestBareAgeAfterThePerson(t *testing.T) {
	p := testParser(t)
	for text, age := range map[string]int{"single man, 40, homeless in Paris": 40, "homme, 52, sans abri": 52, "femme 45 Chaumont": 45, "father, 35, with two kids aged 3 and 6": 35} {
		s := p.Parse(text)
		if s.Age == nil || *s.Age != age {
			t.Errorf("%q: age %v", text, s.Age)
		}
		if s.Place != nil && s.Place.Level == "departement" && s.Place.Departement == strconv.Itoa(age) {
			t.Errorf("%q: the age read as département %s", text, s.Place.Departement)
		}
	}
}

// TestNeedlesNeverHideAMatch: the prefilter of a rule never skips a text it matches.
func TestNeedlesNeverHideAMatch(t *testing.T) {
	raw, err := os.ReadFile("../relevance/testdata/queries.json")
	if err != nil {
		t.Fatal(err)
	}
	var qs []struct{ Text string }
	if err := json.Unmarshal(raw, &qs); err != nil {
		t.Fatal(err)
	}
	texts := []string{"homme 67 ans sans papiers Saint-Denis", "pas de papiers", "n'a pas d'enfant", "avec son fils de 3 ans", "hébergé chez des tiers", "mineur isolé étranger", "sans domicile fixe", "with her 5-year-old son"}
	for _, q := range qs {
		texts = append(texts, q.Text)
	}
	for _, text := range texts {
		f := fold(text).text
		for _, ru := range rules {
			if ru.re.MatchString(f) && !ru.mayMatch(f) {
				t.Errorf("%q: rule %s/%s matches but its needles %v say it cannot", text, ru.kind, ru.value, ru.needles)
			}
		}
	}
}
