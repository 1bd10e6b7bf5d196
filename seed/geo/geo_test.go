package geo

import (
	"slices"
	"testing"

	"github.com/maillage/maillage/graph"
)

func load(t testing.TB) *Data {
	t.Helper()
	d, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestCounts(t *testing.T) {
	d := load(t)
	if len(d.Regions) != 26 || len(d.Departements) != 109 || len(d.EPCIs) != 1255 || len(d.EPTs) != 11 || len(d.Communes) != 35014 {
		t.Fatalf("régions %d, départements %d, EPCI %d, EPT %d, communes %d", len(d.Regions), len(d.Departements), len(d.EPCIs), len(d.EPTs), len(d.Communes))
	}
	arr, centres := 0, 0
	for _, c := range d.Communes {
		if c.Arrondissement() {
			arr++
		}
		if c.HasCentre {
			centres++
		}
	}
	// PROVENANCE: 45 arrondissements municipaux; 34,863 rows have a 2021 centre.
	if arr != 45 || centres != 34863 {
		t.Fatalf("%d arrondissements, %d centres", arr, centres)
	}
	spanning := 0
	for _, e := range d.EPCIs {
		if len(e.Departements) == 0 {
			t.Errorf("EPCI %s has no member commune", e.Code)
		}
		if len(e.Departements) > 1 {
			spanning++
		}
	}
	if spanning != 89 {
		t.Errorf("%d EPCI span several départements, want 89", spanning)
	}
}

// graphOf validates every node and edge and returns the nodes by id and the PART_OF parents.
func graphOf(t *testing.T, d *Data) (map[string]*graph.Territory, map[string][]string) {
	t.Helper()
	byID := map[string]*graph.Territory{}
	for _, n := range d.Nodes() {
		if err := n.Validate(); err != nil {
			t.Fatalf("%s: %v", n.NodeMeta().ID, err)
		}
		if err := graph.ValidateStored(n); err != nil {
			t.Fatalf("%s: %v", n.NodeMeta().ID, err)
		}
		id := n.NodeMeta().ID
		if byID[id] != nil {
			t.Fatalf("duplicate id %s", id)
		}
		byID[id] = n.(*graph.Territory)
	}
	up := map[string][]string{}
	seen := map[graph.EdgeKey]bool{}
	for _, e := range d.Edges() {
		if byID[e.From] == nil || byID[e.To] == nil {
			t.Fatalf("edge %s→%s has a missing end", e.From, e.To)
		}
		if err := graph.ValidateEdge(e, graph.KindTerritory, graph.KindTerritory); err != nil {
			t.Fatal(err)
		}
		if seen[e.Key()] {
			t.Fatalf("duplicate edge %v", e.Key())
		}
		seen[e.Key()] = true
		up[e.From] = append(up[e.From], e.To)
	}
	return byID, up
}

// ancestors walks PART_OF up from id.
func ancestors(up map[string][]string, id string) map[string]bool {
	seen := map[string]bool{}
	var walk func(string)
	walk = func(x string) {
		for _, p := range up[x] {
			if !seen[p] {
				seen[p] = true
				walk(p)
			}
		}
	}
	walk(id)
	return seen
}

func TestTree(t *testing.T) {
	d := load(t)
	byID, up := graphOf(t, d)
	if len(byID) != 1+26+109+1255+11+35014 {
		t.Fatalf("%d nodes", len(byID))
	}
	if got := up["com-93066"]; !slices.Equal(got, []string{"dep-93", "epci-200054781", "ept-200057867"}) {
		t.Errorf("Saint-Denis is PART_OF %v", got)
	}
	if byID["ept-200057867"].Name != "Plaine Commune" || byID["epci-200054781"].Name != "Métropole du Grand Paris" {
		t.Errorf("EPT %q, EPCI %q", byID["ept-200057867"].Name, byID["epci-200054781"].Name)
	}
	if !slices.Equal(up["dep-93"], []string{"reg-11"}) || !slices.Equal(up["reg-11"], []string{"fr"}) || len(up["fr"]) != 0 {
		t.Errorf("dep-93 → %v, reg-11 → %v, fr → %v", up["dep-93"], up["reg-11"], up["fr"])
	}
	if got := up["arr-75118"]; !slices.Equal(got, []string{"com-75056"}) {
		t.Errorf("Paris 18e is PART_OF %v", got)
	}
	if a := ancestors(up, "arr-75118"); !a["dep-75"] || !a["reg-11"] || !a["fr"] || !a["epci-200054781"] {
		t.Errorf("Paris 18e ancestors: %v", a)
	}
	if a := ancestors(up, "arr-13201"); !a["com-13055"] || !a["dep-13"] || !a["reg-93"] {
		t.Errorf("Marseille 1er ancestors: %v", a)
	}
	if a := ancestors(up, "com-97502"); !a["dep-975"] || !a["reg-975"] || !a["fr"] {
		t.Errorf("Saint-Pierre (COM) ancestors: %v", a)
	}
	// Every commune reaches France, and its own département without an EPCI detour.
	for _, c := range d.Communes {
		a := ancestors(up, c.TerritoryID())
		if !a["fr"] || !a[graph.TerritoryID(graph.LevelDepartement, c.Departement)] || !a[graph.TerritoryID(graph.LevelRegion, c.Region)] {
			t.Fatalf("%s does not reach its département, région and France: %v", c.Code, a)
		}
	}
	// An EPCI spanning two départements is PART_OF both.
	if got := up["ept-200057990"]; !slices.Equal(got, []string{"dep-92", "dep-95"}) {
		t.Errorf("Boucle Nord de Seine is PART_OF %v", got)
	}
}

func TestPopulationsAndCentres(t *testing.T) {
	d := load(t)
	byID, _ := graphOf(t, d)
	// Figures from PROVENANCE.md: sums of communes actuelles.
	for id, want := range map[string]int{"dep-93": 1704316, "dep-52": 168331, "dep-15": 144196, "dep-75": 2103778, "com-75056": 2103778} {
		if got := byID[id].Population; got == nil || *got != want {
			t.Errorf("population of %s = %v, want %d", id, got, want)
		}
	}
	if got := *byID["ept-200057867"].Population; got != 453671 { // sum of its 8 members in communes.csv
		t.Errorf("Plaine Commune population %d", got)
	}
	if got := *byID["epci-200054781"].Population; got != 7115576 { // epci.csv population_municipale
		t.Errorf("Métropole du Grand Paris population %d", got)
	}
	regions := 0
	for _, r := range d.Regions {
		regions += *byID[graph.TerritoryID(graph.LevelRegion, r.Code)].Population
	}
	if fr := *byID["fr"].Population; fr != regions || fr != 68952941 {
		t.Errorf("France %d, sum of régions %d", fr, regions)
	}
	if byID["com-98411"].Population != nil {
		t.Error("a commune without population in the source must have none (unknown), not 0")
	}
	sd := byID["com-93066"]
	if sd.Lat == nil || *sd.Lat < 48.9 || *sd.Lat > 49 || *sd.Lon < 2.3 || *sd.Lon > 2.4 || len(sd.PostalCodes) != 3 || len(sd.FormerCodes) == 0 {
		t.Errorf("Saint-Denis: %+v", sd)
	}
	if len(sd.Sources) != 2 {
		t.Errorf("Saint-Denis sources: %v", sd.Sources)
	}
	if a := byID["arr-75118"]; a.Lat != nil || a.Level != graph.LevelArrondissement || a.Name != "Paris 18e Arrondissement" {
		t.Errorf("Paris 18e: %+v (arrondissements have no centre in the source)", a)
	}
	if n := byID["fr"]; n.CreatedAt != Millesime || n.Version != 1 {
		t.Errorf("fr meta: %+v", n.Meta)
	}
}

func TestDeterministic(t *testing.T) {
	a, b := load(t), load(t)
	na, nb := a.Nodes(), b.Nodes()
	ea, eb := a.Edges(), b.Edges()
	if len(na) != len(nb) || len(ea) != len(eb) {
		t.Fatal("two loads differ in size")
	}
	for i := range na {
		if na[i].NodeMeta().ID != nb[i].NodeMeta().ID {
			t.Fatalf("node %d: %s vs %s", i, na[i].NodeMeta().ID, nb[i].NodeMeta().ID)
		}
	}
	for i := range ea {
		if ea[i].Key() != eb[i].Key() {
			t.Fatalf("edge %d: %v vs %v", i, ea[i].Key(), eb[i].Key())
		}
	}
}

func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		if _, err := Load(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkNodesAndEdges(b *testing.B) {
	d := load(b)
	for b.Loop() {
		_ = d.Nodes()
		_ = d.Edges()
	}
}

func BenchmarkFirstLookup(b *testing.B) {
	for b.Loop() {
		b.StopTimer()
		d := load(b)
		b.StartTimer()
		if d.Commune("93066") == nil {
			b.Fatal("93066 missing")
		}
	}
}

func TestFormerNames(t *testing.T) {
	d, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]string{}
	for _, f := range d.FormerNames {
		if d.Commune(f.Commune) == nil {
			t.Fatalf("former name %+v: no current commune", f)
		}
		byName[f.Name] = f.Commune
	}
	if len(d.FormerNames) < 2500 {
		t.Errorf("%d former names", len(d.FormerNames))
	}
	// Tourlaville and Cherbourg-Octeville merged into Cherbourg-en-Cotentin (50129)
	if byName["Tourlaville"] != "50129" || byName["Cherbourg-Octeville"] != "50129" {
		t.Errorf("Tourlaville → %q, Cherbourg-Octeville → %q", byName["Tourlaville"], byName["Cherbourg-Octeville"])
	}
}
