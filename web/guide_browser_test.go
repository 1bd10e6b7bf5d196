package web_test

import (
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"testing"

	"github.com/maillage/maillage/web/browsertest"
)

// guideDir is the French user guide, one page per role; its pictures are taken by
// TestUserGuidePictures, so that they always show the app as it is.
var guideDir = filepath.Join("..", "docs", "guide")

// TestUserGuidePictures walks through the app as each role of the user guide does (the social
// worker who searches, the partner who keeps a listing up to date, the SIAO coordinator who
// analyses a territory, the trainer who explores the graph) and takes the guide's pictures on
// the way. It fails when a page of the guide shows a picture the walk does not take.
func TestUserGuidePictures(t *testing.T) {
	base := accountsApp(t)
	b := browsertest.New(t)
	b.Viewport(1280, 800)
	taken := map[string]bool{}
	picture := func(name string) {
		t.Helper()
		b.Settle()
		b.Capture(filepath.Join(guideDir, "images", name+".png"))
		taken["images/"+name+".png"] = true
	}

	// Chercher : the BRIEF's own question, its answers with their reasons, then a listing.
	b.Open(base+"/", "h1")
	picture("accueil")
	b.Open(base+"/rechercher?q="+url.QueryEscape("qui aide une personne de 65 ans sans papiers dans le 93 ?"), "h1")
	b.WaitText("main", "Mission Interface")
	picture("recherche")
	b.Open(base+"/dispositifs/dsp-mission-interface-personnes-agees", ".figures")
	picture("fiche-dispositif")

	// Tenir sa fiche à jour : a partner's listings, the edit form, the history.
	signIn(t, b, base, partnerEmail)
	b.WaitText(".my-listings", "Mission Interface")
	picture("mes-fiches")
	b.Open(base+"/dispositifs/dsp-mission-interface-personnes-agees/modifier", "#f-accessNotes")
	picture("modifier-fiche")
	b.Open(base+"/dispositifs/dsp-mission-interface-personnes-agees/historique", ".history-page")
	picture("historique")
	signOut(b)

	// Analyser son territoire : the coordinator's follow-up, then the territory's analysis.
	signIn(t, b, base, coordEmail)
	b.Open(base+"/suivi-territoire", "h1")
	b.WaitText(".stale-table", "SIAO de la Haute-Marne")
	picture("suivi-territoire")
	b.Open(base+"/analyse/52", "h1")
	b.WaitText(".gap-list", "Haute-Marne")
	waitCount(t, b, `document.querySelectorAll(".coverage-map svg path.map-shape").length`, func(n int) bool { return n > 0 })
	picture("analyse-territoire")

	// Explorer et former : the graph around a SIAO, then a parcours of the documents.
	b.Open(base+"/explorer/dsp-siao-52", ".legend li")
	picture("explorateur")
	b.Open(base+"/parcours/rue-au-logement-paris", ".step-card")
	picture("parcours")

	shown := guidePictures(t)
	if len(shown) == 0 {
		t.Fatal("the user guide shows no picture")
	}
	for _, p := range shown {
		if !taken[p] {
			t.Errorf("the guide shows %s, which no step of this test takes", p)
		}
	}
}

// guidePictures returns the pictures the guide's pages show (Markdown images under images/).
func guidePictures(t *testing.T) []string {
	t.Helper()
	pages, err := filepath.Glob(filepath.Join(guideDir, "*.md"))
	if err != nil || len(pages) == 0 {
		t.Fatalf("no page in %s: %v", guideDir, err)
	}
	image := regexp.MustCompile(`!\[[^\]]*\]\((images/[^)\s]+\.png)\)`)
	set := map[string]bool{}
	for _, p := range pages {
		md, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range image.FindAllStringSubmatch(string(md), -1) {
			set[m[1]] = true
		}
	}
	out := make([]string, 0, len(set))
	for p := range set {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}
