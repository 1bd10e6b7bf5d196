package search

import (
	"strings"
	"testing"

	"github.com/maillage/maillage/graph"
)

// TestPassagesMarkTheWordsOfTheListing: the marks fall on the words, accented or not, in the
// listing's own text (the analyzer's offsets are in the text with accents folded).
func TestPassagesMarkTheWordsOfTheListing(t *testing.T) {
	d := &graph.Dispositif{Meta: graph.Meta{ID: "dsp-x"}, Name: "Centre d'hébergement d'urgence « Les Étoiles »",
		Description: "Accès réservé. Hébergement de nuit, sans condition.", Missions: []string{"Orientation", "Mise à l'abri en urgence"}}
	all := uint16(1<<len(textFieldList) - 1)
	got := strings.Join(passages(d, marks{1: "heberg", 2: "urgenc"}, all), " | ")
	for _, want := range []string{
		"Centre <mark>d&#39;hébergement</mark> <mark>d&#39;urgence</mark> « Les Étoiles »",
		"Accès réservé. <mark>Hébergement</mark> de nuit",
		"Mise à l&#39;abri en <mark>urgence</mark>",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("passages lack %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "Orientation") {
		t.Errorf("a mission without the words is a passage: %s", got)
	}
	if p := passages(d, nil, all); p != nil {
		t.Errorf("no words, passages %v", p)
	}
	// only the fields said to hold the words are read
	name := uint16(1) // textFieldList[0]
	if got := passages(d, marks{1: "heberg"}, name); len(got) != 1 || !strings.Contains(got[0], "Centre") {
		t.Errorf("name only: %v", got)
	}
}
