package opendata

import (
	"context"
	"strings"

	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/seed/geo"
)

// matchIndex finds a dispositif of another dataset that is the same listing: same type and
// normalised name in the same commune, or, for a name-only record, same type in the same
// département at the same locality. It holds keys only, built once per import from the store.
type matchIndex struct {
	byName map[string]matchEntry   // type|name|commune
	byDep  map[string][]matchEntry // type|département
}

type matchEntry struct {
	id, dataset, commune, name string
}

func (im *Importer) ensureMatch(ctx context.Context) error {
	if im.match != nil {
		return nil
	}
	x := &matchIndex{byName: map[string]matchEntry{}, byDep: map[string][]matchEntry{}}
	err := im.Store.ScanNodes(ctx, []graph.Kind{graph.KindDispositif}, func(n graph.Node) error {
		d := n.(*graph.Dispositif)
		if d.Address == nil || d.Address.CommuneCode == "" || d.Archived() {
			return nil
		}
		ds := ""
		if len(d.Sources) > 0 {
			ds = d.Sources[0].Dataset
		}
		x.add(d.ID, d, im.Geo.Resolve(d.Address.CommuneCode), ds)
		return nil
	})
	im.match = x
	return err
}

// normName folds a listing name for comparison.
func normName(s string) string { return graph.Slugify(s) }

func (x *matchIndex) add(id string, d *graph.Dispositif, c *geo.Commune, dataset string) {
	if c == nil {
		return
	}
	e := matchEntry{id: id, dataset: dataset, commune: graph.Slugify(c.Name), name: normName(d.Name)}
	x.byName[d.Type+"|"+e.name+"|"+c.Code] = e
	x.byDep[d.Type+"|"+c.Departement] = append(x.byDep[d.Type+"|"+c.Departement], e)
}

// find returns the id of the same listing from another dataset, "" when none.
func (x *matchIndex) find(r *Record, c *geo.Commune) string {
	d := r.Dispositif
	if c != nil && r.Place == "" {
		if e, ok := x.byName[d.Type+"|"+normName(d.Name)+"|"+c.Code]; ok && e.dataset != r.Dataset {
			return e.id
		}
		return ""
	}
	if r.Place == "" || r.Departement == "" {
		return ""
	}
	place := placeSlug(r.Place)
	for _, e := range x.byDep[d.Type+"|"+r.Departement] {
		if e.dataset == r.Dataset {
			continue
		}
		if e.commune == place || strings.HasSuffix(e.name, "-"+place) {
			return e.id
		}
	}
	return ""
}
