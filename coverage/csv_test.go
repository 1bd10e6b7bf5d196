package coverage_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"github.com/maillage/maillage/coverage"
)

// readCSV parses an export: UTF-8 with a byte-order mark, « ; » separated.
func readCSV(t *testing.T, b []byte) [][]string {
	t.Helper()
	if !bytes.HasPrefix(b, []byte("\uFEFF")) {
		t.Fatal("no byte-order mark")
	}
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\uFEFF"))))
	r.Comma = ';'
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func TestCoverageCSV(t *testing.T) {
	st := seeded(t)
	m, err := coverage.Coverage(ctx, st, "dep-15", byType, coverage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := coverage.WriteCoverageCSV(&buf, m); err != nil {
		t.Fatal(err)
	}
	recs := readCSV(t, buf.Bytes())
	h := recs[0]
	if strings.Join(h[:5], "|") != "Code territoire|Territoire|Niveau|Population|Type de dispositif" || h[len(h)-1] != "Lacune" || h[len(h)-2] != "ETP pour 10 000 habitants" {
		t.Fatalf("header %v", h)
	}
	// one line per commune and column, one total per commune, then the Cantal's columns and total
	if want := 1 + 250*(len(m.Columns)+1) + len(m.Columns) + 1; len(recs) != want {
		t.Errorf("%d lines, want %d", len(recs), want)
	}
	find := func(code, value string) []string {
		for _, r := range recs {
			if r[0] == code && r[4] == value {
				return r
			}
		}
		t.Fatalf("no line %s %s", code, value)
		return nil
	}
	at := func(r []string, name string) string {
		for i, x := range h {
			if x == name {
				return r[i]
			}
		}
		t.Fatalf("no column %s", name)
		return ""
	}
	emmsp := find("15014", "Équipe mobile médico-sociale précarité")
	if at(emmsp, "Territoire") != "Aurillac" || at(emmsp, "Dispositifs") != "1" || at(emmsp, "ETP déclarés") != "1,70" || at(emmsp, "ETP pour 10 000 habitants") != "0,12" ||
		at(emmsp, "Places déclarées") != "" || at(emmsp, "Lacune") != "non" {
		t.Errorf("Aurillac emmsp %v", emmsp)
	}
	if r := find("15014", "Centre d'hébergement et de réinsertion sociale (CHRS)"); at(r, "Dispositifs") != "0" || at(r, "Lacune") != "oui" {
		t.Errorf("Aurillac CHRS %v", r)
	}
	if r := find("15", "Ensemble"); at(r, "Territoire") != "Cantal" || at(r, "Niveau") != "département" || at(r, "Dispositifs") != "2" || at(r, "Population") != "144196" {
		t.Errorf("Cantal total %v", r)
	}
}

func TestGapsAndDiagnosticsCSV(t *testing.T) {
	st := seeded(t)
	g, err := coverage.Gaps(ctx, st, "dep-52", coverage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := coverage.WriteGapsCSV(&buf, g); err != nil {
		t.Fatal(err)
	}
	recs := readCSV(t, buf.Bytes())
	if len(recs) != len(g.Gaps)+1 || recs[0][0] != "Rang" || recs[0][11] != "Raison" {
		t.Fatalf("%d lines, header %v", len(recs), recs[0])
	}
	if r := recs[1]; r[0] != "1" || r[1] != "haute" || r[2] != "Absence dans le territoire" || r[10] != "100,0 %" || r[11] != g.Gaps[0].Reason {
		t.Errorf("first gap %v", r)
	}
	d, err := coverage.Diagnostics(ctx, st, "dep-75", coverage.Options{Now: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	buf.Reset()
	if err := coverage.WriteDiagnosticsCSV(&buf, d); err != nil {
		t.Fatal(err)
	}
	recs = readCSV(t, buf.Bytes())
	var kinds []string
	for _, r := range recs[1:] {
		kinds = append(kinds, r[0]+"|"+r[1])
	}
	all := strings.Join(kinds, "\n")
	for _, want := range []string{"Synthèse|", "Sans opérateur|dsp-siao-paris", "Impasse d'orientation à vérifier|dsp-nuitees-hotelieres-ase-paris",
		"Orientation par un seul acteur|dsp-nuitees-hotelieres-ase-paris", "Isolé|dsp-finess-750055436", "Offre d'une seule organisation|dsp-115-paris"} {
		if !strings.Contains(all, want) {
			t.Errorf("no line %q in\n%s", want, all)
		}
	}
}
