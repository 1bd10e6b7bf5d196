package resolvers_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/graph/clocktest"
	"github.com/maillage/maillage/resolvers"
)

type revision struct {
	Op, OpLabel string
	Actor       *string
	Version     *int
	Changes     []struct {
		Field, Label string
		Old, New     *string
	}
	Relation *struct{ Type, From, To string }
}

func TestHistoryConflictRevertVerify(t *testing.T) {
	clock := clocktest.New(time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC))
	a := newAPIWithClock(t, clock.Clock(), resolvers.Options{})
	a.seed()
	const upd = `mutation($v: Int!, $in: DispositifInput!) { updateDispositif(id: "dsp-interface", expectedVersion: $v, input: $in) { version name } }`

	// Two editors read version 1; the first saves, the second gets CONFLICT with the first's change.
	var first struct{ UpdateDispositif struct{ Version int } }
	a.ok(true, upd, map[string]any{"v": 1, "in": map[string]any{"name": "Mission Interface (Samusocial)", "status": "active"}}, &first)
	e := a.fails(true, graph.CodeConflict, upd, map[string]any{"v": 1, "in": map[string]any{"name": "Interface", "accessNotes": "Sur orientation.", "status": "active"}})
	details, _ := e.Extensions["details"].(map[string]any)
	if details["currentVersion"] != float64(2) {
		t.Fatalf("conflict details: %+v", e)
	}
	since, _ := details["since"].([]any)
	raw, _ := json.Marshal(since)
	if len(since) != 1 || !json.Valid(raw) || !strings.Contains(string(raw), `"field":"name"`) || !strings.Contains(string(raw), `Mission Interface (Samusocial)`) {
		t.Fatalf("the other change is not shown: %s", raw)
	}
	var d struct{ Dispositif struct{ Name string } }
	a.ok(false, `{ dispositif(id: "dsp-interface") { name } }`, nil, &d)
	if d.Dispositif.Name != "Mission Interface (Samusocial)" {
		t.Fatalf("the refused save changed the listing: %q", d.Dispositif.Name)
	}

	// History needs authentication, and shows every change with its fields and actor.
	a.fails(false, graph.CodeUnauthenticated, `{ history(id: "dsp-interface") { op } }`, nil)
	a.ok(true, `mutation { link(input: {type: COVERS, from: "dsp-interface", to: "com-93066"}) { type } }`, nil, nil)
	var h struct{ History []revision }
	a.ok(true, `{ history(id: "dsp-interface") { op opLabel actor version changes { field label old new } relation { type from to } } }`, nil, &h)
	var ops []string
	for _, r := range h.History {
		ops = append(ops, r.Op)
	}
	// The test seed created the listing, then linked it (7 relations), then the update and the link above.
	if want := []string{"create", "link", "link", "link", "link", "link", "link", "link", "update", "link"}; !slices.Equal(ops, want) {
		t.Fatalf("history ops: %v, want %v", ops, want)
	}
	upd1 := h.History[len(h.History)-2]
	if upd1.Actor == nil || *upd1.Actor != "administrateur" || upd1.OpLabel != "modification" || len(upd1.Changes) != 1 ||
		upd1.Changes[0].Field != "name" || upd1.Changes[0].Label != "nom" || *upd1.Changes[0].Old != `"Mission Interface"` {
		t.Fatalf("update revision: %+v", upd1)
	}
	if last := h.History[len(h.History)-1]; last.Relation == nil || last.Relation.To != "com-93066" {
		t.Fatalf("link revision: %+v", last)
	}

	// Revert to version 1: a new version with the old name, itself in the history.
	var rv struct {
		Revert struct {
			Version int
			Name    string
		}
	}
	a.ok(true, `mutation { revert(id: "dsp-interface", version: 1, expectedVersion: 2) { version ... on Dispositif { name } } }`, nil, &rv)
	if rv.Revert.Version != 3 || rv.Revert.Name != "Mission Interface" {
		t.Fatalf("revert: %+v", rv)
	}
	a.fails(true, graph.CodeConflict, `mutation { revert(id: "dsp-interface", version: 1, expectedVersion: 2) { version } }`, nil)
	a.fails(true, graph.CodeNotFound, `mutation { revert(id: "dsp-interface", version: 42, expectedVersion: 3) { version } }`, nil)

	// Freshness: 7 months later the listing is overdue; « rien n'a changé » makes it fresh.
	clock.AddMonths(7)
	var st struct {
		StaleListings []struct {
			Dispositif          struct{ ID string }
			MonthsSinceVerified int
		}
	}
	a.ok(false, `{ staleListings(territory: "reg-11") { dispositif { id } monthsSinceVerified } }`, nil, &st)
	if len(st.StaleListings) != 1 || st.StaleListings[0].Dispositif.ID != "dsp-interface" || st.StaleListings[0].MonthsSinceVerified != 7 {
		t.Fatalf("stale listings of Île-de-France: %+v", st)
	}
	var vf struct {
		VerifyDispositif struct {
			Version        int
			Stale          bool
			LastVerifiedAt time.Time
			DueAt          time.Time
		}
	}
	a.ok(true, `mutation { verifyDispositif(id: "dsp-interface", expectedVersion: 3) { version stale lastVerifiedAt dueAt } }`, nil, &vf)
	if vf.VerifyDispositif.Stale || vf.VerifyDispositif.Version != 4 || !vf.VerifyDispositif.LastVerifiedAt.Equal(clock.Now()) ||
		!vf.VerifyDispositif.DueAt.Equal(graph.AddMonths(clock.Now(), 6)) {
		t.Fatalf("verify: %+v", vf)
	}
	a.ok(false, `{ staleListings(territory: "reg-11") { dispositif { id } } }`, nil, &st)
	if len(st.StaleListings) != 0 {
		t.Fatalf("still stale after verification: %+v", st)
	}
	a.fails(false, graph.CodeNotFound, `{ staleListings(territory: "dep-00") { dispositif { id } } }`, nil)
	a.fails(true, graph.CodeBadUserInput, `mutation { updateDispositif(id: "dsp-interface", expectedVersion: 4, input: {name: "X", status: "active", updateFrequencyMonths: 0}) { version } }`, nil)
}

// TestHistoryOfALoadedListing: a listing of the reference data starts its history with its
// loading, with the content it was loaded with, even after it was edited.
func TestHistoryOfALoadedListing(t *testing.T) {
	a := seededAPI(t)
	q := `{ history(id: "dsp-siao-52") { op opLabel version at changes { field new } } }`
	var h struct {
		History []struct {
			Op, OpLabel string
			Version     int
			Changes     []struct {
				Field string
				New   *string
			}
		}
	}
	a.ok(true, q, nil, &h)
	if len(h.History) != 1 || h.History[0].Op != "bulk-load" || h.History[0].OpLabel == "" || h.History[0].Version != 1 {
		t.Fatalf("history of the loaded SIAO 52: %+v", h.History)
	}
	name := func() string {
		for _, c := range h.History[0].Changes {
			if c.Field == "name" && c.New != nil {
				return *c.New
			}
		}
		return ""
	}
	loadedName := name()
	if loadedName == "" {
		t.Fatalf("the loaded content is not shown: %+v", h.History[0])
	}
	a.ok(true, `mutation { updateDispositif(id: "dsp-siao-52", expectedVersion: 1, input: {name: "SIAO 52 renommé"}) { version } }`, nil, nil)
	a.ok(true, q, nil, &h)
	if len(h.History) != 2 || h.History[0].Op != "bulk-load" || name() != loadedName || h.History[1].Op != "update" {
		t.Fatalf("history after an edit: %+v", h.History)
	}
}

// TestFreshnessAcrossTheCalendar runs the freshness scenario (created: to verify; verified: due
// after six months, overdue, verified again) from dates where calendar arithmetic goes wrong: month ends, a leap day,
// the new year in Paris (still the old year in UTC) and both daylight-saving changes. The store
// and the API read one injected clock, so the scenario never depends on the day it runs.
func TestFreshnessAcrossTheCalendar(t *testing.T) {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name       string
		start, due time.Time
	}{
		{"fin d'août", time.Date(2026, 8, 31, 10, 0, 0, 0, paris), time.Date(2027, 2, 28, 10, 0, 0, 0, paris)},
		{"vers un 29 février", time.Date(2027, 8, 31, 10, 0, 0, 0, paris), time.Date(2028, 2, 29, 10, 0, 0, 0, paris)},
		{"un 29 février", time.Date(2028, 2, 29, 9, 0, 0, 0, paris), time.Date(2028, 8, 29, 9, 0, 0, 0, paris)},
		{"31 décembre", time.Date(2026, 12, 31, 18, 0, 0, 0, paris), time.Date(2027, 6, 30, 18, 0, 0, 0, paris)},
		{"nouvel an à Paris", time.Date(2027, 1, 1, 0, 30, 0, 0, paris), time.Date(2027, 7, 1, 0, 30, 0, 0, paris)},
		{"passage à l'heure d'été", time.Date(2027, 3, 28, 3, 30, 0, 0, paris), time.Date(2027, 9, 28, 3, 30, 0, 0, paris)},
		{"passage à l'heure d'hiver", time.Date(2026, 4, 25, 2, 30, 0, 0, paris), time.Date(2026, 10, 25, 2, 30, 0, 0, paris)},
	} {
		t.Run(c.name, func(t *testing.T) {
			clock := clocktest.New(c.start)
			a := newAPIWithClock(t, clock.Clock(), resolvers.Options{})
			a.seed()
			type listing struct {
				Version          int
				Stale            bool
				UpdatedAt, DueAt time.Time
				LastVerifiedAt   *time.Time
			}
			var got struct{ Dispositif listing }
			a.ok(false, `{ dispositif(id: "dsp-interface") { version stale updatedAt dueAt lastVerifiedAt } }`, nil, &got)
			// Never verified: to verify from the start.
			if !got.Dispositif.UpdatedAt.Equal(c.start) || !got.Dispositif.DueAt.Equal(c.start) || !got.Dispositif.Stale {
				t.Fatalf("created at %s: %+v, want to verify", c.start, got.Dispositif)
			}
			// Verified on the day it is created: due six months on.
			var first struct{ VerifyDispositif listing }
			a.ok(true, `mutation($v: Int!) { verifyDispositif(id: "dsp-interface", expectedVersion: $v) { version stale updatedAt dueAt lastVerifiedAt } }`,
				map[string]any{"v": got.Dispositif.Version}, &first)
			if f := first.VerifyDispositif; f.Stale || !f.DueAt.Equal(c.due) {
				t.Fatalf("verified at %s: %+v, due %s", c.start, f, c.due)
			}
			got.Dispositif = first.VerifyDispositif
			stale := func() []struct {
				Dispositif          struct{ ID string }
				MonthsSinceVerified int
			} {
				var st struct {
					StaleListings []struct {
						Dispositif          struct{ ID string }
						MonthsSinceVerified int
					}
				}
				a.ok(false, `{ staleListings(territory: "reg-11") { dispositif { id } monthsSinceVerified } }`, nil, &st)
				return st.StaleListings
			}
			clock.Set(c.due.Add(-time.Minute))
			if s := stale(); len(s) != 0 {
				t.Fatalf("a minute before it is due: %+v", s)
			}
			clock.Set(c.due)
			if s := stale(); len(s) != 1 || s[0].MonthsSinceVerified != 6 {
				t.Fatalf("when due: %+v", s)
			}
			clock.Set(graph.AddMonths(c.start, 7))
			if s := stale(); len(s) != 1 || s[0].MonthsSinceVerified != 7 {
				t.Fatalf("seven months on: %+v", s)
			}
			verifiedAt := clock.Now()
			var vf struct{ VerifyDispositif listing }
			a.ok(true, `mutation($v: Int!) { verifyDispositif(id: "dsp-interface", expectedVersion: $v) { version stale updatedAt dueAt lastVerifiedAt } }`,
				map[string]any{"v": got.Dispositif.Version}, &vf)
			v := vf.VerifyDispositif
			if v.Stale || v.LastVerifiedAt == nil || !v.LastVerifiedAt.Equal(verifiedAt) || !v.UpdatedAt.Equal(verifiedAt) ||
				!v.DueAt.Equal(graph.AddMonths(verifiedAt, 6)) {
				t.Fatalf("verified at %s: %+v", verifiedAt, v)
			}
			if s := stale(); len(s) != 0 {
				t.Fatalf("stale after verification: %+v", s)
			}
			var h struct {
				History []struct {
					Op string
					At time.Time
				}
			}
			a.ok(true, `{ history(id: "dsp-interface") { op at } }`, nil, &h)
			if first, last := h.History[0], h.History[len(h.History)-1]; !first.At.Equal(c.start) || !last.At.Equal(verifiedAt) {
				t.Fatalf("history stamped by another clock: %+v", h.History)
			}
		})
	}
}
