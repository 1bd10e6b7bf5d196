package resolvers_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/graph/clocktest"
	"github.com/maillage/maillage/resolvers"
)

// TestReviews lists the differences an import raised and lets the coordinator accept one and
// dismiss another.
func TestReviews(t *testing.T) {
	clock := clocktest.New(time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC))
	a := newAPIWithClock(t, clock.Clock(), resolvers.Options{})
	a.seed()
	ctx := context.Background()
	n, err := a.store.Get(ctx, "dsp-interface")
	if err != nil {
		t.Fatal(err)
	}
	m := n.NodeMeta()
	m.Version++
	at := clock.Now()
	m.Reviews = []graph.Review{
		{Kind: graph.ReviewDifference, Dataset: "data-inclusion", Ref: "x", Date: "2026-11-30", Field: "accessNotes",
			Value: json.RawMessage(`"Sur rendez-vous."`), Text: "la source data-inclusion indique pour « précisions sur l'accès » : « Sur rendez-vous. »", At: at},
		{Kind: graph.ReviewDifference, Dataset: "data-inclusion", Ref: "x", Date: "2026-11-30", Field: "hoursNote",
			Value: json.RawMessage(`"Fermé en août."`), Text: "la source data-inclusion indique pour « précisions sur les horaires » : « Fermé en août. »", At: at},
	}
	if err := a.store.Apply(ctx, graph.Batch{Nodes: []graph.Node{n}}); err != nil {
		t.Fatal(err)
	}
	a.fails(false, graph.CodeUnauthenticated, `{ pendingReviews { review { text } } }`, nil)
	var p struct {
		PendingReviews []struct {
			Node   struct{ ID string }
			Review struct {
				Index       int
				Field, Text string
				Value       string
			}
		}
	}
	a.ok(true, `{ pendingReviews { node { id } review { index field text value } } }`, nil, &p)
	if len(p.PendingReviews) != 2 || p.PendingReviews[0].Node.ID != "dsp-interface" || p.PendingReviews[0].Review.Value != `"Sur rendez-vous."` {
		t.Fatalf("%+v", p)
	}
	const resolve = `mutation($i: Int!, $ok: Boolean!, $v: Int!) { resolveReview(id: "dsp-interface", index: $i, accept: $ok, expectedVersion: $v) { version ... on Dispositif { accessNotes hoursNote reviews { resolution } } } }`
	var r struct {
		ResolveReview struct {
			Version                int
			AccessNotes, HoursNote *string
			Reviews                []struct{ Resolution *string }
		}
	}
	a.ok(true, resolve, map[string]any{"i": 0, "ok": true, "v": m.Version}, &r)
	if r.ResolveReview.AccessNotes == nil || *r.ResolveReview.AccessNotes != "Sur rendez-vous." {
		t.Fatalf("accepted: %+v", r)
	}
	a.ok(true, resolve, map[string]any{"i": 1, "ok": false, "v": r.ResolveReview.Version}, &r)
	if r.ResolveReview.HoursNote != nil && *r.ResolveReview.HoursNote == "Fermé en août." {
		t.Fatalf("dismissed but written: %+v", r)
	}
	// A decided review cannot be decided again; nothing is pending any more.
	a.fails(true, graph.CodeNotFound, resolve, map[string]any{"i": 0, "ok": true, "v": r.ResolveReview.Version})
	a.ok(true, `{ pendingReviews { node { id } } }`, nil, &p)
	if len(p.PendingReviews) != 0 {
		t.Fatalf("still pending: %+v", p)
	}
}
