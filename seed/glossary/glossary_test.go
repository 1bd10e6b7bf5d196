package glossary

import (
	"slices"
	"strings"
	"testing"
)

func TestGlossary(t *testing.T) {
	g, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	// every acronym of the BRIEF's glossary is there
	for _, term := range []string{"115", "ACT", "AHI", "AME", "ARS", "ASE", "ASLL", "AVDL", "BPI", "CAARUD", "CADA", "CAF", "CASF", "CASVP", "CCAS", "CD", "CH", "CHRS", "CHU", "CLSM", "CMP", "CSAPA", "CSP", "DASES", "DDCSPP", "DDETSPP", "DDT", "EMPP", "ETP", "FVV", "HI", "HU", "HUDA", "IML", "ISTS", "LAM", "LHSS", "MDPH", "MJPM", "PASS", "PDALHPD", "PJJ", "PRAPS", "PRS", "QPV", "RSA", "SIAO", "SPIP", "USH"} {
		if es := g.Lookup(term); len(es) == 0 || es[0].Term != term {
			t.Errorf("glossary lacks %s: %+v", term, es)
		}
	}
	if es := g.Lookup("siao"); es[0].Expansion != "service intégré d'accueil et d'orientation" {
		t.Errorf("siao: %+v", es[0])
	}
	if es := g.Lookup("réduction des risques"); len(es) == 0 || es[0].Term != "CAARUD" {
		t.Errorf("search by meaning: %+v", es)
	}
	for text, want := range map[string]string{
		"FVV":                          "femmes victimes de violences",
		"femmes victimes de violences": "FVV",
		"sans papiers 93":              "sans titre de séjour",
		"undocumented man":             "sans papiers",
		"Service intégré d'accueil et d'orientation": "SIAO",
	} {
		if got := g.Expand(text); !slices.Contains(got, want) {
			t.Errorf("Expand(%q) = %v, lacks %q", text, got, want)
		}
	}
	if got := g.Expand("bonjour"); len(got) != 0 {
		t.Errorf("Expand(bonjour) = %v", got)
	}
}

// TestTradeWordsAndSources: the words of the trade the search reads (issue 19, item 5) are in
// the glossary, and every entry says its source or says it has none.
func TestTradeWordsAndSources(t *testing.T) {
	g, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, term := range []string{"CHRS", "CHU", "CADA", "HUDA", "CPH", "LHSS", "LAM", "ACT", "EHPAD", "PASS", "CSAPA", "CAARUD", "EMPP", "PMI", "SIAO", "115", "maraude", "accueil de jour", "pension de famille", "mission locale", "SPIP", "PJJ", "MNA", "DALO", "DAHO", "ASE", "RSA", "procédure Dublin", "CNDA", "débouté du droit d'asile", "hébergé chez des tiers", "sans domicile"} {
		if es := g.Lookup(term); len(es) == 0 || es[0].Term != term {
			t.Errorf("glossary lacks %s", term)
		}
	}
	if es := g.Lookup("MIE"); len(es) == 0 || es[0].Term != "MNA" {
		t.Errorf("MIE: %+v", es)
	}
	sourced := 0
	for _, e := range g.Entries {
		if e.Source != nil {
			if *e.Source == "" {
				t.Errorf("%s: empty source (null when unknown)", e.Term)
			}
			sourced++
		}
	}
	if es := g.Lookup("CPH"); es[0].Source == nil || !strings.Contains(*es[0].Source, "finess") {
		t.Errorf("CPH source: %+v", es[0])
	}
	if es := g.Lookup("SIAO"); es[0].Source == nil || !strings.Contains(*es[0].Source, "BRIEF") || !strings.Contains(*es[0].Source, "document 001") {
		t.Errorf("SIAO source: %v", *es[0].Source)
	}
	if sourced < 55 {
		t.Errorf("only %d entries sourced", sourced)
	}
}
