package resolvers

import (
	"context"
	"slices"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/maillage/maillage/coverage"
	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/resolvers/generated"
)

var dimensionOf = map[generated.CoverageDimension]coverage.Dimension{
	generated.CoverageDimensionPublic:         coverage.DimPublic,
	generated.CoverageDimensionThematique:     coverage.DimThematique,
	generated.CoverageDimensionSousThematique: coverage.DimSousThematique,
	generated.CoverageDimensionType:           coverage.DimType,
}

// The cost of a report is what it computes and returns, by the size of its territory: a
// matrix costs a point per cellsPerPoint cells (the app's largest, a région's communes by
// dispositif type, about 200,000 cells, fits in the default limit of 1000; a national matrix
// per commune does not), the diagnostics a point per dispositifsPerPoint dispositifs reaching
// the territory, a cell's listings a point per listingsPerPoint. With at most
// MaxReportsPerRequest report fields, this bounds the memory a request may take.
const (
	cellsPerPoint        = 250
	dispositifsPerPoint  = 100
	listingsPerPoint     = 500
	MaxReportsPerRequest = 4
)

// reportFields are the Query fields that compute a report.
var reportFields = []string{"coverage", "gaps", "diagnostics", "coverageListings"}

func rowLevelOf(rowLevel *string) graph.TerritoryLevel {
	if rowLevel == nil {
		return ""
	}
	return graph.TerritoryLevel(*rowLevel)
}

// setReportComplexity costs the report fields by the size of their territory (Service.Size).
func setReportComplexity(c *generated.ComplexityRoot, svc *coverage.Service) {
	c.Query.Coverage = func(child int, territory string, by []generated.CoverageDimension, rowLevel *string) int {
		return 1 + child + svc.Size(territory, rowLevelOf(rowLevel), dimensions(by)).Cells()/cellsPerPoint
	}
	c.Query.Gaps = func(child int, territory string) int {
		cost := 1 + child
		for _, d := range coverage.GapDimensions(coverage.Options{}) {
			cost += svc.Size(territory, "", []coverage.Dimension{d}).Cells() / cellsPerPoint
		}
		return cost
	}
	c.Query.Diagnostics = func(child int, territory string) int {
		return 1 + child + svc.Size(territory, "", nil).Dispositifs/dispositifsPerPoint
	}
	c.Query.CoverageListings = func(child int, territory string, by []generated.CoverageDimension, rowLevel, _, _ *string) int {
		return 1 + child + svc.Size(territory, rowLevelOf(rowLevel), nil).Dispositifs/listingsPerPoint
	}
}

// reportLimit refuses an operation asking for more than MaxReportsPerRequest reports (aliases
// and fragments counted), before anything is computed or costed.
type reportLimit struct{}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = reportLimit{}

func (reportLimit) ExtensionName() string                   { return "ReportLimit" }
func (reportLimit) Validate(graphql.ExecutableSchema) error { return nil }

func (reportLimit) MutateOperationContext(_ context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if oc.Operation.Operation != ast.Query {
		return nil
	}
	n := 0
	walkFields(oc.Doc, oc.Operation.SelectionSet, func(f *ast.Field, depth int) {
		if depth == 0 && slices.Contains(reportFields, f.Name) {
			n++
		}
	})
	if n <= MaxReportsPerRequest {
		return nil
	}
	err := gqlerror.Errorf("Trop de rapports dans une même requête : %d demandés, %d au plus. Envoyez-les en plusieurs requêtes.", n, MaxReportsPerRequest)
	errcode.Set(err, errcode.ValidationFailed)
	return err
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
	return r.Coverage.Coverage(ctx, id, dimensions(by), o)
}

func (r *Resolver) gapsReport(ctx context.Context, territory string) (*coverage.GapsReport, error) {
	id, err := coverage.ResolveTerritory(ctx, r.Store, territory)
	if err != nil {
		return nil, err
	}
	return r.Coverage.Gaps(ctx, id, coverage.Options{Now: r.now()})
}

func (r *Resolver) diagnosticsReport(ctx context.Context, territory string) (*coverage.DiagnosticsReport, error) {
	id, err := coverage.ResolveTerritory(ctx, r.Store, territory)
	if err != nil {
		return nil, err
	}
	return r.Coverage.Diagnostics(ctx, id, coverage.Options{Now: r.now()})
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
	ls, err := r.Coverage.Listings(ctx, id, dimensions(by), rowID, col, o)
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
