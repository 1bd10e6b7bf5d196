package geo

import (
	"github.com/maillage/maillage/graph"
)

// index holds the look-up maps. They are built on the first look-up, not in Load, so that
// seeding (which only needs Nodes and Edges) does not pay for them.
type index struct {
	regions  map[string]*Region
	deps     map[string]*Departement
	epcis    map[string]*EPCI
	epts     map[string]*EPT
	byCode   map[string]*Commune
	byFormer map[string]*Commune
	byPostal map[string][]*Commune
	byName   map[string][]*Commune
}

func (d *Data) index() *index {
	d.once.Do(func() {
		x := &index{
			regions:  make(map[string]*Region, len(d.Regions)),
			deps:     make(map[string]*Departement, len(d.Departements)),
			epcis:    make(map[string]*EPCI, len(d.EPCIs)),
			epts:     make(map[string]*EPT, len(d.EPTs)),
			byCode:   make(map[string]*Commune, len(d.Communes)),
			byFormer: make(map[string]*Commune, 4300),
			byPostal: make(map[string][]*Commune, 6400),
			byName:   make(map[string][]*Commune, len(d.Communes)),
		}
		for i := range d.Regions {
			x.regions[d.Regions[i].Code] = &d.Regions[i]
		}
		for i := range d.Departements {
			x.deps[d.Departements[i].Code] = &d.Departements[i]
		}
		for i := range d.EPCIs {
			x.epcis[d.EPCIs[i].Code] = &d.EPCIs[i]
		}
		for i := range d.EPTs {
			x.epts[d.EPTs[i].Code] = &d.EPTs[i]
		}
		for i := range d.Communes {
			c := &d.Communes[i]
			x.byCode[c.Code] = c
			for _, f := range c.FormerCodes {
				x.byFormer[f] = c
			}
			for _, p := range c.PostalCodes {
				x.byPostal[p] = append(x.byPostal[p], c)
			}
			name := fold(c.Name)
			x.byName[name] = append(x.byName[name], c)
		}
		d.idx = x
	})
	return d.idx
}

// fold is graph.Fold with a fast path for plain ASCII names, which are most commune names.
func fold(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return graph.Fold(s)
		}
	}
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// Commune returns the commune or arrondissement municipal with this current INSEE code, or nil.
func (d *Data) Commune(code string) *Commune { return d.index().byCode[code] }

// ByFormerCode returns the current commune a merged commune's former INSEE code now belongs to
// (93059 Pierrefitte-sur-Seine → 93066 Saint-Denis), or nil. Other datasets still use such codes.
func (d *Data) ByFormerCode(code string) *Commune { return d.index().byFormer[code] }

// Resolve returns the commune of an INSEE code, current or former, or nil.
func (d *Data) Resolve(code string) *Commune {
	if c := d.Commune(code); c != nil {
		return c
	}
	return d.ByFormerCode(code)
}

// ByPostalCode returns the communes and arrondissements served by a postal code: one postal
// code often serves several communes (52000: Chaumont and its neighbours), and a commune such
// as Paris lists the postal codes of all its arrondissements.
func (d *Data) ByPostalCode(code string) []*Commune { return d.index().byPostal[code] }

// ByName returns the communes whose name folds (graph.Fold: no accents, lower case) to the
// folded name. The whole name is compared, hyphens included ("saint-denis", not "saint denis");
// homonyms in several départements all come back, in source order.
func (d *Data) ByName(name string) []*Commune { return d.index().byName[fold(name)] }

// Region returns the région with this code, or nil.
func (d *Data) Region(code string) *Region { return d.index().regions[code] }

// Departement returns the département (or COM) with this code, or nil.
func (d *Data) Departement(code string) *Departement { return d.index().deps[code] }

// EPCI returns the EPCI with this SIREN, or nil.
func (d *Data) EPCI(code string) *EPCI { return d.index().epcis[code] }

// EPT returns the EPT with this SIREN, or nil.
func (d *Data) EPT(code string) *EPT { return d.index().epts[code] }

// TerritoryID returns the node id of a commune or arrondissement municipal: "com-93066",
// "arr-75118".
func (c *Commune) TerritoryID() string {
	if c.Arrondissement() {
		return graph.TerritoryID(graph.LevelArrondissement, c.Code)
	}
	return graph.TerritoryID(graph.LevelCommune, c.Code)
}
