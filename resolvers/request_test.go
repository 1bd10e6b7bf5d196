package resolvers_test

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/maillage/maillage/resolvers"
)

// post sends a raw body and returns the status and the first error's code and message.
func (a *api) post(contentType, body string) (int, string, string) {
	a.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, a.url, strings.NewReader(body))
	req.Header.Set("Content-Type", contentType)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		a.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var out response
	if err := json.Unmarshal(raw, &out); err != nil {
		a.t.Fatalf("HTTP %d, body not JSON: %q", resp.StatusCode, raw)
	}
	if len(out.Errors) == 0 {
		return resp.StatusCode, "", ""
	}
	code, _ := out.Errors[0].Extensions["code"].(string)
	return resp.StatusCode, code, out.Errors[0].Message
}

// TestClientMistakesAreBadUserInput: every request that is the client's mistake is answered
// BAD_USER_INPUT with a 4xx status and a French message, nothing executed; a batch is refused
// clearly; a body over the limit is refused without being read whole; the log quotes a short
// prefix of a bad body.
func TestClientMistakesAreBadUserInput(t *testing.T) {
	var logs bytes.Buffer
	a := newAPI(t, resolvers.Options{MaxBodyBytes: 4096, Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	a.seed()
	const js = "application/json"
	for _, c := range []struct {
		name, contentType, body string
		status                  int
		want                    string
	}{
		{"malformed JSON", js, `{"query": "{ stats { nodes { kind } } }"`, 400, "Corps de requête illisible"},
		{"query of the wrong type", js, `{"query": 12}`, 400, "Corps de requête illisible"},
		{"batch", js, `[{"query": "{ stats { nodes { kind } } }"}, {"query": "{ stats { nodes { kind } } }"}]`, 400, "requêtes groupées"},
		{"not JSON", "text/plain", `{ stats { nodes { kind } } }`, 415, "JSON"},
		{"invalid Time in a variable", js, `{"query": "mutation($d: Time) { updateDispositif(id: \"dsp-interface\", expectedVersion: 1, input: {lastVerifiedAt: $d}) { id } }", "variables": {"d": "hier"}}`, 400, "Date et heure illisibles « hier »"},
		{"invalid Time inside an input variable", js, `{"query": "mutation($i: DispositifInput!) { createDispositif(input: $i) { id } }", "variables": {"i": {"name": "X", "lastVerifiedAt": "2026-13-45"}}}`, 400, "RFC 3339"},
		{"invalid Time literal", js, `{"query": "mutation { updateDispositif(id: \"dsp-interface\", expectedVersion: 1, input: {lastVerifiedAt: \"demain\"}) { id } }"}`, 400, "Date et heure illisibles « demain »"},
		{"invalid enum in a variable", js, `{"query": "mutation($i: LinkInput!) { link(input: $i) { type } }", "variables": {"i": {"type": "NOPE", "from": "a", "to": "b"}}}`, 400, "NOPE"},
		{"unknown field", js, `{"query": "{ nope }"}`, 400, "Requête GraphQL invalide"},
		{"syntax", js, `{"query": "{ stats { "}`, 400, "Requête GraphQL illisible"},
		{"too complex", js, `{"query": "{ dispositifs(first: 100) { edges { node { id name type status description operators { id name dispositifs { id name } } } } } }"}`, 400, "Requête trop complexe"},
		{"too large", js, `{"query": "{ stats { nodes { kind } } }", "variables": {"x": "` + strings.Repeat("a", 8000) + `"}}`, 413, "Requête trop volumineuse : 4096 octets au plus"},
	} {
		status, code, msg := a.post(c.contentType, c.body)
		if status != c.status || code != "BAD_USER_INPUT" || !strings.Contains(msg, c.want) {
			t.Errorf("%s: HTTP %d %s %q, want %d BAD_USER_INPUT %q", c.name, status, code, msg, c.status, c.want)
		}
	}
	// nothing written by the refused mutations
	var d struct{ Dispositif struct{ Version int } }
	a.ok(false, `{ dispositif(id: "dsp-interface") { version } }`, nil, &d)
	if d.Dispositif.Version != 1 {
		t.Errorf("a refused mutation wrote: version %d", d.Dispositif.Version)
	}

	logs.Reset()
	status, _, _ := a.post(js, `{"query": "`+strings.Repeat("x", 3000))
	if status != 400 {
		t.Fatalf("malformed 3 KB body: HTTP %d", status)
	}
	if n := logs.Len(); n > 600 || !strings.Contains(logs.String(), "xxxx") {
		t.Errorf("the log of a malformed 3 KB body takes %d bytes: %q", n, logs.String())
	}
}

// TestInputHygiene: through the API, control characters in a text field and a list over its
// cap are refused field by field, and nothing is written.
func TestInputHygiene(t *testing.T) {
	a := newAPI(t, resolvers.Options{})
	a.seed()
	contacts := make([]map[string]any, 101)
	for i := range contacts {
		contacts[i] = map[string]any{"kind": "phone", "value": "115"}
	}
	create := `mutation($i: DispositifInput!) { createDispositif(input: $i) { id } }`
	for field, input := range map[string]map[string]any{
		"name":              {"name": "Halte\u0000de nuit"},
		"contacts[0].label": {"name": "Halte de nuit", "contacts": []map[string]any{{"kind": "phone", "value": "115", "label": "\u001b[31m"}}},
		"contacts":          {"name": "Halte de nuit", "contacts": contacts},
	} {
		e := a.fails(true, "BAD_USER_INPUT", create, map[string]any{"i": input})
		if fields, _ := e.Extensions["fields"].(map[string]any); fields[field] == nil {
			t.Errorf("%s: %+v", field, e)
		}
	}
	var list struct{ Dispositifs struct{ TotalCount int } }
	a.ok(false, `{ dispositifs { totalCount } }`, nil, &list)
	if list.Dispositifs.TotalCount != 2 {
		t.Errorf("%d dispositifs after refused creations", list.Dispositifs.TotalCount)
	}
}
