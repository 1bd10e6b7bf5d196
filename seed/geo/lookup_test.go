package geo

import (
	"slices"
	"sync"
	"testing"
)

func codes(cs []*Commune) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Code
	}
	return out
}

func TestLookups(t *testing.T) {
	d := load(t)
	if c := d.Commune("93066"); c == nil || c.Name != "Saint-Denis" || c.Departement != "93" || c.Region != "11" || c.EPT != "200057867" {
		t.Fatalf("Commune(93066) = %+v", c)
	}
	if c := d.Commune("75118"); c == nil || !c.Arrondissement() || c.Parent != "75056" || c.TerritoryID() != "arr-75118" {
		t.Fatalf("Commune(75118) = %+v", c)
	}
	if d.Commune("93059") != nil {
		t.Error("93059 (Pierrefitte) was merged into Saint-Denis in 2025: no current commune has that code")
	}
	if c := d.ByFormerCode("93059"); c == nil || c.Code != "93066" {
		t.Errorf("ByFormerCode(93059) = %+v", c)
	}
	if c := d.Resolve("93059"); c == nil || c.Code != "93066" {
		t.Errorf("Resolve(93059) = %+v", c)
	}
	if c := d.Resolve("52121"); c == nil || c.Name != "Chaumont" {
		t.Errorf("Resolve(52121) = %+v", c)
	}
	if !slices.Contains(codes(d.ByPostalCode("52000")), "52121") {
		t.Errorf("ByPostalCode(52000) = %v, misses Chaumont (52121)", codes(d.ByPostalCode("52000")))
	}
	// 93200 serves Saint-Denis only; 75018 serves Paris and its 18e arrondissement.
	if got := codes(d.ByPostalCode("75018")); !slices.Equal(got, []string{"75056", "75118"}) {
		t.Errorf("ByPostalCode(75018) = %v", got)
	}
	if len(d.ByPostalCode("99999")) != 0 {
		t.Error("unknown postal code found")
	}
	if got := d.ByName("saint denis"); len(got) != 0 {
		t.Errorf("names are matched whole, hyphens included: %v", codes(got))
	}
	deps := map[string]bool{}
	for _, c := range d.ByName("SAINT-DENIS") {
		deps[c.Departement] = true
	}
	if !deps["93"] || !deps["974"] {
		t.Errorf("Saint-Denis homonyms: %v", deps)
	}
	if got := codes(d.ByName("Évry-Courcouronnes")); !slices.Equal(got, codes(d.ByName("evry-courcouronnes"))) || len(got) != 1 {
		t.Errorf("accents and case are folded: %v", got)
	}
	if dep := d.Departement("2A"); dep == nil || dep.Name != "Corse-du-Sud" || dep.Region != "94" {
		t.Errorf("Departement(2A) = %+v", dep)
	}
	if dep := d.Departement("975"); dep == nil || dep.Zone != "com" || dep.Region != "975" {
		t.Errorf("Departement(975) = %+v", dep)
	}
	if r := d.Region("11"); r == nil || r.Name != "Île-de-France" || r.Population != 12463067 {
		t.Errorf("Region(11) = %+v", r)
	}
	if e := d.EPCI("200054781"); e == nil || e.Type != "METRO" || !slices.Contains(e.Departements, "93") {
		t.Errorf("EPCI(200054781) = %+v", e)
	}
	if e := d.EPT("200057867"); e == nil || e.Name != "Plaine Commune" || !slices.Contains(e.Members, "93066") {
		t.Errorf("EPT(200057867) = %+v", e)
	}
}

func TestConcurrentFirstLookup(t *testing.T) {
	d := load(t)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if d.Commune("15014") == nil || len(d.ByName("aurillac")) != 1 {
				t.Error("Aurillac not found")
			}
		})
	}
	wg.Wait()
}
