package traverse_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/graph/embedded"
	"github.com/maillage/maillage/graph/teststore"
	"github.com/maillage/maillage/graph/traverse"
	"github.com/maillage/maillage/seed"
)

// small builds, on the selected store:
//
//	org-a OPERATES dsp-1, dsp-2;  org-b OPERATES dsp-3;  org-b FUNDS dsp-2
//	dsp-1 REFERS_TO dsp-2 REFERS_TO dsp-3;  dsp-4 REQUIRES_REFERRAL_BY dsp-3
//	dsp-1..4 COVERS dep-52
func small(t *testing.T) graph.Store {
	t.Helper()
	s := teststore.Open(t)
	var b graph.Batch
	b.Nodes = append(b.Nodes, &graph.Territory{Meta: graph.Meta{ID: "dep-52"}, Name: "Haute-Marne", Code: "52", Level: graph.LevelDepartement})
	for _, o := range []string{"org-a", "org-b"} {
		b.Nodes = append(b.Nodes, &graph.Organisation{Meta: graph.Meta{ID: o}, Name: strings.ToUpper(o)})
	}
	for i := 1; i <= 4; i++ {
		id := fmt.Sprintf("dsp-%d", i)
		b.Nodes = append(b.Nodes, &graph.Dispositif{Meta: graph.Meta{ID: id}, Name: "Dispositif " + id[4:], Status: "active"})
		b.Edges = append(b.Edges, graph.Edge{Type: graph.Covers, From: id, To: "dep-52"})
	}
	b.Edges = append(b.Edges,
		graph.Edge{Type: graph.Operates, From: "org-a", To: "dsp-1"},
		graph.Edge{Type: graph.Operates, From: "org-a", To: "dsp-2"},
		graph.Edge{Type: graph.Operates, From: "org-b", To: "dsp-3"},
		graph.Edge{Type: graph.Funds, From: "org-b", To: "dsp-2"},
		graph.Edge{Type: graph.RefersTo, From: "dsp-1", To: "dsp-2", Conditions: "après évaluation"},
		graph.Edge{Type: graph.RefersTo, From: "dsp-2", To: "dsp-3"},
		graph.Edge{Type: graph.RequiresReferralBy, From: "dsp-4", To: "dsp-3", Conditions: "sur dossier"},
	)
	prepared, err := prepare(b)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Apply(context.Background(), prepared); err != nil {
		t.Fatal(err)
	}
	return s
}

// prepare stamps the metadata Apply expects of nodes written as they are.
func prepare(b graph.Batch) (graph.Batch, error) {
	for _, n := range b.Nodes {
		m := n.NodeMeta()
		m.Version = 1
		m.CreatedAt = seedTime
		m.UpdatedAt = seedTime
	}
	for i := range b.Edges {
		b.Edges[i].CreatedAt = seedTime
	}
	return b, nil
}

func ids(v traverse.View) []string {
	var out []string
	for _, n := range v.Nodes {
		out = append(out, fmt.Sprintf("%s@%d", n.ID, n.Depth))
	}
	return out
}

func TestNeighbourhood(t *testing.T) {
	s := small(t)
	ctx := context.Background()

	v, err := traverse.Neighbourhood(ctx, s, "dsp-2", 1, nil, 100)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"dsp-2@0", "dep-52@1", "dsp-1@1", "dsp-3@1", "org-a@1", "org-b@1"}
	if got := ids(v); !slices.Equal(got, want) {
		t.Fatalf("depth 1 of dsp-2: got %v, want %v", got, want)
	}
	if len(v.Edges) != 5 || v.Truncated {
		t.Fatalf("depth 1 of dsp-2: %d edges (want 5: covers, operates, funds, 2 refers), truncated %v", len(v.Edges), v.Truncated)
	}

	v, err = traverse.Neighbourhood(ctx, s, "dsp-1", 2, []graph.RelationType{graph.RefersTo, graph.RequiresReferralBy}, 100)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := ids(v), []string{"dsp-1@0", "dsp-2@1", "dsp-3@2"}; !slices.Equal(got, want) {
		t.Fatalf("referrals around dsp-1 at depth 2: got %v, want %v", got, want)
	}
	v, err = traverse.Neighbourhood(ctx, s, "dsp-1", 3, []graph.RelationType{graph.RefersTo, graph.RequiresReferralBy}, 100)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := ids(v), []string{"dsp-1@0", "dsp-2@1", "dsp-3@2", "dsp-4@3"}; !slices.Equal(got, want) {
		t.Fatalf("referrals around dsp-1 at depth 3: got %v, want %v", got, want)
	}

	// The territory met at depth 1 is not expanded: dsp-4, which shares only dep-52 with dsp-1,
	// is not at depth 2.
	v, err = traverse.Neighbourhood(ctx, s, "dsp-1", 2, nil, 100)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := ids(v), []string{"dsp-1@0", "dep-52@1", "dsp-2@1", "org-a@1", "dsp-3@2", "org-b@2"}; !slices.Equal(got, want) {
		t.Fatalf("depth 2 of dsp-1: got %v, want %v", got, want)
	}

	// The limit cuts the last depth, in id order, and says so; no edge leads outside the view.
	v, err = traverse.Neighbourhood(ctx, s, "dep-52", 2, nil, 3)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := ids(v), []string{"dep-52@0", "dsp-1@1", "dsp-2@1"}; !slices.Equal(got, want) || !v.Truncated {
		t.Fatalf("dep-52 limited to 3: got %v truncated %v, want %v truncated", got, v.Truncated, want)
	}
	for _, e := range v.Edges {
		if e.From == "dsp-3" || e.To == "dsp-3" || e.From == "dsp-4" {
			t.Fatalf("edge %v leads outside the view", e.Key())
		}
	}
}

func TestNeighbourhoodErrors(t *testing.T) {
	s := small(t)
	ctx := context.Background()
	for name, call := range map[string]func() error{
		"missing node": func() error { _, err := traverse.Neighbourhood(ctx, s, "dsp-9", 1, nil, 10); return err },
		"depth 0":      func() error { _, err := traverse.Neighbourhood(ctx, s, "dsp-1", 0, nil, 10); return err },
		"depth 4":      func() error { _, err := traverse.Neighbourhood(ctx, s, "dsp-1", 4, nil, 10); return err },
		"limit 501":    func() error { _, err := traverse.Neighbourhood(ctx, s, "dsp-1", 1, nil, 501); return err },
		"bad relation": func() error {
			_, err := traverse.Neighbourhood(ctx, s, "dsp-1", 1, []graph.RelationType{"LIKES"}, 10)
			return err
		},
	} {
		err := call()
		want := graph.CodeBadUserInput
		if name == "missing node" {
			want = graph.CodeNotFound
		}
		if graph.ErrorCode(err) != want {
			t.Errorf("%s: got %v, want %s", name, err, want)
		}
	}
}

func pathString(p traverse.Path) string {
	var b strings.Builder
	b.WriteString(p.Nodes[0])
	for i, e := range p.Edges {
		fmt.Fprintf(&b, " -%s- %s", e.Type, p.Nodes[i+1])
	}
	return b.String()
}

func TestPaths(t *testing.T) {
	s := small(t)
	ctx := context.Background()
	cases := []struct {
		from, to string
		maxHops  int
		rels     []graph.RelationType
		first    int
		want     []string
	}{
		{"dsp-1", "dsp-3", 4, []graph.RelationType{graph.RefersTo}, 3, []string{"dsp-1 -REFERS_TO- dsp-2 -REFERS_TO- dsp-3"}},
		// Backwards along REQUIRES_REFERRAL_BY and REFERS_TO: directions are ignored.
		{"dsp-4", "dsp-1", 4, []graph.RelationType{graph.RefersTo, graph.RequiresReferralBy}, 3, []string{"dsp-4 -REQUIRES_REFERRAL_BY- dsp-3 -REFERS_TO- dsp-2 -REFERS_TO- dsp-1"}},
		{"dsp-4", "dsp-1", 2, []graph.RelationType{graph.RefersTo, graph.RequiresReferralBy}, 3, nil},
		// Two shortest paths of length 2 between org-a and org-b, through dsp-2 (FUNDS) and
		// none through dsp-3 (it is 3 hops), with the default actor relations.
		{"org-a", "org-b", 4, nil, 5, []string{"org-a -OPERATES- dsp-2 -FUNDS- org-b"}},
		{"org-a", "dsp-3", 4, nil, 5, []string{"org-a -OPERATES- dsp-2 -REFERS_TO- dsp-3"}},
		// Through the territory only when asked for.
		{"dsp-1", "dsp-4", 4, []graph.RelationType{graph.Covers}, 5, []string{"dsp-1 -COVERS- dep-52 -COVERS- dsp-4"}},
		{"dsp-1", "dsp-1", 4, nil, 1, []string{"dsp-1"}},
	}
	for _, c := range cases {
		ps, err := traverse.Paths(ctx, s, c.from, c.to, c.maxHops, c.rels, c.first)
		if err != nil {
			t.Fatalf("%s → %s: %v", c.from, c.to, err)
		}
		var got []string
		for _, p := range ps {
			got = append(got, pathString(p))
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%s → %s (%v, %d hops): got %q, want %q", c.from, c.to, c.rels, c.maxHops, got, c.want)
		}
	}
	if _, err := traverse.Paths(ctx, s, "dsp-1", "nope", 4, nil, 1); graph.ErrorCode(err) != graph.CodeNotFound {
		t.Errorf("missing end: got %v, want NOT_FOUND", err)
	}
	if _, err := traverse.Paths(ctx, s, "dsp-1", "dsp-2", 7, nil, 1); graph.ErrorCode(err) != graph.CodeBadUserInput {
		t.Errorf("7 hops: got %v, want BAD_USER_INPUT", err)
	}
}

// TestPathsSeveral checks that every shortest path is found, and only shortest ones.
func TestPathsSeveral(t *testing.T) {
	s := teststore.Open(t)
	ctx := context.Background()
	// A diamond a → {b, c} → d, and a longer way a → e → f → d.
	var b graph.Batch
	for _, id := range []string{"a", "b", "c", "d", "e", "f"} {
		b.Nodes = append(b.Nodes, &graph.Dispositif{Meta: graph.Meta{ID: "dsp-" + id}, Name: id, Status: "active"})
	}
	for _, e := range [][2]string{{"a", "b"}, {"a", "c"}, {"b", "d"}, {"c", "d"}, {"a", "e"}, {"e", "f"}, {"f", "d"}} {
		b.Edges = append(b.Edges, graph.Edge{Type: graph.RefersTo, From: "dsp-" + e[0], To: "dsp-" + e[1]})
	}
	b, _ = prepare(b)
	if err := s.Apply(ctx, b); err != nil {
		t.Fatal(err)
	}
	ps, err := traverse.Paths(ctx, s, "dsp-a", "dsp-d", 6, nil, 10)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range ps {
		got = append(got, pathString(p))
	}
	slices.Sort(got)
	want := []string{"dsp-a -REFERS_TO- dsp-b -REFERS_TO- dsp-d", "dsp-a -REFERS_TO- dsp-c -REFERS_TO- dsp-d"}
	if !slices.Equal(got, want) {
		t.Fatalf("diamond: got %q, want %q", got, want)
	}
	ps, err = traverse.Paths(ctx, s, "dsp-a", "dsp-d", 6, nil, 1)
	if err != nil || len(ps) != 1 {
		t.Fatalf("first 1: got %d paths, %v", len(ps), err)
	}
}

func TestAccessSmall(t *testing.T) {
	s := small(t)
	ctx := context.Background()
	ap, err := traverse.Access(ctx, s, "dsp-4")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, st := range ap.Steps {
		got = append(got, fmt.Sprintf("%s:%s", strings.Join(st.Options, "|"), st.Relation))
	}
	// dsp-4 only through dsp-3; dsp-3 requires nobody but dsp-2 refers to it, and dsp-1 to dsp-2.
	want := []string{"dsp-1:REFERS_TO", "dsp-2:REFERS_TO", "dsp-3:REQUIRES_REFERRAL_BY", "dsp-4:"}
	if !slices.Equal(got, want) || ap.Direct {
		t.Fatalf("access to dsp-4: got %v direct %v, want %v not direct", got, ap.Direct, want)
	}
	if ap.Steps[2].Conditions != "sur dossier" || !strings.Contains(ap.Steps[2].Description, "« Dispositif 4 » accueille sur orientation de « Dispositif 3 »") {
		t.Fatalf("step 3: %+v", ap.Steps[2])
	}
	ap, err = traverse.Access(ctx, s, "dsp-1")
	if err != nil || !ap.Direct || len(ap.Steps) != 1 {
		t.Fatalf("dsp-1 has direct access and no referrer: %+v, %v", ap, err)
	}
	if _, err := traverse.Access(ctx, s, "org-a"); graph.ErrorCode(err) != graph.CodeNotFound && graph.ErrorCode(err) != graph.CodeBadUserInput {
		t.Fatalf("access to an organisation: %v", err)
	}
}

var (
	seededOnce  sync.Once
	seededStore graph.Store
	seededErr   error
)

// seeded is the real seeded directory, loaded once for the read-only tests of the package.
func seeded(t *testing.T) graph.Store {
	t.Helper()
	if teststore.Neo4j() {
		// The Neo4j test server is reset per test: seed it for this test.
		s := teststore.Open(t)
		if _, err := seed.Real(context.Background(), s, seed.Options{}); err != nil {
			t.Fatal(err)
		}
		return s
	}
	seededOnce.Do(func() {
		var s graph.Store
		s, seededErr = openShared()
		if seededErr == nil {
			_, seededErr = seed.Real(context.Background(), s, seed.Options{})
		}
		seededStore = s
	})
	if seededErr != nil {
		t.Fatal(seededErr)
	}
	return seededStore
}

// TestDocumentCases checks paths and access paths against what the source documents say.
func TestDocumentCases(t *testing.T) {
	s := seeded(t)
	ctx := context.Background()
	steps := func(id string) []string {
		ap, err := traverse.Access(ctx, s, id)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, st := range ap.Steps {
			out = append(out, strings.Join(st.Options, "|"))
		}
		return out
	}
	// Document 001: « le 115 » passes the requests on to the SIAO 52.
	if got, want := steps("dsp-siao-52"), []string{"dsp-115-52", "dsp-siao-52"}; !slices.Equal(got, want) {
		t.Errorf("access to the SIAO 52: got %v, want %v", got, want)
	}
	// Document 002: situations outside LOGISENS go through the cellule d'orientation.
	if got, want := steps("dsp-equipe-mobile-precarite-logisens"), []string{"ins-cellule-orientation-logisens", "dsp-equipe-mobile-precarite-logisens"}; !slices.Equal(got, want) {
		t.Errorf("access to the LOGISENS mobile team: got %v, want %v", got, want)
	}
	// Document 000: Interlogement 93 refers older people found in Seine-Saint-Denis.
	if got, want := steps("dsp-mission-interface-personnes-agees"), []string{"dsp-interlogement-93", "dsp-mission-interface-personnes-agees"}; !slices.Equal(got, want) {
		t.Errorf("access to Mission Interface: got %v, want %v", got, want)
	}
	// Document 004: the hotel nights of the ASE only on the DASES' referral.
	ap, err := traverse.Access(ctx, s, "dsp-nuitees-hotelieres-ase-paris")
	if err != nil || ap.Direct || len(ap.Steps) != 2 || ap.Steps[0].Options[0] != "org-dases-paris" {
		t.Errorf("access to the ASE hotel nights: %+v, %v", ap, err)
	}

	// The two Mission Interface dispositifs are two parts of one mission (PARTNERS_WITH), and
	// Interlogement 93 refers to both.
	ps, err := traverse.Paths(ctx, s, "dsp-mission-interface-personnes-agees", "dsp-mission-interface-handicap", 4, nil, 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 1 || len(ps[0].Edges) != 1 || ps[0].Edges[0].Type != graph.PartnersWith {
		t.Fatalf("Mission Interface PA → Handicap: %v", ps)
	}
	ps, err = traverse.Paths(ctx, s, "dsp-mission-interface-personnes-agees", "dsp-mission-interface-handicap", 4, []graph.RelationType{graph.RefersTo}, 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 1 || pathString(ps[0]) != "dsp-mission-interface-personnes-agees -REFERS_TO- dsp-interlogement-93 -REFERS_TO- dsp-mission-interface-handicap" {
		t.Fatalf("Mission Interface PA → Handicap by referrals: %v", ps)
	}

	// The Haute-Marne: its SIAO is within reach of the département.
	v, err := traverse.Neighbourhood(ctx, s, "dsp-siao-52", 1, nil, 200)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(v.Nodes, func(n traverse.Visited) bool { return n.ID == "dsp-115-52" && n.Depth == 1 }) {
		t.Errorf("the 115 is not next to the SIAO 52: %v", ids(v))
	}
}

func TestMain(m *testing.M) {
	code := m.Run()
	if seededStore != nil {
		seededStore.Close()
	}
	os.Exit(code)
}

// seedTime stamps the hand-built nodes.
var seedTime = time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)

// openShared opens an embedded store in a directory removed with the process's temp files.
func openShared() (graph.Store, error) {
	dir, err := os.MkdirTemp("", "maillage-traverse-")
	if err != nil {
		return nil, err
	}
	return embedded.Open(filepath.Join(dir, "maillage.db"), embedded.Options{})
}
