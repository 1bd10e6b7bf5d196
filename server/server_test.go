package server_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/maillage/maillage/graph/teststore"
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
