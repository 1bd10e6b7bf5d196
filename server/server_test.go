package server_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/maillage/maillage/graph/teststore"
	"github.com/maillage/maillage/opendata"
	"github.com/maillage/maillage/seed"
	"github.com/maillage/maillage/server"
)

// TestCrossSiteWritesRefused: a page of another site cannot write through a signed-in browser's
// cookie; same-origin pages and programs (no browser headers) can.
func TestCrossSiteWritesRefused(t *testing.T) {
	h, err := server.New(server.Config{Store: teststore.Open(t), AdminToken: "jeton"})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	post := func(headers map[string]string) int {
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/graphql", strings.NewReader(`{"query":"{ stats { nodes { kind } } }"}`))
		req.Header.Set("Content-Type", "application/json")
		for k, v := range headers {
			req.Header.Set(k, v)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if c := post(map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "https://ailleurs.example"}); c != http.StatusForbidden {
		t.Errorf("cross-site POST: %d, want 403", c)
	}
	if c := post(map[string]string{"Sec-Fetch-Site": "same-origin"}); c != http.StatusOK {
		t.Errorf("same-origin POST: %d, want 200", c)
	}
	if c := post(nil); c != http.StatusOK {
		t.Errorf("program POST: %d, want 200", c)
	}
}

// TestReportDownloads serves the three reports of the seeded Haute-Marne as CSV.
func TestReportDownloads(t *testing.T) {
	st := teststore.Open(t)
	if _, err := seed.Real(context.Background(), st, seed.Options{}); err != nil {
		t.Fatal(err)
	}
	h, err := server.New(server.Config{Store: st})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	get := func(path string) (int, string, string) {
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, resp.Header.Get("Content-Type"), string(body)
	}
	for _, path := range []string{"/rapports/couverture.csv?territoire=52&par=public,thematique", "/rapports/manques.csv?territoire=52", "/rapports/diagnostics.csv?territoire=dep-52"} {
		code, ctype, body := get(path)
		if code != http.StatusOK || !strings.HasPrefix(ctype, "text/csv") || !strings.Contains(body, ";") || strings.Count(body, "\n") < 3 {
			t.Errorf("%s: %d %s\n%.300s", path, code, ctype, body)
		}
	}
	if _, _, body := get("/rapports/couverture.csv?territoire=52"); !strings.Contains(body, "Chaumont") {
		t.Errorf("coverage CSV without Chaumont: %.300s", body)
	}
	if code, _, body := get("/rapports/manques.csv?territoire=99"); code != http.StatusNotFound || !strings.Contains(body, "introuvable") {
		t.Errorf("unknown territory: %d %s", code, body)
	}
	if code, _, body := get("/rapports/couverture.csv?territoire=52&par=couleur"); code != http.StatusBadRequest || !strings.Contains(body, "Dimension inconnue") {
		t.Errorf("unknown dimension: %d %s", code, body)
	}
	// /opendata/ serves the published listings with the licence and the attributions; an
	// archived listing is not published.
	d, err := st.Get(context.Background(), "dsp-siao-52")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Archive(context.Background(), d.NodeMeta().ID, d.NodeMeta().Version); err != nil {
		t.Fatal(err)
	}
	if code, _, body := get("/opendata/"); code != http.StatusOK || !strings.Contains(body, "Licence Ouverte") || !strings.Contains(body, "Open Referral") {
		t.Errorf("/opendata/: %d %.300s", code, body)
	}
	for _, path := range []string{"/opendata/data-inclusion/structures.json", "/opendata/data-inclusion/services.json", "/opendata/hsds/services.json"} {
		code, ctype, body := get(path)
		var items []map[string]any
		if code != http.StatusOK || !strings.HasPrefix(ctype, "application/json") || json.Unmarshal([]byte(body), &items) != nil || len(items) < 10 {
			t.Errorf("%s: %d %s %d items\n%.300s", path, code, ctype, len(items), body)
		}
		if strings.Contains(body, `"dsp-siao-52"`) || strings.Contains(body, opendata.UUID("dsp-siao-52")) {
			t.Errorf("%s publishes an archived listing", path)
		}
	}
}
