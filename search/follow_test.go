package search_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/graph/embedded"
	"github.com/maillage/maillage/search"
)

// failingFeed is a real embedded store whose change feed cannot be waited on (Neo4j down).
type failingFeed struct{ graph.Store }

var errFeed = errors.New("flux de modifications indisponible")

func (failingFeed) WaitChange(context.Context, uint64) error { return errFeed }

// TestFollowReturnsTheFeedError: when waiting for changes fails, Follow returns that error (so
// that the caller logs it and retries), not the nil of a context that is still running.
func TestFollowReturnsTheFeedError(t *testing.T) {
	s, err := embedded.Open(filepath.Join(t.TempDir(), "maillage.db"), embedded.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ix, err := search.Open(filepath.Join(t.TempDir(), "index"))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if err := ix.Follow(context.Background(), failingFeed{s}, nil); !errors.Is(err, errFeed) {
		t.Fatalf("Follow returned %v, want the feed's error", err)
	}
}
