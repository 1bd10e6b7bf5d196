package web_test

import (
	"strings"
	"testing"

	"github.com/maillage/maillage/web/browsertest"
)

// TestAccessLeadsSomewhere: on a listing's page, the actors of the way to it come with their
// contacts; when no contact is known anywhere on the way, the page says so and names the
// département's SIAO and the 115.
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
}
