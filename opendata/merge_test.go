package opendata

import (
	"context"
	"io"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/graph/clocktest"
	"github.com/maillage/maillage/graph/teststore"
	"github.com/maillage/maillage/seed/data"
	"github.com/maillage/maillage/seed/geo"
	"github.com/maillage/maillage/seed/vocab"
)

var (
	geoOnce sync.Once
	geoData *geo.Data
)

func testGeo(t testing.TB) *geo.Data {
	geoOnce.Do(func() {
		g, err := geo.Load()
		if err != nil {
			panic(err)
		}
		geoData = g
	})
	return geoData
}

// baseStore returns a store holding the vocabularies and the geography every import links to:
// all of it above communes, and the communes of the départements listed (loading the 35,000
// communes would take most of a test's time).
func baseStore(t testing.TB, clock graph.Clock, deps ...string) graph.Store {
	t.Helper()
	s := teststore.OpenWithClock(t, clock)
	ctx := context.Background()
	g := testGeo(t)
	vn, err := vocab.Nodes()
	if err != nil {
		t.Fatal(err)
	}
	ve, _ := vocab.Edges()
	kept := map[string]bool{}
	var gn []graph.Node
	for _, n := range g.Nodes() {
		tn := n.(*graph.Territory)
		if tn.Level == graph.LevelCommune || tn.Level == graph.LevelArrondissement {
			c := g.Commune(tn.Code)
			if c == nil || !slices.Contains(deps, c.Departement) {
				continue
			}
		}
		kept[tn.ID] = true
		gn = append(gn, n)
	}
	var ge []graph.Edge
	for _, e := range g.Edges() {
		if kept[e.From] && kept[e.To] {
			ge = append(ge, e)
		}
	}
	for _, b := range []graph.Batch{{Nodes: gn}, {Edges: ge}, {Nodes: vn}, {Edges: ve}} {
		for i := 0; i < max(len(b.Nodes), len(b.Edges)); i += 20000 {
			part := graph.Batch{}
			if b.Nodes != nil {
				part.Nodes = b.Nodes[i:min(i+20000, len(b.Nodes))]
			} else {
				part.Edges = b.Edges[i:min(i+20000, len(b.Edges))]
			}
			if err := s.Apply(ctx, part); err != nil {
				t.Fatal(err)
			}
		}
	}
	return s
}

func openEmbedded(t testing.TB, path string) io.Reader {
	f, err := data.OpenData.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	r, err := Decompress(f)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// importDI974 imports the La Réunion structures then services.
func importDI974(t testing.TB, s graph.Store, dry bool) Report {
	t.Helper()
	ctx := context.Background()
	im := &Importer{Store: s, Geo: testGeo(t), DryRun: dry}
	if err := im.Read(ctx, ReadDataInclusion, openEmbedded(t, "opendata/data-inclusion-974/structures.json"), Options{}, "structures.json"); err != nil {
		t.Fatal(err)
	}
	if err := im.Read(ctx, ReadDataInclusion, openEmbedded(t, "opendata/data-inclusion-974/services.json.gz"), Options{}, "services.json"); err != nil {
		t.Fatal(err)
	}
	rep, err := im.Finish(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func TestImportDI974MergeAndReimport(t *testing.T) {
	clock := clocktest.New(time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC))
	s := baseStore(t, clock.Clock(), "974")
	ctx := context.Background()

	dry := importDI974(t, s, true)
	seq0, _ := s.LastSeq(ctx)
	if dry.New != 2705+276-dry.Invalid || dry.Changed != 0 {
		t.Fatalf("dry run: %s", dry)
	}
	if seq, _ := s.LastSeq(ctx); seq != seq0 {
		t.Fatal("a dry run wrote")
	}

	rep := importDI974(t, s, false)
	if rep.New != dry.New || rep.Edges == 0 {
		t.Fatalf("import: %s (dry: %s)", rep, dry)
	}
	for _, e := range rep.Errors {
		if e.Line == 0 || e.Reason == "" || e.File == "" {
			t.Errorf("bad row without file, line or reason: %+v", e)
		}
	}
	id := NodeID(graph.KindDispositif, DatasetDataInclusion, "3c3b9edd-bfcd-4bbd-ada5-45ddf2ec5425-07cd638d-725d-49e5-8338-3b5e0edd1031")
	n, err := s.Get(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	d := n.(*graph.Dispositif)
	if d.Name != "Garantie Visale" || len(d.Sources) != 1 || d.Sources[0].Date != "2025-02-14" {
		t.Fatalf("%+v", d)
	}
	es, _ := s.Edges(ctx, graph.EdgeQuery{IDs: []string{id}, Direction: graph.Incoming, Types: []graph.RelationType{graph.Operates}})
	if len(es) != 1 || es[0].From != NodeID(graph.KindOrganisation, DatasetDataInclusion, "3c3b9edd-bfcd-4bbd-ada5-45ddf2ec5425") {
		t.Fatalf("operator %+v", es)
	}

	// A second import of the same files writes nothing.
	seq1, _ := s.LastSeq(ctx)
	again := importDI974(t, s, false)
	if again.New != 0 || again.Changed != 0 || again.Edges != 0 || again.Unchanged != rep.New {
		t.Fatalf("re-import: %s", again)
	}
	if seq, _ := s.LastSeq(ctx); seq != seq1 {
		t.Fatalf("re-import wrote (seq %d → %d)", seq1, seq)
	}

	// A partner edits the hours and the description after the source's date: a re-import keeps
	// them, raises one review per field, and accepting a review writes the source's value.
	clock.Add(time.Hour)
	d.Description = "Description revue par le partenaire."
	d.AccessNotes = "Sur rendez-vous uniquement."
	if _, err := s.Update(graph.WithActor(ctx, "partenaire@example.org"), d, d.Version); err != nil {
		t.Fatal(err)
	}
	// The partner also removes a thematique the source gives: a re-import does not add it back.
	about := graph.EdgeKey{Type: graph.About, From: id, To: "mobilite--financer-ma-mobilite"}
	if err := s.Unlink(graph.WithActor(ctx, "partenaire@example.org"), about); err != nil {
		t.Fatal(err)
	}
	third := importDI974(t, s, false)
	if es, _ := s.Edges(ctx, graph.EdgeQuery{IDs: []string{id}, Types: []graph.RelationType{graph.About}}); slices.ContainsFunc(es, func(e graph.Edge) bool { return e.Key() == about }) {
		t.Fatal("a re-import added back a relation the partner removed")
	}
	if third.Reviews != 1 || third.Changed != 0 {
		t.Fatalf("after edit: %s", third)
	}
	n, _ = s.Get(ctx, id)
	d = n.(*graph.Dispositif)
	if d.AccessNotes != "Sur rendez-vous uniquement." || len(d.Reviews) != 1 || d.Reviews[0].Field != "accessNotes" ||
		!strings.Contains(d.Reviews[0].Text, "la source « data·inclusion » indique") {
		t.Fatalf("%q %+v", d.AccessNotes, d.Reviews)
	}
	// Re-importing again raises nothing new and writes nothing.
	seq2, _ := s.LastSeq(ctx)
	if fourth := importDI974(t, s, false); fourth.Reviews != 0 || fourth.Changed != 0 {
		t.Fatalf("fourth: %s", fourth)
	}
	if seq, _ := s.LastSeq(ctx); seq != seq2 {
		t.Fatal("fourth import wrote")
	}
	out, err := ResolveReview(graph.WithActor(ctx, "coordinatrice@example.org"), s, id, 0, true, d.Version)
	if err != nil {
		t.Fatal(err)
	}
	d = out.(*graph.Dispositif)
	if d.AccessNotes != "Accueil en présentiel et à distance." || len(d.OpenReviews()) != 0 || d.Reviews[0].Resolution != graph.ReviewAccepted || d.Description != "Description revue par le partenaire." {
		t.Fatalf("accepted: %q %+v %q", d.AccessNotes, d.Reviews, d.Description)
	}
}

func TestImportWithdrawnAndCrossSource(t *testing.T) {
	s := baseStore(t, clocktest.New(time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)).Clock(), "93")
	ctx := context.Background()
	run := func(read Reader, in string, complete bool) Report {
		im := &Importer{Store: s, Geo: testGeo(t), Complete: complete}
		if err := im.Read(ctx, read, strings.NewReader(in), Options{}, "test"); err != nil {
			t.Fatal(err)
		}
		rep, err := im.Finish(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return rep
	}
	annuaire := "id,type_pivot,nom,courriel,site_web,notes,code_insee,departement,adresse,code_postal,commune,telephone,telecopie,fichier_source\n" +
		"mission_locale-93008-01,mission_locale,Mission locale - Bobigny,,,,93008,93,1 rue X,93000,Bobigny,01 48 00 00 00,,x\n" +
		"pmi-93008-01,pmi,PMI Bobigny,,,,93008,93,2 rue Y,93000,Bobigny,01 48 00 00 01,,x\n"
	if rep := run(ReadAnnuaire, annuaire, true); rep.New != 2 {
		t.Fatal(rep)
	}
	// The i-milo referential names the same Mission locale: it is merged, not duplicated.
	ref := `[{"id":"93005S00","nom_officiel":"93-ML BOBIGNY","nom_usuel":"ml-bobigny","code_departement":"93"},
	{"id":"93006S00","nom_officiel":"93-ML BONDY","nom_usuel":null,"code_departement":"93"}]`
	rep := run(ReadReferentiel, ref, false)
	if rep.New != 1 || rep.Merged != 1 || rep.Changed != 1 {
		t.Fatalf("referential: %s", rep)
	}
	n, _ := s.Get(ctx, NodeID(graph.KindDispositif, DatasetAnnuaire, "mission_locale-93008-01"))
	if m := n.NodeMeta(); len(m.Sources) != 2 || m.Sources[1].Dataset != DatasetReferentielML || m.Sources[1].Date != "2023-09-18" {
		t.Fatalf("%+v", m.Sources)
	}
	bondy, _ := s.Get(ctx, NodeID(graph.KindDispositif, DatasetReferentielML, "93006S00"))
	if a := bondy.(*graph.Dispositif).Address; a != nil {
		t.Fatalf("address invented: %+v", a)
	}
	// A FINESS etalab extract imports with the seeded sample's ids.
	etalab := "finess;etalab;100;2026-08-13\n" +
		"structureet;930019484;930000013;CHRS LA CITE;CHRS LA CITE;;;12;RUE;DE PARIS;;;008;93;SEINE-SAINT-DENIS;93000 BOBIGNY;0148000000;;214;C.H.R.S.;4601;;;;;;;;2001-01-01;2001-01-01;2026-05-02;\n"
	if rep := run(ReadFINESS, etalab, false); rep.New != 1 {
		t.Fatalf("FINESS: %s", rep)
	}
	chrs, err := s.Get(ctx, "dsp-finess-930019484")
	if err != nil || chrs.(*graph.Dispositif).Type != "chrs" || len(chrs.(*graph.Dispositif).Contacts) != 1 {
		t.Fatalf("%v %+v", err, chrs)
	}
	// A complete re-import without the PMI flags it withdrawn, and does not delete it.
	rep = run(ReadAnnuaire, strings.Join(strings.Split(annuaire, "\n")[:2], "\n")+"\n", true)
	if rep.Withdrawn != 1 {
		t.Fatalf("withdrawn: %s", rep)
	}
	n, err = s.Get(ctx, NodeID(graph.KindDispositif, DatasetAnnuaire, "pmi-93008-01"))
	if err != nil || n.NodeMeta().Archived() || len(n.NodeMeta().Reviews) != 1 || n.NodeMeta().Reviews[0].Kind != graph.ReviewWithdrawn {
		t.Fatalf("%v %+v", err, n)
	}
}
