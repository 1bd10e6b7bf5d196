package resolvers_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/maillage/maillage/graph"
)

// TestTerritoryReports asks the SIAO's questions of the seeded Haute-Marne over HTTP.
func TestTerritoryReports(t *testing.T) {
	a := seededAPI(t)
	var cov struct {
		Coverage struct {
			Territory struct{ ID, Name string }
			RowLevel  string
			Columns   []struct{ Key, Label string }
			Rows      []struct {
				Territory struct {
					ID         string
					Population *int
				}
				Total struct {
					Dispositifs int
					Gap         bool
				}
			}
			Total struct{ Dispositifs int }
			Notes []string
		}
	}
	a.ok(false, `{ coverage(territory: "52", by: [PUBLIC]) { territory { id name } rowLevel columns { key label } rows { territory { id population } total { dispositifs gap } } total { dispositifs } notes } }`, nil, &cov)
	c := cov.Coverage
	if c.Territory.ID != "dep-52" || c.RowLevel != "commune" || len(c.Rows) < 400 || c.Total.Dispositifs != 3 || len(c.Notes) == 0 {
		t.Fatalf("Haute-Marne coverage: %s, level %s, %d rows, %d dispositifs, notes %v", c.Territory.ID, c.RowLevel, len(c.Rows), c.Total.Dispositifs, c.Notes)
	}
	chaumont := slices.IndexFunc(c.Rows, func(r struct {
		Territory struct {
			ID         string
			Population *int
		}
		Total struct {
			Dispositifs int
			Gap         bool
		}
	}) bool {
		return r.Territory.ID == "com-52121"
	})
	if chaumont < 0 || c.Rows[chaumont].Total.Dispositifs != 3 || c.Rows[chaumont].Territory.Population == nil {
		t.Fatalf("Chaumont's row: %+v", c.Rows[chaumont])
	}

	var gaps struct {
		Gaps struct {
			Gaps []struct {
				Rank             int
				Priority, Reason string
				Value            struct{ Dimension, Label string }
			}
		}
	}
	a.ok(false, `{ gaps(territory: "dep-52") { gaps { rank priority kind reason value { dimension label } territories { id } population } } }`, nil, &gaps)
	if len(gaps.Gaps.Gaps) == 0 || gaps.Gaps.Gaps[0].Rank != 1 || gaps.Gaps.Gaps[0].Reason == "" {
		t.Fatalf("Haute-Marne gaps: %+v", gaps)
	}
	var chrs bool
	for _, g := range gaps.Gaps.Gaps {
		chrs = chrs || strings.Contains(g.Reason, "CHRS") || strings.Contains(g.Value.Label, "CHRS")
	}
	if !chrs {
		t.Errorf("no CHRS gap in the Haute-Marne (the data has none): %+v", gaps.Gaps.Gaps[:min(5, len(gaps.Gaps.Gaps))])
	}

	var diag struct {
		Diagnostics struct {
			Dispositifs int
			NoOperator  []struct{ Dispositif struct{ ID string } }
			Isolated    []struct{ Dispositif struct{ ID string } }
			Summary     []string
			Stale       struct{ Total int }
		}
	}
	a.ok(false, `{ diagnostics(territory: "52") { dispositifs noOperator { dispositif { id } reason } isolated { dispositif { id } } deadEnds { status } singleReferrer { referrer { name } } summary stale { total stale share } } }`, nil, &diag)
	d := diag.Diagnostics
	if d.Dispositifs != 3 || len(d.Summary) == 0 || d.Stale.Total != 3 ||
		!slices.ContainsFunc(d.NoOperator, func(i struct{ Dispositif struct{ ID string } }) bool { return i.Dispositif.ID == "dsp-115-52" }) ||
		!slices.ContainsFunc(d.Isolated, func(i struct{ Dispositif struct{ ID string } }) bool {
			return i.Dispositif.ID == "dsp-finess-520005869"
		}) {
		t.Fatalf("Haute-Marne diagnostics: %+v", d)
	}

	var ls struct {
		CoverageListings []struct{ Dispositif struct{ ID string } }
	}
	a.ok(false, `{ coverageListings(territory: "52", by: [PUBLIC], row: "com-52121") { dispositif { id name } partial } }`, nil, &ls)
	if len(ls.CoverageListings) != 3 {
		t.Fatalf("listings behind Chaumont's row: %+v", ls)
	}
	a.fails(false, graph.CodeNotFound, `{ coverage(territory: "99", by: [PUBLIC]) { total { dispositifs } } }`, nil)
	a.fails(false, graph.CodeBadUserInput, `{ coverage(territory: "52", by: [PUBLIC], rowLevel: "quartier") { total { dispositifs } } }`, nil)
}
