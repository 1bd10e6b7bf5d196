package resolvers

import (
	"context"
	"slices"

	"github.com/maillage/maillage/coverage"
	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/resolvers/generated"
)

// reports answers the SIAO's questions from the in-memory coverage service when the server
// keeps one (national size), otherwise straight from the store.
type reports interface {
	Coverage(ctx context.Context, territoryID string, dims []coverage.Dimension, opts coverage.Options) (*coverage.Matrix, error)
	Gaps(ctx context.Context, territoryID string, opts coverage.Options) (*coverage.GapsReport, error)
	Diagnostics(ctx context.Context, territoryID string, opts coverage.Options) (*coverage.DiagnosticsReport, error)
	Listings(ctx context.Context, territoryID string, dims []coverage.Dimension, rowID, columnKey string, opts coverage.Options) ([]coverage.Listing, error)
}

// storeReports computes each report from the store.
type storeReports struct{ st graph.Store }

func (s storeReports) Coverage(ctx context.Context, t string, dims []coverage.Dimension, o coverage.Options) (*coverage.Matrix, error) {
	return coverage.Coverage(ctx, s.st, t, dims, o)
}
func (s storeReports) Gaps(ctx context.Context, t string, o coverage.Options) (*coverage.GapsReport, error) {
	return coverage.Gaps(ctx, s.st, t, o)
}
func (s storeReports) Diagnostics(ctx context.Context, t string, o coverage.Options) (*coverage.DiagnosticsReport, error) {
	return coverage.Diagnostics(ctx, s.st, t, o)
}
func (s storeReports) Listings(ctx context.Context, t string, dims []coverage.Dimension, row, col string, o coverage.Options) ([]coverage.Listing, error) {
	return coverage.Listings(ctx, s.st, t, dims, row, col, o)
}

func (r *Resolver) reports() reports {
	if r.Coverage != nil {
		return r.Coverage
	}
	return storeReports{r.Store}
}

var dimensionOf = map[generated.CoverageDimension]coverage.Dimension{
	generated.CoverageDimensionPublic:         coverage.DimPublic,
	generated.CoverageDimensionThematique:     coverage.DimThematique,
	generated.CoverageDimensionSousThematique: coverage.DimSousThematique,
	generated.CoverageDimensionType:           coverage.DimType,
}

func dimensions(by []generated.CoverageDimension) []coverage.Dimension {
	out := make([]coverage.Dimension, len(by))
	for i, d := range by {
		out[i] = dimensionOf[d]
	}
	return out
}

func (r *Resolver) reportOptions(rowLevel *string) (coverage.Options, error) {
	o := coverage.Options{Now: r.now()}
	if rowLevel != nil && *rowLevel != "" {
		l := graph.TerritoryLevel(*rowLevel)
		if !slices.Contains(graph.TerritoryLevels, l) {
			return o, graph.Errorf(graph.CodeBadUserInput, "Niveau de territoire inconnu « %s » (region, departement, epci, commune…).", *rowLevel)
		}
		o.RowLevel = l
	}
	return o, nil
}

func (r *Resolver) coverageMatrix(ctx context.Context, territory string, by []generated.CoverageDimension, rowLevel *string) (*coverage.Matrix, error) {
	id, err := coverage.ResolveTerritory(ctx, r.Store, territory)
	if err != nil {
		return nil, err
	}
	o, err := r.reportOptions(rowLevel)
	if err != nil {
		return nil, err
	}
	return r.reports().Coverage(ctx, id, dimensions(by), o)
}

func (r *Resolver) gapsReport(ctx context.Context, territory string) (*coverage.GapsReport, error) {
	id, err := coverage.ResolveTerritory(ctx, r.Store, territory)
	if err != nil {
		return nil, err
	}
	return r.reports().Gaps(ctx, id, coverage.Options{Now: r.now()})
}

func (r *Resolver) diagnosticsReport(ctx context.Context, territory string) (*coverage.DiagnosticsReport, error) {
	id, err := coverage.ResolveTerritory(ctx, r.Store, territory)
	if err != nil {
		return nil, err
	}
	return r.reports().Diagnostics(ctx, id, coverage.Options{Now: r.now()})
}

func (r *Resolver) coverageListings(ctx context.Context, territory string, by []generated.CoverageDimension, rowLevel, row, column *string) ([]*coverage.Listing, error) {
	id, err := coverage.ResolveTerritory(ctx, r.Store, territory)
	if err != nil {
		return nil, err
	}
	o, err := r.reportOptions(rowLevel)
	if err != nil {
		return nil, err
	}
	var rowID, col string
	setString(&rowID, row)
	setString(&col, column)
	ls, err := r.reports().Listings(ctx, id, dimensions(by), rowID, col, o)
	if err != nil {
		return nil, err
	}
	out := make([]*coverage.Listing, len(ls))
	for i := range ls {
		out[i] = &ls[i]
	}
	return out, nil
}

func dimensionNames(ds []coverage.Dimension) []string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = string(d)
	}
	return out
}
