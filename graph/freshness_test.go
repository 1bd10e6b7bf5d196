package graph_test

import (
	"testing"
	"time"

	"github.com/maillage/maillage/graph"
)

// TestFreshness: a listing never verified is to verify, even written yesterday; a verified one
// is due its frequency after the check.
func TestFreshness(t *testing.T) {
	now := time.Date(2026, 3, 15, 10, 0, 0, 0, time.UTC)
	written := now.AddDate(0, 0, -1)
	d := &graph.Dispositif{Meta: graph.Meta{UpdatedAt: written}}
	if !d.NeverVerified() || !d.Stale(now) || !d.DueAt().Equal(written) {
		t.Errorf("never verified: stale %v, due %v", d.Stale(now), d.DueAt())
	}
	checked := now.AddDate(0, -2, 0)
	d.LastVerifiedAt = &checked
	d.UpdatedAt = checked
	if d.NeverVerified() || d.Stale(now) || !d.DueAt().Equal(graph.AddMonths(checked, graph.DefaultUpdateFrequency)) {
		t.Errorf("verified two months ago: stale %v, due %v", d.Stale(now), d.DueAt())
	}
	if !d.Stale(now.AddDate(0, 4, 1)) {
		t.Error("verified over six months ago, not stale")
	}
}
