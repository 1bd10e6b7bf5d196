package web_test

import (
	"net/url"
	"testing"

	"github.com/maillage/maillage/web/browsertest"
)

// TestCompactHeader: on a phone (390×844) the header is one short row and the first answer of a
// search shows without scrolling; the menu unfolds behind its button and folds again after a
// link. On a computer (1280 px) the header of a signed-in coordinator holds in one row, the
// account's links under its name.
func TestCompactHeader(t *testing.T) {
	base := accountsApp(t)
	b := browsertest.New(t)

	b.Viewport(390, 844)
	b.Open(base+"/rechercher?q="+url.QueryEscape("homme 67 ans sans papiers Saint-Denis"), ".cards")
	b.Settle()
	if h := browsertest.Eval[float64](b, `document.querySelector(".site-header").getBoundingClientRect().height`); h > 72 {
		t.Errorf("the header takes %.0f px of a 844 px phone screen", h)
	}
	if top := browsertest.Eval[float64](b, `document.querySelector(".cards > *").getBoundingClientRect().top`); top > 844-80 {
		t.Errorf("the first answer starts at %.0f px: below the fold of a 844 px screen", top)
	}
	if browsertest.Eval[bool](b, `getComputedStyle(document.querySelector("#site-menu")).display !== "none"`) {
		t.Error("the menu is unfolded before its button is pressed")
	}
	b.Click(".menu-button")
	if got := browsertest.Eval[string](b, `document.querySelector(".menu-button").getAttribute("aria-expanded")`); got != "true" {
		t.Errorf("the menu button says aria-expanded=%s once pressed", got)
	}
	b.Click(`#site-menu a[href="/territoires"]`)
	b.WaitText("h1", "Territoires")
	if browsertest.Eval[bool](b, `getComputedStyle(document.querySelector("#site-menu")).display !== "none"`) {
		t.Error("the menu stays unfolded after a link was followed")
	}
	if w := browsertest.Eval[int](b, `document.documentElement.scrollWidth`); w > 390 {
		t.Errorf("the page is %d px wide on a 390 px screen", w)
	}

	b.Viewport(1280, 900)
	signIn(t, b, base, coordEmail)
	// the vertical middles of the links and of the account button: one row when they are close
	spread := browsertest.Eval[float64](b, `(() => {
		const mids = [...document.querySelectorAll(".site-header .brand, .site-header nav a, .account-button")]
			.map(e => e.getBoundingClientRect()).filter(r => r.height > 0).map(r => r.top + r.height / 2);
		return Math.max(...mids) - Math.min(...mids);
	})()`)
	if spread > 12 {
		t.Errorf("signed in at 1280 px, the header's links stand on several rows (their middles %.0f px apart)", spread)
	}
	if h := browsertest.Eval[float64](b, `document.querySelector(".site-header").getBoundingClientRect().height`); h > 72 {
		t.Errorf("signed in at 1280 px, the header is %.0f px high", h)
	}
	if got := openAccountMenu(b); got == "" {
		t.Error("the account menu shows nothing")
	}
	b.Press("\x1b") // Escape folds it
	if browsertest.Eval[bool](b, `document.querySelector(".account-button").getAttribute("aria-expanded") === "true"`) {
		t.Error("Escape does not fold the account menu")
	}
}
