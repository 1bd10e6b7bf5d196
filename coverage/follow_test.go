package coverage_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/maillage/maillage/coverage"
	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/graph/teststore"
)

// failingFeed is a real store whose change feed cannot be waited on (Neo4j down).
type failingFeed struct{ graph.Store }

var errFeed = errors.New("flux de modifications indisponible")

func (failingFeed) WaitChange(context.Context, uint64) error { return errFeed }

// TestFollowReturnsTheFeedError: when waiting for changes fails, Follow returns that error (the
// server logs it and follows again after a pause) instead of nil, which stopped following for
// good without a word.
func TestFollowReturnsTheFeedError(t *testing.T) {
	svc := coverage.NewService(failingFeed{teststore.Open(t)})
	if err := svc.Follow(context.Background(), nil); !errors.Is(err, errFeed) {
		t.Fatalf("Follow returned %v, want the feed's error", err)
	}
}

// TestServiceRefusesHugeMatrices: a matrix over MaxCells is refused before it is computed,
// a coarser one of the same territory is not; gaps, made of matrices, too.
func TestServiceRefusesHugeMatrices(t *testing.T) {
	svc := coverage.NewService(seeded(t))
	svc.MaxCells = 5000
	_, err := svc.Coverage(ctx, "dep-52", byType, coverage.Options{}) // 426 communes × 38 types
	if !graph.IsCode(err, graph.CodeBadUserInput) || !strings.Contains(graph.MessageOf(err), "Rapport trop grand") || svc.Computations() != 0 {
		t.Fatalf("a matrix per commune: %v (%d computed)", err, svc.Computations())
	}
	if _, err := svc.Coverage(ctx, "dep-52", byType, coverage.Options{RowLevel: graph.LevelEPCI}); err != nil {
		t.Fatalf("a matrix per EPCI: %v", err)
	}
	if _, err := svc.Gaps(ctx, "dep-52", coverage.Options{}); !graph.IsCode(err, graph.CodeBadUserInput) {
		t.Fatalf("gaps per commune: %v", err)
	}
}
