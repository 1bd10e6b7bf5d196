// Package coverage answers the SIAO's question for its comité stratégique partenarial (BRIEF
// scenario 3): what the offer of a territory covers, and where the gaps are.
//
//   - Coverage: per sub-territory and per public, thématique or dispositif type, the number of
//     dispositifs reaching it and their declared capacity, with capacity per 10,000
//     inhabitants; empty cells are gaps.
//   - Gaps: the gaps as a prioritised list, each with its reason in French.
//   - Diagnostics: dispositifs with no operator, isolated from any referral, dead ends in
//     referral paths, offer depending on a single organisation, stale listings.
//   - WriteCoverageCSV, WriteGapsCSV, WriteDiagnosticsCSV: the same as CSV with French headers.
//
// Everything is computed from graph.Store, so it works on every store. Coverage goes through
// the territory tree: a dispositif COVERS its service area, an area covers every commune it
// contains, and a dispositif counts in every sub-territory its area reaches in whole or in
// part. LOCATED_IN (where a dispositif is) is not a service area: a dispositif located in the
// territory without any COVERS is reported by the diagnostics, not counted. Archived and
// closed dispositifs are left out; temporarily closed ones are counted apart. Where the data
// is silent (capacity, population, public) the figure stays unknown, never zero.
//
// The package-level functions read the part of the graph around the territory from the store
// at each call (a few batched calls per level of the territory tree). Service keeps the whole
// graph's projection in memory and in step with the store's change feed, for the API: a
// département then takes tens of milliseconds and the national matrix a few hundred (see
// docs/benchmarks.md, "Coverage (issue 6)").
package coverage

import (
	"context"
	"strings"
	"time"

	"github.com/maillage/maillage/graph"
)

// Options tune a report. The zero value gives the defaults.
type Options struct {
	// RowLevel is the level of the sub-territories (rows); empty for the level just below the
	// territory (régions under France, départements under a région, communes under a
	// département, an EPCI or an EPT, arrondissements under Paris, Lyon or Marseille).
	RowLevel graph.TerritoryLevel
	// By are the dimensions Gaps analyses, one at a time; empty for public, thématique and
	// dispositif type.
	By []Dimension
	// Now is the date staleness is counted against; zero for the store's clock (an explicit
	// date gives the report as it was or will be then, as `maillage report --now` does).
	Now time.Time
	// StaleAfterMonths is the expected verification frequency: a listing not verified (or, never
	// verified, not updated) for longer is stale. Zero for DefaultStaleAfterMonths.
	StaleAfterMonths int
}

// DefaultStaleAfterMonths is the default expected verification frequency.
const DefaultStaleAfterMonths = 6

// LowCapacityRatio is the threshold of a capacity gap: a sub-territory whose places per 10,000
// inhabitants are below this fraction of the territory's figure for the same column.
const LowCapacityRatio = 0.5

// withNow returns o with Now set: the store's clock when o leaves it zero.
func (o Options) withNow(st graph.Store) Options {
	if o.Now.IsZero() {
		o.Now = st.Now()
	}
	return o
}

func (o Options) staleAfter() int {
	if o.StaleAfterMonths <= 0 {
		return DefaultStaleAfterMonths
	}
	return o.StaleAfterMonths
}

// ResolveTerritory turns what a user types into a territory id: an id as is ("dep-52",
// "reg-44", "com-93066", "fr"), a département code ("52", "2A", "974"), a commune INSEE code
// ("93066"), an EPCI or EPT SIREN, or "France". It checks that the territory exists.
func ResolveTerritory(ctx context.Context, st graph.Store, s string) (string, error) {
	for _, id := range territoryCandidates(s) {
		if n, err := st.Get(ctx, id); err == nil && n.NodeKind() == graph.KindTerritory {
			return id, nil
		} else if err != nil && !graph.IsCode(err, graph.CodeNotFound) {
			return "", err
		}
	}
	return "", graph.Errorf(graph.CodeNotFound, "Territoire « %s » introuvable (exemples : 52, dep-52, reg-44, 93066, com-93066, fr).", strings.TrimSpace(s))
}

// territoryCandidates are the ids what a user typed may name, the likeliest first.
func territoryCandidates(s string) []string {
	s = strings.TrimSpace(s)
	switch low := strings.ToLower(s); {
	case low == "fr" || low == "france":
		return []string{"fr"}
	case strings.Contains(low, "-"):
		return []string{low}
	case len(s) == 2 || len(s) == 3:
		return []string{graph.TerritoryID(graph.LevelDepartement, s)}
	case len(s) == 5:
		return []string{graph.TerritoryID(graph.LevelCommune, s)}
	case len(s) == 9:
		return []string{graph.TerritoryID(graph.LevelEPCI, s), graph.TerritoryID(graph.LevelEPT, s)}
	default:
		return []string{low}
	}
}
