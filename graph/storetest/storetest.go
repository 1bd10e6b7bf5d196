// Package storetest is the contract every graph.Store must honour. Each store runs it from its
// own tests: graph/embedded always, graph/neo4j against a real Neo4j server.
package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/graph/clocktest"
)

// Run runs the contract suite; open must return a new, empty store for each call, whose writes
// are stamped by clock (nil: graph.SystemClock).
func Run(t *testing.T, open func(t *testing.T, clock graph.Clock) graph.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s graph.Store)
	}{
		{"CreateAndGetEveryKind", testCreateAndGet},
		{"CreateGeneratesID", testCreateGeneratesID},
		{"CreateRejectsInvalidAndChangesNothing", testCreateInvalid},
		{"CreateRejectsDuplicateID", testCreateDuplicate},
		{"CreateWithLinksInOneTransaction", testCreateWithLinks},
		{"UpdateIncrementsVersionAndKeepsMeta", testUpdate},
		{"UpdateConflictOnStaleVersion", testUpdateConflict},
		{"UpdateUnknownIsNotFound", testUpdateNotFound},
		{"ArchiveAndRestore", testArchive},
		{"GetMany", testGetMany},
		{"ListFiltersAndPages", testList},
		{"ListRelatedFilters", testListRelated},
		{"LinkUnlinkAndEdges", testLinkEdges},
		{"LinkChecksEndsAndKinds", testLinkInvalid},
		{"ApplyKeepsMetaAndRejectsBadBatch", testApply},
		{"ChangeFeed", testChangeFeed},
		{"WaitChangeWakesUp", testWaitChange},
		{"ConcurrentWritersConflict", testConcurrentWriters},
		{"ConcurrentCreatesOfOneIDConflict", testConcurrentCreates},
		{"FirstChangesOfConcurrentWritersAreNumberedOnce", testConcurrentFirstChanges},
		{"ScanAndStats", testScanStats},
		{"HistoryRecordsEveryWriteWithItsActor", testHistory},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, open(t, nil)) })
	}
	t.Run("WritesAreStampedByTheStoreClock", func(t *testing.T) { testClock(t, open) })
}

// testClock: every timestamp a write records (node, relation, change feed, history) is the
// store's clock, the one Store.Now returns, never the machine's.
func testClock(t *testing.T, open func(t *testing.T, clock graph.Clock) graph.Store) {
	clock := clocktest.New(time.Date(2031, 7, 14, 10, 0, 0, 0, time.UTC))
	s := open(t, clock.Clock())
	if !s.Now().Equal(clock.Now()) {
		t.Fatalf("Now = %s, want the injected %s", s.Now(), clock.Now())
	}
	created := mustCreate(t, s, &graph.Dispositif{Meta: graph.Meta{ID: "dsp-clock"}, Name: "Accueil", Status: "active"})
	mustCreate(t, s, &graph.Territory{Meta: graph.Meta{ID: "dep-93"}, Level: graph.LevelDepartement, Code: "93", Name: "Seine-Saint-Denis"})
	if m := created.NodeMeta(); !m.CreatedAt.Equal(clock.Now()) || !m.UpdatedAt.Equal(clock.Now()) {
		t.Fatalf("created stamped %s / %s, want %s", m.CreatedAt, m.UpdatedAt, clock.Now())
	}
	var want []time.Time // the time of each change, in order
	want = append(want, clock.Now(), clock.Now())
	clock.Add(time.Hour)
	updated, err := s.Update(ctx, &graph.Dispositif{Meta: graph.Meta{ID: "dsp-clock"}, Name: "Accueil de jour", Status: "active"}, 1)
	if err != nil {
		t.Fatal(err)
	}
	if m := updated.NodeMeta(); !m.UpdatedAt.Equal(clock.Now()) || !m.CreatedAt.Equal(created.NodeMeta().CreatedAt) {
		t.Fatalf("updated stamped %+v, want %s", m, clock.Now())
	}
	want = append(want, clock.Now())
	clock.Add(time.Hour)
	e, err := s.Link(ctx, graph.Edge{Type: graph.Covers, From: "dsp-clock", To: "dep-93"})
	if err != nil {
		t.Fatal(err)
	}
	if !e.CreatedAt.Equal(clock.Now()) {
		t.Fatalf("relation stamped %s, want %s", e.CreatedAt, clock.Now())
	}
	want = append(want, clock.Now())
	clock.Add(time.Hour)
	if err := s.Unlink(ctx, e.Key()); err != nil {
		t.Fatal(err)
	}
	want = append(want, clock.Now())
	clock.Add(time.Hour)
	archived, err := s.Archive(ctx, "dsp-clock", 2)
	if err != nil {
		t.Fatal(err)
	}
	if !archived.NodeMeta().UpdatedAt.Equal(clock.Now()) {
		t.Fatalf("archive stamped %s, want %s", archived.NodeMeta().UpdatedAt, clock.Now())
	}
	want = append(want, clock.Now())
	clock.Add(time.Hour)
	if err := s.Apply(ctx, graph.Batch{Edges: []graph.Edge{{Type: graph.Covers, From: "dsp-clock", To: "dep-93"}}}); err != nil {
		t.Fatal(err)
	}
	want = append(want, clock.Now())
	changes, err := s.Changes(ctx, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(changes) != len(want) {
		t.Fatalf("%d changes, want %d", len(changes), len(want))
	}
	for i, c := range changes {
		if !c.At.Equal(want[i]) {
			t.Errorf("change %d (%s) at %s, want %s", i, c.Op, c.At, want[i])
		}
	}
	edges, err := s.Edges(ctx, graph.EdgeQuery{IDs: []string{"dsp-clock"}, Direction: graph.Outgoing})
	if err != nil {
		t.Fatal(err)
	}
	if len(edges) != 1 || !edges[0].CreatedAt.Equal(clock.Now()) {
		t.Errorf("relation of the bulk write: %+v, want created at %s", edges, clock.Now())
	}
	revs, err := s.History(ctx, "dsp-clock")
	if err != nil {
		t.Fatal(err)
	}
	wantRevs := []time.Time{want[0], want[2], want[3], want[4], want[5]} // create, update, link, unlink, archive
	if len(revs) != len(wantRevs) {
		t.Fatalf("%d revisions, want %d", len(revs), len(wantRevs))
	}
	for i, r := range revs {
		if !r.At.Equal(wantRevs[i]) {
			t.Errorf("revision %d (%s) at %s, want %s", i, r.Op, r.At, wantRevs[i])
		}
	}
}

var ctx = context.Background()

// concurrently runs fn(0) … fn(n-1) in n goroutines released at the same instant, and waits
// for them: the races the stores must resolve (one winner, the others CONFLICT).
func concurrently(n int, fn func(i int)) {
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			fn(i)
		}()
	}
	close(start)
	wg.Wait()
}

func intp(i int) *int           { return &i }
func floatp(f float64) *float64 { return &f }

func mustCreate(t *testing.T, s graph.Store, n graph.Node) graph.Node {
	t.Helper()
	out, err := s.Create(ctx, n)
	if err != nil {
		t.Fatalf("create %s: %v", n.Label(), err)
	}
	return out
}

func mustLink(t *testing.T, s graph.Store, e graph.Edge) {
	t.Helper()
	if _, err := s.Link(ctx, e); err != nil {
		t.Fatalf("link %s %s→%s: %v", e.Type, e.From, e.To, err)
	}
}

func wantCode(t *testing.T, err error, code graph.Code) {
	t.Helper()
	if graph.ErrorCode(err) != code || err == nil {
		t.Fatalf("error = %v, want code %s", err, code)
	}
}

// fixture writes a small graph: two départements, a commune, an organisation, two dispositifs.
func fixture(t *testing.T, s graph.Store) {
	t.Helper()
	for _, n := range []graph.Node{
		&graph.Territory{Meta: graph.Meta{ID: "dep-93"}, Level: graph.LevelDepartement, Code: "93", Name: "Seine-Saint-Denis"},
		&graph.Territory{Meta: graph.Meta{ID: "dep-52"}, Level: graph.LevelDepartement, Code: "52", Name: "Haute-Marne"},
		&graph.Territory{Meta: graph.Meta{ID: "com-93066"}, Level: graph.LevelCommune, Code: "93066", Name: "Saint-Denis", PostalCodes: []string{"93200", "93210"}},
		&graph.Public{Meta: graph.Meta{ID: "seniors"}, Name: "Séniors"},
		&graph.Organisation{Meta: graph.Meta{ID: "org-samusocial"}, Name: "Samusocial de Paris", Type: "gip"},
		&graph.Dispositif{Meta: graph.Meta{ID: "dsp-interface"}, Name: "Mission Interface", Type: "maraude", Status: "active", Eligibility: graph.Eligibility{AgeMin: intp(60)}},
		&graph.Dispositif{Meta: graph.Meta{ID: "dsp-siao-52"}, Name: "SIAO de la Haute-Marne", Acronyms: []string{"SIAO 52"}, Type: "siao", Status: "active"},
	} {
		mustCreate(t, s, n)
	}
	mustLink(t, s, graph.Edge{Type: graph.PartOf, From: "com-93066", To: "dep-93"})
	mustLink(t, s, graph.Edge{Type: graph.Operates, From: "org-samusocial", To: "dsp-interface"})
	mustLink(t, s, graph.Edge{Type: graph.Covers, From: "dsp-interface", To: "dep-93"})
	mustLink(t, s, graph.Edge{Type: graph.Serves, From: "dsp-interface", To: "seniors"})
	mustLink(t, s, graph.Edge{Type: graph.Covers, From: "dsp-siao-52", To: "dep-52"})
}

func testCreateAndGet(t *testing.T, s graph.Store) {
	fixture(t, s)
	mustCreate(t, s, &graph.Thematique{Meta: graph.Meta{ID: "sante--sante-mentale"}, Name: "Santé mentale", Parent: "sante"})
	mustCreate(t, s, &graph.Instance{Meta: graph.Meta{ID: "ins-csp-52"}, Name: "Comité stratégique partenarial", Missions: []string{"Axe 1"}})
	for id, kind := range map[string]graph.Kind{
		"dep-93": graph.KindTerritory, "seniors": graph.KindPublic, "org-samusocial": graph.KindOrganisation,
		"dsp-interface": graph.KindDispositif, "sante--sante-mentale": graph.KindThematique, "ins-csp-52": graph.KindInstance,
	} {
		n, err := s.Get(ctx, id)
		if err != nil {
			t.Fatalf("get %s: %v", id, err)
		}
		m := n.NodeMeta()
		if n.NodeKind() != kind || m.ID != id || m.Version != 1 || m.CreatedAt.IsZero() || !m.CreatedAt.Equal(m.UpdatedAt) {
			t.Errorf("get %s: kind %s meta %+v", id, n.NodeKind(), m)
		}
	}
	d, err := graph.GetAs[*graph.Dispositif](ctx, s, "dsp-interface")
	if err != nil || *d.Eligibility.AgeMin != 60 || d.Type != "maraude" {
		t.Fatalf("dispositif fields lost: %+v %v", d, err)
	}
	_, err = s.Get(ctx, "dsp-absent")
	wantCode(t, err, graph.CodeNotFound)
	_, err = graph.GetAs[*graph.Organisation](ctx, s, "dsp-interface")
	wantCode(t, err, graph.CodeNotFound)
}

func testCreateGeneratesID(t *testing.T, s graph.Store) {
	n := mustCreate(t, s, &graph.Organisation{Name: "Fondation de l'Armée du Salut"})
	id := n.NodeMeta().ID
	if !graph.ValidID(id) || len(id) < len("org-fondation") || id[:4] != "org-" {
		t.Fatalf("generated id %q", id)
	}
	if _, err := s.Get(ctx, id); err != nil {
		t.Fatal(err)
	}
}

func testCreateInvalid(t *testing.T, s graph.Store) {
	min, max := 30, 20
	_, err := s.Create(ctx, &graph.Dispositif{Meta: graph.Meta{ID: "dsp-x"}, Name: "X", Status: "active", Eligibility: graph.Eligibility{AgeMin: &min, AgeMax: &max}})
	wantCode(t, err, graph.CodeBadUserInput)
	var e *graph.Error
	if !errors.As(err, &e) || e.Fields["eligibility.ageMax"] == "" {
		t.Fatalf("no field error: %v", err)
	}
	_, err = s.Get(ctx, "dsp-x")
	wantCode(t, err, graph.CodeNotFound)
	if seq, _ := s.LastSeq(ctx); seq != 0 {
		t.Errorf("a rejected create left a change (seq %d)", seq)
	}
}

func testCreateDuplicate(t *testing.T, s graph.Store) {
	mustCreate(t, s, &graph.Organisation{Meta: graph.Meta{ID: "org-caf"}, Name: "CAF"})
	_, err := s.Create(ctx, &graph.Organisation{Meta: graph.Meta{ID: "org-caf"}, Name: "Autre"})
	wantCode(t, err, graph.CodeConflict)
	n, _ := s.Get(ctx, "org-caf")
	if n.Label() != "CAF" {
		t.Fatalf("duplicate create overwrote: %s", n.Label())
	}
}

// testCreateWithLinks: a node and its first relations are written together, with their
// changes and revisions; when a relation cannot be written, neither is the node.
func testCreateWithLinks(t *testing.T, s graph.Store) {
	fixture(t, s)
	before, _ := s.LastSeq(ctx)
	_, err := s.Create(ctx, &graph.Dispositif{Meta: graph.Meta{ID: "dsp-orphelin"}, Name: "Accueil de jour", Status: "active"},
		graph.Edge{Type: graph.Operates, From: "org-absente"}, graph.Edge{Type: graph.Covers, To: "dep-93"})
	wantCode(t, err, graph.CodeNotFound)
	_, err = s.Get(ctx, "dsp-orphelin")
	wantCode(t, err, graph.CodeNotFound)
	if seq, _ := s.LastSeq(ctx); seq != before {
		t.Fatalf("a failed creation left changes (%d → %d)", before, seq)
	}
	_, err = s.Create(ctx, &graph.Dispositif{Meta: graph.Meta{ID: "dsp-orphelin"}, Name: "Accueil de jour", Status: "active"},
		graph.Edge{Type: graph.Serves, To: "dep-93"})
	wantCode(t, err, graph.CodeBadUserInput)

	n, err := s.Create(graph.WithActor(ctx, "marie@exemple.fr"), &graph.Dispositif{Name: "Accueil de jour", Status: "active"},
		graph.Edge{Type: graph.Operates, From: "org-samusocial"}, graph.Edge{Type: graph.Covers, To: "dep-93"})
	if err != nil {
		t.Fatal(err)
	}
	id := n.NodeMeta().ID
	in, err := s.Edges(ctx, graph.EdgeQuery{IDs: []string{id}, Direction: graph.Incoming, Types: []graph.RelationType{graph.Operates}})
	if err != nil || len(in) != 1 || in[0].From != "org-samusocial" {
		t.Fatalf("operator of the new dispositif: %+v %v", in, err)
	}
	out, err := s.Edges(ctx, graph.EdgeQuery{IDs: []string{id}, Direction: graph.Outgoing, Types: []graph.RelationType{graph.Covers}})
	if err != nil || len(out) != 1 || out[0].To != "dep-93" {
		t.Fatalf("area of the new dispositif: %+v %v", out, err)
	}
	changes, err := s.Changes(ctx, before, 10)
	if err != nil || len(changes) != 3 || changes[0].Op != graph.OpCreate || changes[1].Op != graph.OpLink || changes[2].Op != graph.OpLink {
		t.Fatalf("changes: %+v %v", changes, err)
	}
	revs, err := s.History(ctx, id)
	if err != nil || len(revs) != 3 || revs[0].Op != graph.OpCreate || revs[1].Actor != "marie@exemple.fr" {
		t.Fatalf("history: %+v %v", revs, err)
	}
}

func testUpdate(t *testing.T, s graph.Store) {
	src := []graph.Source{{Dataset: "seed-doc:000"}}
	created := mustCreate(t, s, &graph.Organisation{Meta: graph.Meta{ID: "org-a", Sources: src}, Name: "A"})
	time.Sleep(2 * time.Millisecond)
	n, err := s.Update(ctx, &graph.Organisation{Meta: graph.Meta{ID: "org-a"}, Name: "A bis", Type: "association"}, 1)
	if err != nil {
		t.Fatal(err)
	}
	m := n.NodeMeta()
	if m.Version != 2 || !m.CreatedAt.Equal(created.NodeMeta().CreatedAt) || !m.UpdatedAt.After(m.CreatedAt) || len(m.Sources) != 1 {
		t.Fatalf("meta after update: %+v", m)
	}
	got, _ := graph.GetAs[*graph.Organisation](ctx, s, "org-a")
	if got.Name != "A bis" || got.Type != "association" || got.Version != 2 {
		t.Fatalf("stored after update: %+v", got)
	}
	// expectedVersion 0 skips the check (internal writes)
	if _, err := s.Update(ctx, &graph.Organisation{Meta: graph.Meta{ID: "org-a"}, Name: "A ter"}, 0); err != nil {
		t.Fatal(err)
	}
	_, err = s.Update(ctx, &graph.Dispositif{Meta: graph.Meta{ID: "org-a"}, Name: "D", Status: "active"}, 0)
	wantCode(t, err, graph.CodeBadUserInput)
	_, err = s.Update(ctx, &graph.Organisation{Meta: graph.Meta{ID: "org-a"}, Name: ""}, 3)
	wantCode(t, err, graph.CodeBadUserInput)
	got, _ = graph.GetAs[*graph.Organisation](ctx, s, "org-a")
	if got.Name != "A ter" || got.Version != 3 {
		t.Fatalf("invalid update changed the node: %+v", got)
	}
}

func testUpdateConflict(t *testing.T, s graph.Store) {
	mustCreate(t, s, &graph.Organisation{Meta: graph.Meta{ID: "org-a"}, Name: "A"})
	if _, err := s.Update(ctx, &graph.Organisation{Meta: graph.Meta{ID: "org-a"}, Name: "Première"}, 1); err != nil {
		t.Fatal(err)
	}
	_, err := s.Update(ctx, &graph.Organisation{Meta: graph.Meta{ID: "org-a"}, Name: "Seconde"}, 1)
	wantCode(t, err, graph.CodeConflict)
	got, _ := s.Get(ctx, "org-a")
	if got.Label() != "Première" || got.NodeMeta().Version != 2 {
		t.Fatalf("stale update overwrote: %s v%d", got.Label(), got.NodeMeta().Version)
	}
}

func testUpdateNotFound(t *testing.T, s graph.Store) {
	_, err := s.Update(ctx, &graph.Organisation{Meta: graph.Meta{ID: "org-nope"}, Name: "X"}, 1)
	wantCode(t, err, graph.CodeNotFound)
	_, err = s.Archive(ctx, "org-nope", 0)
	wantCode(t, err, graph.CodeNotFound)
}

func testArchive(t *testing.T, s graph.Store) {
	fixture(t, s)
	_, err := s.Archive(ctx, "dsp-interface", 7)
	wantCode(t, err, graph.CodeConflict)
	n, err := s.Archive(ctx, "dsp-interface", 1)
	if err != nil || !n.NodeMeta().Archived() || n.NodeMeta().Version != 2 {
		t.Fatalf("archive: %+v %v", n, err)
	}
	_, err = s.Archive(ctx, "dsp-interface", 0)
	wantCode(t, err, graph.CodeConflict)
	p, _ := s.List(ctx, graph.ListQuery{Kind: graph.KindDispositif, Limit: 10})
	if p.TotalCount != 1 || p.Nodes[0].NodeMeta().ID != "dsp-siao-52" {
		t.Fatalf("archived node listed: %+v", p)
	}
	p, _ = s.List(ctx, graph.ListQuery{Kind: graph.KindDispositif, Limit: 10, IncludeArchived: true})
	if p.TotalCount != 2 {
		t.Fatalf("archived node not listed with IncludeArchived: %d", p.TotalCount)
	}
	if got, _ := s.Get(ctx, "dsp-interface"); !got.NodeMeta().Archived() {
		t.Fatal("Get must return archived nodes")
	}
	n, err = s.Restore(ctx, "dsp-interface", 2)
	if err != nil || n.NodeMeta().Archived() || n.NodeMeta().Version != 3 {
		t.Fatalf("restore: %+v %v", n, err)
	}
	if p, _ := s.List(ctx, graph.ListQuery{Kind: graph.KindDispositif, Limit: 10}); p.TotalCount != 2 {
		t.Fatalf("restored node not listed: %d", p.TotalCount)
	}
}

func testGetMany(t *testing.T, s graph.Store) {
	fixture(t, s)
	ns, err := s.GetMany(ctx, []string{"dsp-siao-52", "nope", "dep-93"})
	if err != nil || len(ns) != 3 || ns[0].NodeMeta().ID != "dsp-siao-52" || ns[1] != nil || ns[2].NodeMeta().ID != "dep-93" {
		t.Fatalf("GetMany: %v %v", ns, err)
	}
}

func ids(p graph.Page) []string {
	var out []string
	for _, n := range p.Nodes {
		out = append(out, n.NodeMeta().ID)
	}
	return out
}

func testList(t *testing.T, s graph.Store) {
	fixture(t, s)
	for i := range 25 {
		mustCreate(t, s, &graph.Organisation{Meta: graph.Meta{ID: fmt.Sprintf("org-p%02d", i)}, Name: fmt.Sprintf("Partenaire %d", i), Type: "association"})
	}
	// pages of 10 over 26 organisations, counted or not (the pages are the same)
	pages := func(q graph.ListQuery, total int) []string {
		t.Helper()
		var all []string
		for page := 0; ; page++ {
			q.Limit = 10
			p, err := s.List(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			if want := total; q.WithoutCount && p.TotalCount != 0 || !q.WithoutCount && p.TotalCount != want {
				t.Fatalf("%+v: TotalCount %d, want %d", q, p.TotalCount, want)
			}
			all = append(all, ids(p)...)
			if !p.HasNext {
				if page != (total-1)/10 || len(p.Nodes) != total-10*page {
					t.Fatalf("%+v: last page %d has %d nodes", q, page, len(p.Nodes))
				}
				return all
			}
			q.After = ids(p)[len(p.Nodes)-1]
		}
	}
	all := pages(graph.ListQuery{Kind: graph.KindOrganisation}, 26)
	if len(all) != 26 || all[0] != "org-p00" || all[25] != "org-samusocial" {
		t.Fatalf("pages: %v", all)
	}
	if uncounted := pages(graph.ListQuery{Kind: graph.KindOrganisation, WithoutCount: true}, 26); !slices.Equal(uncounted, all) {
		t.Fatalf("pages without count: %v, want %v", uncounted, all)
	}
	if partners := pages(graph.ListQuery{Kind: graph.KindOrganisation, Text: "partenaire", WithoutCount: true}, 25); !slices.Equal(partners, all[:25]) {
		t.Fatalf("partners without count: %v", partners)
	}
	for i := 1; i < len(all); i++ {
		if all[i-1] >= all[i] {
			t.Fatalf("not in id order: %v", all)
		}
	}
	cases := []struct {
		q    graph.ListQuery
		want []string
	}{
		{graph.ListQuery{Kind: graph.KindDispositif, Text: "siao"}, []string{"dsp-siao-52"}},  // acronym/name, case
		{graph.ListQuery{Kind: graph.KindTerritory, Text: "seine-saint"}, []string{"dep-93"}}, // accents and case
		{graph.ListQuery{Kind: graph.KindTerritory, Text: "93210"}, []string{"com-93066"}},    // postal code
		{graph.ListQuery{Kind: graph.KindTerritory, Level: graph.LevelCommune}, []string{"com-93066"}},
		{graph.ListQuery{Kind: graph.KindDispositif, Type: "siao"}, []string{"dsp-siao-52"}},
		{graph.ListQuery{Kind: graph.KindOrganisation, Type: "gip"}, []string{"org-samusocial"}},
		{graph.ListQuery{Kind: graph.KindDispositif, Status: "closed"}, nil},
		{graph.ListQuery{Kind: graph.KindTerritory, Parent: "dep-93"}, []string{"com-93066"}},
	}
	for _, c := range cases {
		c.q.Limit = 50
		p, err := s.List(ctx, c.q)
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(ids(p)) != fmt.Sprint(c.want) || p.TotalCount != len(c.want) {
			t.Errorf("List(%+v) = %v (total %d), want %v", c.q, ids(p), p.TotalCount, c.want)
		}
	}
	_, err := s.List(ctx, graph.ListQuery{Kind: "Martien", Limit: 1})
	wantCode(t, err, graph.CodeBadUserInput)
}

func testListRelated(t *testing.T, s graph.Store) {
	fixture(t, s)
	q := func(r ...graph.RelatedFilter) []string {
		p, err := s.List(ctx, graph.ListQuery{Kind: graph.KindDispositif, Related: r, Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		return ids(p)
	}
	if got := q(graph.RelatedFilter{Type: graph.Covers, Other: "dep-93"}); fmt.Sprint(got) != "[dsp-interface]" {
		t.Errorf("COVERS dep-93: %v", got)
	}
	if got := q(graph.RelatedFilter{Type: graph.Covers, Other: "dep-93"}, graph.RelatedFilter{Type: graph.Serves, Other: "seniors"}); fmt.Sprint(got) != "[dsp-interface]" {
		t.Errorf("COVERS dep-93 and SERVES seniors: %v", got)
	}
	if got := q(graph.RelatedFilter{Type: graph.Covers, Other: "dep-52"}, graph.RelatedFilter{Type: graph.Serves, Other: "seniors"}); len(got) != 0 {
		t.Errorf("COVERS dep-52 and SERVES seniors: %v", got)
	}
	if got := q(graph.RelatedFilter{Type: graph.Operates, Other: "org-samusocial", Direction: graph.Incoming}); fmt.Sprint(got) != "[dsp-interface]" {
		t.Errorf("operated by samusocial: %v", got)
	}
}

func testLinkEdges(t *testing.T, s graph.Store) {
	fixture(t, s)
	mustCreate(t, s, &graph.Organisation{Meta: graph.Meta{ID: "org-etat"}, Name: "État", Type: "etat"})
	mustLink(t, s, graph.Edge{Type: graph.Funds, From: "org-etat", To: "dsp-interface", Amount: floatp(70000), Year: intp(2017)})
	mustLink(t, s, graph.Edge{Type: graph.Funds, From: "org-etat", To: "dsp-interface", Amount: floatp(75000), Year: intp(2018), Source: &graph.Source{Dataset: "seed-doc:002"}})
	es, err := s.Edges(ctx, graph.EdgeQuery{IDs: []string{"dsp-interface"}, Direction: graph.Incoming, Types: []graph.RelationType{graph.Funds}})
	if err != nil || len(es) != 1 || *es[0].Amount != 75000 || *es[0].Year != 2018 || es[0].Source.Dataset != "seed-doc:002" || es[0].From != "org-etat" {
		t.Fatalf("FUNDS upsert: %+v %v", es, err)
	}
	out, _ := s.Edges(ctx, graph.EdgeQuery{IDs: []string{"dsp-interface"}, Direction: graph.Outgoing})
	if len(out) != 2 || out[0].Type != graph.Covers || out[1].Type != graph.Serves {
		t.Fatalf("outgoing edges of dsp-interface: %+v", out)
	}
	in, _ := s.Edges(ctx, graph.EdgeQuery{IDs: []string{"dsp-interface", "dep-93"}, Direction: graph.Incoming})
	if len(in) != 4 {
		t.Fatalf("incoming edges: %+v", in)
	}
	// PerNode keeps the first edges of each node, in type then other-end order.
	capped, err := s.Edges(ctx, graph.EdgeQuery{IDs: []string{"dsp-interface", "dep-93"}, Direction: graph.Incoming, PerNode: 1})
	if err != nil || len(capped) != 2 || capped[0].To != "dsp-interface" || capped[1].To != "dep-93" {
		t.Fatalf("one incoming edge per node: %+v %v (all: %+v)", capped, err, in)
	}
	for _, c := range capped {
		first := slices.IndexFunc(in, func(e graph.Edge) bool { return e.To == c.To })
		if in[first].Key() != c.Key() {
			t.Fatalf("PerNode kept %v, not the first edge %v of %s", c.Key(), in[first].Key(), c.To)
		}
	}
	keys, err := s.Edges(ctx, graph.EdgeQuery{IDs: []string{"dsp-interface", "dep-93"}, Direction: graph.Incoming, KeysOnly: true})
	if err != nil || len(keys) != len(in) {
		t.Fatalf("keys only: %+v %v", keys, err)
	}
	for i := range keys {
		if keys[i].Key() != in[i].Key() || keys[i].Amount != nil || !keys[i].CreatedAt.IsZero() {
			t.Fatalf("keys only %d: %+v, want the key of %+v without properties", i, keys[i], in[i])
		}
	}
	// A batch (one round trip on a graph.EdgeBatcher) answers each query as Edges does.
	batch := []graph.EdgeQuery{
		{IDs: []string{"dsp-interface"}, Direction: graph.Outgoing},
		{IDs: []string{"dsp-interface", "dep-93"}, Direction: graph.Incoming},
		{IDs: []string{"dsp-interface", "dep-93", "absent"}, Direction: graph.Incoming, KeysOnly: true},
		{IDs: []string{"dsp-interface"}, Direction: graph.Incoming, Types: []graph.RelationType{graph.Funds, graph.Operates}},
		{IDs: []string{"dsp-interface", "dep-93"}, Direction: graph.Incoming, PerNode: 1},
		{IDs: []string{"org-etat"}, Direction: graph.Incoming},
		{IDs: nil, Direction: graph.Outgoing},
	}
	answers, err := graph.EdgesBatch(ctx, s, batch)
	if err != nil || len(answers) != len(batch) {
		t.Fatalf("EdgesBatch: %d answers, %v", len(answers), err)
	}
	for i, q := range batch {
		want, err := s.Edges(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := json.Marshal(answers[i])
		wanted, _ := json.Marshal(want)
		if string(got) != string(wanted) && !(len(answers[i]) == 0 && len(want) == 0) {
			t.Errorf("EdgesBatch query %d (%+v):\n%s\nwant (Edges)\n%s", i, q, got, wanted)
		}
	}
	out2, _ := s.Edges(ctx, graph.EdgeQuery{IDs: []string{"dsp-interface"}, Direction: graph.Outgoing, PerNode: 5})
	if len(out2) != len(out) {
		t.Fatalf("PerNode above the count keeps all: %d, want %d", len(out2), len(out))
	}
	if err := s.Unlink(ctx, graph.EdgeKey{Type: graph.Funds, From: "org-etat", To: "dsp-interface"}); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.Unlink(ctx, graph.EdgeKey{Type: graph.Funds, From: "org-etat", To: "dsp-interface"}), graph.CodeNotFound)
	es, _ = s.Edges(ctx, graph.EdgeQuery{IDs: []string{"org-etat"}, Direction: graph.Outgoing})
	if len(es) != 0 {
		t.Fatalf("edge still there after unlink: %+v", es)
	}
}

func testLinkInvalid(t *testing.T, s graph.Store) {
	fixture(t, s)
	_, err := s.Link(ctx, graph.Edge{Type: graph.Operates, From: "org-samusocial", To: "dsp-absent"})
	wantCode(t, err, graph.CodeNotFound)
	_, err = s.Link(ctx, graph.Edge{Type: graph.Operates, From: "dsp-interface", To: "org-samusocial"})
	wantCode(t, err, graph.CodeBadUserInput)
	_, err = s.Link(ctx, graph.Edge{Type: "AIME", From: "dsp-interface", To: "dsp-siao-52"})
	wantCode(t, err, graph.CodeBadUserInput)
	_, err = s.Link(ctx, graph.Edge{Type: graph.Funds, From: "org-samusocial", To: "dsp-interface", Amount: floatp(-1)})
	wantCode(t, err, graph.CodeBadUserInput)
}

func testApply(t *testing.T, s graph.Store) {
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	meta := func(id string, v int64) graph.Meta {
		return graph.Meta{ID: id, Version: v, CreatedAt: at, UpdatedAt: at, Sources: []graph.Source{{Dataset: "geo"}}}
	}
	b := graph.Batch{
		Nodes: []graph.Node{
			&graph.Territory{Meta: meta("dep-15", 4), Level: graph.LevelDepartement, Code: "15", Name: "Cantal"},
			&graph.Territory{Meta: meta("com-15014", 1), Level: graph.LevelCommune, Code: "15014", Name: "Aurillac"},
		},
		Edges: []graph.Edge{{Type: graph.PartOf, From: "com-15014", To: "dep-15"}},
	}
	if err := s.Apply(ctx, b); err != nil {
		t.Fatal(err)
	}
	n, _ := s.Get(ctx, "dep-15")
	if m := n.NodeMeta(); m.Version != 4 || !m.CreatedAt.Equal(at) || len(m.Sources) != 1 {
		t.Fatalf("Apply changed meta: %+v", m)
	}
	if err := s.Apply(ctx, b); err != nil { // idempotent
		t.Fatal(err)
	}
	bad := graph.Batch{
		Nodes: []graph.Node{&graph.Organisation{Meta: meta("org-ok", 1), Name: "OK"}},
		Edges: []graph.Edge{
			{Type: graph.Covers, From: "org-ok", To: "dep-15"},
			{Type: graph.Covers, From: "org-ok", To: "dep-absent"},
		},
	}
	err := s.Apply(ctx, bad)
	var item *graph.BatchItemError
	if !errors.As(err, &item) || item.Index != 2 || graph.ErrorCode(err) != graph.CodeNotFound {
		t.Fatalf("bad batch: %v", err)
	}
	if _, err := s.Get(ctx, "org-ok"); graph.ErrorCode(err) != graph.CodeNotFound {
		t.Fatalf("a rejected batch was partly written: %v", err)
	}
	err = s.Apply(ctx, graph.Batch{Nodes: []graph.Node{&graph.Organisation{Meta: meta("org-x", 0), Name: "X"}}})
	if !errors.As(err, &item) || item.Index != 0 {
		t.Fatalf("node without version accepted: %v", err)
	}
	st, _ := s.Stats(ctx)
	if st.Nodes[graph.KindTerritory] != 2 || st.Edges[graph.PartOf] != 1 || st.Nodes[graph.KindOrganisation] != 0 {
		t.Fatalf("stats after Apply: %+v", st)
	}
}

func testChangeFeed(t *testing.T, s graph.Store) {
	fixture(t, s) // 7 creates + 5 links
	if _, err := s.Update(ctx, &graph.Organisation{Meta: graph.Meta{ID: "org-samusocial"}, Name: "Samusocial de Paris (GIP)"}, 1); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Archive(ctx, "dsp-siao-52", 0); err != nil {
		t.Fatal(err)
	}
	if err := s.Unlink(ctx, graph.EdgeKey{Type: graph.Covers, From: "dsp-siao-52", To: "dep-52"}); err != nil {
		t.Fatal(err)
	}
	if err := s.Apply(ctx, graph.Batch{Nodes: []graph.Node{&graph.Public{Meta: graph.Meta{ID: "jeunes", Version: 1}, Name: "Jeunes"}}}); err != nil {
		t.Fatal(err)
	}
	all, err := s.Changes(ctx, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 16 {
		t.Fatalf("%d changes, want 16: %+v", len(all), all)
	}
	for i, c := range all {
		if c.Seq == 0 || (i > 0 && c.Seq <= all[i-1].Seq) || c.At.IsZero() {
			t.Fatalf("changes not ordered: %+v", all)
		}
	}
	if c := all[0]; c.Op != graph.OpCreate || c.ID != "dep-93" || c.Kind != graph.KindTerritory || c.Version != 1 {
		t.Errorf("first change %+v", c)
	}
	if c := all[7]; c.Op != graph.OpLink || c.Edge == nil || c.Edge.Type != graph.PartOf || c.Edge.From != "com-93066" {
		t.Errorf("first link change %+v", c)
	}
	tail := all[12:]
	if tail[0].Op != graph.OpUpdate || tail[0].Version != 2 || tail[1].Op != graph.OpArchive || tail[2].Op != graph.OpUnlink || tail[3].Op != graph.OpBulkLoad || tail[3].Count != 1 {
		t.Errorf("last changes %+v", tail)
	}
	page, _ := s.Changes(ctx, all[5].Seq, 3)
	if len(page) != 3 || page[0].Seq != all[6].Seq {
		t.Errorf("Changes(after, limit) = %+v", page)
	}
	last, _ := s.LastSeq(ctx)
	if last != all[15].Seq {
		t.Errorf("LastSeq %d, want %d", last, all[15].Seq)
	}
}

func testWaitChange(t *testing.T, s graph.Store) {
	last, _ := s.LastSeq(ctx)
	done := make(chan error, 1)
	go func() {
		c, cancel := context.WithTimeout(ctx, 20*time.Second)
		defer cancel()
		done <- s.WaitChange(c, last)
	}()
	time.Sleep(50 * time.Millisecond)
	select {
	case err := <-done:
		t.Fatalf("WaitChange returned before any change: %v", err)
	default:
	}
	mustCreate(t, s, &graph.Organisation{Name: "Réveil"})
	if err := <-done; err != nil {
		t.Fatalf("WaitChange: %v", err)
	}
	c, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	last, _ = s.LastSeq(ctx)
	if err := s.WaitChange(c, last); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("WaitChange without change = %v, want deadline exceeded", err)
	}
	// once its context is done, it says so even when changes wait: a follower that stops at
	// shutdown must not spin on changes it can no longer apply
	done2, cancel2 := context.WithCancel(ctx)
	cancel2()
	if err := s.WaitChange(done2, 0); !errors.Is(err, context.Canceled) {
		t.Fatalf("WaitChange with its context done and changes waiting = %v, want canceled", err)
	}
}

func testConcurrentWriters(t *testing.T, s graph.Store) {
	mustCreate(t, s, &graph.Organisation{Meta: graph.Meta{ID: "org-shared"}, Name: "Partagée"})
	const writers = 8
	var ok, conflicts atomic.Int32
	concurrently(writers, func(i int) {
		_, err := s.Update(ctx, &graph.Organisation{Meta: graph.Meta{ID: "org-shared"}, Name: fmt.Sprintf("Écrivain %d", i)}, 1)
		if err == nil {
			ok.Add(1)
		} else if graph.IsCode(err, graph.CodeConflict) {
			conflicts.Add(1)
		} else {
			t.Errorf("writer %d: %v", i, err)
		}
	})
	if ok.Load() != 1 || conflicts.Load() != writers-1 {
		t.Fatalf("%d writes succeeded and %d conflicted, want 1 and %d", ok.Load(), conflicts.Load(), writers-1)
	}
	n, _ := s.Get(ctx, "org-shared")
	if n.NodeMeta().Version != 2 {
		t.Fatalf("version %d after one successful update", n.NodeMeta().Version)
	}
	// unconditional writers all succeed, and every write is counted once
	concurrently(writers, func(i int) {
		if _, err := s.Update(ctx, &graph.Organisation{Meta: graph.Meta{ID: "org-shared"}, Name: fmt.Sprintf("Libre %d", i)}, 0); err != nil {
			t.Error(err)
		}
	})
	n, _ = s.Get(ctx, "org-shared")
	if n.NodeMeta().Version != 2+writers {
		t.Fatalf("version %d, want %d", n.NodeMeta().Version, 2+writers)
	}
}

// testConcurrentCreates: two replicas creating the same id at once: exactly one wins, the other
// gets CONFLICT, and the stored node is the winner's.
func testConcurrentCreates(t *testing.T, s graph.Store) {
	const writers = 6
	for round := range 3 {
		id := fmt.Sprintf("org-race-%d", round)
		var winners atomic.Int32
		var winner atomic.Value
		concurrently(writers, func(i int) {
			name := fmt.Sprintf("Créateur %d", i)
			_, err := s.Create(ctx, &graph.Organisation{Meta: graph.Meta{ID: id}, Name: name})
			switch {
			case err == nil:
				winners.Add(1)
				winner.Store(name)
			case !graph.IsCode(err, graph.CodeConflict):
				t.Errorf("creator %d: %v, want CONFLICT or success", i, err)
			}
		})
		if winners.Load() != 1 {
			t.Fatalf("round %d: %d creations of %s succeeded, want exactly 1", round, winners.Load(), id)
		}
		n, err := s.Get(ctx, id)
		if err != nil || n.Label() != winner.Load().(string) || n.NodeMeta().Version != 1 {
			t.Fatalf("round %d: stored %v (%v), want the winner %q at version 1", round, n, err, winner.Load())
		}
	}
}

// testConcurrentFirstChanges: the very first writes of an empty store, concurrent, each get
// their own change sequence number (no lost or duplicated counter).
func testConcurrentFirstChanges(t *testing.T, s graph.Store) {
	const writers = 8
	concurrently(writers, func(i int) {
		if _, err := s.Create(ctx, &graph.Public{Meta: graph.Meta{ID: fmt.Sprintf("public-%d", i)}, Name: fmt.Sprintf("Public %d", i)}); err != nil {
			t.Error(err)
		}
	})
	changes, err := s.Changes(ctx, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[uint64]bool{}
	for _, c := range changes {
		if seen[c.Seq] {
			t.Fatalf("sequence %d given twice: %+v", c.Seq, changes)
		}
		seen[c.Seq] = true
	}
	last, err := s.LastSeq(ctx)
	if len(changes) != writers || err != nil || last != changes[len(changes)-1].Seq {
		t.Fatalf("%d changes, last %d (%v), want %d changes ending at the last sequence", len(changes), last, err, writers)
	}
}

func testScanStats(t *testing.T, s graph.Store) {
	fixture(t, s)
	const extra = 2500 // more than one scan page
	b := graph.Batch{}
	for i := range extra {
		id := fmt.Sprintf("org-bulk-%05d", i)
		b.Nodes = append(b.Nodes, &graph.Organisation{Meta: graph.Meta{ID: id, Version: 1}, Name: id})
		b.Edges = append(b.Edges, graph.Edge{Type: graph.Covers, From: id, To: "dep-93"})
	}
	if err := s.Apply(ctx, b); err != nil {
		t.Fatal(err)
	}
	var kinds []graph.Kind
	count := 0
	prev := ""
	err := s.ScanNodes(ctx, nil, func(n graph.Node) error {
		count++
		if len(kinds) == 0 || kinds[len(kinds)-1] != n.NodeKind() {
			kinds = append(kinds, n.NodeKind())
			prev = ""
		}
		if id := n.NodeMeta().ID; id <= prev {
			return fmt.Errorf("ScanNodes not in id order: %s after %s", id, prev)
		} else {
			prev = id
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if count != 7+extra || fmt.Sprint(kinds) != "[Organisation Dispositif Territory Public]" {
		t.Fatalf("ScanNodes: %d nodes, kinds %v", count, kinds)
	}
	orgs := 0
	if err := s.ScanNodes(ctx, []graph.Kind{graph.KindOrganisation}, func(graph.Node) error { orgs++; return nil }); err != nil || orgs != 1+extra {
		t.Fatalf("ScanNodes(Organisation): %d %v", orgs, err)
	}
	edges := 0
	if err := s.ScanEdges(ctx, func(graph.Edge) error { edges++; return nil }); err != nil || edges != 5+extra {
		t.Fatalf("ScanEdges: %d %v", edges, err)
	}
	st, err := s.Stats(ctx)
	if err != nil || st.Nodes[graph.KindOrganisation] != 1+extra || st.Nodes[graph.KindTerritory] != 3 || st.Edges[graph.Covers] != 2+extra || st.Edges[graph.Operates] != 1 {
		t.Fatalf("Stats: %+v %v", st, err)
	}
	stop := errors.New("stop")
	if err := s.ScanEdges(ctx, func(graph.Edge) error { return stop }); !errors.Is(err, stop) {
		t.Fatalf("ScanEdges does not return fn's error: %v", err)
	}
}

func testHistory(t *testing.T, s graph.Store) {
	fixture(t, s)
	alice := graph.WithActor(ctx, "alice@example.org")
	bob := graph.WithActor(ctx, "bob@example.org")
	created, err := s.Create(alice, &graph.Dispositif{Meta: graph.Meta{ID: "dsp-history"}, Name: "Accueil de jour", Status: "active"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Update(bob, &graph.Dispositif{Meta: graph.Meta{ID: "dsp-history"}, Name: "Accueil de jour du canal", Status: "active",
		Description: "Douches et bagagerie."}, created.NodeMeta().Version); err != nil {
		t.Fatal(err)
	}
	mustLinkAs := func(c context.Context, e graph.Edge) {
		t.Helper()
		if _, err := s.Link(c, e); err != nil {
			t.Fatal(err)
		}
	}
	mustLinkAs(alice, graph.Edge{Type: graph.Covers, From: "dsp-history", To: "dep-93"})
	if err := s.Unlink(bob, graph.EdgeKey{Type: graph.Covers, From: "dsp-history", To: "dep-93"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Archive(alice, "dsp-history", 2); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Restore(bob, "dsp-history", 3); err != nil {
		t.Fatal(err)
	}
	revs, err := s.History(ctx, "dsp-history")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range revs {
		got = append(got, fmt.Sprintf("%s/%s/v%d", r.Op, r.Actor, r.Version))
	}
	want := []string{"create/alice@example.org/v1", "update/bob@example.org/v2", "link/alice@example.org/v0",
		"unlink/bob@example.org/v0", "archive/alice@example.org/v3", "restore/bob@example.org/v4"}
	if !slices.Equal(got, want) {
		t.Fatalf("history: got %v, want %v", got, want)
	}
	for i := 1; i < len(revs); i++ {
		if revs[i].Seq <= revs[i-1].Seq || revs[i].At.IsZero() {
			t.Fatalf("revisions out of order or undated: %+v", revs)
		}
	}
	changes, err := revs[1].Changes()
	if err != nil {
		t.Fatal(err)
	}
	var fields []string
	for _, c := range changes {
		fields = append(fields, fmt.Sprintf("%s: %s → %s", c.Field, c.Old, c.New))
	}
	wantFields := []string{`description: null → "Douches et bagagerie."`, `name: "Accueil de jour" → "Accueil de jour du canal"`}
	if !slices.Equal(fields, wantFields) {
		t.Fatalf("fields of the update: got %q, want %q", fields, wantFields)
	}
	if revs[2].Edge == nil || revs[2].Edge.To != "dep-93" || revs[3].Edge == nil || revs[3].Edge.Type != graph.Covers {
		t.Fatalf("relation revisions: %+v %+v", revs[2], revs[3])
	}
	// The relation's other end records it too.
	depRevs, err := s.History(ctx, "dep-93")
	if err != nil || len(depRevs) < 2 || depRevs[len(depRevs)-1].Op != graph.OpUnlink {
		t.Fatalf("history of the other end: %+v %v", depRevs, err)
	}
	// Version 1 is recoverable, as it was.
	v1, err := graph.VersionIn(revs, 1)
	if err != nil || v1 == nil || v1.Label() != "Accueil de jour" {
		t.Fatalf("version 1: %v %v", v1, err)
	}

	// A node written by a bulk load has no revision until its first write, which keeps the
	// loaded version as its Before.
	b := graph.Batch{Nodes: []graph.Node{&graph.Organisation{Meta: graph.Meta{ID: "org-bulk", Version: 3,
		CreatedAt: created.NodeMeta().CreatedAt, UpdatedAt: created.NodeMeta().CreatedAt}, Name: "Chargée"}}}
	if err := s.Apply(ctx, b); err != nil {
		t.Fatal(err)
	}
	if revs, _ := s.History(ctx, "org-bulk"); len(revs) != 0 {
		t.Fatalf("a bulk load recorded revisions: %+v", revs)
	}
	if _, err := s.Update(alice, &graph.Organisation{Meta: graph.Meta{ID: "org-bulk"}, Name: "Modifiée"}, 3); err != nil {
		t.Fatal(err)
	}
	revs, _ = s.History(ctx, "org-bulk")
	v3, err := graph.VersionIn(revs, 3)
	if err != nil || v3 == nil || v3.Label() != "Chargée" {
		t.Fatalf("the loaded version from the first update's Before: %v %v", v3, err)
	}
	// A refused write records nothing.
	if _, err := s.Update(bob, &graph.Organisation{Meta: graph.Meta{ID: "org-bulk"}, Name: "Périmée"}, 3); !graph.IsCode(err, graph.CodeConflict) {
		t.Fatalf("stale update: %v", err)
	}
	if again, _ := s.History(ctx, "org-bulk"); len(again) != len(revs) {
		t.Fatalf("a refused write was recorded: %d revisions, want %d", len(again), len(revs))
	}
}
