package coverage

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/maillage/maillage/graph"
)

// Dimension is a breakdown of the offer: the columns of a coverage matrix.
type Dimension string

const (
	// DimPublic breaks down by public served (SERVES).
	DimPublic Dimension = "public"
	// DimThematique breaks down by category of thématique (ABOUT, a leaf counted in its
	// category): 16 columns, readable on a map.
	DimThematique Dimension = "thematique"
	// DimSousThematique breaks down by thématique as declared (a leaf, or a category when
	// the listing names only the category).
	DimSousThematique Dimension = "sous-thematique"
	// DimType breaks down by dispositif type (CHRS, SIAO, IML…).
	DimType Dimension = "type"
)

// Dimensions lists the dimensions in their display order.
var Dimensions = []Dimension{DimPublic, DimThematique, DimSousThematique, DimType}

// Label is the dimension's French name.
func (d Dimension) Label() string {
	switch d {
	case DimPublic:
		return "Public"
	case DimThematique:
		return "Thématique"
	case DimSousThematique:
		return "Sous-thématique"
	case DimType:
		return "Type de dispositif"
	}
	return string(d)
}

// ParseDimension reads a dimension name as a user or the API spells it ("public", "PUBLIC",
// "thematique", "thématique", "sous-thematique", "SOUS_THEMATIQUE", "type").
func ParseDimension(s string) (Dimension, error) {
	k := strings.ReplaceAll(strings.ToLower(strings.TrimSpace(s)), "_", "-")
	k = strings.ReplaceAll(k, "é", "e")
	switch k {
	case "public", "publics":
		return DimPublic, nil
	case "thematique", "thematiques", "categorie":
		return DimThematique, nil
	case "sous-thematique", "sous-thematiques":
		return DimSousThematique, nil
	case "type", "types", "type-dispositif":
		return DimType, nil
	}
	return "", graph.Errorf(graph.CodeBadUserInput, "Dimension inconnue « %s » : public, thematique, sous-thematique ou type.", s)
}

// TerritoryRef names a territory in a report.
type TerritoryRef struct {
	ID    string               `json:"id"`
	Code  string               `json:"code"`
	Name  string               `json:"name"`
	Level graph.TerritoryLevel `json:"level"`
	// Population is the INSEE population municipale; nil when the geography has none.
	Population *int `json:"population,omitempty"`
}

func ref(t *territory) TerritoryRef {
	return TerritoryRef{ID: t.id, Code: t.code, Name: t.name, Level: t.level, Population: t.population}
}

// Value is one value of a dimension. An empty Value means the listings do not say (no public,
// no thématique, no type): it is shown as « non renseigné » and never counted as a gap.
type Value struct {
	Dimension Dimension `json:"dimension"`
	Value     string    `json:"value"`
	Label     string    `json:"label"`
}

// Column is one column of a matrix: one value per dimension of the breakdown.
type Column struct {
	// Key is the values' slugs joined by "|" (an unknown value is empty).
	Key    string  `json:"key"`
	Label  string  `json:"label"`
	Values []Value `json:"values"`
	// Unknown is true when one of the values is « non renseigné ».
	Unknown bool `json:"unknown"`
}

// Cell counts the dispositifs of one column reaching one sub-territory (or, for totals, the
// whole territory, each dispositif once).
type Cell struct {
	// Dispositifs is the number of active dispositifs; Partial those of them that cover only a
	// part of the sub-territory (a commune of a département, a sector of Paris).
	Dispositifs int `json:"dispositifs"`
	Partial     int `json:"partial"`
	// TemporarilyClosed counts dispositifs temporarily closed, not in Dispositifs.
	TemporarilyClosed int `json:"temporarilyClosed"`
	// Places is the sum of the places declared, nil when no dispositif of the cell declares
	// any; PlacesDeclared says how many do (the others' capacity is unknown, not zero).
	Places         *int `json:"places,omitempty"`
	PlacesDeclared int  `json:"placesDeclared"`
	// ETP is the sum of the full-time equivalents declared, like Places.
	ETP         *float64 `json:"etp,omitempty"`
	ETPDeclared int      `json:"etpDeclared"`
	// PlacesAllocated and ETPAllocated are the capacity attributable to the cell's population:
	// each dispositif's capacity spread over the population of its whole service area (a
	// département-wide team counts in a commune in proportion to the commune's inhabitants).
	// Nil when no capacity is declared or a share is unknown (an area without population).
	PlacesAllocated *float64 `json:"placesAllocated,omitempty"`
	ETPAllocated    *float64 `json:"etpAllocated,omitempty"`
	// PlacesPer10k and ETPPer10k are the allocated capacity per 10,000 inhabitants of the
	// cell's territory; nil when it or the population is unknown. Comparable between rows.
	PlacesPer10k *float64 `json:"placesPer10k,omitempty"`
	ETPPer10k    *float64 `json:"etpPer10k,omitempty"`
	// Gap is true when no active dispositif reaches the cell.
	Gap bool `json:"gap"`
}

// Row is one sub-territory of a matrix.
type Row struct {
	Territory TerritoryRef `json:"territory"`
	// Cells are in the order of Matrix.Columns.
	Cells []Cell `json:"cells"`
	// Total counts each dispositif reaching the sub-territory once, whatever its columns.
	Total Cell `json:"total"`
}

// Matrix is the coverage of a territory: per sub-territory (rows) and per value of the
// breakdown (columns), the dispositifs that reach it and their declared capacity.
type Matrix struct {
	Territory  TerritoryRef         `json:"territory"`
	Dimensions []Dimension          `json:"dimensions"`
	RowLevel   graph.TerritoryLevel `json:"rowLevel"`
	Columns    []Column             `json:"columns"`
	Rows       []Row                `json:"rows"`
	// Unallocated holds the dispositifs that reach the territory but no row can be named for:
	// an area below the rows whose extent is unknown (the Paris sectors when rows are
	// arrondissements). Nil when there are none.
	Unallocated *Row `json:"unallocated,omitempty"`
	// Totals are per column over the whole territory, each dispositif once; Total likewise.
	Totals []Cell `json:"totals"`
	Total  Cell   `json:"total"`
	// Notes explain in French how to read the figures (unknown capacities, unallocated areas).
	Notes []string `json:"notes"`
}

// Coverage computes the coverage matrix of a territory from the store (reading only the part of
// the graph around the territory). dims are the breakdown (public when empty).
func Coverage(ctx context.Context, st graph.Store, territoryID string, dims []Dimension, opts Options) (*Matrix, error) {
	s, err := loadScoped(ctx, st, territoryID)
	if err != nil {
		return nil, err
	}
	return s.coverage(territoryID, dims, opts)
}

func (s *snapshot) coverage(territoryID string, dims []Dimension, opts Options) (*Matrix, error) {
	sc, err := s.scope(territoryID, opts.RowLevel)
	if err != nil {
		return nil, err
	}
	return sc.matrix(dims)
}

// reach is what one dispositif does to the scope.
type reach struct {
	d           *dispositif
	rows        []rowHit
	unallocated bool
	// inPop is the population of its service area inside the scope, areaPop of its whole
	// service area; -1 when unknown.
	inPop, areaPop int
}

// share is the part of the dispositif's capacity attributed to a population pop of its area
// (its capacity is spread over the population of its whole service area); -1 when unknown.
func (r reach) share(pop int) float64 {
	if pop < 0 || r.areaPop <= 0 {
		return -1
	}
	return min(1, float64(pop)/float64(r.areaPop))
}

// reaching returns the dispositifs (not archived, not closed) whose service area overlaps the
// scope, in id order, with the rows they reach.
func (sc *scope) reaching() []reach {
	seen := make([]bool, len(sc.snap.byIdx))
	n := 0
	for _, t := range sc.overlappingT() {
		for _, d := range t.coveringD {
			if !seen[d.idx] {
				seen[d.idx] = true
				n++
			}
		}
	}
	out := make([]reach, 0, n)
	for i, ok := range seen {
		d := sc.snap.byIdx[i]
		if !ok || !live(d) {
			continue
		}
		r := reach{d: d}
		if len(d.coversT) < len(d.covers) {
			r.areaPop = -1 // an area outside the snapshot: its population is unknown
		}
		areas := sc.snap.maximal(d.coversT)
		for _, at := range areas {
			if at.population == nil || r.areaPop < 0 {
				r.areaPop = -1
			} else {
				r.areaPop += *at.population
			}
			t := sc.touchT(at)
			if !t.in {
				continue
			}
			r.unallocated = r.unallocated || t.unallocated
			r.inPop = addPop(r.inPop, t.pop)
			if len(areas) == 1 {
				r.rows = t.rows // shared with the memo, never modified
				continue
			}
			for _, h := range t.rows {
				if i := slices.IndexFunc(r.rows, func(x rowHit) bool { return x.row == h.row }); i >= 0 {
					r.rows[i].full = r.rows[i].full || h.full
					r.rows[i].pop = addPop(r.rows[i].pop, h.pop)
				} else {
					r.rows = append(r.rows, h)
				}
			}
		}
		if len(r.rows) > 0 {
			r.unallocated = false // it is counted in rows; unallocated is for those with none
		}
		out = append(out, r)
	}
	return out
}

// addPop adds populations, -1 (unknown) being absorbing.
func addPop(a, b int) int {
	if a < 0 || b < 0 {
		return -1
	}
	return a + b
}

// maximal keeps the service areas not contained in another area of the list (a dispositif
// covering the Cantal and five of its communes covers the Cantal), in order.
func (s *snapshot) maximal(areas []*territory) []*territory {
	if len(areas) < 2 {
		return areas
	}
	var out []*territory
	for _, a := range areas {
		inside := false
		for _, anc := range s.ancestors(a.id) {
			if anc != a.id && slices.ContainsFunc(areas, func(x *territory) bool { return x.id == anc }) {
				inside = true
				break
			}
		}
		if !inside {
			out = append(out, a)
		}
	}
	return out
}

// live reports whether a dispositif counts in the offer: not archived, not closed for good.
func live(d *dispositif) bool { return !d.archived && d.status != "closed" }

func temporarilyClosed(d *dispositif) bool { return d.status == "temporarily_closed" }

// values returns the dispositif's values on a dimension ("" alone when the listing is silent).
func (s *snapshot) values(d *dispositif, dim Dimension) []string {
	var out []string
	switch dim {
	case DimPublic:
		out = slices.Clone(d.publics)
	case DimSousThematique:
		out = slices.Clone(d.themes)
	case DimThematique:
		for _, t := range d.themes {
			if p := s.themeParent[t]; p != "" {
				t = p
			}
			if !slices.Contains(out, t) {
				out = append(out, t)
			}
		}
	case DimType:
		if d.typ != "" {
			out = []string{d.typ}
		}
	}
	if len(out) == 0 {
		return []string{""}
	}
	slices.Sort(out)
	return out
}

// vocabulary returns the known values of a dimension in display order.
func (s *snapshot) vocabulary(dim Dimension) []string {
	var out []string
	switch dim {
	case DimPublic:
		for _, t := range s.publics {
			out = append(out, t.id)
		}
	case DimSousThematique:
		for _, t := range s.themes {
			out = append(out, t.id)
		}
	case DimThematique:
		for _, t := range s.themes {
			if s.themeParent[t.id] == "" {
				out = append(out, t.id)
			}
		}
	case DimType:
		for _, t := range graph.DispositifTypes {
			out = append(out, t.Slug)
		}
	}
	return out
}

func (s *snapshot) valueLabel(dim Dimension, v string) string {
	if v == "" {
		return "non renseigné"
	}
	if dim == DimType {
		return graph.DispositifTypes.LabelOf(v)
	}
	if l, ok := s.labels[v]; ok {
		return l
	}
	return v
}

// columns builds the columns of a breakdown: every known value for a single dimension (so
// that a value no dispositif has shows as an empty column), the combinations found in the
// offer for several.
type columns struct {
	s    *snapshot
	dims []Dimension
	idx  map[string]int
	cols []Column
	// order is the display rank of each value per dimension.
	order []map[string]int
}

func newColumns(s *snapshot, dims []Dimension) *columns {
	c := &columns{s: s, dims: dims, idx: map[string]int{}}
	for _, d := range dims {
		rank := map[string]int{}
		for i, v := range s.vocabulary(d) {
			rank[v] = i
		}
		c.order = append(c.order, rank)
	}
	if len(dims) == 1 {
		for _, v := range s.vocabulary(dims[0]) {
			c.get([]string{v})
		}
	}
	return c
}

func (c *columns) get(vals []string) int {
	key := strings.Join(vals, "|")
	if i, ok := c.idx[key]; ok {
		return i
	}
	col := Column{Key: key}
	labels := make([]string, len(vals))
	for i, v := range vals {
		labels[i] = c.s.valueLabel(c.dims[i], v)
		col.Values = append(col.Values, Value{Dimension: c.dims[i], Value: v, Label: labels[i]})
		col.Unknown = col.Unknown || v == ""
	}
	col.Label = strings.Join(labels, " × ")
	c.idx[key] = len(c.cols)
	c.cols = append(c.cols, col)
	return len(c.cols) - 1
}

// combos returns the column indices of a dispositif (the cross product of its values).
func (c *columns) combos(vals [][]string) []int {
	out := []int{}
	cur := make([]string, len(vals))
	var rec func(i int)
	rec = func(i int) {
		if i == len(vals) {
			out = append(out, c.get(cur))
			return
		}
		for _, v := range vals[i] {
			cur[i] = v
			rec(i + 1)
		}
	}
	rec(0)
	return out
}

// sorted returns the permutation putting columns in display order: by each dimension's
// vocabulary rank, unknown values last, unknown slugs after known ones by slug.
func (c *columns) sorted() []int {
	perm := make([]int, len(c.cols))
	for i := range perm {
		perm[i] = i
	}
	rank := func(dim int, v string) (int, string) {
		if v == "" {
			return 1 << 30, ""
		}
		if r, ok := c.order[dim][v]; ok {
			return r, ""
		}
		return 1 << 29, v
	}
	slices.SortFunc(perm, func(a, b int) int {
		va, vb := c.cols[a].Values, c.cols[b].Values
		for i := range va {
			ra, sa := rank(i, va[i].Value)
			rb, sb := rank(i, vb[i].Value)
			if ra != rb {
				return ra - rb
			}
			if x := strings.Compare(sa, sb); x != 0 {
				return x
			}
		}
		return 0
	})
	return perm
}

// acc accumulates a cell.
type acc struct {
	n, partial, closedTmp int
	places, placesN       int
	etp                   float64
	etpN                  int
	// allocated capacity (each dispositif's share for the cell's population) and whether a
	// share is unknown for a dispositif declaring capacity.
	allocPlaces, allocETP     float64
	placesUnknown, etpUnknown bool
}

func (a *acc) add(d *dispositif, full bool, share float64) {
	if temporarilyClosed(d) {
		a.closedTmp++
		return
	}
	a.n++
	if !full {
		a.partial++
	}
	if d.places != nil {
		a.places += *d.places
		a.placesN++
		if share < 0 {
			a.placesUnknown = true
		} else {
			a.allocPlaces += float64(*d.places) * share
		}
	}
	if d.etp != nil {
		a.etp += *d.etp
		a.etpN++
		if share < 0 {
			a.etpUnknown = true
		} else {
			a.allocETP += *d.etp * share
		}
	}
}

func (a *acc) cell(population *int) Cell {
	c := Cell{Dispositifs: a.n, Partial: a.partial, TemporarilyClosed: a.closedTmp, PlacesDeclared: a.placesN, ETPDeclared: a.etpN, Gap: a.n == 0}
	pop := popOf(population)
	if a.placesN > 0 {
		p := a.places
		c.Places = &p
		if !a.placesUnknown {
			x := a.allocPlaces
			c.PlacesAllocated = &x
			if pop > 0 {
				r := x * 10000 / float64(pop)
				c.PlacesPer10k = &r
			}
		}
	}
	if a.etpN > 0 {
		e := a.etp
		c.ETP = &e
		if !a.etpUnknown {
			x := a.allocETP
			c.ETPAllocated = &x
			if pop > 0 {
				r := x * 10000 / float64(pop)
				c.ETPPer10k = &r
			}
		}
	}
	return c
}

// grid is a growable rows × columns table of accumulators.
type grid [][]acc

func (g grid) at(r, c int) *acc {
	for len(g[r]) <= c {
		g[r] = append(g[r], acc{})
	}
	return &g[r][c]
}

func (sc *scope) matrix(dims []Dimension) (*Matrix, error) {
	if len(dims) == 0 {
		dims = []Dimension{DimPublic}
	}
	for i, d := range dims {
		if !slices.Contains(Dimensions, d) {
			return nil, graph.Errorf(graph.CodeBadUserInput, "Dimension inconnue « %s » : public, thematique, sous-thematique ou type.", d)
		}
		if slices.Contains(dims[:i], d) {
			return nil, graph.Errorf(graph.CodeBadUserInput, "La dimension « %s » est demandée deux fois.", d)
		}
	}
	s := sc.snap
	cols := newColumns(s, dims)
	cells := make(grid, len(sc.rows)+1) // the last row is the unallocated one
	rowTotals := make([]acc, len(sc.rows)+1)
	totals := grid{nil}
	var total acc
	unalloc := len(sc.rows)
	placesN, etpN, unallocN := 0, 0, 0
	vals := make([][]string, len(dims))
	for _, r := range sc.reaching() {
		d := r.d
		for i, dim := range dims {
			vals[i] = s.values(d, dim)
		}
		combos := cols.combos(vals)
		for _, h := range r.rows {
			sh := r.share(h.pop)
			for _, c := range combos {
				cells.at(h.row, c).add(d, h.full, sh)
			}
			rowTotals[h.row].add(d, h.full, sh)
		}
		if r.unallocated {
			for _, c := range combos {
				cells.at(unalloc, c).add(d, false, -1)
			}
			rowTotals[unalloc].add(d, false, -1)
			unallocN++
		}
		sh := r.share(r.inPop)
		for _, c := range combos {
			totals.at(0, c).add(d, true, sh)
		}
		total.add(d, true, sh)
		if !temporarilyClosed(d) {
			if d.places != nil {
				placesN++
			}
			if d.etp != nil {
				etpN++
			}
		}
	}
	perm := cols.sorted()
	m := &Matrix{Territory: ref(sc.root), Dimensions: dims, RowLevel: sc.rowLevel}
	for _, p := range perm {
		m.Columns = append(m.Columns, cols.cols[p])
	}
	build := func(r int, pop *int) []Cell {
		out := make([]Cell, len(perm))
		for i, p := range perm {
			out[i] = cells.at(r, p).cell(pop)
		}
		return out
	}
	for r, t := range sc.rows {
		m.Rows = append(m.Rows, Row{Territory: ref(t), Cells: build(r, t.population), Total: rowTotals[r].cell(t.population)})
	}
	if unallocN > 0 && len(sc.rows) > 0 {
		m.Unallocated = &Row{Territory: TerritoryRef{Name: "Zone non répartie"}, Cells: build(unalloc, nil), Total: rowTotals[unalloc].cell(nil)}
	}
	for _, p := range perm {
		m.Totals = append(m.Totals, totals.at(0, p).cell(sc.root.population))
	}
	m.Total = total.cell(sc.root.population)
	m.Notes = sc.notes(m, placesN, etpN, unallocN)
	return m, nil
}

// notes explain the figures in French.
func (sc *scope) notes(m *Matrix, placesN, etpN, unallocN int) []string {
	n := m.Total.Dispositifs
	notes := []string{
		fmt.Sprintf("%s : %s actif%s atteignant le territoire (fermés définitivement et archivés exclus).", m.Territory.Name, plural(n, "dispositif"), pluralS(n)),
		"Un dispositif compte dans chaque sous-territoire qu'il couvre en tout ou partie (une région couvre tous ses départements, une commune compte dans la ligne de son département) : les lignes se recouvrent, les totaux comptent chaque dispositif une fois.",
	}
	if n > 0 {
		notes = append(notes, fmt.Sprintf("Capacité : %d dispositif%s sur %d déclare%s un nombre de places, %d un nombre d'ETP ; les autres capacités sont inconnues, jamais comptées comme zéro.", placesN, pluralS(placesN), n, pluralNT(placesN), etpN))
		if placesN+etpN > 0 {
			notes = append(notes, "Pour 10 000 habitants : la capacité de chaque dispositif est répartie sur la population de toute sa zone d'intervention (une équipe départementale compte dans une commune au prorata de ses habitants) ; les colonnes « places » et « ETP » donnent, elles, la somme des capacités déclarées des dispositifs qui atteignent la cellule.")
		}
	}
	if m.Total.TemporarilyClosed > 0 {
		notes = append(notes, fmt.Sprintf("%d dispositif%s fermé%s temporairement, compté%s à part.", m.Total.TemporarilyClosed, pluralS(m.Total.TemporarilyClosed), pluralS(m.Total.TemporarilyClosed), pluralS(m.Total.TemporarilyClosed)))
	}
	if unallocN > 0 && len(sc.rows) > 0 {
		notes = append(notes, fmt.Sprintf("%s couvre%s une partie non précisée du territoire (un secteur nommé, par exemple) : compté%s dans les totaux et la ligne « Zone non répartie », dans aucun sous-territoire.", plural(unallocN, "dispositif"), pluralNT(unallocN), pluralS(unallocN)))
	}
	if nl := sc.locatedWithoutArea(); nl > 0 {
		notes = append(notes, fmt.Sprintf("%s situé%s dans le territoire n'%s pas de zone d'intervention renseignée : non compté%s (voir les diagnostics).", plural(nl, "dispositif"), pluralS(nl), pluralA(nl), pluralS(nl)))
	}
	return notes
}

// locatedWithoutArea counts the live dispositifs located in the scope that cover nothing.
func (sc *scope) locatedWithoutArea() int {
	return len(sc.withoutArea())
}

func (sc *scope) withoutArea() []*dispositif {
	seen := map[string]bool{}
	var out []*dispositif
	for _, tid := range sc.within {
		t := sc.snap.terr[tid]
		if len(t.locatedD) == 0 {
			continue
		}
		for _, d := range t.locatedD {
			if len(d.covers) == 0 && !seen[d.id] && live(d) {
				seen[d.id] = true
				out = append(out, d)
			}
		}
	}
	slices.SortFunc(out, func(a, b *dispositif) int { return strings.Compare(a.id, b.id) })
	return out
}

func plural(n int, word string) string {
	return fmt.Sprintf("%d %s%s", n, word, pluralS(n))
}

func pluralS(n int) string {
	if n > 1 {
		return "s"
	}
	return ""
}

// pluralNT returns "nt" for a plural third-person verb ending ("couvre" → "couvrent").
func pluralNT(n int) string {
	if n > 1 {
		return "nt"
	}
	return ""
}

func pluralA(n int) string {
	if n > 1 {
		return "ont"
	}
	return "a"
}

// Listing is a dispositif counted in a cell, for drilling down from the matrix.
type Listing struct {
	Dispositif DispositifRef `json:"dispositif"`
	// Partial is true when it covers only part of the sub-territory.
	Partial bool     `json:"partial"`
	Places  *int     `json:"places,omitempty"`
	ETP     *float64 `json:"etp,omitempty"`
}

// Listings returns the dispositifs behind one cell of the matrix Coverage computes with the
// same territory, dims and opts: those reaching the sub-territory rowID ("" for the whole
// territory) whose values match the column columnKey (Column.Key; "" for every column),
// temporarily closed ones included (their status says so), in id order.
func Listings(ctx context.Context, st graph.Store, territoryID string, dims []Dimension, rowID, columnKey string, opts Options) ([]Listing, error) {
	s, err := loadScoped(ctx, st, territoryID)
	if err != nil {
		return nil, err
	}
	return s.listings(territoryID, dims, rowID, columnKey, opts)
}

func (s *snapshot) listings(territoryID string, dims []Dimension, rowID, columnKey string, opts Options) ([]Listing, error) {
	sc, err := s.scope(territoryID, opts.RowLevel)
	if err != nil {
		return nil, err
	}
	if len(dims) == 0 {
		dims = []Dimension{DimPublic}
	}
	row := -1
	if rowID != "" {
		r, ok := sc.rowIdx[rowID]
		if !ok {
			return nil, graph.Errorf(graph.CodeBadUserInput, "« %s » n'est pas un sous-territoire de « %s » au niveau %s.", rowID, sc.root.name, sc.rowLevel)
		}
		row = r
	}
	cols := newColumns(s, dims)
	out := []Listing{}
	vals := make([][]string, len(dims))
	for _, r := range sc.reaching() {
		full := true
		if row >= 0 {
			i := slices.IndexFunc(r.rows, func(h rowHit) bool { return h.row == row })
			if i < 0 {
				continue
			}
			full = r.rows[i].full
		}
		if columnKey != "" {
			for i, dim := range dims {
				vals[i] = s.values(r.d, dim)
			}
			match := false
			for _, c := range cols.combos(vals) {
				match = match || cols.cols[c].Key == columnKey
			}
			if !match {
				continue
			}
		}
		out = append(out, Listing{Dispositif: dref(r.d), Partial: !full, Places: r.d.places, ETP: r.d.etp})
	}
	slices.SortFunc(out, func(a, b Listing) int { return strings.Compare(a.Dispositif.ID, b.Dispositif.ID) })
	return out, nil
}
