package geo

import (
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
		t.Fatalf("regions %d, départements %d, EPCI %d, EPT %d, communes %d", len(d.Regions), len(d.Departements), len(d.EPCIs), len(d.EPTs), len(d.Communes))
	}
}

func TestTreeAndPopulations(t *testing.T) {
	d := load(t)
	nodes := d.Nodes()
	byID := map[string]*graph.Territory{}
	for _, n := range nodes {
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
	for _, e := range d.Edges() {
		from, to := byID[e.From], byID[e.To]
		if from == nil || to == nil {
			t.Fatalf("edge %s→%s has a missing end", e.From, e.To)
		}
		if err := graph.ValidateEdge(e, graph.KindTerritory, graph.KindTerritory); err != nil {
			t.Fatal(err)
		}
		up[e.From] = append(up[e.From], e.To)
	}
	// ancestors walks PART_OF up from id.
	ancestors := func(id string) map[string]bool {
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
	a := ancestors("com-93066")
	for _, want := range []string{"dep-93", "reg-11", "fr", "ept-200057867", "epci-200054781"} {
		if !a[want] {
			t.Errorf("Saint-Denis is not PART_OF %s (ancestors %v)", want, a)
		}
	}
	if a := ancestors("arr-75118"); !a["com-75056"] || !a["dep-75"] || !a["reg-11"] {
		t.Errorf("Paris 18e ancestors: %v", a)
	}
	if a := ancestors("com-97502"); !a["dep-975"] || !a["reg-975"] || !a["fr"] {
		t.Errorf("Saint-Pierre (COM) ancestors: %v", a)
	}
	for id, want := range map[string]int{"dep-93": 1704316, "dep-52": 168331, "dep-15": 144196, "dep-75": 2103778} {
		if got := *byID[id].Population; got != want {
			t.Errorf("population of %s = %d, want %d", id, got, want)
		}
	}
	sd := byID["com-93066"]
	if sd.Lat == nil || *sd.Lat < 48.9 || *sd.Lat > 49 || len(sd.PostalCodes) != 3 {
		t.Errorf("Saint-Denis: %+v", sd)
	}
	if byID["arr-75118"].Lat != nil {
		t.Error("arrondissements have no centre in the source")
	}
}

func TestLookups(t *testing.T) {
	d := load(t)
	if c := d.Commune("93066"); c == nil || c.Name != "Saint-Denis" {
		t.Fatalf("Commune(93066) = %+v", c)
	}
	found := false
	for _, c := range d.ByPostalCode("52000") {
		found = found || c.Code == "52121"
	}
	if !found {
		t.Error("ByPostalCode(52000) misses Chaumont (52121)")
	}
	sd := d.ByName("saint denis")
	if len(sd) != 0 {
		t.Errorf("names are matched whole, hyphens included: %v", sd)
	}
	homonyms := d.ByName("SAINT-DENIS")
	deps := map[string]bool{}
	for _, c := range homonyms {
		deps[c.Departement] = true
	}
	if !deps["93"] || !deps["974"] {
		t.Errorf("Saint-Denis homonyms: %v", deps)
	}
	if dep := d.Departement("2A"); dep == nil || dep.Name != "Corse-du-Sud" {
		t.Errorf("Departement(2A) = %+v", dep)
	}
}

func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		d := load(b)
		_ = d.Nodes()
		_ = d.Edges()
	}
}
