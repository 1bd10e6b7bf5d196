package geo

import (
	"maps"
	"slices"

	"github.com/maillage/maillage/graph"
)

func meta(level graph.TerritoryLevel, code, file string) graph.Meta {
	return graph.Meta{
		ID: graph.TerritoryID(level, code), Version: 1, CreatedAt: Millesime, UpdatedAt: Millesime,
		Sources: []graph.Source{{Dataset: "geo", Ref: file + " (@etalab/decoupage-administratif 6.0.0, COG 2026)"}},
	}
}

func intp(i int) *int { return &i }

// Nodes returns France, the régions, départements, EPCI, EPT, communes and arrondissements
// municipaux as Territory nodes. Populations are the INSEE population municipale; a région's,
// a département's and France's are the sums of their communes (arrondissements excluded, being
// already counted in their commune).
func (d *Data) Nodes() []graph.Node {
	popDep := map[string]int{}
	popReg := map[string]int{}
	total := 0
	for _, c := range d.Communes {
		if c.Arrondissement() {
			continue
		}
		popDep[c.Departement] += c.Population
		popReg[c.Region] += c.Population
		total += c.Population
	}
	nodes := make([]graph.Node, 0, 1+len(d.Regions)+len(d.Departements)+len(d.EPCIs)+len(d.EPTs)+len(d.Communes))
	nodes = append(nodes, &graph.Territory{Meta: meta(graph.LevelCountry, "FR", "regions.csv"), Level: graph.LevelCountry, Code: "FR", Name: "France", Population: intp(total)})
	for _, r := range d.Regions {
		nodes = append(nodes, &graph.Territory{Meta: meta(graph.LevelRegion, r.Code, "regions.csv"), Level: graph.LevelRegion, Code: r.Code, Name: r.Name, Population: intp(popReg[r.Code])})
	}
	for _, dep := range d.Departements {
		nodes = append(nodes, &graph.Territory{Meta: meta(graph.LevelDepartement, dep.Code, "departements.csv"), Level: graph.LevelDepartement, Code: dep.Code, Name: dep.Name, Population: intp(popDep[dep.Code])})
	}
	for _, e := range d.EPCIs {
		nodes = append(nodes, &graph.Territory{Meta: meta(graph.LevelEPCI, e.Code, "epci.csv"), Level: graph.LevelEPCI, Code: e.Code, Name: e.Name, EPCIType: e.Type, Population: intp(e.Population)})
	}
	for _, e := range d.EPTs {
		pop := 0
		for _, m := range e.Members {
			if c := d.Commune(m); c != nil {
				pop += c.Population
			}
		}
		nodes = append(nodes, &graph.Territory{Meta: meta(graph.LevelEPT, e.Code, "ept.csv"), Level: graph.LevelEPT, Code: e.Code, Name: e.Name, Population: intp(pop)})
	}
	for i := range d.Communes {
		c := &d.Communes[i]
		level := graph.LevelCommune
		if c.Arrondissement() {
			level = graph.LevelArrondissement
		}
		t := &graph.Territory{Meta: meta(level, c.Code, "communes.csv"), Level: level, Code: c.Code, Name: c.Name, PostalCodes: c.PostalCodes, FormerCodes: c.FormerCodes}
		if c.Population > 0 {
			t.Population = intp(c.Population)
		}
		if c.HasCentre {
			lat, lon := c.Lat, c.Lon
			t.Lat, t.Lon = &lat, &lon
			t.Sources = append(t.Sources, graph.Source{Dataset: "geo", Ref: "communes-centres-geoapi-2021.csv (geo.api.gouv.fr)"})
		}
		nodes = append(nodes, t)
	}
	return nodes
}

// Edges returns the PART_OF tree. Walking PART_OF up from a commune reaches every territory that
// contains it: its EPCI and EPT (when any), its département, its région and France; an
// arrondissement municipal is PART_OF its commune. EPCI and EPT are PART_OF the département of
// their members (an EPCI spanning several départements is PART_OF each), so that coverage by an
// EPCI is found from its département too. A COM is both a région and a département in the
// source: its communes are PART_OF the département, which is PART_OF the région.
func (d *Data) Edges() []graph.Edge {
	src := &graph.Source{Dataset: "geo", Ref: "COG 2026"}
	var edges []graph.Edge
	add := func(fromLevel graph.TerritoryLevel, from string, toLevel graph.TerritoryLevel, to string) {
		edges = append(edges, graph.Edge{Type: graph.PartOf, From: graph.TerritoryID(fromLevel, from), To: graph.TerritoryID(toLevel, to), Source: src, CreatedAt: Millesime})
	}
	for _, r := range d.Regions {
		add(graph.LevelRegion, r.Code, graph.LevelCountry, "FR")
	}
	for _, dep := range d.Departements {
		add(graph.LevelDepartement, dep.Code, graph.LevelRegion, dep.Region)
	}
	epciDeps := map[string]map[string]bool{}
	eptDeps := map[string]map[string]bool{}
	mark := func(m map[string]map[string]bool, k, dep string) {
		if m[k] == nil {
			m[k] = map[string]bool{}
		}
		m[k][dep] = true
	}
	for _, c := range d.Communes {
		if c.Arrondissement() {
			add(graph.LevelArrondissement, c.Code, graph.LevelCommune, c.Parent)
			continue
		}
		add(graph.LevelCommune, c.Code, graph.LevelDepartement, c.Departement)
		if c.EPCI != "" {
			add(graph.LevelCommune, c.Code, graph.LevelEPCI, c.EPCI)
			mark(epciDeps, c.EPCI, c.Departement)
		}
		if c.EPT != "" {
			add(graph.LevelCommune, c.Code, graph.LevelEPT, c.EPT)
			mark(eptDeps, c.EPT, c.Departement)
		}
	}
	for _, e := range d.EPCIs {
		for _, dep := range slices.Sorted(maps.Keys(epciDeps[e.Code])) {
			add(graph.LevelEPCI, e.Code, graph.LevelDepartement, dep)
		}
	}
	for _, e := range d.EPTs {
		for _, dep := range slices.Sorted(maps.Keys(eptDeps[e.Code])) {
			add(graph.LevelEPT, e.Code, graph.LevelDepartement, dep)
		}
	}
	return edges
}
