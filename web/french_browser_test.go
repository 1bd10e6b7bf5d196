package web_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/maillage/maillage/web/browsertest"
)

// Words of the interface that are identifiers, not French: a slug (kebab-case, with a letter),
// a relation name in capitals, an English word of user interfaces.
var (
	slugToken     = regexp.MustCompile(`(?:^|[^\p{L}\p{N}@./:_-])([a-z0-9]+(?:-[a-z0-9]+)+)(?:$|[^\p{L}\p{N}@/_-])`)
	englishTokens = regexp.MustCompile(`(?:^|[^\p{L}\p{N}_])(OPERATES|FUNDS|MANDATES|COORDINATES|PARTNERS_WITH|MEMBER_OF|REFERS_TO|REQUIRES_REFERRAL_BY|COVERS|LOCATED_IN|SERVES|ABOUT|PART_OF|fCoSE|undefined|null|NaN|true|false|Loading|Error|Submit|Search|phone|email|website|kind|value|label|closure|temporarily_closed|Territory|Thematique)(?:$|[^\p{L}\p{N}_])`)
	// A French imperative with its pronoun: « adressez-vous », « dites-le », « appelez-les ».
	imperative = regexp.MustCompile(`^[a-z]+(ez|ons|es|e|s)-(vous|nous|le|la|les|moi|toi|lui|leur|en|y)$`)
	// French compounds written with hyphens, in lower case.
	frenchCompounds = map[string]bool{
		"e-mail": true, "rendez-vous": true, "sous-territoire": true, "sous-territoires": true, "sous-thématique": true,
		"c'est-à-dire": true, "peut-être": true, "vis-à-vis": true, "non-recours": true, "au-delà": true, "ci-dessous": true,
		"ci-dessus": true, "celle-ci": true, "celui-ci": true, "ceux-ci": true, "là-bas": true, "pourra-t-il": true,
		"demi-journée": true, "après-midi": true, "vous-même": true, "elle-même": true, "lui-même": true, "eux-mêmes": true,
		"mi-temps": true, "avez-vous": true, "est-elle": true, "est-il": true, "co-construire": true, "au-devant": true,
		"aller-vers": true, "dites-le": true, "point-justice": true, "au-dessus": true, "au-dessous": true, "porte-parole": true,
	}
)

// identifiersIn returns the identifiers found in a page's visible text.
func identifiersIn(text string) []string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		for _, m := range slugToken.FindAllStringSubmatch(line, -1) {
			if !frenchCompounds[m[1]] && !imperative.MatchString(m[1]) && strings.ContainsAny(m[1], "abcdefghijklmnopqrstuvwxyz") {
				out = append(out, m[1]+" (« "+strings.TrimSpace(line)+" »)")
			}
		}
		// Contact values (an e-mail address, a web site) are data, not interface words.
		if strings.Contains(line, "@") || strings.Contains(line, "http") || strings.Contains(line, "www.") {
			continue
		}
		for _, m := range englishTokens.FindAllStringSubmatch(line, -1) {
			out = append(out, m[1]+" (« "+strings.TrimSpace(line)+" »)")
		}
	}
	return out
}

func TestIdentifiersInText(t *testing.T) {
	for text, want := range map[string]int{
		"Type : téléphone":                        0,
		"kind : phone, value : 01 02":             3,
		"Évalue, file active, Téléphone":          0,
		"adressez-vous au SIAO, appelez-le":       0,
		"protection-enfance / siao / maraude":     1,
		"Aucune organisation (relation OPERATES)": 1,
		"Seine-Saint-Denis, rendez-vous, e-mail":  0,
		"Forces (fCoSE)":                          1,
		"marie@samu-social.fr":                    0,
		"le 2026-12-05":                           0,
	} {
		if got := identifiersIn(text); len(got) != want {
			t.Errorf("%q: %v, want %d", text, got, want)
		}
	}
}

// TestPagesSpeakFrench visits every page of the app, signed in as the coordination of the
// Haute-Marne (which sees the partner and coordination pages too), and fails on any slug or
// English token in the visible text. GraphiQL, a developer tool, is left aside.
func TestPagesSpeakFrench(t *testing.T) {
	base := accountsApp(t)
	// a change of contact in the history of the SIAO 52, as its coordination would make
	d := listing(t, base, "dsp-siao-52")
	api(t, base, `mutation($v: Int!) { updateDispositif(id: "dsp-siao-52", expectedVersion: $v, input: {contacts: [{kind: "phone", value: "03 25 00 00 00", label: "Accueil"}]}) { version } }`,
		map[string]any{"v": int(d["version"].(float64))}, true)

	b := browsertest.New(t)
	b.Viewport(1280, 900)
	signIn(t, b, base, coordEmail)
	check := func(path string) string {
		t.Helper()
		b.Settle()
		text := browsertest.Eval[string](b, `document.querySelector("main")?.innerText ?? document.body.innerText`)
		text += "\n" + browsertest.Eval[string](b, `document.title`)
		for _, id := range identifiersIn(text) {
			t.Errorf("%s shows an identifier: %s", path, id)
		}
		return text
	}
	pages := []struct{ path, wait string }{
		{"/", "h1"},
		{"/rechercher", "h1"},
		{"/dispositifs", ".links, ul"},
		{"/dispositifs?type=siao", "h1"},
		{"/organisations", "h1"},
		{"/territoires", "h1"},
		{"/dispositifs/dsp-siao-52", "h1"},
		{"/dispositifs/dsp-mission-interface-personnes-agees", "h1"},
		{"/dispositifs/dsp-equipe-mobile-precarite-logisens", "h1"},
		{"/dispositifs/dsp-siao-52/modifier", "#f-ageMin"},
		{"/dispositifs/dsp-siao-52/historique", ".history"},
		{"/organisations/org-la-passerelle", "h1"},
		{"/organisations/org-samusocial-de-paris", "h1"},
		{"/territoires/52", "h1"},
		{"/territoires/93066", "h1"},
		{"/mes-fiches", "h1"},
		{"/jetons", "h1"},
		{"/suivi-territoire", "h1"},
		{"/analyse", "h1"},
		{"/analyse/dep-52", ".coverage-map svg"},
		{"/analyse/dep-52?par=type", ".coverage-map svg"},
		{"/analyse/dep-93?par=thematique", ".coverage-map svg"},
		{"/explorer", "h1"},
		{"/explorer/dsp-siao-52", "h1"},
		{"/parcours", "h1"},
		{"/page-qui-n-existe-pas", "h1"},
	}
	for i, p := range pages {
		// a fresh browser every few pages: one tab drawing maps and graphs page after page runs
		// out of memory on a small shared machine (the tab's context is then cancelled)
		if i > 0 && i%6 == 0 {
			b = browsertest.New(t)
			b.Viewport(1280, 900)
			signIn(t, b, base, coordEmail)
		}
		b.Open(base+p.path, p.wait)
		check(p.path)
	}

	// the history reads the contact in French
	b = browsertest.New(t)
	b.Viewport(1280, 900)
	signIn(t, b, base, coordEmail)
	b.Open(base+"/dispositifs/dsp-siao-52/historique", ".history")
	if h := b.WaitText(".history", "Type : téléphone"); !strings.Contains(h, "numéro ou adresse : 03 25 00 00 00") {
		t.Errorf("history of a contact: %s", h)
	}

	// the map's list of a commune, by type of dispositif
	b.Open(base+"/analyse/dep-52?par=type", ".coverage-map svg")
	b.Do(chromedp.ScrollIntoView(chromedp.CSS(`.coverage-map path[data-code="52121"]`)))
	b.Do(chromedp.Evaluate[chromedp.Void](`document.querySelector('.coverage-map path[data-code="52121"]').dispatchEvent(new MouseEvent("click", {bubbles: true}))`))
	b.WaitText(".listings-panel", "SIAO de la Haute-Marne")
	check("/analyse/dep-52 (liste de Chaumont)")

	// each parcours, in a fresh browser (one tab drawing thirty pages of graphs runs out of
	// memory on a small machine)
	b = browsertest.New(t)
	b.Open(base+"/parcours", "h1")
	links := browsertest.Eval[[]string](b, `[...document.querySelectorAll('main a[href^="/parcours/"]')].map(a => a.getAttribute("href"))`)
	for _, l := range links {
		b.Open(base+l, "h1")
		check(l)
	}

	// the rotated headers of the heat table turn their apostrophes with the letters
	b.Open(base+"/analyse/dep-52", ".heat-table")
	if o := browsertest.Eval[string](b, `getComputedStyle(document.querySelector(".heat-table .value-head button")).textOrientation`); o != "sideways" {
		t.Errorf("rotated headers: text-orientation %q, want sideways", o)
	}
}
