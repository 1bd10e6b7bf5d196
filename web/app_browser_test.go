package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/maillage/maillage/graph/teststore"
	"github.com/maillage/maillage/search"
	"github.com/maillage/maillage/search/situation"
	"github.com/maillage/maillage/seed"
	"github.com/maillage/maillage/seed/geo"
	"github.com/maillage/maillage/seed/glossary"
	"github.com/maillage/maillage/server"
	"github.com/maillage/maillage/web/browsertest"
)

// app starts the real server stack over an embedded store seeded with the reference data.
func app(t *testing.T) string {
	t.Helper()
	if _, err := os.Stat("dist/index.html"); err != nil {
		browsertest.Skip(t, "l'application web n'est pas construite : lancez « make web »")
	}
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
	g, err := geo.Load()
	if err != nil {
		t.Fatal(err)
	}
	gl, err := glossary.Load()
	if err != nil {
		t.Fatal(err)
	}
	svc := &search.Service{Store: s, Index: ix, Parser: situation.New(g), Geo: g, Glossary: gl}
	h, err := server.New(server.Config{Store: s, AdminToken: "test", Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Search: svc})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL
}

// offline checks that every resource the page loaded came from the test server.
func offline(t *testing.T, b *browsertest.Browser, base string) {
	t.Helper()
	host := strings.TrimPrefix(base, "http://")
	for _, r := range b.Resources() {
		u, err := url.Parse(r)
		if err != nil || (u.Scheme != "data" && u.Scheme != "blob" && u.Host != host) {
			t.Errorf("the page loaded %s, outside the server", r)
		}
	}
}

func TestHomeAndNavigation(t *testing.T) {
	base := app(t)
	b := browsertest.New(t)
	b.Open(base+"/", "h1")
	if h1 := b.Text("h1"); !strings.Contains(h1, "Qui aide qui") {
		t.Fatalf("home title %q", h1)
	}
	b.WaitText(".stats", "dispositifs")
	if nav := b.Text("nav"); !strings.Contains(nav, "Rechercher") || !strings.Contains(nav, "Territoires") {
		t.Fatalf("navigation %q", nav)
	}
	offline(t, b, base)

	// search by acronym, open the result, then its operator
	b.Do(chromedp.Click(`nav a[href="/rechercher"]`), chromedp.WaitVisible("#q"),
		chromedp.SendKeys("#q", "Mission Interface"), chromedp.Submit("#q"))
	b.WaitText(".cards", "Mission Interface Personnes Âgées")
	b.Do(chromedp.Click(`a[href="/dispositifs/dsp-mission-interface-personnes-agees"]`))
	b.WaitText("h1", "Mission Interface Personnes Âgées")
	page := b.WaitText("main", "60 ans et plus")
	for _, want := range []string{"Sur orientation d'un professionnel", "Samusocial de Paris", "Paris Nord", "Seine-Saint-Denis", "personnes âgées rencontrées", "Jamais vérifiée", "Non précisé"} {
		if !strings.Contains(page, want) {
			t.Errorf("dispositif page lacks %q", want)
		}
	}
	if path, size := b.Screenshot("dispositif-mission-interface"); size < 20000 {
		t.Errorf("screenshot %s is only %d bytes", path, size)
	}
	b.Do(chromedp.Click(`a[href="/organisations/org-samusocial-de-paris"]`))
	b.WaitText("h1", "Samusocial de Paris")
	org := b.WaitText("main", "Dispositifs opérés")
	for _, want := range []string{"115 de Paris", "Mission Interface Handicap", "Direction de l'action sociale"} {
		if !strings.Contains(org, want) {
			t.Errorf("organisation page lacks %q", want)
		}
	}
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
	if got := b.WaitText("main", "Dispositifs déclarant couvrir"); !strings.Contains(got, "Seine-Saint-Denis") || !strings.Contains(got, "Inter Logement 93") {
		t.Errorf("territory page: %q", got)
	}
}

func TestNotFoundPages(t *testing.T) {
	base := app(t)
	b := browsertest.New(t)
	b.Open(base+"/nulle-part", "h1")
	if h1 := b.Text("h1"); h1 != "Page introuvable" {
		t.Errorf("404 title %q", h1)
	}
	b.Open(base+"/dispositifs/dsp-absent", "[role=alert]")
	b.Screenshot("dispositif-introuvable")
	if msg := b.WaitText("[role=alert]", "introuvable"); !strings.Contains(msg, "dsp-absent") {
		t.Errorf("missing dispositif message %q", msg)
	}
}

func TestGraphiQLWorksOffline(t *testing.T) {
	base := app(t)
	b := browsertest.New(t)
	b.Open(base+"/graphiql", ".graphiql-container")
	// GraphiQL loads its editor asynchronously: click run until the response shows.
	deadline := time.Now().Add(40 * time.Second)
	for {
		b.Do(chromedp.WaitVisible(".graphiql-execute-button"), chromedp.Click(".graphiql-execute-button"))
		if strings.Contains(b.TextNow(".graphiql-response"), "Mission Interface Personnes Âgées") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("GraphiQL shows no response: %q", b.TextNow(".graphiql-response"))
		}
		time.Sleep(time.Second)
	}
	offline(t, b, base)
}

// TestSearchScenario is the BRIEF's first scenario in the browser: the situation is read into
// chips, Mission Interface comes first with why it fits and how to reach it; removing the age
// chip searches again without it.
func TestSearchScenario(t *testing.T) {
	base := app(t)
	b := browsertest.New(t)
	b.Open(base+"/rechercher", "#q")
	b.Do(chromedp.SendKeys("#q", "homme 67 ans sans papiers Saint-Denis"), chromedp.Submit("#q"))
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
	b.Do(chromedp.Click(`button[aria-label="Retirer 67 ans"]`))
	after := b.WaitText(".chips", "Saint-Denis")
	if strings.Contains(after, "67 ans") {
		t.Errorf("age chip still there: %q", after)
	}
	b.WaitText(".cards", "Mission Interface")
	offline(t, b, base)
}
