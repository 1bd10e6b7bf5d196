package geo

import (
	"github.com/maillage/maillage/graph"
)

// sourceRef names the package the files come from, after the file name.
const sourceRef = " (@etalab/decoupage-administratif 6.0.0, COG 2026)"

func meta(level graph.TerritoryLevel, code, file string) graph.Meta {
	return graph.Meta{
		ID: graph.TerritoryID(level, code), Version: 1, CreatedAt: Millesime, UpdatedAt: Millesime,
		Sources: []graph.Source{{Dataset: "geo", Ref: file + sourceRef}},
	}
}

func intp(i int) *int { return &i }

// Nodes returns France ("fr"), the régions, départements, EPCI, EPT, communes and
// arrondissements municipaux as Territory nodes, in that order. Populations are the INSEE
// population municipale: the source's for communes and EPCI, the sum of the communes for the
// other levels. Only commune centres carry coordinates (the source has no others).
func (d *Data) Nodes() []graph.Node {
	nodes := make([]graph.Node, 0, 1+len(d.Regions)+len(d.Departements)+len(d.EPCIs)+len(d.EPTs)+len(d.Communes))
	nodes = append(nodes, &graph.Territory{Meta: meta(graph.LevelCountry, "FR", "regions.csv"), Level: graph.LevelCountry, Code: "FR", Name: "France", Population: intp(d.Population())})
	for _, r := range d.Regions {
		nodes = append(nodes, &graph.Territory{Meta: meta(graph.LevelRegion, r.Code, "regions.csv"), Level: graph.LevelRegion, Code: r.Code, Name: r.Name, Population: intp(r.Population)})
	}
	for _, dep := range d.Departements {
		nodes = append(nodes, &graph.Territory{Meta: meta(graph.LevelDepartement, dep.Code, "departements.csv"), Level: graph.LevelDepartement, Code: dep.Code, Name: dep.Name, Population: intp(dep.Population)})
	}
	for _, e := range d.EPCIs {
		nodes = append(nodes, &graph.Territory{Meta: meta(graph.LevelEPCI, e.Code, "epci.csv"), Level: graph.LevelEPCI, Code: e.Code, Name: e.Name, EPCIType: e.Type, Population: intp(e.Population)})
	}
	for _, e := range d.EPTs {
		nodes = append(nodes, &graph.Territory{Meta: meta(graph.LevelEPT, e.Code, "ept.csv"), Level: graph.LevelEPT, Code: e.Code, Name: e.Name, Population: intp(e.Population)})
	}
	for i := range d.Communes {
		nodes = append(nodes, communeNode(&d.Communes[i]))
	}
	return nodes
}

func communeNode(c *Commune) *graph.Territory {
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
		t.Sources = append(t.Sources, graph.Source{Dataset: "geo", Ref: "communes-centres-geoapi-2021.csv (centres geo.api.gouv.fr, COG 2021)"})
	}
	return t
}

// Edges returns the PART_OF tree, so that "does a service covering X cover commune Y" is
// answered by walking PART_OF up from Y:
//
//   - commune → its département, its EPCI (when any) and its EPT (when any);
//   - arrondissement municipal → its commune (75118 → 75056), never directly to the département,
//     so that it inherits everything its commune belongs to;
//   - EPCI → every département its members belong to (89 EPCI span several; picking one would
//     make an EPCI covering communes of the 52 invisible from "dep-52"), EPT → its département(s)
//     (Boucle Nord de Seine reaches into the 95, Grand-Orly Seine Bièvre into the 91);
//   - département → région, région → France; a COM is a département PART_OF the région of the
//     same code.
//
// The commune → département edge alone already reaches the département, so a walk never
// depends on an EPCI edge; these only let a map or a table go down from a département to its
// intercommunalités.
func (d *Data) Edges() []graph.Edge {
	edges := make([]graph.Edge, 0, len(d.Regions)+len(d.Departements)+len(d.EPCIs)+2*len(d.Communes)+200)
	sources := map[string]*graph.Source{} // one per file: 70,000 edges share five values
	add := func(fromLevel graph.TerritoryLevel, from string, toLevel graph.TerritoryLevel, to, file string) {
		src := sources[file]
		if src == nil {
			src = &graph.Source{Dataset: "geo", Ref: file + sourceRef}
			sources[file] = src
		}
		edges = append(edges, graph.Edge{
			Type: graph.PartOf, From: graph.TerritoryID(fromLevel, from), To: graph.TerritoryID(toLevel, to),
			Source: src, CreatedAt: Millesime,
		})
	}
	for _, r := range d.Regions {
		add(graph.LevelRegion, r.Code, graph.LevelCountry, "FR", "regions.csv")
	}
	for _, dep := range d.Departements {
		add(graph.LevelDepartement, dep.Code, graph.LevelRegion, dep.Region, "departements.csv")
	}
	for _, e := range d.EPCIs {
		for _, dep := range e.Departements {
			add(graph.LevelEPCI, e.Code, graph.LevelDepartement, dep, "epci.csv")
		}
	}
	for _, e := range d.EPTs {
		for _, dep := range e.Departements {
			add(graph.LevelEPT, e.Code, graph.LevelDepartement, dep, "ept.csv")
		}
	}
	for i := range d.Communes {
		c := &d.Communes[i]
		if c.Arrondissement() {
			add(graph.LevelArrondissement, c.Code, graph.LevelCommune, c.Parent, "communes.csv")
			continue
		}
		add(graph.LevelCommune, c.Code, graph.LevelDepartement, c.Departement, "communes.csv")
		if c.EPCI != "" {
			add(graph.LevelCommune, c.Code, graph.LevelEPCI, c.EPCI, "communes.csv")
		}
		if c.EPT != "" {
			add(graph.LevelCommune, c.Code, graph.LevelEPT, c.EPT, "communes.csv")
		}
	}
	return edges
}
