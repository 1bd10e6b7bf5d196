package search

import (
	"math/rand/v2"
	"testing"
)

// TestTextScore: a word of the name counts more than one of the description, a rare word
// more than a common one, a typo and a glossary phrase less than the word itself.
func TestTextScore(t *testing.T) {
	tab := newTable()
	docs := map[string]*doc{
		"name":   {Name: "Halte de nuit", Description: "Accueil des personnes"},
		"desc":   {Name: "Accueil de jour", Description: "Une halte pour la nuit"},
		"none":   {Name: "Épicerie sociale", Description: "Aide alimentaire"},
		"phrase": {Name: "Accueil", Description: "Pour les femmes victimes de violences"},
		"acro":   {Name: "Accueil", Acronyms: []string{"FVV"}},
		"halte":  {Name: "Halte"},
	}
	for id, d := range docs {
		e := &entry{ID: id, Name: d.Name, text: termsOf(d)}
		tab.put(e)
	}
	scores := func(text string, expansions []string, typos func(string) []string) map[string]float64 {
		q := tab.compileText(text, expansions, typos)
		out := map[string]float64{}
		for id := range docs {
			e := &tab.entries[tab.slots[id]]
			out[id] = q.score(&e.h, e)
		}
		return out
	}
	s := scores("halte", nil, nil)
	if s["name"] != maxTextScore || !(s["desc"] > 0 && s["desc"] < s["name"]) || s["none"] != 0 {
		t.Errorf("halte: %v", s)
	}
	// "accueil" is in four listings of six, "halte" in three: each of "halte" and "acro" has one
	// of the words in its name, the rarer one weighs more
	s = scores("accueil halte", nil, nil)
	if !(s["halte"] > s["acro"] && s["acro"] > 0) {
		t.Errorf("accueil halte: the rare word should weigh more: %v", s)
	}
	s = scores("hlate", nil, func(string) []string { return []string{"halt"} })
	if !(s["name"] > 0 && s["name"] < maxTextScore) {
		t.Errorf("typo: %v", s)
	}
	if s := scores("hlate", nil, nil); s["name"] != 0 {
		t.Errorf("typo without typo tolerance: %v", s)
	}
	s = scores("fvv", []string{"femmes victimes de violences"}, nil)
	if s["acro"] != maxTextScore || !(s["phrase"] > 0 && s["phrase"] < s["acro"]) || s["none"] != 0 {
		t.Errorf("acronym and its expansion: %v", s)
	}
	if q := tab.compileText("zzzz", nil, nil); !q.empty() {
		t.Error("an unknown word should leave nothing to match")
	}
	// replacing a listing updates the counts of its terms
	tab.put(&entry{ID: "desc", Name: "Accueil de jour", text: termsOf(&doc{Name: "Accueil de jour"})})
	if s := scores("halte", nil, nil); s["desc"] != 0 || s["name"] != maxTextScore {
		t.Errorf("after replacing: %v", s)
	}
	if id := tab.dict["halt"]; tab.df[id] != 2 {
		t.Errorf("document frequency of halt: %d, want 2", tab.df[id])
	}
}

// TestTermSigHasNoFalseNegative: a set's signature always admits its own members.
func TestTermSigHasNoFalseNegative(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 1000 {
		var s termSig
		ids := make([]uint32, 1+rng.IntN(80))
		for i := range ids {
			ids[i] = rng.Uint32()
			s.add(ids[i])
		}
		for _, id := range ids {
			var one termSig
			one.add(id)
			if !s.mayHave(one) {
				t.Fatalf("signature lost %d", id)
			}
		}
	}
}
