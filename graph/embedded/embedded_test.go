package embedded_test

import (
	"path/filepath"
	"testing"

	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/graph/embedded"
	"github.com/maillage/maillage/graph/storetest"
)

func TestContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T, clock graph.Clock) graph.Store {
		s, err := embedded.Open(filepath.Join(t.TempDir(), "maillage.db"), embedded.Options{Clock: clock})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	})
}
