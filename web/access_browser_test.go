package web_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/maillage/maillage/web/browsertest"
)

// TestAccessLeadsSomewhere: on a listing's page, the actors of the way to it come with their
// contacts; when no contact is known anywhere on the way, the page says so and names the
// département's SIAO and the 115; a search's card names whom access goes through, with contacts.
func TestAccessLeadsSomewhere(t *testing.T) {
	base := accountsApp(t)
	b := browsertest.New(t)

	b.Open(base+"/dispositifs/dsp-mission-interface-personnes-agees", ".figures")
	fb := b.WaitText(".access-fallback", "Aucun contact n'est connu")
	for _, want := range []string{"SIAO", "Seine-Saint-Denis", "115", "24 h/24"} {
		if !strings.Contains(fb, want) {
			t.Errorf("the fallback lacks %q: %q", want, fb)
		}
	}
	if n := browsertest.Eval[int](b, `document.querySelectorAll('.access-fallback a[href="tel:115"], .access-fallback a[href^="/dispositifs/"]').length`); n < 2 {
		t.Errorf("the fallback has %d links (the SIAO's listing, the 115 to call)", n)
	}

	// the SIAO of the Haute-Marne: its own phone, no fallback; the 115 that orients to it comes
	// with its number
	b.Open(base+"/dispositifs/dsp-siao-52", ".figures")
	absent(t, b, ".access-fallback")
	if got := b.WaitText(".access-path", "115 de la Haute-Marne"); !strings.Contains(got, "115") {
		t.Errorf("the way to the SIAO 52: %q", got)
	}
	if n := browsertest.Eval[int](b, `document.querySelectorAll('.access-actors .contacts').length`); n == 0 {
		t.Error("the actors on the way to the SIAO 52 come without their contacts")
	}

	// a search's card: the actor access goes through, and a plain word when no contact is known
	b.Open(base+"/rechercher?q="+url.QueryEscape("équipe mobile précarité logement Aurillac"), ".cards")
	card := b.WaitText(".cards", "LOGISENS")
	if !strings.Contains(card, "Orientation par") || !strings.Contains(card, "Cellule") {
		t.Errorf("the LOGISENS card does not name whom access goes through: %q", card)
	}
	b.Open(base+"/rechercher?q="+url.QueryEscape("homme 67 ans sans papiers Saint-Denis"), ".cards")
	first := b.WaitText(".cards > li:first-child", "Mission Interface")
	if !strings.Contains(first, "Aucun contact connu") {
		t.Errorf("a card without any contact on the way does not say so: %q", first)
	}
	if n := browsertest.Eval[int](b, `document.querySelector('.cards > li:first-child').querySelectorAll('.no-contact a[href^="/dispositifs/"]').length`); n != 1 {
		t.Errorf("the card without contact does not lead to its page (%d links)", n)
	}
}
