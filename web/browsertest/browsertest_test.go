package browsertest

import (
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp/kb"
)

// page serves a small French page that tries to leave the machine three ways: a script from a
// CDN, an image over plain HTTP, and a fetch from a web worker.
func page(t *testing.T) string {
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(`<!doctype html><html lang="fr"><meta charset="utf-8">
<a href="#suite" id="lien">Aller à la suite</a>
<h1>Bonjour</h1>
<p id="etat">en attente</p>
<label for="nom">Nom</label> <input id="nom">
<script src="https://cdn.example.org/bibliotheque.js"></script>
<img src="http://images.example.net/logo.png" alt="">
<script>
new Worker("/travailleur.js").onmessage = (e) => { document.getElementById("etat").textContent = e.data; };
document.getElementById("nom").addEventListener("input", (e) => { document.getElementById("etat").textContent = "saisi : " + e.target.value; });
</script></html>`))
	})
	mux.HandleFunc("/travailleur.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript")
		_, _ = w.Write([]byte(`fetch("https://worker.example.com/donnees").then(() => postMessage("joint"), () => postMessage("refusé"));`))
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv.URL
}

func TestBrowserRecordsEveryWayOut(t *testing.T) {
	base := page(t)
	b := New(t)
	b.Open(base+"/", "h1")
	// the worker's fetch fails (the guard refuses it), and the page says so
	b.WaitText("#etat", "refusé")
	deadline := time.Now().Add(10 * time.Second)
	want := []string{"cdn.example.org:443", "images.example.net", "worker.example.com:443"}
	for {
		out := b.Outbound()
		missing := slices.DeleteFunc(slices.Clone(want), func(h string) bool { return slices.Contains(out, h) })
		if len(missing) == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the guard saw %v, not %v", out, missing)
		}
		time.Sleep(100 * time.Millisecond)
	}
	requests := strings.Join(b.Requests(), " ")
	for _, want := range []string{base + "/", base + "/travailleur.js", "https://cdn.example.org/bibliotheque.js", "http://images.example.net/logo.png"} {
		if !strings.Contains(requests, want) {
			t.Errorf("requests %s lack %s", requests, want)
		}
	}
}

func TestBrowserHelpers(t *testing.T) {
	base := page(t)
	b := New(t)
	b.Open(base+"/", "h1")
	if got := b.Text("h1"); got != "Bonjour" {
		t.Errorf("Text: %q", got)
	}
	if got := Eval[string](b, `document.documentElement.lang`); got != "fr" {
		t.Errorf("Eval: %q", got)
	}
	b.Press(kb.Tab)
	if got := Eval[string](b, `document.activeElement.id`); got != "lien" {
		t.Errorf("Press(Tab) focused %q", got)
	}
	b.Type("#nom", "Zoé")
	b.WaitText("#etat", "saisi : Zoé")
	b.Click("#lien")
	if got := Eval[string](b, `location.hash`); got != "#suite" {
		t.Errorf("Click: hash %q", got)
	}
	b.Viewport(375, 812)
	if got := Eval[int](b, `innerWidth`); got != 375 {
		t.Errorf("Viewport: width %d", got)
	}
	if b.TextNow("#absent") != "" {
		t.Error("TextNow of a missing element")
	}
	t.Setenv("MAILLAGE_ARTIFACTS", t.TempDir())
	path, size := b.Screenshot("page")
	data, err := os.ReadFile(path)
	if err != nil || size != len(data) || !strings.HasPrefix(string(data), "\x89PNG") {
		t.Errorf("Screenshot: %s, %d bytes, err %v", path, size, err)
	}
}

// TestSettleWaitsForTheQueries: a page that shows its answer after a slow request is settled
// only once the answer is drawn.
func TestSettleWaitsForTheQueries(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(`<!doctype html><html lang="fr"><meta charset="utf-8"><h1>Attente</h1>
<script>fetch("/lent").then((r) => r.text()).then((t) => { const p = document.createElement("p"); p.id = "reponse"; p.textContent = t; document.body.append(p); });</script></html>`))
	})
	mux.HandleFunc("/lent", func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(1500 * time.Millisecond)
		_, _ = w.Write([]byte("arrivée"))
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	b := New(t)
	b.Open(srv.URL+"/", "h1")
	b.Settle()
	if got := b.TextNow("#reponse"); got != "arrivée" {
		t.Fatalf("settled before the answer: %q", got)
	}
}

// TestBlockedReportsContentSecurityPolicy: what a page's policy refuses (here an inline script)
// is reported, and the page's own script runs.
func TestBlockedReportsContentSecurityPolicy(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", "script-src 'self'")
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(`<!doctype html><html lang="fr"><meta charset="utf-8"><h1 id="t">avant</h1>
<script>document.getElementById("t").textContent = "en ligne";</script><script src="/propre.js"></script></html>`))
	})
	mux.HandleFunc("/propre.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript")
		_, _ = w.Write([]byte(`document.body.append(Object.assign(document.createElement("p"), {id: "propre", textContent: "exécuté"}));`))
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	b := New(t)
	b.Open(srv.URL+"/", "#propre")
	if got := b.TextNow("#t"); got != "avant" {
		t.Errorf("the inline script ran: %q", got)
	}
	deadline := time.Now().Add(5 * time.Second)
	for len(b.Blocked()) == 0 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if blocked := b.Blocked(); len(blocked) != 1 || !strings.Contains(blocked[0], "inline script") {
		t.Errorf("blocked: %q", blocked)
	}
}
