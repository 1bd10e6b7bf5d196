// Package geo turns the embedded French geography (INSEE COG 2026 through
// @etalab/decoupage-administratif 6.0.0, commune centres from geo.api.gouv.fr) into Territory
// nodes and the PART_OF tree, and offers the look-ups (by INSEE code, postal code, name) that
// search needs.
//
// Overseas collectivities (COM: 975 Saint-Pierre-et-Miquelon, 977, 978, 984, 986, 987, 988, 989)
// are listed by the source both as régions and as départements, with the same code. Maillage
// keeps both levels (reg-975 and dep-975, the latter PART_OF the former) so that every commune,
// COM or not, has the same chain commune → département → région → France, and a service
// covering "dep-975" is found like any other.
package geo

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"sync"
	"time"
)

// Millesime is the date the geography is valid at (COG 2026); seeded nodes and edges carry it
// as their timestamps so that seeding twice writes the same thing.
var Millesime = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// Commune types of the source.
const (
	TypeCommune        = "commune-actuelle"
	TypeArrondissement = "arrondissement-municipal"
)

// Region is a région, or a COM which the source also lists as one.
type Region struct {
	Code, Name string
	// Zone is "metro", "drom" or "com".
	Zone string
	// Population is the sum of its communes' population municipale.
	Population int
}

// Departement is a département, or a COM (whose département code equals its région code).
type Departement struct {
	Code, Name, Region string
	// Zone is "metro", "drom" or "com".
	Zone       string
	Population int
}

// EPCI is an établissement public de coopération intercommunale à fiscalité propre.
type EPCI struct {
	// Code is the SIREN.
	Code, Name string
	// Type is CC, CA, CU, METRO or MET69.
	Type string
	// Population is the source's population municipale.
	Population int
	// Departements are the codes of the départements its member communes belong to, sorted
	// (89 EPCI span several).
	Departements []string
}

// EPT is an établissement public territorial of the Métropole du Grand Paris.
type EPT struct {
	Code, Name string
	// Members are the INSEE codes of its communes.
	Members []string
	// Population is the sum of its members' population municipale.
	Population   int
	Departements []string
}

// Commune is a commune or an arrondissement municipal (Paris, Lyon, Marseille).
type Commune struct {
	Code, Name string
	// Type is TypeCommune or TypeArrondissement.
	Type                string
	Departement, Region string
	// Parent is the commune of an arrondissement municipal ("75056" for "75118").
	Parent string
	// Population is the INSEE population municipale; 0 when the source has none (TAAF,
	// Clipperton).
	Population  int
	PostalCodes []string
	// EPCI and EPT are the SIREN of the commune's EPCI and EPT, empty when none.
	EPCI, EPT string
	// FormerCodes are the INSEE codes of communes merged into this one.
	FormerCodes []string
	// Lat and Lon are the commune centre (WGS84) when HasCentre; the centres are of 2021, so
	// arrondissements municipaux and communes created since have none.
	Lat, Lon  float64
	HasCentre bool
}

// Arrondissement reports whether c is an arrondissement municipal.
func (c *Commune) Arrondissement() bool { return c.Type == TypeArrondissement }

// FormerName is the name of a former commune and the current commune it belongs to.
type FormerName struct {
	Name string
	// Code is the former commune's INSEE code; Commune the current commune's.
	Code, Commune string
}

// Data is the whole geography. Its slices keep the order of the source files.
type Data struct {
	Regions      []Region
	Departements []Departement
	EPCIs        []EPCI
	EPTs         []EPT
	Communes     []Commune
	// FormerNames are the names of communes merged into a current one: communes déléguées and
	// associées (communes-deleguees-associees.csv) and the communes of 2021 merged since
	// (their 2021 names, from the commune centres file, whose codes are a current commune's
	// anciens_codes). People still use them.
	FormerNames []FormerName

	once sync.Once
	idx  *index
}

// Load parses the embedded files. Every call parses them again (about a third of a second);
// callers keep the *Data. It fails when a file lacks a column, a number does not parse, or a
// commune refers to a département, EPCI, EPT or parent commune that does not exist.
func Load() (*Data, error) {
	d := &Data{}
	steps := []func() error{d.readRegions, d.readDepartements, d.readEPCIs, d.readEPTs, d.readCommunes, d.readFormerNames}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, err
		}
	}
	if err := d.derive(); err != nil {
		return nil, err
	}
	return d, nil
}

func (d *Data) readRegions() error {
	return readCSV("regions.csv", []string{"code", "nom", "zone"}, func(v []string) error {
		d.Regions = append(d.Regions, Region{Code: v[0], Name: v[1], Zone: v[2]})
		return nil
	})
}

func (d *Data) readDepartements() error {
	return readCSV("departements.csv", []string{"code", "nom", "region", "zone"}, func(v []string) error {
		d.Departements = append(d.Departements, Departement{Code: v[0], Name: v[1], Region: v[2], Zone: v[3]})
		return nil
	})
}

func (d *Data) readEPCIs() error {
	return readCSV("epci.csv", []string{"code", "nom", "type", "population_municipale"}, func(v []string) error {
		pop, err := population(v[3])
		d.EPCIs = append(d.EPCIs, EPCI{Code: v[0], Name: v[1], Type: v[2], Population: pop})
		return err
	})
}

func (d *Data) readEPTs() error {
	return readCSV("ept.csv", []string{"code", "nom", "membres"}, func(v []string) error {
		d.EPTs = append(d.EPTs, EPT{Code: v[0], Name: v[1], Members: split(v[2])})
		return nil
	})
}

type point struct {
	lat, lon float64
	name     string // the 2021 name
}

func readCentres() (map[string]point, error) {
	centres := make(map[string]point, 35000)
	err := readCSV("communes-centres-geoapi-2021.csv", []string{"code", "lon", "lat", "nom"}, func(v []string) error {
		lon, err := strconv.ParseFloat(v[1], 64)
		if err != nil {
			return err
		}
		lat, err := strconv.ParseFloat(v[2], 64)
		if err != nil {
			return err
		}
		centres[v[0]] = point{lat, lon, v[3]}
		return nil
	})
	return centres, err
}

func (d *Data) readCommunes() error {
	centres, err := readCentres()
	if err != nil {
		return err
	}
	d.Communes = make([]Commune, 0, 35100)
	cols := []string{"code", "nom", "type", "departement", "region", "commune_parente", "population", "codes_postaux", "epci", "ept", "anciens_codes"}
	return readCSV("communes.csv", cols, func(v []string) error {
		pop, err := population(v[6])
		if err != nil {
			return err
		}
		c := Commune{
			Code: v[0], Name: v[1], Type: v[2], Departement: v[3], Region: v[4], Parent: v[5],
			Population: pop, PostalCodes: split(v[7]), EPCI: v[8], EPT: v[9], FormerCodes: split(v[10]),
		}
		if c.Type != TypeCommune && c.Type != TypeArrondissement {
			return fmt.Errorf("type de commune « %s » inconnu", c.Type)
		}
		if p, ok := centres[c.Code]; ok {
			c.Lat, c.Lon, c.HasCentre = p.lat, p.lon, true
		}
		d.Communes = append(d.Communes, c)
		return nil
	})
}

// readFormerNames reads the former communes' names (see Data.FormerNames).
func (d *Data) readFormerNames() error {
	seen := map[string]bool{}
	err := readCSV("communes-deleguees-associees.csv", []string{"code", "nom", "chef_lieu"}, func(v []string) error {
		d.FormerNames = append(d.FormerNames, FormerName{Name: v[1], Code: v[0], Commune: v[2]})
		seen[v[0]+v[1]] = true
		return nil
	})
	if err != nil {
		return err
	}
	centres, err := readCentres()
	if err != nil {
		return err
	}
	for _, c := range d.Communes {
		for _, code := range c.FormerCodes {
			if p, ok := centres[code]; ok && p.name != "" && p.name != c.Name && !seen[code+p.name] {
				seen[code+p.name] = true
				d.FormerNames = append(d.FormerNames, FormerName{Name: p.name, Code: code, Commune: c.Code})
			}
		}
	}
	return nil
}

// population parses a population figure; the source leaves it empty when unknown.
func population(s string) (int, error) {
	if s == "" {
		return 0, nil
	}
	return strconv.Atoi(s)
}

// derive checks the references between the files and computes the populations of régions,
// départements and EPT and the départements each EPCI and EPT spans. Arrondissements municipaux
// are left out of the sums: their population is already counted in their commune.
func (d *Data) derive() error {
	regs := make(map[string]*Region, len(d.Regions))
	for i := range d.Regions {
		regs[d.Regions[i].Code] = &d.Regions[i]
	}
	deps := make(map[string]*Departement, len(d.Departements))
	for i := range d.Departements {
		dep := &d.Departements[i]
		if regs[dep.Region] == nil {
			return fmt.Errorf("departements.csv : le département %s renvoie à une région inconnue (%s)", dep.Code, dep.Region)
		}
		deps[dep.Code] = dep
	}
	epcis := make(map[string]*EPCI, len(d.EPCIs))
	for i := range d.EPCIs {
		epcis[d.EPCIs[i].Code] = &d.EPCIs[i]
	}
	epts := make(map[string]*EPT, len(d.EPTs))
	for i := range d.EPTs {
		epts[d.EPTs[i].Code] = &d.EPTs[i]
	}
	communes := make(map[string]*Commune, len(d.Communes))
	for i := range d.Communes {
		communes[d.Communes[i].Code] = &d.Communes[i]
	}
	epciDeps := map[string]map[string]bool{}
	eptDeps := map[string]map[string]bool{}
	for i := range d.Communes {
		c := &d.Communes[i]
		dep := deps[c.Departement]
		switch {
		case dep == nil:
			return fmt.Errorf("communes.csv : la commune %s renvoie à un département inconnu (%s)", c.Code, c.Departement)
		case c.EPCI != "" && epcis[c.EPCI] == nil:
			return fmt.Errorf("communes.csv : la commune %s renvoie à un EPCI inconnu (%s)", c.Code, c.EPCI)
		case c.EPT != "" && epts[c.EPT] == nil:
			return fmt.Errorf("communes.csv : la commune %s renvoie à un EPT inconnu (%s)", c.Code, c.EPT)
		case c.Arrondissement() && (communes[c.Parent] == nil || communes[c.Parent].Arrondissement()):
			return fmt.Errorf("communes.csv : l'arrondissement %s renvoie à une commune inconnue (%s)", c.Code, c.Parent)
		}
		if c.Arrondissement() {
			continue
		}
		dep.Population += c.Population
		regs[dep.Region].Population += c.Population
		if c.EPCI != "" {
			mark(epciDeps, c.EPCI, c.Departement)
		}
		if c.EPT != "" {
			mark(eptDeps, c.EPT, c.Departement)
		}
	}
	for i := range d.EPCIs {
		d.EPCIs[i].Departements = slices.Sorted(maps.Keys(epciDeps[d.EPCIs[i].Code]))
	}
	for i := range d.EPTs {
		e := &d.EPTs[i]
		for _, m := range e.Members {
			c := communes[m]
			if c == nil || c.EPT != e.Code {
				return fmt.Errorf("ept.csv : le membre %s de l'EPT %s est inconnu ou rattaché ailleurs", m, e.Code)
			}
			e.Population += c.Population
		}
		e.Departements = slices.Sorted(maps.Keys(eptDeps[e.Code]))
	}
	return nil
}

func mark(m map[string]map[string]bool, key, dep string) {
	if m[key] == nil {
		m[key] = map[string]bool{}
	}
	m[key][dep] = true
}

// Population returns the population of France: the sum of its communes (arrondissements
// municipaux excluded).
func (d *Data) Population() int {
	total := 0
	for _, r := range d.Regions {
		total += r.Population
	}
	return total
}
