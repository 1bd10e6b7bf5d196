package web_test

import (
	"encoding/json"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/maillage/maillage/web/browsertest"
)

// features counts the outlines of a map asset (web/src/analysis/geo, see scripts/geo-assets.mjs).
func features(t *testing.T, path string) int {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var fc struct {
		Features []json.RawMessage `json:"features"`
	}
	if err := json.Unmarshal(data, &fc); err != nil {
		t.Fatal(err)
	}
	return len(fc.Features)
}

// waitCount waits until the page expression counts want, and returns the last count.
func waitCount(t *testing.T, b *browsertest.Browser, expr string, want func(int) bool) int {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	var n int
	for time.Now().Before(deadline) {
		n = browsertest.Eval[int](b, expr)
		if want(n) {
			return n
		}
		time.Sleep(150 * time.Millisecond)
	}
	t.Fatalf("%s: %d", expr, n)
	return n
}

// TestAnalysisHauteMarne is the BRIEF's third scenario: the SIAO 52 maps its territory — one
// shape per commune, the gaps with their reasons, the dispositifs of Chaumont, the CSV
// downloads, a printable page.
func TestAnalysisHauteMarne(t *testing.T) {
	base := app(t)
	b := browsertest.New(t)
	b.Open(base+"/analyse/52", "h1")
	b.WaitText("h1", "Haute-Marne")

	want := features(t, "src/analysis/geo/communes-52.json")
	paths := waitCount(t, b, `document.querySelectorAll(".coverage-map svg path.map-shape").length`, func(n int) bool { return n > 0 })
	if paths != want {
		t.Errorf("the map draws %d communes, the outlines have %d", paths, want)
	}
	// a merged commune (Pierrefitte-style) takes the figures of the commune it belongs to now
	if n := browsertest.Eval[int](b, `document.querySelectorAll('.coverage-map path[data-code="52064"]').length`); n != 2 {
		t.Errorf("52064 and the commune merged into it: %d shapes", n)
	}
	if got := b.Text(".map-legend"); !strings.Contains(got, "3 dispositifs") || !strings.Contains(got, "Manque") {
		t.Errorf("legend %q", got)
	}
	gaps := flat(b.WaitText(".gap-list", "Aucun dispositif recensé"))
	for _, want := range []string{"n° 1", "Priorité haute", "Haute-Marne"} {
		if !strings.Contains(gaps, want) {
			t.Errorf("gap list lacks %q: %.300s", want, gaps)
		}
	}
	// the priority means something and says why: the needs the documents name first (the
	// families, named by the documents 003 and 004), not the alphabet (« Actifs »)
	if rule := b.Text(".priority-rule"); !strings.Contains(rule, "documents sources") || !strings.Contains(rule, "population concernée") {
		t.Errorf("the priority rule is not explained: %q", rule)
	}
	first := flat(b.Text(".gap-list li:first-child"))
	for _, want := range []string{"Familles", "Priorité haute : besoin nommé par 2 documents sources (003, 004)", "100 % de la population concernée"} {
		if !strings.Contains(first, want) {
			t.Errorf("first gap lacks %q: %s", want, first)
		}
	}
	diag := flat(b.WaitText(".analysis-diagnostics", "Sans opérateur"))
	for _, want := range []string{"3 dispositifs examinés", "115 de la Haute-Marne", "Isolés", "Fiches à vérifier (3 sur 3", "vérifiées dans la période : 0 sur 3"} {
		if !strings.Contains(diag, want) {
			t.Errorf("diagnostics lack %q", want)
		}
	}

	// a click on Chaumont lists its three dispositifs, with links to their pages
	// (a click at the centre of Chaumont's box would land on a neighbour: click the shape itself)
	b.Do(chromedp.ScrollIntoView(chromedp.CSS(`.coverage-map path[data-code="52121"]`)))
	b.Do(chromedp.Evaluate[chromedp.Void](`document.querySelector('.coverage-map path[data-code="52121"]').dispatchEvent(new MouseEvent("click", {bubbles: true}))`))
	list := b.WaitText(".listings-panel", "Chaumont")
	waitCount(t, b, `document.querySelectorAll(".selection-list li").length`, func(n int) bool { return n == 3 })
	for _, want := range []string{"SIAO de la Haute-Marne", "115 de la Haute-Marne"} {
		b.WaitText(".listings-panel", want)
	}
	if !strings.Contains(list, "(3)") {
		b.WaitText(".listings-panel h2", "(3)")
	}
	if focused := browsertest.Eval[string](b, `document.activeElement.id`); focused != "selection-titre" {
		t.Errorf("the selection's title is not focused: %q", focused)
	}
	b.Click(`.selection-list a[href="/dispositifs/dsp-siao-52"]`)
	b.WaitText("h1", "SIAO de la Haute-Marne")
	b.Open(base+"/analyse/52", ".coverage-map svg")

	// the keyboard reaches a commune and Enter opens it too
	b.Do(chromedp.Focus(chromedp.CSS(`.coverage-map path[data-code="52448"]`)))
	b.WaitText(".map-info", "Saint-Dizier")
	b.Press("\r")
	b.WaitText(".listings-panel h2", "Saint-Dizier")

	// one value on the map: the public « Personnes sans abri » (two dispositifs)
	b.Do(chromedp.Evaluate[chromedp.Void](`(() => { const s = document.querySelector("#analyse-valeur"); s.value = "personnes-sans-abri"; s.dispatchEvent(new Event("change", {bubbles: true})); })()`))
	b.WaitText("#carte-titre", "Personnes sans abri")
	if got := browsertest.Eval[string](b, `location.search`); !strings.Contains(got, "valeur=personnes-sans-abri") {
		t.Errorf("the chosen value is not in the URL: %q", got)
	}
	b.WaitText(".map-legend", "2 dispositifs")
	// a heat-table cell lists its dispositifs: the total of the column
	b.Click(`.heat-table tfoot td.picked button`)
	b.WaitText(".listings-panel h2", "Personnes sans abri")
	waitCount(t, b, `document.querySelectorAll(".selection-list li").length`, func(n int) bool { return n == 2 })

	// the CSV downloads are real files
	for _, sel := range []string{`a[href^="/rapports/couverture.csv"]`, `a[href^="/rapports/manques.csv"]`, `a[href^="/rapports/diagnostics.csv"]`} {
		href := browsertest.Eval[string](b, `document.querySelector('`+sel+`').getAttribute("href")`)
		body := awaitString(t, b, `fetch(document.querySelector('`+sel+`').href).then(r => r.ok && r.headers.get("content-type").startsWith("text/csv") ? r.text() : "HTTP " + r.status)`)
		if len(body) < 50 || strings.HasPrefix(body, "HTTP ") {
			t.Errorf("%s: %.100q", href, body)
		}
		if strings.Contains(href, "couverture") && !strings.Contains(body, "Chaumont") {
			t.Errorf("the coverage CSV lacks Chaumont")
		}
	}

	b.Open(base+"/analyse/52", ".coverage-map svg path")
	if path, size := b.Screenshot("analyse-52-carte"); size < 30000 {
		t.Errorf("screenshot %s is only %d bytes", path, size)
	}
	// printed: no navigation, no controls; the map and the tables stay
	media(t, b, "print")
	for _, sel := range []string{".site-header", ".analysis-controls", ".site-footer"} {
		if d := browsertest.Eval[string](b, `getComputedStyle(document.querySelector("`+sel+`")).display`); d != "none" {
			t.Errorf("printed, %s is displayed (%s)", sel, d)
		}
	}
	for _, sel := range []string{".coverage-map svg", ".heat-table", ".gap-list"} {
		if d := browsertest.Eval[string](b, `getComputedStyle(document.querySelector("`+sel+`")).display`); d == "none" {
			t.Errorf("printed, %s is hidden", sel)
		}
	}
	b.Screenshot("analyse-52-impression")
	media(t, b, "")
	if got := b.Text("main button"); got == "" {
		t.Error("no button")
	}
	if n := browsertest.Eval[int](b, `[...document.querySelectorAll("button")].filter(x => x.textContent === "Imprimer").length`); n != 1 {
		t.Errorf("%d « Imprimer » buttons", n)
	}
	pageOffline(t, b, base)
}

// media emulates a CSS media type ("print"; "" for the screen again).
func media(t *testing.T, b *browsertest.Browser, m string) {
	t.Helper()
	if _, err := chromedp.Call(b.Context(), emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: m}); err != nil {
		t.Fatalf("media %q: %v", m, err)
	}
}

// pageOffline checks that the page loaded nothing from outside the server (like offline, but
// Chromium's own optimisation-guide service, which headless Chromium sometimes calls by itself
// and the harness does not list yet, is not the page's doing).
func pageOffline(t *testing.T, b *browsertest.Browser, base string) {
	t.Helper()
	host := strings.TrimPrefix(base, "http://")
	for _, r := range append(b.Requests(), b.Resources()...) {
		if u, err := url.Parse(r); err != nil || (u.Scheme != "data" && u.Scheme != "blob" && u.Host != host) {
			t.Errorf("the page requested %s, outside the server", r)
		}
	}
	for _, h := range b.Outbound() {
		if !strings.HasPrefix(h, "optimizationguide-pa.googleapis.com") {
			t.Errorf("the browser tried to reach %s, outside the machine", h)
		}
	}
}

// awaitString evaluates a promise in the page.
func awaitString(t *testing.T, b *browsertest.Browser, expr string) string {
	t.Helper()
	v, err := chromedp.Run(b.Context(), chromedp.Evaluate[string](expr, chromedp.EvalAsValue, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("%s: %v", expr, err)
	}
	return v
}

// TestAnalysisOtherTerritories: Seine-Saint-Denis and the Cantal with their outlines, Paris with
// circles for its arrondissements, France by département; the navigation and the territory
// pages lead there; a phone shows it without sideways scrolling.
func TestAnalysisOtherTerritories(t *testing.T) {
	base := app(t)
	b := browsertest.New(t)
	for _, c := range []struct{ path, name, file string }{
		{"/analyse/93", "Seine-Saint-Denis", "src/analysis/geo/communes-93.json"},
		{"/analyse/15", "Cantal", "src/analysis/geo/communes-15.json"},
	} {
		b.Open(base+c.path, "h1")
		b.WaitText("h1", c.name)
		want := features(t, c.file)
		if n := waitCount(t, b, `document.querySelectorAll(".coverage-map path.map-shape").length`, func(n int) bool { return n > 0 }); n != want {
			t.Errorf("%s: %d shapes, %d outlines", c.path, n, want)
		}
		b.WaitText(".gap-list", "n° 1")
	}
	// the Cantal's communes restored since 2018 have no outline: the map says so
	if got := b.Text(".coverage-map figcaption"); !strings.Contains(got, "Sans tracé") {
		t.Errorf("Cantal caption %q", got)
	}

	b.Open(base+"/analyse/75", "h1")
	b.WaitText("h1", "Paris")
	if n := waitCount(t, b, `document.querySelectorAll(".coverage-map circle.map-shape").length`, func(n int) bool { return n > 0 }); n != 20 {
		t.Errorf("Paris: %d circles, not 20 arrondissements", n)
	}
	if got := b.Text(".analysis-map"); !strings.Contains(got, "Zone non répartie") || !strings.Contains(got, "approximatives") {
		t.Errorf("Paris map %q", got)
	}
	b.WaitText(".heat-table", "Paris 18e Arrondissement")
	b.Screenshot("analyse-75-carte")

	b.Open(base+"/analyse/fr", "h1")
	b.WaitText("h1", "France")
	if n := waitCount(t, b, `document.querySelectorAll(".coverage-map path.map-shape").length`, func(n int) bool { return n > 0 }); n != 101 {
		t.Errorf("France: %d départements drawn", n)
	}
	b.Screenshot("analyse-france")

	// from the navigation, the picker, and a territory page
	b.Open(base+"/", "h1")
	b.Click(`nav a[href="/analyse"]`)
	b.WaitText("h1", "Couverture de l'offre")
	b.Type("#analyse-territoire", "Cantal")
	b.Press("\r")
	b.Click(`.found-territories a[href="/analyse/dep-15"]`)
	b.WaitText("h1", "Cantal")
	b.Open(base+"/territoires/93", "h1")
	b.Click(`main a[href="/analyse/dep-93"]`)
	b.WaitText("h1", "Seine-Saint-Denis")

	// a phone: no sideways scroll (the heat table scrolls in its own box), every field labelled
	b.Viewport(375, 812)
	unlabelled := `[...document.querySelectorAll("input:not([type=hidden]), select, textarea")].filter(e => !e.labels?.length && !e.getAttribute("aria-label")).length`
	for _, p := range []string{"/analyse/52", "/analyse/75", "/analyse"} {
		b.Open(base+p, "h1")
		if p != "/analyse" {
			b.WaitText(".gap-list", "n° 1")
			waitCount(t, b, `document.querySelectorAll(".coverage-map .map-shape").length`, func(n int) bool { return n > 0 })
		}
		if w := browsertest.Eval[int](b, `document.documentElement.scrollWidth`); w > 375 {
			t.Errorf("%s is %d px wide on a 375 px screen", p, w)
		}
		if n := browsertest.Eval[int](b, unlabelled); n > 0 {
			t.Errorf("%s has %d form fields without a label", p, n)
		}
	}
	b.Open(base+"/analyse/52", ".coverage-map svg path")
	b.Screenshot("telephone-analyse-52")
	pageOffline(t, b, base)
}
