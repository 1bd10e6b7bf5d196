// Package geo turns the embedded French geography (INSEE COG 2026 through
// @etalab/decoupage-administratif, commune centres from geo.api.gouv.fr) into Territory nodes and
// the PART_OF tree, and offers the look-ups (by code, postal code, name) that search needs.
package geo

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/seed/data"
)

// Millesime is the date the geography is valid at; seeded nodes carry it as their timestamps so
// that seeding twice writes the same thing.
var Millesime = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// Region is a région, or an overseas collectivity (COM) which the source lists as one.
type Region struct{ Code, Name, Zone string }

// Departement is a département (or a COM, whose département code equals its région code).
type Departement struct{ Code, Name, Region, Zone string }

// EPCI is an établissement public de coopération intercommunale à fiscalité propre.
type EPCI struct {
	Code, Name, Type string
	Population       int
}

// EPT is an établissement public territorial of the Métropole du Grand Paris.
type EPT struct {
	Code, Name string
	Members    []string
}

// Commune is a commune or an arrondissement municipal (Paris, Lyon, Marseille).
type Commune struct {
	Code, Name string
	// Type is "commune-actuelle" or "arrondissement-municipal".
	Type                string
	Departement, Region string
	// Parent is the commune of an arrondissement municipal.
	Parent      string
	Population  int // 0 when unknown
	PostalCodes []string
	EPCI, EPT   string
	FormerCodes []string
	Lat, Lon    float64
	HasCentre   bool
}

// Arrondissement reports whether c is an arrondissement municipal.
func (c *Commune) Arrondissement() bool { return c.Type == "arrondissement-municipal" }

// Data is the whole geography.
type Data struct {
	Regions      []Region
	Departements []Departement
	EPCIs        []EPCI
	EPTs         []EPT
	Communes     []Commune

	byCode   map[string]*Commune
	byPostal map[string][]*Commune
	byName   map[string][]*Commune
	deps     map[string]*Departement
}

// Load parses the embedded files.
func Load() (*Data, error) {
	d := &Data{}
	err := readCSV("regions.csv", func(r map[string]string) error {
		d.Regions = append(d.Regions, Region{Code: r["code"], Name: r["nom"], Zone: r["zone"]})
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = readCSV("departements.csv", func(r map[string]string) error {
		d.Departements = append(d.Departements, Departement{Code: r["code"], Name: r["nom"], Region: r["region"], Zone: r["zone"]})
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = readCSV("epci.csv", func(r map[string]string) error {
		pop, _ := strconv.Atoi(r["population_municipale"])
		d.EPCIs = append(d.EPCIs, EPCI{Code: r["code"], Name: r["nom"], Type: r["type"], Population: pop})
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = readCSV("ept.csv", func(r map[string]string) error {
		d.EPTs = append(d.EPTs, EPT{Code: r["code"], Name: r["nom"], Members: split(r["membres"])})
		return nil
	})
	if err != nil {
		return nil, err
	}
	type point struct{ lat, lon float64 }
	centres := map[string]point{}
	err = readCSV("communes-centres-geoapi-2021.csv", func(r map[string]string) error {
		lon, err1 := strconv.ParseFloat(r["lon"], 64)
		lat, err2 := strconv.ParseFloat(r["lat"], 64)
		if err1 == nil && err2 == nil {
			centres[r["code"]] = point{lat, lon}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = readCSV("communes.csv", func(r map[string]string) error {
		pop, _ := strconv.Atoi(r["population"])
		c := Commune{
			Code: r["code"], Name: r["nom"], Type: r["type"], Departement: r["departement"], Region: r["region"],
			Parent: r["commune_parente"], Population: pop, PostalCodes: split(r["codes_postaux"]),
			EPCI: r["epci"], EPT: r["ept"], FormerCodes: split(r["anciens_codes"]),
		}
		if p, ok := centres[c.Code]; ok {
			c.Lat, c.Lon, c.HasCentre = p.lat, p.lon, true
		}
		d.Communes = append(d.Communes, c)
		return nil
	})
	if err != nil {
		return nil, err
	}
	d.index()
	return d, nil
}

func (d *Data) index() {
	d.byCode = make(map[string]*Commune, len(d.Communes))
	d.byPostal = map[string][]*Commune{}
	d.byName = map[string][]*Commune{}
	for i := range d.Communes {
		c := &d.Communes[i]
		d.byCode[c.Code] = c
		for _, p := range c.PostalCodes {
			d.byPostal[p] = append(d.byPostal[p], c)
		}
		name := graph.Fold(c.Name)
		d.byName[name] = append(d.byName[name], c)
	}
	d.deps = map[string]*Departement{}
	for i := range d.Departements {
		d.deps[d.Departements[i].Code] = &d.Departements[i]
	}
}

// Commune returns the commune or arrondissement with this INSEE code, or nil.
func (d *Data) Commune(code string) *Commune { return d.byCode[code] }

// ByPostalCode returns the communes (and arrondissements) served by a postal code.
func (d *Data) ByPostalCode(code string) []*Commune { return d.byPostal[code] }

// ByName returns the communes whose name folds (graph.Fold) to the folded name; homonyms in
// several départements all come back.
func (d *Data) ByName(name string) []*Commune { return d.byName[graph.Fold(name)] }

// Departement returns the département with this code, or nil.
func (d *Data) Departement(code string) *Departement { return d.deps[code] }

func split(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "|")
}

// readCSV calls fn with each row of an embedded geo file as a map from column to value.
func readCSV(name string, fn func(map[string]string) error) error {
	f, err := data.Geo.Open("geo/" + name)
	if err != nil {
		return err
	}
	defer f.Close()
	r := csv.NewReader(f)
	header, err := r.Read()
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	row := make(map[string]string, len(header))
	for line := 2; ; line++ {
		rec, err := r.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s ligne %d: %w", name, line, err)
		}
		for i, h := range header {
			row[h] = rec[i]
		}
		if err := fn(row); err != nil {
			return fmt.Errorf("%s ligne %d: %w", name, line, err)
		}
	}
}
