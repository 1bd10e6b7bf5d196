package exchange_test

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/graph/embedded"
	"github.com/maillage/maillage/graph/exchange"
)

func openStore(t *testing.T) graph.Store {
	t.Helper()
	s, err := embedded.Open(filepath.Join(t.TempDir(), "maillage.db"), embedded.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func intp(i int) *int           { return &i }
func floatp(f float64) *float64 { return &f }

// populate writes a small graph with every kind of field a round trip must keep.
func populate(t *testing.T, s graph.Store) {
	t.Helper()
	ctx := context.Background()
	dep := &graph.Territory{Meta: graph.Meta{ID: "dep-15"}, Level: graph.LevelDepartement, Code: "15", Name: "Cantal", Population: intp(144196)}
	org := &graph.Organisation{Meta: graph.Meta{ID: "org-logisens", Sources: []graph.Source{{Dataset: "seed-doc:002", Quote: "LOGISENS, en tant que bailleur social"}}}, Name: "LOGISENS", Type: "bailleur-social"}
	dsp := &graph.Dispositif{Meta: graph.Meta{ID: "dsp-equipe-mobile"}, Name: "Équipe mobile précarité", Status: "active",
		Eligibility: graph.Eligibility{AgeMin: intp(18), Conditions: "Locataires en difficulté"},
		Staff:       []graph.StaffLine{{Role: "infirmier", ETP: floatp(0.8)}},
		Figures:     []graph.Figure{{Label: "ménages visés", Value: 30, Year: 2017}}}
	for _, n := range []graph.Node{dep, org, dsp} {
		if _, err := s.Create(ctx, n); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Update(ctx, &graph.Organisation{Name: "LOGISENS", Type: "bailleur-social", Meta: graph.Meta{ID: "org-logisens"}}, 1); err != nil {
		t.Fatal(err)
	}
	for _, e := range []graph.Edge{
		{Type: graph.Operates, From: "org-logisens", To: "dsp-equipe-mobile"},
		{Type: graph.Funds, From: "org-logisens", To: "dsp-equipe-mobile", Amount: floatp(40000), Year: intp(2017)},
		{Type: graph.Covers, From: "dsp-equipe-mobile", To: "dep-15"},
	} {
		if _, err := s.Link(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Archive(ctx, "dsp-equipe-mobile", 0); err != nil {
		t.Fatal(err)
	}
}

// body drops the header line, whose export time differs between two exports.
func body(b []byte) string {
	s := string(b)
	return s[strings.IndexByte(s, '\n')+1:]
}

func TestRoundTripIsLossless(t *testing.T) {
	ctx := context.Background()
	a := openStore(t)
	populate(t, a)
	var first bytes.Buffer
	c, err := exchange.Export(ctx, a, &first, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.Nodes != 3 || c.Edges != 3 {
		t.Fatalf("exported %+v, want 3 nodes and 3 edges", c)
	}

	b := openStore(t)
	for range 2 { // importing twice changes nothing
		rep, err := exchange.Import(ctx, b, bytes.NewReader(first.Bytes()), nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Errors) > 0 || rep.Imported != c || rep.Expected == nil || *rep.Expected != c {
			t.Fatalf("import report %+v", rep)
		}
	}
	var second bytes.Buffer
	if _, err := exchange.Export(ctx, b, &second, nil); err != nil {
		t.Fatal(err)
	}
	if body(first.Bytes()) != body(second.Bytes()) {
		t.Fatalf("round trip changed the graph:\n%s\n---\n%s", body(first.Bytes()), body(second.Bytes()))
	}
	d, err := graph.GetAs[*graph.Dispositif](ctx, b, "dsp-equipe-mobile")
	if err != nil {
		t.Fatal(err)
	}
	if !d.Archived() || d.Version != 2 || *d.Staff[0].ETP != 0.8 {
		t.Fatalf("imported dispositif lost data: %+v", d)
	}
	o, _ := graph.GetAs[*graph.Organisation](ctx, b, "org-logisens")
	if o.Version != 2 || len(o.Sources) != 1 {
		t.Fatalf("imported organisation lost data: %+v", o)
	}
}

func TestImportReportsBadLinesAndKeepsGoodOnes(t *testing.T) {
	ctx := context.Background()
	file := strings.Join([]string{
		`{"format":"maillage-graph","version":1}`,
		`{"node":{"kind":"Organisation","data":{"id":"org-a","version":1,"name":"A"}}}`,
		`{"node":{"kind":"Organisation","data":{"id":"org-b","version":1,"name":""}}}`,
		`{"node":{"kind":"Dispositif","data":{"id":"dsp-c","version":1,"name":"C","status":"active"}}}`,
		`{not json`,
		`{"node":{"kind":"Martien","data":{"id":"x","version":1}}}`,
		`{"edge":{"type":"OPERATES","from":"org-a","to":"dsp-c"}}`,
		`{"edge":{"type":"OPERATES","from":"org-a","to":"dsp-absent"}}`,
		`{"edge":{"type":"SERVES","from":"org-a","to":"dsp-c"}}`,
		`{"end":{"nodes":5,"edges":3}}`,
	}, "\n")
	s := openStore(t)
	rep, err := exchange.Import(ctx, s, strings.NewReader(file), nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Imported != (exchange.Counts{Nodes: 2, Edges: 1}) {
		t.Fatalf("imported %+v, want 2 nodes and 1 edge", rep.Imported)
	}
	var lines []int
	for _, e := range rep.Errors {
		lines = append(lines, e.Line)
		if e.Message == "" {
			t.Errorf("line %d: empty message", e.Line)
		}
	}
	want := []int{3, 5, 6, 8, 9}
	if len(lines) != len(want) {
		t.Fatalf("bad lines %v (%+v), want %v", lines, rep.Errors, want)
	}
	for i := range want {
		if lines[i] != want[i] {
			t.Fatalf("bad lines %v, want %v", lines, want)
		}
	}
	edges, err := s.Edges(ctx, graph.EdgeQuery{IDs: []string{"org-a"}, Direction: graph.Outgoing})
	if err != nil || len(edges) != 1 || edges[0].To != "dsp-c" {
		t.Fatalf("edges after import: %+v %v", edges, err)
	}
}
