package coverage_test

import (
	"context"
	"errors"
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
