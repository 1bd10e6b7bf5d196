package resolvers_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/maillage/maillage/coverage"
	"github.com/maillage/maillage/graph/teststore"
	"github.com/maillage/maillage/resolvers"
	"github.com/maillage/maillage/seed"
)

// reportsAPI serves the seeded directory with the coverage service svc.
func reportsAPI(t *testing.T, opts resolvers.Options) (*api, *coverage.Service) {
	t.Helper()
	cs := &countingStore{Store: teststore.Open(t)}
	if _, err := seed.Real(context.Background(), cs.Store, seed.Options{}); err != nil {
		t.Fatal(err)
	}
	if opts.Coverage == nil {
		opts.Coverage = coverage.NewService(cs)
	}
	opts.AdminToken = token
	srv := httptest.NewServer(resolvers.NewHandler(cs, opts))
	t.Cleanup(srv.Close)
	return &api{t: t, url: srv.URL, store: cs}, opts.Coverage
}

// aliases repeats a report field n times under different names.
func aliases(n int, field string) string {
	var b strings.Builder
	b.WriteString("{ ")
	for i := range n {
		fmt.Fprintf(&b, "r%d: %s ", i, field)
	}
	b.WriteString("}")
	return b.String()
}

// TestReportsAreCostedAndShared: a request holds at most a few report fields; each costs by the
// size of its territory (so a small limit lets a coarse matrix through and refuses a fine one,
// before anything is computed); identical reports, as aliases or from concurrent requests, are
// computed once.
func TestReportsAreCostedAndShared(t *testing.T) {
	a, svc := reportsAPI(t, resolvers.Options{MaxComplexity: 40})
	matrix := `coverage(territory: "52", by: [PUBLIC]%s) { total { dispositifs } }`

	e := a.fails(false, "BAD_USER_INPUT", aliases(resolvers.MaxReportsPerRequest+1, fmt.Sprintf(matrix, `, rowLevel: "epci"`)), nil)
	if !strings.Contains(e.Message, "Trop de rapports") || svc.Computations() != 0 {
		t.Fatalf("%d reports in a request: %q, %d computed", resolvers.MaxReportsPerRequest+1, e.Message, svc.Computations())
	}
	// the Haute-Marne per commune (426 rows): over the limit of 40; per EPCI: under it
	e = a.fails(false, "BAD_USER_INPUT", "{ "+fmt.Sprintf(matrix, "")+" }", nil)
	if !strings.Contains(e.Message, "trop complexe") || svc.Computations() != 0 {
		t.Fatalf("a matrix per commune under a limit of 40: %q, %d computed", e.Message, svc.Computations())
	}
	var out map[string]struct{ Total struct{ Dispositifs int } }
	a.ok(false, aliases(resolvers.MaxReportsPerRequest, fmt.Sprintf(matrix, `, rowLevel: "epci"`)), nil, &out)
	if len(out) != resolvers.MaxReportsPerRequest || out["r0"].Total.Dispositifs != 3 {
		t.Fatalf("aliases: %+v", out)
	}
	if n := svc.Computations(); n != 1 {
		t.Fatalf("%d identical reports as aliases were computed %d times", resolvers.MaxReportsPerRequest, n)
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			a.ok(false, "{ "+fmt.Sprintf(matrix, `, rowLevel: "epci"`)+" }", nil, nil)
		}()
	}
	wg.Wait()
	if n := svc.Computations(); n != 1 {
		t.Fatalf("8 concurrent requests for the same report: computed %d times in all", n)
	}
	// a write changes the graph: the report is computed again, with it
	a.ok(true, `mutation { createDispositif(input: {name: "Accueil de jour de Langres", operator: "org-finess-520780032"}) { id } }`, nil, nil)
	a.ok(false, "{ "+fmt.Sprintf(matrix, `, rowLevel: "epci"`)+" }", nil, nil)
	if n := svc.Computations(); n != 2 {
		t.Fatalf("after a write: computed %d times in all", n)
	}
}
