// Package synthetic generates a deterministic, realistic and clearly marked dataset for
// benchmarks: organisations and dispositifs placed over the real communes in proportion to their
// population, with the relations a real directory has (operators, service areas, publics,
// thematiques, funding, referral pathways to the département's SIAO…).
//
// Every node has Meta.Synthetic set, an id starting with "syn-" and the source dataset
// "synthetic"; contacts use only the fictitious range 01 99 00 xx xx and example.org, so that
// no real person can ever be called. The same seed gives the same data on any machine.
package synthetic

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"time"

	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/seed/geo"
)

// Size is a preset of the dataset's extent.
type Size struct {
	Name          string
	Organisations int
	Dispositifs   int
	// Region or Departement restrict the places (empty: all of France).
	Region, Departement string
}

// Sizes are the presets, from the largest.
var Sizes = []Size{
	{Name: "national", Organisations: 100000, Dispositifs: 300000},
	{Name: "region", Organisations: 7700, Dispositifs: 23000, Region: "11"},
	{Name: "departement", Organisations: 1000, Dispositifs: 3000, Departement: "93"},
	{Name: "tiny", Organisations: 100, Dispositifs: 300, Departement: "52"},
}

// ParseSize returns the preset named name.
func ParseSize(name string) (Size, error) {
	for _, s := range Sizes {
		if s.Name == name {
			return s, nil
		}
	}
	return Size{}, fmt.Errorf("unknown synthetic size %q", name)
}

// Place is a commune organisations can be placed in.
type Place struct {
	CommuneCode, Name, Departement, Region, EPCI string
	Population                                   int
	Lat, Lon                                     float64
	HasCentre                                    bool
}

// PlacesFromGeo returns the communes of the geography (arrondissements left out: their commune
// stands for them).
func PlacesFromGeo(g *geo.Data) []Place {
	out := make([]Place, 0, len(g.Communes))
	for _, c := range g.Communes {
		if c.Arrondissement() {
			continue
		}
		out = append(out, Place{CommuneCode: c.Code, Name: c.Name, Departement: c.Departement, Region: c.Region,
			EPCI: c.EPCI, Population: c.Population, Lat: c.Lat, Lon: c.Lon, HasCentre: c.HasCentre})
	}
	return out
}

// Stats counts what Generate emitted.
type Stats struct {
	Nodes map[graph.Kind]int
	Edges map[graph.RelationType]int
}

func (s Stats) String() string {
	total := 0
	for _, n := range s.Edges {
		total += n
	}
	return fmt.Sprintf("%d organisations, %d dispositifs, %d relations", s.Nodes[graph.KindOrganisation], s.Nodes[graph.KindDispositif], total)
}

// batchSize is the number of items per emitted batch.
const batchSize = 20000

// Reference is the date the dataset is generated "at": verification dates fall in the three
// years before it. Fixed, for determinism.
var Reference = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)

// Generate emits the dataset in batches: first the organisations, then the dispositifs with
// their relations, so that every edge's ends are stored before it (territory, public and
// thematique ids are those of seed/geo and seed/vocab, loaded beforehand).
func Generate(places []Place, size Size, seed int64, emit func(graph.Batch) error) (Stats, error) {
	g := &generator{
		rng:   rand.New(rand.NewPCG(uint64(seed), 0x6d61696c6c616765)), // "maillage"
		size:  size,
		emit:  emit,
		stats: Stats{Nodes: map[graph.Kind]int{}, Edges: map[graph.RelationType]int{}},
		src:   []graph.Source{{Dataset: "synthetic", Ref: fmt.Sprintf("seed %d, size %s", seed, size.Name)}},
	}
	g.places = filterPlaces(places, size)
	if len(g.places) == 0 {
		return g.stats, fmt.Errorf("no place for size %s", size.Name)
	}
	g.cumulative()
	if err := g.organisations(); err != nil {
		return g.stats, err
	}
	if err := g.dispositifs(); err != nil {
		return g.stats, err
	}
	return g.stats, g.flush()
}

func filterPlaces(places []Place, size Size) []Place {
	var out []Place
	for _, p := range places {
		if (size.Region == "" || p.Region == size.Region) && (size.Departement == "" || p.Departement == size.Departement) && p.Population > 0 {
			out = append(out, p)
		}
	}
	return out
}

type generator struct {
	rng    *rand.Rand
	size   Size
	emit   func(graph.Batch) error
	stats  Stats
	src    []graph.Source
	places []Place
	cum    []int64
	batch  graph.Batch

	orgSeq, dspSeq int
	// per département: its funders, its SIAO, and the dispositifs generated so far
	deps map[string]*depState
	// organisations by département, for operators and partners
	orgsByDep map[string][]orgRef
	depCodes  []string
}

type orgRef struct {
	id, typ string
	place   int
}

type depState struct {
	etat, cd, ars string
	siao          string
	dispositifs   []string
}

func (g *generator) cumulative() {
	g.cum = make([]int64, len(g.places))
	var total int64
	for i, p := range g.places {
		total += int64(p.Population)
		g.cum[i] = total
	}
}

// place draws a commune with probability proportional to its population.
func (g *generator) place() int {
	x := g.rng.Int64N(g.cum[len(g.cum)-1])
	return sort.Search(len(g.cum), func(i int) bool { return g.cum[i] > x })
}

func (g *generator) add(n graph.Node, edges ...graph.Edge) error {
	if n != nil {
		g.batch.Nodes = append(g.batch.Nodes, n)
		g.stats.Nodes[n.NodeKind()]++
	}
	for _, e := range edges {
		g.batch.Edges = append(g.batch.Edges, e)
		g.stats.Edges[e.Type]++
	}
	if len(g.batch.Nodes)+len(g.batch.Edges) >= batchSize {
		return g.flush()
	}
	return nil
}

func (g *generator) flush() error {
	if len(g.batch.Nodes)+len(g.batch.Edges) == 0 {
		return nil
	}
	b := g.batch
	g.batch = graph.Batch{}
	return g.emit(b)
}

func (g *generator) meta(id string) graph.Meta {
	return graph.Meta{ID: id, Version: 1, CreatedAt: Reference, UpdatedAt: Reference, Sources: g.src, Synthetic: true}
}

func (g *generator) edge(t graph.RelationType, from, to string) graph.Edge {
	return graph.Edge{Type: t, From: from, To: to, Source: &g.src[0], CreatedAt: Reference}
}

func (g *generator) nextOrg() string {
	id := fmt.Sprintf("syn-org-%06d", g.orgSeq)
	g.orgSeq++
	return id
}

func (g *generator) nextDsp() string {
	id := fmt.Sprintf("syn-dsp-%06d", g.dspSeq)
	g.dspSeq++
	return id
}

// pick returns an element of a weighted table.
func pick[T any](rng *rand.Rand, table []weighted[T]) T {
	total := 0
	for _, w := range table {
		total += w.w
	}
	x := rng.IntN(total)
	for _, w := range table {
		if x < w.w {
			return w.v
		}
		x -= w.w
	}
	return table[len(table)-1].v
}

type weighted[T any] struct {
	v T
	w int
}

func lower(s string) string { return strings.ToLower(s) }
