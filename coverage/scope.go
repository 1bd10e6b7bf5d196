package coverage

import (
	"slices"
	"strings"
	"sync"

	"github.com/maillage/maillage/graph"
)

// scope is a territory seen as a set of units: the communes it contains, or the arrondissements
// municipaux of Paris, Lyon and Marseille in place of their commune. Every question of
// coverage becomes a question on units: a service area covers the units it contains, so
// "covering a région covers all its départements and communes" and "covering a commune counts
// in its département's row" both follow, and an EPCI spanning two départements counts in each
// (partially), never in a département it does not reach.
type scope struct {
	snap  *snapshot
	root  *territory
	units []string
	// within lists the territories inside the scope (the root, what it contains down to
	// arrondissements and sectors; not an EPCI that may reach beyond), sorted.
	within []string
	// inT maps a territory to the indices of the units of the scope it contains. A territory
	// overlaps the scope exactly when it has an entry.
	inT map[string][]int32

	rowLevel graph.TerritoryLevel
	rows     []*territory
	rowIdx   map[string]int
	// unitRow is the row of each unit (-1 when none); rowUnits the number of units per row.
	unitRow  []int
	rowUnits []int
	unitPop  []int

	// inTi is inT by territory index (nil where a territory does not overlap, hasT says
	// which do); memo and done memoise touch by territory index for one report.
	inTi [][]int32
	hasT []bool
	memo []touch
	done []bool
}

// touch is what a service area C does to the scope: the rows it reaches, fully (C contains
// every unit of the row in the scope) or partially.
type touch struct {
	in   bool // C overlaps the scope
	rows []rowHit
	// pop is the population of the part of C inside the scope, -1 when unknown (a sector).
	pop int
	// vague is true when C is a named sector or another area below the units (its exact
	// units are unknown); unallocated when no row can be named for it.
	unallocated bool
}

type rowHit struct {
	row  int
	full bool
	// pop is the population of the part of the row C covers, -1 when unknown.
	pop int
}

// hasArrondissements reports whether a commune is divided into arrondissements municipaux.
func (s *snapshot) hasArrondissements(t *territory) bool {
	for _, c := range t.children {
		if ct := s.terr[c]; ct != nil && ct.level == graph.LevelArrondissement {
			return true
		}
	}
	return false
}

// unitsOf lists the units a territory contains and the territories inside it, in id order.
// An EPCI or EPT is only descended from when it is the territory asked for (its communes are
// reached through their département otherwise).
func (s *snapshot) unitsOf(root *territory) (units, within []string) {
	var out []string
	seen := map[string]bool{}
	var walk func(t *territory)
	walk = func(t *territory) {
		if seen[t.id] {
			return
		}
		seen[t.id] = true
		if t == root || (t.level != graph.LevelEPCI && t.level != graph.LevelEPT) {
			within = append(within, t.id)
		}
		switch {
		case t.level == graph.LevelArrondissement:
			out = append(out, t.id)
			return
		case t.level == graph.LevelCommune && !s.hasArrondissements(t):
			out = append(out, t.id)
			return
		case t.level == graph.LevelSector:
			return
		case (t.level == graph.LevelEPCI || t.level == graph.LevelEPT) && t != root:
			return
		}
		for _, c := range t.children {
			if ct := s.terr[c]; ct != nil && !ct.archived {
				walk(ct)
			}
		}
	}
	walk(root)
	slices.Sort(out)
	slices.Sort(within)
	return out, within
}

// ancestors lists the territories containing a unit, the unit included: its commune, the
// commune's département, EPCI and EPT, then région and France. It does not climb from an EPCI
// or an EPT, whose PART_OF edges name every département it touches, not one containing it.
func (s *snapshot) ancestors(unit string) []string {
	var out []string
	var walk func(id string)
	walk = func(id string) {
		if slices.Contains(out, id) {
			return
		}
		t := s.terr[id]
		if t == nil {
			return
		}
		out = append(out, id)
		if t.level == graph.LevelEPCI || t.level == graph.LevelEPT {
			return
		}
		for _, p := range t.parents {
			walk(p)
		}
	}
	walk(unit)
	return out
}

// newScope builds the scope of a territory with rows at the given level ("" for the default).
func newScope(s *snapshot, id string, rowLevel graph.TerritoryLevel) (*scope, error) {
	root := s.terr[id]
	if root == nil {
		return nil, graph.NotFound("Territoire", id)
	}
	sc := &scope{snap: s, root: root, inT: map[string][]int32{}, rowIdx: map[string]int{}}
	sc.units, sc.within = s.unitsOf(root)
	anc := make([][]string, len(sc.units))
	sc.unitPop = make([]int, len(sc.units))
	for i, u := range sc.units {
		sc.unitPop[i] = popOf(s.terr[u].population)
		anc[i] = s.ancestors(u)
		for _, a := range anc[i] {
			sc.inT[a] = append(sc.inT[a], int32(i))
		}
	}
	// A territory with no unit (a named sector, or a commune whose units are its
	// arrondissements) still belongs to the scope when the root contains it.
	if len(sc.units) == 0 {
		sc.inT[root.id] = nil
	}
	if rowLevel == "" {
		rowLevel = sc.defaultRowLevel(anc)
	} else if !slices.Contains(rowLevels(root.level), rowLevel) {
		return nil, graph.Errorf(graph.CodeBadUserInput, "Niveau de sous-territoire « %s » impossible sous « %s » (niveaux possibles : %s).", rowLevel, root.name, joinLevels(rowLevels(root.level)))
	}
	sc.rowLevel = rowLevel
	sc.unitRow = make([]int, len(sc.units))
	for i := range sc.units {
		sc.unitRow[i] = -1
		for _, a := range anc[i] {
			t := s.terr[a]
			if a == root.id || t.level != rowLevel {
				continue
			}
			r, ok := sc.rowIdx[a]
			if !ok {
				r = len(sc.rows)
				sc.rowIdx[a] = r
				sc.rows = append(sc.rows, t)
				sc.rowUnits = append(sc.rowUnits, 0)
			}
			sc.unitRow[i] = r
			sc.rowUnits[r]++
			break
		}
	}
	// Rows in id order (INSEE codes sort naturally), unit rows renumbered.
	order := make([]int, len(sc.rows))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return strings.Compare(sc.rows[a].id, sc.rows[b].id) })
	newIdx := make([]int, len(order))
	rows, counts := make([]*territory, len(order)), make([]int, len(order))
	for n, o := range order {
		newIdx[o] = n
		rows[n], counts[n] = sc.rows[o], sc.rowUnits[o]
		sc.rowIdx[sc.rows[o].id] = n
	}
	for i, r := range sc.unitRow {
		if r >= 0 {
			sc.unitRow[i] = newIdx[r]
		}
	}
	sc.rows, sc.rowUnits = rows, counts
	sc.inTi = make([][]int32, len(s.terrList))
	sc.hasT = make([]bool, len(s.terrList))
	for id, units := range sc.inT {
		t := s.terr[id]
		sc.inTi[t.tidx], sc.hasT[t.tidx] = units, true
	}
	sc.reset()
	return sc, nil
}

// reset clears the memo, for a scope reused by another report.
func (sc *scope) reset() {
	sc.memo = make([]touch, len(sc.snap.terrList))
	sc.done = make([]bool, len(sc.snap.terrList))
}

// scopeCache keeps the scopes built on a snapshot (the national one costs tens of
// milliseconds); it is dropped whenever the snapshot changes.
type scopeCache struct {
	mu sync.Mutex
	m  map[scopeKey]*scope
}

type scopeKey struct {
	id    string
	level graph.TerritoryLevel
}

// scope returns the scope of a territory, from the cache when the snapshot has one, with a
// fresh memo (a scope is used by one report at a time).
func (s *snapshot) scope(id string, level graph.TerritoryLevel) (*scope, error) {
	c := s.scopes
	if c == nil {
		return newScope(s, id, level)
	}
	k := scopeKey{id, level}
	c.mu.Lock()
	cached := c.m[k]
	c.mu.Unlock()
	if cached == nil {
		sc, err := newScope(s, id, level)
		if err != nil {
			return nil, err
		}
		c.mu.Lock()
		if len(c.m) >= 64 {
			clear(c.m)
		}
		c.m[k] = sc
		c.mu.Unlock()
		cached = sc
	}
	sc := *cached
	sc.reset()
	return &sc, nil
}

// rowLevels lists the levels rows may take under a territory of level l.
func rowLevels(l graph.TerritoryLevel) []graph.TerritoryLevel {
	switch l {
	case graph.LevelCountry:
		return []graph.TerritoryLevel{graph.LevelRegion, graph.LevelDepartement, graph.LevelEPCI, graph.LevelCommune}
	case graph.LevelRegion:
		return []graph.TerritoryLevel{graph.LevelDepartement, graph.LevelEPCI, graph.LevelEPT, graph.LevelCommune, graph.LevelArrondissement}
	case graph.LevelDepartement:
		return []graph.TerritoryLevel{graph.LevelEPCI, graph.LevelEPT, graph.LevelCommune, graph.LevelArrondissement}
	case graph.LevelEPCI, graph.LevelEPT:
		return []graph.TerritoryLevel{graph.LevelCommune, graph.LevelArrondissement}
	case graph.LevelCommune:
		return []graph.TerritoryLevel{graph.LevelArrondissement}
	}
	return nil
}

func joinLevels(ls []graph.TerritoryLevel) string {
	if len(ls) == 0 {
		return "aucun"
	}
	out := make([]string, len(ls))
	for i, l := range ls {
		out[i] = string(l)
	}
	return strings.Join(out, ", ")
}

// defaultRowLevel is the level just below the territory's: régions under France, départements
// under a région, communes under a département, an EPCI or an EPT, arrondissements under a
// commune. When that level has a single row (Paris is one commune), rows go one level down.
func (sc *scope) defaultRowLevel(anc [][]string) graph.TerritoryLevel {
	var chain []graph.TerritoryLevel
	switch sc.root.level {
	case graph.LevelCountry:
		chain = []graph.TerritoryLevel{graph.LevelRegion, graph.LevelDepartement, graph.LevelCommune, graph.LevelArrondissement}
	case graph.LevelRegion:
		chain = []graph.TerritoryLevel{graph.LevelDepartement, graph.LevelCommune, graph.LevelArrondissement}
	case graph.LevelDepartement, graph.LevelEPCI, graph.LevelEPT:
		chain = []graph.TerritoryLevel{graph.LevelCommune, graph.LevelArrondissement}
	case graph.LevelCommune:
		chain = []graph.TerritoryLevel{graph.LevelArrondissement}
	default:
		return ""
	}
	for i, l := range chain {
		distinct := map[string]bool{}
		for _, as := range anc {
			for _, a := range as {
				if a != sc.root.id && sc.snap.terr[a].level == l {
					distinct[a] = true
				}
			}
		}
		if len(distinct) > 1 || (len(distinct) == 1 && i == len(chain)-1) {
			return l
		}
		if len(distinct) == 0 && i > 0 {
			return chain[i-1]
		}
	}
	return chain[0]
}

// touch says which rows a service area reaches (memoised: thousands of dispositifs share a
// few hundred areas).
func (sc *scope) touch(area string) touch {
	at := sc.snap.terr[area]
	if at == nil {
		return touch{}
	}
	return sc.touchT(at)
}

func (sc *scope) touchT(at *territory) touch {
	if sc.done[at.tidx] {
		return sc.memo[at.tidx]
	}
	area := at.id
	var t touch
	if units, ok := sc.inTi[at.tidx], sc.hasT[at.tidx]; ok {
		t.in = true
		hits := map[int]*rowHit{}
		for _, u := range units {
			t.pop += sc.unitPop[u]
			r := sc.unitRow[u]
			if r < 0 {
				t.unallocated = true
				continue
			}
			h := hits[r]
			if h == nil {
				h = &rowHit{row: r}
				hits[r] = h
			}
			h.pop += sc.unitPop[u]
		}
		counts := map[int]int{}
		for _, u := range units {
			if r := sc.unitRow[u]; r >= 0 {
				counts[r]++
			}
		}
		for r, h := range hits {
			h.full = counts[r] == sc.rowUnits[r]
			t.rows = append(t.rows, *h)
		}
		if len(units) == 0 && area == sc.root.id {
			t.unallocated = true
			t.pop = -1
		}
	} else if p := sc.enclosing(area); p != "" {
		// A named sector (Paris Nord) or another area below the units: it reaches part of
		// its parent's units, which ones is unknown. A row containing all of the parent's
		// units is reached partially; otherwise the area stays unallocated.
		t.in, t.pop = true, -1
		hits := map[int]bool{}
		for _, u := range sc.inT[p] {
			if r := sc.unitRow[u]; r >= 0 {
				hits[r] = true
			}
		}
		if len(hits) == 1 {
			for r := range hits {
				t.rows = append(t.rows, rowHit{row: r, pop: -1})
			}
		} else {
			t.unallocated = true
		}
	}
	slices.SortFunc(t.rows, func(a, b rowHit) int { return a.row - b.row })
	sc.memo[at.tidx], sc.done[at.tidx] = t, true
	return t
}

// enclosing returns the nearest territory above area that overlaps the scope, for an area that
// has no unit of its own (a named sector); "" when there is none or area is not such an area.
func (sc *scope) enclosing(area string) string {
	t := sc.snap.terr[area]
	if t == nil || t.level != graph.LevelSector {
		return ""
	}
	for _, p := range t.parents {
		if len(sc.inT[p]) > 0 {
			return p
		}
	}
	return ""
}

// overlappingT lists the territories that overlap the scope, in no particular order.
func (sc *scope) overlappingT() []*territory {
	out := make([]*territory, 0, len(sc.inT))
	for i, ok := range sc.hasT {
		t := sc.snap.terrList[i]
		if ok || t.level == graph.LevelSector && sc.enclosing(t.id) != "" {
			out = append(out, t)
		}
	}
	return out
}

// overlapping lists the territories of the snapshot that overlap the scope (ids, sorted).
func (sc *scope) overlapping() []string {
	out := make([]string, 0, len(sc.inT))
	for id := range sc.inT {
		out = append(out, id)
	}
	for id, t := range sc.snap.terr {
		if t.level == graph.LevelSector && sc.enclosing(id) != "" {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out
}
