package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp/kb"

	"github.com/maillage/maillage/auth"
	authembedded "github.com/maillage/maillage/auth/embedded"
	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/graph/teststore"
	"github.com/maillage/maillage/search"
	"github.com/maillage/maillage/seed"
	"github.com/maillage/maillage/server"
	"github.com/maillage/maillage/web/browsertest"
)

// The accounts of the editing tests: a member of the Samusocial de Paris (its four listings),
// the coordination of the Haute-Marne (dep-52), a member of the préfecture of the Haute-Marne
// (in Chaumont: a partner of the coordinator's territory), and an administrator.
const (
	partnerEmail = "marie@samusocial.fr"
	coordEmail   = "coordination@siao52.fr"
	otherEmail   = "jeanne.martin@haute-marne.gouv.fr"
	adminEmail   = "administration@maillage.example"
	password     = "une phrase de passe solide"
)

// Listings made overdue for a check before the server starts (their last update two years ago).
var overdue = []string{"dsp-mission-interface-handicap", "dsp-siao-52", "dsp-115-52"}

// accountsApp starts the real server stack with accounts over the seeded reference data, some
// listings overdue for a check, and three accounts; it returns the base URL.
func accountsApp(t *testing.T) string {
	t.Helper()
	browsertest.RequireBuild(t, "dist")
	browsertest.RequireChromium(t)
	ctx := context.Background()
	s := teststore.Open(t)
	if _, err := seed.Real(ctx, s, seed.Options{}); err != nil {
		t.Fatal(err)
	}
	// a bulk write keeps the timestamps it carries: these listings were last touched two years ago
	var old []graph.Node
	for _, id := range overdue {
		n, err := s.Get(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		d := n.(*graph.Dispositif)
		d.UpdatedAt = s.Now().AddDate(-2, 0, 0)
		d.LastVerifiedAt = nil
		if id == "dsp-115-52" {
			// an import found that the source says other hours than the edited listing
			d.Reviews = []graph.Review{{Kind: graph.ReviewDifference, Dataset: "annuaire-2019", Ref: "test", Date: "2019-09-23",
				Field: "hoursNote", Value: json.RawMessage(`"Du lundi au vendredi."`), At: s.Now(),
				Text: "la source « Annuaire de l'administration (DILA, 2019) » indique pour « précisions sur les horaires » : « Du lundi au vendredi. »"}}
		}
		old = append(old, d)
	}
	if err := s.Apply(ctx, graph.Batch{Nodes: old}); err != nil {
		t.Fatal(err)
	}
	ix, err := search.Open(filepath.Join(t.TempDir(), "index"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	if err := ix.Reindex(ctx, s, nil); err != nil {
		t.Fatal(err)
	}
	as, err := authembedded.Open(filepath.Join(t.TempDir(), authembedded.FileName), authembedded.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { as.Close() })
	accounts := auth.NewService(as, s)
	for _, u := range []auth.NewUser{
		{Email: partnerEmail, DisplayName: "Marie Durand", Role: auth.RolePartner, Organisations: []string{"org-samusocial-de-paris"}, Password: password},
		{Email: coordEmail, DisplayName: "Coordination SIAO 52", Role: auth.RoleCoordinator, Territories: []string{"dep-52"}, Password: password},
		{Email: otherEmail, DisplayName: "Jeanne Martin", Role: auth.RolePartner, Organisations: []string{"org-prefecture-haute-marne"}, Password: password},
		{Email: adminEmail, DisplayName: "Administration", Role: auth.RoleAdmin, Password: password},
	} {
		if _, err := accounts.CreateUser(ctx, auth.System(), u); err != nil {
			t.Fatalf("compte %s : %v", u.Email, err)
		}
	}
	svc, err := search.NewService(s, ix)
	if err != nil {
		t.Fatal(err)
	}
	h, err := server.New(server.Config{Store: s, AdminToken: adminToken, Accounts: accounts,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Search: svc})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL
}

// api sends a GraphQL request from the test (as the operator when admin is set) and returns
// its data, failing on errors.
func api(t *testing.T, base, query string, vars map[string]any, admin bool) map[string]any {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, base+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if admin {
		req.Header.Set("Authorization", "Bearer "+adminToken)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out struct {
		Data   map[string]any `json:"data"`
		Errors []struct {
			Message string `json:"message"`
		} `json:"errors"`
	}
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	if len(out.Errors) > 0 {
		t.Fatalf("GraphQL %s : %s", query, out.Errors[0].Message)
	}
	return out.Data
}

// listing reads a dispositif's version and a few fields as anyone reads them.
func listing(t *testing.T, base, id string) map[string]any {
	t.Helper()
	d := api(t, base, `query($id: ID!) { dispositif(id: $id) { version accessNotes description eligibility { ageMin } } }`, map[string]any{"id": id}, false)
	return d["dispositif"].(map[string]any)
}

func jsonInt(f float64) string { b, _ := json.Marshal(int(f)); return string(b) }

// signIn signs in through the sign-in page and waits for « Mes fiches ».
func signIn(t *testing.T, b *browsertest.Browser, base, email string) {
	t.Helper()
	b.Open(base+"/connexion", "#email")
	b.Type("#email", email)
	b.Type("#password", password)
	b.Press(kb.Enter)
	b.WaitText("h1", "Mes fiches")
}

// openAccountMenu unfolds the header's account menu (the links under the account's name) and
// returns its text.
func openAccountMenu(b *browsertest.Browser) string {
	b.Text(".account-button") // waits until signed in
	if !browsertest.Eval[bool](b, `document.querySelector(".account-button").getAttribute("aria-expanded") === "true"`) {
		b.Click(".account-button")
	}
	return b.Text(".account-menu")
}

// signOut signs out from the header's account menu and waits for « Se connecter ».
func signOut(b *browsertest.Browser) {
	openAccountMenu(b)
	b.Click(".account-menu .sign-out")
	b.WaitText(".account-menu", "Se connecter")
}

// setValue changes a form control as typing would for React: the native setter, then the
// input event React listens to (it replaces the whole value, which typing cannot do).
func setValue(t *testing.T, b *browsertest.Browser, sel, value string) {
	t.Helper()
	b.Text(sel) // waits until visible
	js, _ := json.Marshal(sel)
	v, _ := json.Marshal(value)
	ok := browsertest.Eval[bool](b, `(() => {
		const el = document.querySelector(`+string(js)+`);
		if (!el) return false;
		const proto = Object.getPrototypeOf(el);
		Object.getOwnPropertyDescriptor(proto, "value").set.call(el, `+string(v)+`);
		el.dispatchEvent(new Event(el.tagName === "SELECT" ? "change" : "input", { bubbles: true }));
		return true;
	})()`)
	if !ok {
		t.Fatalf("no %s", sel)
	}
}

// absent waits for the page to settle (its queries answered), then checks nothing matches sel.
func absent(t *testing.T, b *browsertest.Browser, sel string) {
	t.Helper()
	b.Settle()
	js, _ := json.Marshal(sel)
	if n := browsertest.Eval[int](b, `document.querySelectorAll(`+string(js)+`).length`); n > 0 {
		t.Errorf("%s is shown (%d)", sel, n)
	}
}

// TestPartnerKeepsListings is the BRIEF's second scenario in the browser: a member of the
// Samusocial de Paris signs in, sees her organisation's listings (the overdue one first), says
// « rien n'a changé », edits a listing, is refused a bad value in French beside the field
// (nothing saved), reads the change in the history and reverts it; she cannot edit another
// organisation's listing; the form fits a phone.
func TestPartnerKeepsListings(t *testing.T) {
	base := accountsApp(t)
	b := browsertest.New(t)

	// a wrong password is refused in French, without saying which part was wrong
	b.Open(base+"/connexion", "#email")
	b.Type("#email", partnerEmail)
	b.Type("#password", "pas le bon mot de passe")
	b.Press(kb.Enter)
	b.WaitText("[role=alert]", "Adresse e-mail ou mot de passe incorrect")
	b.Screenshot("connexion-refusee")

	signIn(t, b, base, partnerEmail)
	if got := openAccountMenu(b); !strings.Contains(got, "Marie Durand") || !strings.Contains(got, "Se déconnecter") || !strings.Contains(got, "partenaire") {
		t.Errorf("header account menu %q", got)
	}
	list := b.WaitText(".my-listings", "Mission Interface Personnes Âgées")
	for _, want := range []string{"Mission Interface Handicap", "115 de Paris", "à vérifier", "Rien n'a changé", "Modifier"} {
		if !strings.Contains(list, want) {
			t.Errorf("« Mes fiches » lacks %q:\n%s", want, list)
		}
	}
	if strings.Contains(list, "SIAO de la Haute-Marne") {
		t.Errorf("« Mes fiches » lists another organisation's listing:\n%s", list)
	}
	first := b.Text(".my-listings li:first-child")
	if !strings.Contains(first, "Mission Interface Handicap") || !strings.Contains(first, "à vérifier") || !strings.Contains(first, "Jamais vérifiée") {
		t.Errorf("the overdue listing does not come first: %q", first)
	}
	b.Screenshot("mes-fiches")

	// « Rien n'a changé » records the check: the listing is no longer overdue
	b.Click(`.my-listings li:first-child button`)
	b.WaitText(".success", "vérification enregistrée")
	if got := b.Text(".my-listings li:first-child"); strings.Contains(got, "à vérifier") || !strings.Contains(got, "dernière vérification le") {
		t.Errorf("still overdue after the check: %q", got)
	}
	// the others were never verified by the Samusocial: to verify, and counted so
	if got := b.Text(".my-listings li:nth-child(2)"); !strings.Contains(got, "à vérifier") || !strings.Contains(got, "Jamais vérifiée par son organisation") {
		t.Errorf("a listing never verified is not to verify: %q", got)
	}
	if got := b.Text("p.muted[role=status]"); !strings.Contains(got, "dont 3 à vérifier") {
		t.Errorf("the count after the check: %q", got)
	}
	// reloaded: what is to verify first, the verified listing last
	b.Open(base+"/mes-fiches", ".my-listings")
	if got := b.WaitText(".my-listings li:last-child", "Mission Interface Handicap"); strings.Contains(got, "à vérifier") {
		t.Errorf("the verified listing, last, is %q", got)
	}

	// edit a field: saved, shown on the listing
	const id = "dsp-mission-interface-personnes-agees"
	before := listing(t, base, id)
	b.Click(`a[href="/dispositifs/` + id + `/modifier"]`)
	b.WaitText("h1", "Mission Interface Personnes Âgées")
	b.Text("#f-accessNotes")
	const notes = "Sollicitez le coordinateur de votre secteur par téléphone, du lundi au vendredi."
	setValue(t, b, "#f-accessNotes", notes)
	b.Click(`.edit-form button[type=submit]`)
	b.WaitText(".success", "Modifications enregistrées")
	after := listing(t, base, id)
	if after["accessNotes"] != notes || after["version"].(float64) != before["version"].(float64)+1 {
		t.Errorf("after saving: %v (before: %v)", after, before)
	}

	// a bad value: the French message beside the field, nothing saved
	setValue(t, b, "#f-ageMin", "150")
	b.Click(`.edit-form button[type=submit]`)
	msg := b.WaitText("#f-ageMin-erreur", "L'âge minimum doit être compris entre 0 et 120 ans")
	if got := browsertest.Eval[string](b, `document.querySelector("#f-ageMin").getAttribute("aria-invalid")`); got != "true" {
		t.Errorf("the age field is not marked invalid (%q)", got)
	}
	if got := browsertest.Eval[string](b, `document.querySelector("#f-ageMin").getAttribute("aria-describedby")`); got != "f-ageMin-erreur" {
		t.Errorf("the age field is not described by its message %q (%q)", msg, got)
	}
	b.WaitText(".error-summary", "n'a pas été enregistrée")
	b.Screenshot("modifier-erreur")
	if now := listing(t, base, id); now["version"] != after["version"] || now["eligibility"].(map[string]any)["ageMin"] != before["eligibility"].(map[string]any)["ageMin"] {
		t.Errorf("a refused save changed the listing: %v", now)
	}

	// a closure that ends before it starts: the message beside its end date
	setValue(t, b, "#f-ageMin", "60")
	b.Click(`#f-notices button`) // « Ajouter une fermeture temporaire »
	setValue(t, b, "#f-notice-0-from", "2026-12-20")
	setValue(t, b, "#f-notice-0-to", "2026-12-10")
	b.Click(`.edit-form button[type=submit]`)
	b.WaitText("#f-notice-0-to-erreur", "La date de fin précède la date de début")
	if now := listing(t, base, id); now["version"] != after["version"] {
		t.Errorf("a refused closure changed the listing: %v", now)
	}
	b.Click(`#f-notices .linklike`) // « Retirer l'annonce 1 »

	// a phone number that is not one: the message beside the contact
	b.Click(`#f-contacts > button.secondary`) // « Ajouter un contact »
	setValue(t, b, "#f-contact-0-value", "pas un numéro")
	b.Click(`.edit-form button[type=submit]`)
	b.WaitText("#f-contact-0-erreur", "n'est pas valide")
	b.Click(`#f-contacts .row-group button`) // « Retirer »

	// the listing shows the change, and its editing links
	b.Open(base+"/dispositifs/"+id, "h1")
	b.WaitText("main", notes)
	b.WaitText(".sheet header", "Modifier")
	b.WaitText(".sheet header", "Historique")

	// the history shows who changed what, old → new; reverting restores the loaded version
	b.Click(`a[href="/dispositifs/` + id + `/historique"]`)
	h := b.WaitText(".history", "modification")
	for _, want := range []string{partnerEmail, "Précisions sur l'accès", notes, "Tout acteur de l'urgence sociale", "Revenir à cette version"} {
		if !strings.Contains(h, want) {
			t.Errorf("history lacks %q:\n%s", want, h)
		}
	}
	b.Screenshot("historique")
	b.Click(`.history li.op-bulk-load button`)
	b.WaitText(".success", "revenue au contenu de la version")
	if now := listing(t, base, id); now["accessNotes"] != before["accessNotes"] {
		t.Errorf("after the revert: %v, want %v", now["accessNotes"], before["accessNotes"])
	}
	// the revert is itself recorded: two changes of the access notes now
	b.WaitText(".history", "version "+jsonInt(after["version"].(float64)+1))
	if text := b.Text(".history"); strings.Count(text, "Précisions sur l'accès") != 2 {
		t.Errorf("the history shows %d changes of the access notes, want 2:\n%s", strings.Count(text, "Précisions sur l'accès"), text)
	}
}

// TestPartnerCannotEditOthers: no « Modifier » on another organisation's listing, and its edit
// page refuses; the edit form fits a phone.
func TestPartnerCannotEditOthers(t *testing.T) {
	base := accountsApp(t)
	b := browsertest.New(t)

	// repeated failures are slowed down, said in French with the wait
	b.Open(base+"/connexion", "#email")
	b.Type("#email", otherEmail)
	for i := 0; !strings.Contains(b.TextNow("[role=alert]"), "Trop de tentatives de connexion : réessayez dans"); i++ {
		if i == 20 {
			t.Fatalf("20 failed sign-ins, never slowed down: %q", b.TextNow("[role=alert]"))
		}
		b.Type("#password", "mauvais mot de passe")
		b.Press(kb.Enter)
		b.Settle()
	}

	signIn(t, b, base, partnerEmail)
	b.Open(base+"/dispositifs/dsp-mission-interface-handicap", "h1")
	b.WaitText(".sheet header", "Modifier") // her own: the links come
	b.Open(base+"/dispositifs/dsp-siao-52", "h1")
	b.WaitText("main", "Horaires")
	absent(t, b, `a[href="/dispositifs/dsp-siao-52/modifier"]`)
	absent(t, b, `a[href="/dispositifs/dsp-siao-52/historique"]`)
	b.Open(base+"/dispositifs/dsp-siao-52/modifier", "h1")
	b.WaitText("[role=alert]", "Vous ne pouvez pas modifier cette fiche")
	absent(t, b, "form.edit-form")

	// a phone: no sideways scrolling, every field labelled
	unlabelled := `[...document.querySelectorAll("input:not([type=hidden]), select, textarea")].filter(e => !e.labels?.length && !e.getAttribute("aria-label")).length`
	b.Viewport(375, 812)
	for _, p := range []struct{ path, wait, shot string }{
		{"/mes-fiches", ".my-listings", "telephone-mes-fiches"},
		{"/dispositifs/dsp-115-paris/modifier", "#f-hours", "telephone-modifier"},
		{"/dispositifs/dsp-115-paris/historique", "h1", ""},
		{"/connexion", "#email", ""},
	} {
		b.Open(base+p.path, p.wait)
		b.Settle()
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
	// with a rule of hours and a closure open, the form still fits
	b.Open(base+"/dispositifs/dsp-mission-interface-personnes-agees/modifier", "#f-hours")
	b.Click(`#f-hours > button.secondary`) // « Ajouter une règle »
	b.Click(`#f-notices .actions button`)
	b.Text("#f-notice-0-to")
	if w := browsertest.Eval[int](b, `document.documentElement.scrollWidth`); w > 375 {
		t.Errorf("the edit form with a rule and a closure is %d px wide on a 375 px screen", w)
	}
	b.Screenshot("telephone-modifier-horaires")

	// signing out: the header offers to sign in again
	b.Viewport(1280, 900)
	b.Open(base+"/", "h1")
	signOut(b)
}

// TestConcurrentEdit: while Marie edits, someone else saves the listing; her save is refused
// with the other change shown (who, when, which field, old → new), and reloading shows it.
func TestConcurrentEdit(t *testing.T) {
	base := accountsApp(t)
	b := browsertest.New(t)
	signIn(t, b, base, partnerEmail)
	const id = "dsp-115-paris"
	b.Open(base+"/dispositifs/"+id+"/modifier", "#f-description")
	v := listing(t, base, id)["version"].(float64)
	api(t, base, `mutation($id: ID!, $v: Int!) { updateDispositif(id: $id, expectedVersion: $v, input: {description: "Numéro d'urgence sociale, modifié par l'administration."}) { version } }`,
		map[string]any{"id": id, "v": int(v)}, true)

	setValue(t, b, "#f-accessNotes", "Appel gratuit, 24 h/24.")
	b.Click(`.edit-form button[type=submit]`)
	c := b.WaitText(".conflict", "modifiée pendant votre saisie")
	for _, want := range []string{"administrateur", "Description", "Numéro d'urgence sociale, modifié par l'administration."} {
		if !strings.Contains(c, want) {
			t.Errorf("the conflict lacks %q:\n%s", want, c)
		}
	}
	b.Screenshot("modifier-conflit")
	if got := listing(t, base, id); got["accessNotes"] == "Appel gratuit, 24 h/24." {
		t.Errorf("the second save overwrote: %v", got)
	}
	b.Click(`.conflict .actions button`) // « Recharger la fiche »
	b.WaitText("h1", "115")
	deadline := time.Now().Add(10 * time.Second)
	for browsertest.Eval[string](b, `document.querySelector("#f-description")?.value ?? ""`) != "Numéro d'urgence sociale, modifié par l'administration." {
		if time.Now().After(deadline) {
			t.Fatalf("the reloaded form does not show the other change")
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestCoordinatorPage: the coordination of the Haute-Marne sees its territory's overdue
// listings and its members, invites a member whose link creates the account.
func TestCoordinatorPage(t *testing.T) {
	base := accountsApp(t)
	b := browsertest.New(t)
	signIn(t, b, base, coordEmail)
	if got := openAccountMenu(b); !strings.Contains(got, "Suivi du territoire") {
		t.Errorf("the coordinator's account menu: %q", got)
	}
	b.Click(`.account-menu a[href="/suivi-territoire"]`)
	b.WaitText("h1", "Suivi du territoire")
	stale := b.WaitText(".stale-table", "SIAO de la Haute-Marne")
	if !strings.Contains(stale, "115 de la Haute-Marne") {
		t.Errorf("stale listings lack the 115:\n%s", stale)
	}
	if strings.Contains(stale, "Mission Interface") {
		t.Errorf("stale listings of another territory:\n%s", stale)
	}
	// the share of the territory's listings verified within the period (none: the seeded
	// listings were never verified)
	if got := b.WaitText(".verified-share", "vérifiées dans les 6 derniers mois"); !strings.Contains(got, "0 %") || !strings.Contains(got, "jamais vérifiée") {
		t.Errorf("verified share: %q", got)
	}
	// the differences imports raised: the coordinator keeps the listing as it is
	reviews := b.WaitText(".reviews-table", "la source « Annuaire de l'administration (DILA, 2019) » indique")
	if !strings.Contains(reviews, "115 de la Haute-Marne") {
		t.Errorf("reviews table:\n%s", reviews)
	}
	b.Click(`.reviews-table button.secondary`)
	b.WaitText("#source-reviews + p", "Aucune différence en attente")
	members := b.WaitText(".accounts-table", "Jeanne Martin")
	if !strings.Contains(members, otherEmail) || strings.Contains(members, partnerEmail) {
		t.Errorf("members of the territory:\n%s", members)
	}
	b.Screenshot("suivi-territoire")

	// an invitation outside the territory is refused in French
	b.Type("#inv-email", "quelquun@samusocial.fr")
	b.Type("#inv-org-search", "Samusocial")
	b.WaitText("#inv-org", "Samusocial de Paris")
	b.Click(`form button[type=submit]`)
	b.WaitText("#inv-org-erreur", "organisations de votre territoire")

	// invite a member of the préfecture: the link to send is shown
	setValue(t, b, "#inv-email", "collegue@haute-marne.gouv.fr")
	setValue(t, b, "#inv-org-search", "Haute-Marne")
	b.WaitText("#inv-org", "préfecture de la Haute-Marne")
	setValue(t, b, "#inv-org", "org-prefecture-haute-marne")
	b.Click(`form button[type=submit]`)
	b.WaitText(".invitation-sent", "collegue@haute-marne.gouv.fr")
	link := browsertest.Eval[string](b, `document.querySelector("#inv-link").value`)
	if !strings.HasPrefix(link, base+"/invitation/") || len(link) < len(base)+30 {
		t.Fatalf("invitation link %q", link)
	}
	b.WaitText(".invitations", "collegue@haute-marne.gouv.fr")
	b.Screenshot("suivi-invitation")

	// the invitee opens the link (signed out), chooses a name and a password
	signOut(b)
	b.Open(link, "#inv-displayName")
	if got := b.WaitText("main", "collegue@haute-marne.gouv.fr"); !strings.Contains(got, "partenaire") || !strings.Contains(got, "préfecture de la Haute-Marne") {
		t.Errorf("invitation page %q", got)
	}
	b.Type("#inv-displayName", "Paul Collègue")
	b.Type("#inv-password", password)
	b.Type("#inv-again", password+" !")
	b.Click(`form button[type=submit]`)
	b.WaitText("#inv-again-erreur", "ne sont pas identiques")
	setValue(t, b, "#inv-again", password)
	b.Click(`form button[type=submit]`)
	b.WaitText("h1", "Mes fiches")
	b.WaitText(".account-button", "Paul Collègue")
	// the link is used: it no longer works
	b.Open(link, "h1")
	b.WaitText("[role=alert]", "inconnue, a déjà été utilisée ou a expiré")
}

// TestOpenNowAndNotices: « Ouvert maintenant » on a 24/7 listing, on its page and in the search
// results; a temporary closure in progress is highlighted on the page and flags the listing
// « Fermé » in the results.
func TestOpenNowAndNotices(t *testing.T) {
	base := accountsApp(t)
	b := browsertest.New(t)
	b.Open(base+"/dispositifs/dsp-115-52", "h1")
	b.WaitText(".sheet header", "Ouvert maintenant")
	b.WaitText("main", "24 h/24, 7 j/7")

	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	today := graph.SystemClock().In(paris) // the server's clock
	v := listing(t, base, "dsp-siao-52")["version"].(float64)
	api(t, base, `mutation($id: ID!, $v: Int!, $from: String!, $to: String!) { updateDispositif(id: $id, expectedVersion: $v,
		input: {notices: [{kind: "closure", from: $from, to: $to, text: "Fermeture pour travaux : appelez le 115."}]}) { version } }`,
		map[string]any{"id": "dsp-siao-52", "v": int(v), "from": today.Format(time.DateOnly), "to": today.AddDate(0, 0, 7).Format(time.DateOnly)}, true)
	b.Open(base+"/dispositifs/dsp-siao-52", "h1")
	notice := b.WaitText(".current-notices", "Fermeture temporaire")
	if !strings.Contains(notice, "Fermeture pour travaux : appelez le 115.") {
		t.Errorf("current notice %q", notice)
	}
	if got := b.Text(".sheet header .open-badge"); got != "Fermé" {
		t.Errorf("badge during a closure: %q", got)
	}
	b.Screenshot("dispositif-fermeture")

	b.Open(base+"/rechercher?q=Haute-Marne%20115%20SIAO", ".cards")
	cards := b.WaitText(".cards", "115 de la Haute-Marne")
	for _, want := range []string{"Ouvert maintenant", "Fermé"} {
		if !strings.Contains(cards, want) {
			t.Errorf("search results lack %q:\n%s", want, cards)
		}
	}
}

// TestEditHours: opening hours as weekly rules (days, spans, public holidays closed), a rule
// without days refused beside the hours, then the 24/7 shortcut.
func TestEditHours(t *testing.T) {
	base := accountsApp(t)
	b := browsertest.New(t)
	signIn(t, b, base, partnerEmail)
	const id = "dsp-mission-interface-handicap"
	b.Open(base+"/dispositifs/"+id+"/modifier", "#f-hours")
	b.Click(`#f-hours > button.secondary`) // « Ajouter une règle »: du lundi au vendredi, 9 h – 17 h
	b.Text("#f-rule-0-span-0-opens")
	setValue(t, b, "#f-rule-0-span-0-closes", "12:30")
	b.Click(`#f-rule-0 .add-span`)
	b.Text("#f-rule-0-span-1-opens")
	setValue(t, b, "#f-rule-0-span-1-opens", "14:00")
	setValue(t, b, "#f-rule-0-span-1-closes", "17:30")
	b.Click(`#f-hours > button.secondary`) // a second rule: jours fériés, fermé
	b.Text("#f-rule-1-ph")
	if !browsertest.Eval[bool](b, `document.querySelector("#f-rule-1-ph").checked && document.querySelector("#f-rule-1-off").checked`) {
		t.Errorf("the second rule is not « jours fériés : fermé »")
	}
	b.Click(`.edit-form button[type=submit]`)
	b.WaitText(".success", "Modifications enregistrées")
	b.Open(base+"/dispositifs/"+id, "h1")
	hours := b.WaitText("main", "Horaires")
	for _, want := range []string{"Du lundi au vendredi : 9 h – 12 h 30, 14 h – 17 h 30", "Les jours fériés : fermé"} {
		if !strings.Contains(hours, want) {
			t.Errorf("the listing's hours lack %q", want)
		}
	}

	// a rule without days: refused, the message beside the hours, nothing saved
	v := listing(t, base, id)["version"]
	b.Open(base+"/dispositifs/"+id+"/modifier", "#f-rule-1-ph")
	b.Click("#f-rule-1-ph")
	b.Click(`.edit-form button[type=submit]`)
	b.WaitText("#f-hours-erreur", "aucun jour choisi")
	if got := listing(t, base, id)["version"]; got != v {
		t.Errorf("a refused rule changed the listing (version %v → %v)", v, got)
	}

	// the 24/7 shortcut
	b.Click("#f-247")
	b.Click(`.edit-form button[type=submit]`)
	b.WaitText(".success", "Modifications enregistrées")
	b.Open(base+"/dispositifs/"+id, "h1")
	b.WaitText("main", "24 h/24, 7 j/7")
	b.WaitText(".sheet header", "Ouvert maintenant")
}

// TestAPITokensPage: a partner creates an API token for a program from « Jetons d'accès » (its
// secret shown once, then working), sees it listed and revokes it (it stops working at once);
// an administrator sees every account's tokens.
func TestAPITokensPage(t *testing.T) {
	base := accountsApp(t)
	b := browsertest.New(t)
	signIn(t, b, base, partnerEmail)
	openAccountMenu(b)
	b.Click(`.account-menu a[href="/jetons"]`)
	b.WaitText("h1", "Jetons d'accès")
	b.Type("#jeton-nom", "Synchronisation du tableur")
	b.Click(`.token-form input[type=checkbox]:not(:checked)`) // « modification des fiches »
	b.Click(`.token-form button[type=submit]`)
	secret := b.WaitText(".token-secret", "mlg_")
	b.WaitText(`table[aria-label="Mes jetons"]`, "Synchronisation du tableur")
	if row := b.Text(`table[aria-label="Mes jetons"] tbody tr`); !strings.Contains(row, "read, write") || !strings.Contains(row, "jamais") {
		t.Errorf("the new token's row: %q", row)
	}
	me := func() string {
		req, _ := http.NewRequest(http.MethodPost, base+"/graphql", strings.NewReader(`{"query":"{ me { email } }"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+strings.TrimSpace(secret))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return string(body)
	}
	if got := me(); !strings.Contains(got, partnerEmail) {
		t.Fatalf("the token shown does not work: %s", got)
	}
	b.Screenshot("jetons-d-acces")
	b.Click(`button[aria-label="Révoquer le jeton « Synchronisation du tableur »"]`)
	b.WaitText("[role=status]", "est révoqué")
	b.WaitText(`table[aria-label="Mes jetons"]`, "révoqué le")
	if got := me(); !strings.Contains(got, `"me":null`) {
		t.Fatalf("the revoked token still works: %s", got)
	}
	absent(t, b, `table[aria-label="Tous les jetons"]`)

	admin := browsertest.New(t)
	signIn(t, admin, base, adminEmail)
	admin.Open(base+"/jetons", "h1")
	all := admin.WaitText(`table[aria-label="Tous les jetons"]`, "Synchronisation du tableur")
	if !strings.Contains(all, partnerEmail) {
		t.Errorf("the administrator's list: %q", all)
	}
	admin.Viewport(375, 812)
	admin.Settle()
	if w := browsertest.Eval[int](admin, `document.documentElement.scrollWidth`); w > 375 {
		t.Errorf("« Jetons d'accès » is %d px wide on a 375 px screen", w)
	}
	offline(t, b, base)
}

// TestSaveOutcomeWhereThePartnerLooks: « Enregistrer » is at the bottom of a long form; what
// the save gives (the fields to correct, or the confirmation) takes the focus and is shown on
// screen, at 1280×900, instead of appearing out of sight at the top with the focus on <body>.
func TestSaveOutcomeWhereThePartnerLooks(t *testing.T) {
	base := accountsApp(t)
	b := browsertest.New(t)
	b.Viewport(1280, 900)
	signIn(t, b, base, partnerEmail)
	const id = "dsp-mission-interface-handicap"
	b.Open(base+"/dispositifs/"+id+"/modifier", "#f-ageMin")

	// focused reports the focused element's class and whether it lies inside the viewport
	focused := func(class string) {
		t.Helper()
		js, _ := json.Marshal(class)
		deadline := time.Now().Add(5 * time.Second)
		for {
			got := browsertest.Eval[string](b, `(() => {
				const el = document.activeElement;
				if (!el || el === document.body) return "body";
				const r = el.getBoundingClientRect();
				const seen = r.top >= 0 && r.top < innerHeight && r.bottom > 0;
				return (el.classList.contains(`+string(js)+`) ? "ok" : el.tagName + "." + el.className) + (seen ? "" : " hors de l'écran (top " + Math.round(r.top) + ")");
			})()`)
			if got == "ok" {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("after « Enregistrer », focus on %s, want .%s on screen", got, class)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	bottom := `.form-actions button[type=submit]`

	// two faulty fields: the summary, focused and on screen, links to each
	setValue(t, b, "#f-ageMin", "150")
	setValue(t, b, "#f-frequency", "99")
	b.Click(bottom)
	focused("error-summary")
	if role := browsertest.Eval[string](b, `document.activeElement.getAttribute("role")`); role != "alert" {
		t.Errorf("the error summary has role %q, want alert", role)
	}
	summary := b.WaitText(".error-summary", "2 champs sont à corriger")
	if !strings.Contains(summary, "L'âge minimum") {
		t.Errorf("summary: %q", summary)
	}
	b.Click(`.error-summary li:first-child button`)
	if got := browsertest.Eval[string](b, `document.activeElement.id`); got != "f-ageMin" && got != "f-frequency" {
		t.Errorf("the summary's link focuses #%s, want a faulty field", got)
	}

	// corrected: the confirmation, focused and on screen
	setValue(t, b, "#f-ageMin", "60")
	setValue(t, b, "#f-frequency", "6")
	b.Click(bottom)
	focused("success")
	b.WaitText(".success", "Modifications enregistrées")
	b.Screenshot("modifier-enregistre")

	// nothing changed: said where she looks too
	b.Click(bottom)
	b.WaitText(".success", "Aucune modification")
	focused("success")
}
