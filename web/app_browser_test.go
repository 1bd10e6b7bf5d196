package web_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp/kb"

	"github.com/maillage/maillage/graph/teststore"
	"github.com/maillage/maillage/search"
	"github.com/maillage/maillage/seed"
	"github.com/maillage/maillage/server"
	"github.com/maillage/maillage/web/browsertest"
)

// adminToken authorises mutations on the test server.
const adminToken = "jeton-de-test"

// app starts the real server stack over a store seeded with the reference data (the source
// documents, the geography, the vocabularies) and returns its base URL.
// app serves the app over the real seed data; wrap, when given, wraps its handler.
func app(t *testing.T, wrap ...func(http.Handler) http.Handler) string {
	t.Helper()
	browsertest.RequireBuild(t, "dist")
	browsertest.RequireChromium(t)
	s := teststore.Open(t)
	if _, err := seed.Real(context.Background(), s, seed.Options{}); err != nil {
		t.Fatal(err)
	}
	ix, err := search.Open(filepath.Join(t.TempDir(), "index"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	if err := ix.Reindex(context.Background(), s, nil); err != nil {
		t.Fatal(err)
	}
	svc, err := search.NewService(s, ix)
	if err != nil {
		t.Fatal(err)
	}
	h, err := server.New(server.Config{Store: s, AdminToken: adminToken, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Search: svc})
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range wrap {
		h = w(h)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL
}

// slowQueries delays the GraphQL requests whose body contains field by d, as a slow network or
// a busy server would.
func slowQueries(field string, d time.Duration) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Body != nil {
				body, _ := io.ReadAll(r.Body)
				r.Body = io.NopCloser(bytes.NewReader(body))
				if bytes.Contains(body, []byte(field)) {
					time.Sleep(d)
				}
			}
			next.ServeHTTP(w, r)
		})
	}
}

// offline checks that nothing the browser did left the test server: every request the page
// sent, every resource it loaded, and every connection of the whole browser (workers included)
// to a host other than loopback, which the browser's guard proxy would have seen; and that the
// server's content security policy refused nothing the pages did.
func offline(t *testing.T, b *browsertest.Browser, base string) {
	t.Helper()
	host := strings.TrimPrefix(base, "http://")
	requests := append(b.Requests(), b.Resources()...)
	if len(requests) < 3 {
		t.Fatalf("only %d requests recorded: the recorder does not work", len(requests))
	}
	for _, r := range requests {
		u, err := url.Parse(r)
		if err != nil || (u.Scheme != "data" && u.Scheme != "blob" && u.Host != host) {
			t.Errorf("the page requested %s, outside the server", r)
		}
	}
	if out := b.Outbound(); len(out) > 0 {
		t.Errorf("the browser tried to reach %v, outside the machine", out)
	}
	// the server's content security policy (no inline script, nothing from elsewhere) lets
	// the whole page work
	if blocked := b.Blocked(); len(blocked) > 0 {
		t.Errorf("the content security policy refused %d thing(s), first %q", len(blocked), blocked[:min(3, len(blocked))])
	}
}

// flat reads text as one line, whatever blocks it spans ("Âge\n60 ans et plus" → "Âge 60 ans
// et plus").
func flat(s string) string { return strings.Join(strings.Fields(s), " ") }

func TestHomeAndNavigation(t *testing.T) {
	base := app(t)
	b := browsertest.New(t)
	b.Open(base+"/", "h1")
	if h1 := b.Text("h1"); !strings.Contains(h1, "Qui aide qui") {
		t.Fatalf("home title %q", h1)
	}
	b.WaitText(".stats", "dispositifs")
	nav := b.Text("nav")
	for _, want := range []string{"Accueil", "Rechercher", "Dispositifs", "Organisations", "Territoires", "API"} {
		if !strings.Contains(nav, want) {
			t.Errorf("navigation %q lacks %q", nav, want)
		}
	}
	if lang := browsertest.Eval[string](b, `document.documentElement.lang`); lang != "fr" {
		t.Errorf("page language %q", lang)
	}
	b.Screenshot("accueil")
	offline(t, b, base)

	// search from the home page by name, open the result, then its operator
	b.Type("#accueil-q", "Mission Interface")
	b.Press(kb.Enter)
	b.WaitText(".cards", "Mission Interface Personnes Âgées")
	if got := browsertest.Eval[string](b, `location.pathname + location.search`); got != "/rechercher?q=Mission%20Interface" && got != "/rechercher?q=Mission+Interface" {
		t.Errorf("home search went to %q", got)
	}
	b.Click(`a[href="/dispositifs/dsp-mission-interface-personnes-agees"]`)
	b.WaitText("h1", "Mission Interface Personnes Âgées")
	page := flat(b.WaitText("main", "60 ans et plus"))
	for _, want := range []string{
		"Âge 60 ans et plus", "Situation administrative Toute situation administrative",
		"Sur orientation d'un professionnel", "Samusocial de Paris", "Paris Nord", "Seine-Saint-Denis",
		"800", "personnes âgées rencontrées (2022)", "Jamais vérifiée", "Non précisé",
		"Source : ", "« La mission Interface Personnes Agées a été créée en mai 2017",
		"En place depuis : mai 2017",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("dispositif page lacks %q", want)
		}
	}
	if got := browsertest.Eval[string](b, `document.title`); got != "Mission Interface Personnes Âgées — Maillage" {
		t.Errorf("dispositif page title %q", got)
	}
	if path, size := b.Screenshot("dispositif-mission-interface"); size < 20000 {
		t.Errorf("screenshot %s is only %d bytes", path, size)
	}
	b.Click(`main a[href="/organisations/org-samusocial-de-paris"]`)
	b.WaitText("h1", "Samusocial de Paris")
	org := b.WaitText("main", "Dispositifs opérés")
	for _, want := range []string{"115 de Paris", "Mission Interface Handicap", "Direction de l'action sociale", "Mandatée par", "Adresse non précisée", "Source : "} {
		if !strings.Contains(org, want) {
			t.Errorf("organisation page lacks %q", want)
		}
	}
	b.Screenshot("organisation-samusocial")
	if got := browsertest.Eval[string](b, `location.pathname`); got != "/organisations/org-samusocial-de-paris" {
		t.Errorf("location %q", got)
	}
	offline(t, b, base)
}

// TestDispositifDetails reads the SIAO 52 listing as a social worker would: hours in words,
// phone numbers that dial, the source of each fact; then follows a thematique to the
// dispositifs about it.
func TestDispositifDetails(t *testing.T) {
	base := app(t, slowQueries("accessPath", 700*time.Millisecond))
	b := browsertest.New(t)
	b.Open(base+"/dispositifs/dsp-siao-52", "h1")
	page := flat(b.WaitText("main", "Horaires"))
	for _, want := range []string{
		"SIAO de la Haute-Marne", "Du lundi au vendredi : 8 h 30 – 17 h", "24h/24",
		"La Passerelle — Téléphone : 03.25.32.65.42", "Coût", "Source : ",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("SIAO 52 page lacks %q", want)
		}
	}
	tel := browsertest.Eval[[]string](b, `[...document.querySelectorAll(".contacts a")].map(a => a.getAttribute("href"))`)
	if !slices.Contains(tel, "tel:0325326542") || !slices.Contains(tel, "tel:115") {
		t.Errorf("phone links %v", tel)
	}
	b.Screenshot("dispositif-siao-52")

	b.Open(base+"/dispositifs/dsp-115-52", "h1")
	if got := b.WaitText("main", "Horaires"); !strings.Contains(got, "24 h/24, 7 j/7") {
		t.Errorf("115 hours: %q", got)
	}

	b.Open(base+"/dispositifs/dsp-mission-interface-personnes-agees", "h1")
	// the access steps come by a second query, here slow; the sheet shows with them, not before
	// (they pushed the sections below down as they arrived, and a click landed elsewhere)
	if main := b.WaitText("main", "Thématiques"); !strings.Contains(main, "Étapes pour y arriver") {
		t.Fatalf("the sheet shows before its access steps:\n%s", main)
	}
	b.Click(`.tags a`)
	chips := b.WaitText(".chips", "Thématique : ")
	list := b.WaitText(".cards", "Mission Interface Personnes Âgées")
	if !strings.Contains(list, "Samusocial de Paris") {
		t.Errorf("filtered list %q", list)
	}
	// removing the filter lists every dispositif again
	b.Click(`.chips a`)
	b.WaitText(".pager", "résultats")
	b.WaitGone("main", chips)
}

func TestTerritoryAndFundingPages(t *testing.T) {
	base := app(t)
	b := browsertest.New(t)
	b.Open(base+"/dispositifs/dsp-equipe-mobile-precarite-logisens", "h1")
	page := b.WaitText("main", "Financeurs")
	for _, want := range []string{"70 000 €", "0,8 ETP", "Cantal", "Cellule d'orientation", "26 rue Georges Clémenceau"} {
		if !strings.Contains(page, want) {
			t.Errorf("LOGISENS page lacks %q", want)
		}
	}
	b.Open(base+"/territoires/93", "h1")
	got := b.WaitText("main", "Dispositifs déclarant couvrir")
	// the level is styled in capitals, which innerText keeps: compare in lower case
	for _, want := range []string{"seine-saint-denis", "département", "habitants", "inter logement 93", "île-de-france", "saint-denis", "communes", "établissements publics territoriaux"} {
		if !strings.Contains(strings.ToLower(got), want) {
			t.Errorf("territory page lacks %q", want)
		}
	}
	b.Screenshot("territoire-93")
	// up the tree to the région
	b.Click(`main a[href="/territoires/reg-11"]`)
	b.WaitText("h1", "Île-de-France")

	// a département with more communes than the page shows links to the full list
	b.Open(base+"/territoires/52", "h1")
	link := b.Text(`a[href="/territoires?dans=dep-52"]`) // "Voir les 4xx territoires de Haute-Marne"
	count := strings.Fields(link)[2]
	b.Click(`a[href="/territoires?dans=dep-52"]`)
	b.WaitText(".chips", "Dans : Haute-Marne")
	b.WaitText(".pager", count+" résultats")
	// a text search keeps the filter
	b.Type("#q", "Chaumont")
	b.Press(kb.Enter)
	b.WaitText(".cards", "Chaumont")
	if pager := b.Text(".pager"); strings.HasPrefix(pager, count+" ") {
		t.Errorf("the text search did not narrow the list: %q", pager)
	}
	b.WaitText(".chips", "Dans : Haute-Marne")
}

func TestNotFoundPages(t *testing.T) {
	base := app(t)
	b := browsertest.New(t)
	b.Open(base+"/nulle-part", "h1")
	if h1 := b.Text("h1"); h1 != "Page introuvable" {
		t.Errorf("404 title %q", h1)
	}
	if got := b.Text("main"); !strings.Contains(got, "Retour à l'accueil") {
		t.Errorf("404 page %q", got)
	}
	// the API's own French message, for an id that does not exist
	b.Open(base+"/dispositifs/dsp-absent", "[role=alert]")
	b.Screenshot("dispositif-introuvable")
	if msg := b.WaitText("[role=alert]", "introuvable"); !strings.Contains(msg, "dsp-absent") {
		t.Errorf("missing dispositif message %q", msg)
	}
}

// TestKeyboardAndSmallScreen: the first Tab reaches the skip link, which moves focus to the
// content; on a phone-sized screen no page scrolls sideways and every field has a label.
func TestKeyboardAndSmallScreen(t *testing.T) {
	base := app(t)
	b := browsertest.New(t)
	b.Open(base+"/", "h1")
	b.Press(kb.Tab)
	if got := browsertest.Eval[string](b, `document.activeElement.textContent`); got != "Aller au contenu" {
		t.Fatalf("first Tab focuses %q", got)
	}
	b.Press(kb.Enter)
	if got := browsertest.Eval[string](b, `document.activeElement.id`); got != "contenu" {
		t.Errorf("skip link moved focus to %q", got)
	}
	unlabelled := `[...document.querySelectorAll("input:not([type=hidden]), select, textarea")].filter(e => !e.labels?.length && !e.getAttribute("aria-label")).length`

	b.Viewport(375, 812)
	for _, p := range []struct{ path, wait, shot string }{
		{"/", ".stats", "telephone-accueil"},
		{"/dispositifs/dsp-mission-interface-personnes-agees", ".figures", "telephone-dispositif"},
		{"/organisations/org-samusocial-de-paris", ".links", ""},
		{"/territoires/93", ".links", ""},
		{"/dispositifs", ".cards", ""},
		{"/rechercher?q=homme%2067%20ans%20sans%20papiers%20Saint-Denis", ".cards", "telephone-recherche"},
		{"/explorer/dsp-siao-52", ".legend li", "telephone-graphe"},
		{"/parcours/rue-au-logement-paris", ".step-card", "telephone-parcours"},
	} {
		b.Open(base+p.path, p.wait)
		if w := browsertest.Eval[int](b, `document.documentElement.scrollWidth`); w > 375 {
			t.Errorf("%s is %d px wide on a 375 px screen", p.path, w)
		}
		if n := browsertest.Eval[int](b, unlabelled); n > 0 {
			t.Errorf("%s has %d form fields without a label", p.path, n)
		}
		if p.shot != "" {
			b.Screenshot(p.shot)
		}
	}
}

func TestGraphiQLWorksOffline(t *testing.T) {
	base := app(t)
	b := browsertest.New(t)
	b.Open(base+"/graphiql", ".graphiql-container")
	run(t, b, "Mission Interface Personnes Âgées")
	b.Screenshot("graphiql")
	offline(t, b, base)

	// a mutation opened from a link: refused in French without an account or a token, done with
	// the admin token
	mutation := `mutation { createOrganisation(input: {name: "Association créée depuis l'explorateur", type: "association"}) { id name } }`
	b.Open(base+"/graphiql?query="+url.QueryEscape(mutation), ".graphiql-container")
	run(t, b, "Connectez-vous") // the editor wraps long lines: match the start only
	b.Type("#jeton", adminToken)
	b.WaitText("#jeton-aide", "Authorization: Bearer")
	run(t, b, "Association créée depuis l'explorateur")
	offline(t, b, base)
}

// run clicks GraphiQL's run button until the response shows want (GraphiQL loads its editor
// and the schema asynchronously, and the first click may come before).
func run(t *testing.T, b *browsertest.Browser, want string) {
	t.Helper()
	deadline := time.Now().Add(25 * time.Second) // under the browser's own 30 s, so that a failure says what it saw
	for {
		b.Click(".graphiql-execute-button")
		time.Sleep(300 * time.Millisecond)
		if strings.Contains(b.TextNow(".graphiql-response"), want) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("GraphiQL shows no %q: %q", want, b.TextNow(".graphiql-response"))
		}
		time.Sleep(700 * time.Millisecond)
	}
}

// TestSearchScenario is the BRIEF's first scenario in the browser: the situation is read into
// chips, Mission Interface comes first with why it fits and how to reach it; removing the age
// chip searches again without it.
func TestSearchScenario(t *testing.T) {
	base := app(t)
	b := browsertest.New(t)
	b.Open(base+"/rechercher", "#q")
	b.Type("#q", "homme 67 ans sans papiers Saint-Denis")
	b.Press(kb.Enter)
	chips := b.WaitText(".chips", "Saint-Denis")
	for _, want := range []string{"Homme", "67 ans", "Sans titre de séjour"} {
		if !strings.Contains(chips, want) {
			t.Errorf("chips %q lack %q", chips, want)
		}
	}
	first := b.WaitText(".cards li:first-child", "Mission Interface Personnes Âgées")
	for _, want := range []string{"✓ Couvre Seine-Saint-Denis", "✓ Accueille les personnes 60 ans et plus", "Sur orientation d'un professionnel", "? Public visé"} {
		if !strings.Contains(first, want) {
			t.Errorf("first result lacks %q:\n%s", want, first)
		}
	}
	if path, size := b.Screenshot("recherche-mission-interface"); size < 20000 {
		t.Errorf("screenshot %s is only %d bytes", path, size)
	}
	b.Click(`button[aria-label="Retirer 67 ans"]`)
	after := b.WaitText(".chips", "Saint-Denis")
	if strings.Contains(after, "67 ans") {
		t.Errorf("age chip still there: %q", after)
	}
	b.WaitText(".cards", "Mission Interface")
	offline(t, b, base)
}

// TestSearchKeepsTheServiceType: a query naming a service type shows it as a chip, and the
// search rebuilt when another chip is removed keeps it (the type is not lost with the text).
func TestSearchKeepsTheServiceType(t *testing.T) {
	base := app(t)
	b := browsertest.New(t)
	b.Open(base+"/rechercher", "#q")
	b.Type("#q", "homme CHRS à Chaumont")
	b.Press(kb.Enter)
	chips := b.WaitText(".chips", "Chaumont")
	if !strings.Contains(chips, "CHRS") {
		t.Fatalf("no chip for the service type: %q", chips)
	}
	b.Click(`button[aria-label="Retirer Homme"]`)
	b.WaitGone(".chips", "Homme")
	after := b.TextNow(".chips")
	if !strings.Contains(after, "CHRS") {
		t.Errorf("type chip lost when another chip was removed: %q", after)
	}
}

// TestSearchWordsAndPassages: the words searched are highlighted in the cards' passages, and
// still searched when a chip is removed; words no listing has are set aside with a note, and the
// situation still finds.
func TestSearchWordsAndPassages(t *testing.T) {
	base := app(t)
	b := browsertest.New(t)
	b.Open(base+"/rechercher", "#q")
	b.Type("#q", "SIAO Paris")
	b.Press(kb.Enter)
	b.WaitText(".cards li:first-child .passages", "SIAO")
	// every highlighted word is shown as text in a <mark>, none as markup
	marks := awaitString(t, b, `Promise.resolve([...document.querySelectorAll(".cards li:first-child .passages mark")].map((m) => m.textContent).join("|"))`)
	passage := b.TextNow(".cards li:first-child .passages")
	if !strings.Contains(marks, "SIAO") || strings.Contains(passage, "<mark>") || !strings.Contains(passage, "SIAO Paris") {
		t.Errorf("highlighted words %q in %q", marks, passage)
	}
	if path, size := b.Screenshot("recherche-passages"); size < 20000 {
		t.Errorf("screenshot %s is only %d bytes", path, size)
	}
	// without the place, the words are still searched (everywhere)
	b.Click(`button[aria-label="Retirer Paris"]`)
	b.WaitGone(".chips", "Paris")
	b.WaitText(".cards li:first-child .passages mark", "SIAO")
	b.Open(base+"/rechercher", "#q")
	b.Type("#q", "hébergement xylophone Chaumont")
	b.Press(kb.Enter)
	b.WaitText(`[role="note"]`, "Aucune fiche ne contient « xylophone »")
	b.WaitText(".cards", "SIAO")
	b.Screenshot("recherche-mots-ecartes")
}

// TestSearchAnswersToVerifyOthersAndNothingFits: an older homeless person in a Paris
// arrondissement gets Mission Interface as an answer to verify, with its sectors; a question no
// listing of its place fits (food aid for a family in a commune of the Creuse) says so and
// shows the ways forward; the services of the place that answer nothing asked are apart, and a
// way forward runs its search.
func TestSearchAnswersToVerifyOthersAndNothingFits(t *testing.T) {
	base := app(t)
	b := browsertest.New(t)
	b.Open(base+"/rechercher", "#q")
	b.Type("#q", "homme 70 ans à la rue 75018")
	b.Press(kb.Enter)
	card := b.WaitText(`ol[aria-label="Réponses"]`, "Mission Interface Personnes Âgées")
	for _, want := range []string{"? Secteurs", "Paris Nord", "arrondissements non précisés"} {
		if !strings.Contains(card, want) {
			t.Errorf("answers lack %q:\n%s", want, card)
		}
	}
	b.Screenshot("recherche-secteur-a-verifier")

	b.Open(base+"/rechercher", "#q")
	b.Type("#q", "aide alimentaire pour une famille à Bourganeuf")
	b.Press(kb.Enter)
	help := flat(b.WaitText(`[aria-label="Aucune réponse"]`, "Aucun dispositif connu ne correspond"))
	for _, want := range []string{"Bourganeuf", "SIAO", "Creuse", "Appeler le 115", "Élargir à Creuse"} {
		if !strings.Contains(help, want) {
			t.Errorf("nothing-fits help lacks %q:\n%s", want, help)
		}
	}
	if n := b.TextNow(`ol[aria-label="Réponses"]`); strings.TrimSpace(n) != "" {
		t.Errorf("answers shown although nothing fits: %q", n)
	}
	b.Screenshot("recherche-rien-ne-correspond")

	// in Chaumont, the SIAO and the 115 are named and linked, the services of the place are
	// apart, and dropping the need runs the search again
	b.Open(base+"/rechercher", "#q")
	b.Type("#q", "aide alimentaire pour un homme sans abri à Chaumont")
	b.Press(kb.Enter)
	help = flat(b.WaitText(`[aria-label="Aucune réponse"]`, "Sans le critère « Alimentation »"))
	for _, want := range []string{"SIAO de la Haute-Marne", "115 de la Haute-Marne", "Élargir à Haute-Marne : aucune réponse"} {
		if !strings.Contains(help, want) {
			t.Errorf("nothing-fits help lacks %q:\n%s", want, help)
		}
	}
	b.WaitText(`[aria-label="Autres services du territoire"]`, "Autres services du territoire")
	b.Click(`[aria-label="Aucune réponse"] li:last-child button`)
	b.WaitText(`ol[aria-label="Réponses"]`, "115")
	b.WaitGone(".chips", "Alimentation")
	offline(t, b, base)
}
