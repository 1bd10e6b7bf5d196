package finess

import (
	"maps"
	"slices"
	"testing"

	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/seed/geo"
	"github.com/maillage/maillage/seed/vocab"
)

type loaded struct {
	byID  map[string]graph.Node
	out   map[string][]graph.Edge // edges by From
	rep   Report
	nodes []graph.Node
	edges []graph.Edge
}

func load(t *testing.T) loaded {
	t.Helper()
	g, err := geo.Load()
	if err != nil {
		t.Fatal(err)
	}
	nodes, edges, rep, err := Load(g)
	if err != nil {
		t.Fatal(err)
	}
	l := loaded{byID: map[string]graph.Node{}, out: map[string][]graph.Edge{}, rep: rep, nodes: nodes, edges: edges}
	for _, n := range nodes {
		l.byID[n.NodeMeta().ID] = n
	}
	for _, e := range edges {
		l.out[e.From] = append(l.out[e.From], e)
	}
	return l
}

func TestReport(t *testing.T) {
	rep := load(t).rep
	t.Log(rep)
	// PROVENANCE.md: 1,753 rows, 912 closed, 841 open.
	if rep.Rows != 1753 || rep.SkippedClosed != 912 || rep.Kept+rep.SkippedOutOfField+rep.SkippedDuplicate+rep.SkippedInvalid != 841 {
		t.Fatalf("report %+v", rep)
	}
	// One open record is named "DOUBLON AVEC HI" by the source; none is invalid.
	if rep.Kept != 347 || rep.SkippedDuplicate != 1 || rep.SkippedInvalid != 0 || rep.SkippedOutOfField != 493 {
		t.Fatalf("report %+v", rep)
	}
	// Per-category counts of PROVENANCE.md (219 ×86 less the duplicate, 214 CHRS ×25…).
	want := map[string]int{
		"hu": 67, "maraude": 10, "accueil-de-jour": 6, "siao": 1, "115": 1,
		"chrs": 25, "pension-de-famille": 23, "cmp": 22, "emmsp": 15, "cada": 14, "lhss": 12, "lam": 6, "act": 6,
		"csapa": 5, "residence-sociale": 3, "cph": 2, "caarud": 2,
		"protection-enfance": 47, "sante": 49, "pmi": 10, "emploi": 20, "justice": 1,
	}
	if !maps.Equal(rep.ByType, want) {
		t.Errorf("by type %v\nwant %v", rep.ByType, want)
	}
	if rep.Refined != 18 || rep.Organisations != 11 {
		t.Errorf("refined %d, organisations %d", rep.Refined, rep.Organisations)
	}
	// The swapped coordinates (010002285) belong to a pharmacy, outside the field; the one
	// commune not found is 97127, Saint-Martin's code before it became a COM (97801).
	if rep.InvalidCoordinates != 0 || rep.UnknownCommunes != 1 || rep.InvalidPhones != 0 || rep.InvalidEmails != 0 {
		t.Errorf("report %+v", rep)
	}
}

func TestNodesAndEdgesValidate(t *testing.T) {
	l := load(t)
	g, _ := geo.Load()
	kinds := map[string]graph.Kind{}
	for _, n := range g.Nodes() {
		kinds[n.NodeMeta().ID] = graph.KindTerritory
	}
	vn, err := vocab.Nodes()
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range vn {
		kinds[n.NodeMeta().ID] = n.NodeKind()
	}
	for _, n := range l.nodes {
		if err := graph.ValidateStored(n); err != nil {
			t.Fatalf("%s: %v", n.NodeMeta().ID, err)
		}
		if _, dup := kinds[n.NodeMeta().ID]; dup {
			t.Fatalf("duplicate id %s", n.NodeMeta().ID)
		}
		kinds[n.NodeMeta().ID] = n.NodeKind()
	}
	seen := map[graph.EdgeKey]bool{}
	for _, e := range l.edges {
		fk, okFrom := kinds[e.From]
		tk, okTo := kinds[e.To]
		if !okFrom || !okTo {
			t.Fatalf("edge %s %s→%s has a missing end", e.Type, e.From, e.To)
		}
		if err := graph.ValidateEdge(e, fk, tk); err != nil {
			t.Fatalf("edge %s %s→%s: %v", e.Type, e.From, e.To, err)
		}
		if seen[e.Key()] {
			t.Fatalf("duplicate edge %v", e.Key())
		}
		seen[e.Key()] = true
	}
	// Every dispositif has exactly one operator, and every organisation operates something.
	operated := map[string]int{}
	for _, e := range l.edges {
		if e.Type == graph.Operates {
			operated[e.To]++
			operated[e.From]++
		}
	}
	for _, n := range l.nodes {
		if c := operated[n.NodeMeta().ID]; c == 0 || (n.NodeKind() == graph.KindDispositif && c != 1) {
			t.Errorf("%s takes part in %d OPERATES edges", n.NodeMeta().ID, c)
		}
		if d, ok := n.(*graph.Dispositif); ok && (d.Eligibility.AgeMin != nil || d.Eligibility.AdminStatus != "" || len(d.AccessModes) != 0) {
			t.Errorf("%s: FINESS says nothing about eligibility or access: %+v", d.ID, d.Eligibility)
		}
	}
}

// TestRealRows checks listings against rows of the source file.
func TestRealRows(t *testing.T) {
	l := load(t)
	edgesOf := func(id string, typ graph.RelationType) []string {
		var to []string
		for _, e := range l.out[id] {
			if e.Type == typ {
				to = append(to, e.To)
			}
		}
		return to
	}

	// CHRS of ORSAC in Ambérieu-en-Bugey.
	d, ok := l.byID["dsp-finess-010789840"].(*graph.Dispositif)
	if !ok {
		t.Fatal("CHRS ORSAC missing")
	}
	if d.Type != "chrs" || d.FINESS != "010789840" || d.Status != "active" || d.Address.PostalCode != "01500" || d.Address.CommuneCode != "01004" ||
		d.Address.Lat == nil || *d.Address.Lat != 45.954981 || len(d.Contacts) != 1 || d.Contacts[0].Value != "0474381539" {
		t.Fatalf("CHRS ORSAC: %+v %+v", d, d.Address)
	}
	if d.Sources[0].Dataset != "finess" || d.Sources[0].Ref != "010789840 (FINESS-Structures 2026-08-13)" || !d.CreatedAt.Equal(Extracted) || d.Version != 1 {
		t.Errorf("CHRS ORSAC meta: %+v", d.Meta)
	}
	if got := edgesOf(d.ID, graph.About); !slices.Equal(got, []string{"logement-hebergement--rechercher-une-solution-dhebergement-temporaire"}) {
		t.Errorf("CHRS thematiques %v", got)
	}
	if got := edgesOf(d.ID, graph.Serves); len(got) != 0 {
		t.Errorf("a CHRS's public is not implied by its category: %v", got)
	}
	o, ok := l.byID["org-finess-010783009"].(*graph.Organisation)
	if !ok || o.Name != "ORSAC" || o.Type != "association" || o.FINESS != "010783009" || o.Description != "Entité juridique enregistrée au FINESS, statut juridique « Association Loi 1901 Reconnue d'Utilité Publique »." {
		t.Fatalf("ORSAC organisation: %+v", l.byID["org-finess-010783009"])
	}

	// A Paris CHU is located in, and covers, its arrondissement municipal.
	chu, ok := l.byID["dsp-finess-750055436"].(*graph.Dispositif)
	if !ok || chu.Type != "hu" || chu.Name != "CHU CROIX ROUGE" || chu.Address.Street != "96 R DIDOT" || chu.Address.City != "PARIS" || chu.StartedOn != "2013-09-01" {
		t.Fatalf("CHU Croix-Rouge Paris 14e: %+v %+v", chu, chu.Address)
	}
	if got := edgesOf(chu.ID, graph.LocatedIn); !slices.Equal(got, []string{"arr-75114"}) {
		t.Errorf("LOCATED_IN %v", got)
	}
	if got := edgesOf(chu.ID, graph.Covers); !slices.Equal(got, []string{"arr-75114"}) {
		t.Errorf("COVERS %v", got)
	}
	if got := edgesOf(chu.ID, graph.Serves); !slices.Equal(got, []string{"personnes-sans-abri", "personnes-en-situation-durgence"}) {
		t.Errorf("CHU publics %v", got)
	}

	// Category 219 refined from the name.
	for id, want := range map[string]string{
		"dsp-finess-740018155": "siao", "dsp-finess-660003708": "115", "dsp-finess-140033184": "accueil-de-jour",
		"dsp-finess-510024169": "maraude", "dsp-finess-660010331": "hu",
	} {
		if d, ok := l.byID[id].(*graph.Dispositif); !ok || d.Type != want {
			t.Errorf("%s: type %v, want %s", id, l.byID[id], want)
		}
	}
	if _, ok := l.byID["dsp-finess-010007748"]; ok {
		t.Error("the record the source names DOUBLON was kept")
	}

	// Évaluation des mineurs in Bobigny (93): its public follows from the category.
	mna := l.byID["dsp-finess-930033089"].(*graph.Dispositif)
	if mna.Address.Street != "1 A 15 RUE BENOIT FRACHON" || mna.Address.Lat != nil {
		t.Errorf("MNA address %+v", mna.Address)
	}
	if got := edgesOf(mna.ID, graph.Serves); !slices.Equal(got, []string{"mineurs-non-accompagnes"}) {
		t.Errorf("MNA publics %v", got)
	}
	if got := edgesOf(mna.ID, graph.Covers); !slices.Equal(got, []string{"com-93008"}) {
		t.Errorf("MNA covers %v", got)
	}

	// CSAPA in Saint-Martin: its 2026 commune code is not the one FINESS uses, so no area.
	csapa := l.byID["dsp-finess-970104303"].(*graph.Dispositif)
	if csapa.Address.CommuneCode != "97127" || len(edgesOf(csapa.ID, graph.Covers)) != 0 {
		t.Errorf("Saint-Martin CSAPA: %+v, covers %v", csapa.Address, edgesOf(csapa.ID, graph.Covers))
	}
	if got := edgesOf(csapa.ID, graph.About); !slices.Equal(got, []string{"sante--addictions"}) {
		t.Errorf("CSAPA thematiques %v", got)
	}

	// The two e-mails of the sample are kept.
	mails := 0
	for _, n := range l.nodes {
		if d, ok := n.(*graph.Dispositif); ok {
			for _, c := range d.Contacts {
				if c.Kind == "email" {
					mails++
				}
			}
		}
	}
	if mails != 2 {
		t.Errorf("%d e-mails kept, want 2", mails)
	}
}

func TestImpliedTermsExist(t *testing.T) {
	vn, err := vocab.Nodes()
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]graph.Kind{}
	for _, n := range vn {
		kinds[n.NodeMeta().ID] = n.NodeKind()
	}
	check := func(key string, i implication) {
		for _, p := range i.publics {
			if kinds[p] != graph.KindPublic {
				t.Errorf("%s implies unknown public %s", key, p)
			}
		}
		for _, th := range i.thematiques {
			if kinds[th] != graph.KindThematique {
				t.Errorf("%s implies unknown thematique %s", key, th)
			}
		}
	}
	for typ, i := range impliedByType {
		if !graph.DispositifTypes.Has(typ) {
			t.Errorf("unknown type %s", typ)
		}
		check(typ, i)
	}
	for cat, i := range impliedByCategory {
		if _, ok := vocab.FINESSCategoryType(cat); !ok {
			t.Errorf("category %s is outside the field", cat)
		}
		check(cat, i)
	}
}

func TestRefineType(t *testing.T) {
	for _, c := range []struct{ cat, names, want string }{
		{"219", "CENTRE D'ACCUEIL DE JOUR  LE PHARE CENTRE DE JOUR  LE PHARE", "accueil-de-jour"},
		{"219", "CAJ CRF LISIEUX", "accueil-de-jour"},
		{"219", "PERMANENCE DE RUE DE LA CROIX ROUGE FRANÇAISE", "maraude"},
		{"219", "ACCUEIL DE NUIT", "hu"},
		{"219", "HOTEL SOCIAL DE SABLE", "hu"},
		{"219", "CHU CSAPA", "hu"},
		{"214", "ACCUEIL DE JOUR DU CHRS", "chrs"},
	} {
		typ, _ := vocab.FINESSCategoryType(c.cat)
		if got := refineType(c.cat, typ, c.names); got != c.want {
			t.Errorf("%s %q → %s, want %s", c.cat, c.names, got, c.want)
		}
	}
}

func BenchmarkLoad(b *testing.B) {
	g, err := geo.Load()
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, _, _, err := Load(g); err != nil {
			b.Fatal(err)
		}
	}
}

// TestPublicsByName: an establishment whose names say it shelters women victims of violence
// serves them, whatever its category (the FVV shelters of the sample are in the catch-all 219);
// a name that does not say so adds nothing.
func TestPublicsByName(t *testing.T) {
	for _, c := range []struct {
		names string
		want  []string
	}{
		{"HU FVV CONJUGALES - AMBOISE - CRF HU FEMMES VICTIMES DE VIOLENCES - CRF", []string{"personnes-victimes-de-violences", "femmes"}},
		{"ACCUEIL VICTIMES DE VIOLENCES INTRAFAMILIALES", []string{"personnes-victimes-de-violences"}},
		{"CTR HEBERGEMENT URGENCE SOCIALE L'ALBA", nil},
	} {
		_, publics, _, ok := Classify("219", c.names)
		if !ok {
			t.Fatalf("%s: category 219 out of field", c.names)
		}
		for _, p := range c.want {
			if !slices.Contains(publics, p) {
				t.Errorf("%s: publics %v, want %s", c.names, publics, p)
			}
		}
		if c.want == nil && slices.Contains(publics, "personnes-victimes-de-violences") {
			t.Errorf("%s: publics %v", c.names, publics)
		}
	}
	// the implications of a category are not changed for the next establishment
	if _, publics, _, _ := Classify("219", "CHU"); slices.Contains(publics, "femmes") {
		t.Errorf("implications shared between establishments: %v", publics)
	}
}
