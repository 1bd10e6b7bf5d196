package coverage

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/maillage/maillage/graph"
)

// snapshot is the part of the graph the reports read, projected into memory: territories with
// their PART_OF tree, dispositifs with the few fields and relations coverage needs, and the
// organisations and instances that operate, cover or refer. It is built either from the whole
// store (Service, ScanNodes and ScanEdges) or from the part of it around one territory (the
// package-level functions, with batched Edges and GetMany calls), and it is only read once
// built, except by Service.refresh which applies the change feed under a write lock.
type snapshot struct {
	terr map[string]*territory
	disp map[string]*dispositif
	// byIdx lists the dispositifs by idx, terrList the territories by tidx.
	byIdx    []*dispositif
	terrList []*territory
	actors   map[string]*actor
	// publics and themes are the vocabularies, in id order.
	publics []term
	themes  []term
	// themeParent maps a leaf thematique to its category.
	themeParent map[string]string
	labels      map[string]string
	// in interns the snapshot's strings.
	in strs
	// documented are the dispositifs the source documents describe, for a snapshot of part of
	// the graph (nil: the snapshot holds the whole graph, byIdx has them).
	documented []*dispositif
	// scopes caches the scopes of a long-lived snapshot (Service); nil otherwise.
	scopes *scopeCache
}

type term struct{ id, label string }

type territory struct {
	// tidx numbers territories in the order they entered the snapshot (per-report memos).
	tidx           int
	id, code, name string
	level          graph.TerritoryLevel
	population     *int
	archived       bool
	parents        []string // PART_OF out
	children       []string // PART_OF in
	coveredBy      []string // COVERS in (dispositifs, organisations, instances)
	located        []string // LOCATED_IN in
	// coveringD and locatedD are the dispositifs among coveredBy and located, for the
	// reports' inner loops.
	coveringD, locatedD []*dispositif
}

type dispositif struct {
	// idx numbers dispositifs in the order they entered the snapshot (id order for a full
	// read): reports iterate in this order, and it indexes per-report marks.
	idx                   int
	id, name, typ, status string
	archived              bool
	places                *int
	etp                   *float64
	lastVerified          *time.Time
	updated               time.Time
	covers, located       []string     // COVERS, LOCATED_IN out
	coversT               []*territory // the covered territories in the snapshot
	publics, themes       []string     // SERVES, ABOUT out
	operators             []string     // OPERATES in
	refersOut, refersIn   []string     // REFERS_TO
	requires, requiredBy  []string     // REQUIRES_REFERRAL_BY out, in
	// docs are the source documents that describe it ("001" for seed-doc:001).
	docs []string
}

// actor is an organisation or an instance.
type actor struct {
	id, name        string
	kind            graph.Kind
	archived        bool
	covers, located []string
	requiredBy      []string
}

func newSnapshot() *snapshot {
	return &snapshot{terr: map[string]*territory{}, disp: map[string]*dispositif{}, actors: map[string]*actor{},
		themeParent: map[string]string{}, labels: map[string]string{}, in: strs{}}
}

// relevant lists the relation types the snapshot keeps.
var relevant = []graph.RelationType{graph.PartOf, graph.Covers, graph.LocatedIn, graph.Serves, graph.About,
	graph.Operates, graph.RefersTo, graph.RequiresReferralBy}

func isRelevant(t graph.RelationType) bool { return slices.Contains(relevant, t) }

// strs interns the strings of the snapshot (ids repeated in hundreds of thousands of edges).
type strs map[string]string

func (s strs) get(v string) string {
	if x, ok := s[v]; ok {
		return x
	}
	s[v] = v
	return v
}

// putNode projects a node into the snapshot, keeping the relations already recorded for it.
func (s *snapshot) putNode(n graph.Node, in strs) {
	m := n.NodeMeta()
	id := in.get(m.ID)
	switch v := n.(type) {
	case *graph.Territory:
		t := s.terr[id]
		if t == nil {
			t = &territory{id: id, tidx: len(s.terrList)}
			s.terr[id] = t
			s.terrList = append(s.terrList, t)
		}
		t.code, t.name, t.level, t.population, t.archived = v.Code, v.Name, v.Level, v.Population, m.Archived()
	case *graph.Dispositif:
		d := s.disp[id]
		if d == nil {
			d = &dispositif{id: id, idx: len(s.byIdx)}
			s.disp[id] = d
			s.byIdx = append(s.byIdx, d)
		}
		d.name, d.typ, d.status, d.archived = v.Name, in.get(v.Type), in.get(v.Status), m.Archived()
		d.places, d.etp, d.lastVerified, d.updated = v.Capacity.Places, v.Capacity.ETP, v.LastVerifiedAt, m.UpdatedAt
		d.docs = d.docs[:0]
		for _, src := range m.Sources {
			if n, ok := strings.CutPrefix(src.Dataset, "seed-doc:"); ok && !slices.Contains(d.docs, n) {
				d.docs = append(d.docs, in.get(n))
			}
		}
	case *graph.Organisation, *graph.Instance:
		a := s.actors[id]
		if a == nil {
			a = &actor{id: id}
			s.actors[id] = a
		}
		a.name, a.kind, a.archived = n.Label(), n.NodeKind(), m.Archived()
	case *graph.Public:
		s.labels[id] = v.Name
		if !slices.ContainsFunc(s.publics, func(t term) bool { return t.id == id }) {
			s.publics = append(s.publics, term{id, v.Name})
			slices.SortFunc(s.publics, byTermID)
		}
	case *graph.Thematique:
		s.labels[id] = v.Name
		if v.Parent != "" {
			s.themeParent[id] = in.get(v.Parent)
		}
		if !slices.ContainsFunc(s.themes, func(t term) bool { return t.id == id }) {
			s.themes = append(s.themes, term{id, v.Name})
			slices.SortFunc(s.themes, byTermID)
		}
	}
}

func byTermID(a, b term) int {
	switch {
	case a.id < b.id:
		return -1
	case a.id > b.id:
		return 1
	}
	return 0
}

// edgeLists returns the lists an edge belongs to at its two ends (nil where the end is not in
// the snapshot or the relation does not concern it).
func (s *snapshot) edgeLists(t graph.RelationType, from, to string) (out, in *[]string) {
	fd, ft, fa := s.disp[from], s.terr[from], s.actors[from]
	td, tt, ta := s.disp[to], s.terr[to], s.actors[to]
	switch t {
	case graph.PartOf:
		if ft != nil {
			out = &ft.parents
		}
		if tt != nil {
			in = &tt.children
		}
	case graph.Covers, graph.LocatedIn:
		if fd != nil {
			out = &fd.covers
			if t == graph.LocatedIn {
				out = &fd.located
			}
		} else if fa != nil {
			out = &fa.covers
			if t == graph.LocatedIn {
				out = &fa.located
			}
		}
		if tt != nil {
			in = &tt.coveredBy
			if t == graph.LocatedIn {
				in = &tt.located
			}
		}
	case graph.Serves:
		if fd != nil {
			out = &fd.publics
		}
	case graph.About:
		if fd != nil {
			out = &fd.themes
		}
	case graph.Operates:
		if td != nil {
			in = &td.operators
		}
	case graph.RefersTo:
		if fd != nil {
			out = &fd.refersOut
		}
		if td != nil {
			in = &td.refersIn
		}
	case graph.RequiresReferralBy:
		if fd != nil {
			out = &fd.requires
		}
		if td != nil {
			in = &td.requiredBy
		} else if ta != nil {
			in = &ta.requiredBy
		}
	}
	return out, in
}

// link records an edge at both ends; the ends must be in the snapshot already. The lists
// are checked for the edge first (an edge whose properties change is linked again), unless
// unique says the edges come from a scan, where each is read once.
func (s *snapshot) link(t graph.RelationType, from, to string, in strs) {
	s.add(t, from, to, in, false)
}

func (s *snapshot) add(t graph.RelationType, from, to string, in strs, unique bool) {
	o, i := s.edgeLists(t, from, to)
	if o != nil && (unique || !slices.Contains(*o, to)) {
		*o = append(*o, in.get(to))
		if d, tt := s.disp[from], s.terr[to]; t == graph.Covers && d != nil && tt != nil {
			d.coversT = append(d.coversT, tt)
		}
	}
	if i != nil && (unique || !slices.Contains(*i, from)) {
		*i = append(*i, in.get(from))
		if d, tt := s.disp[from], s.terr[to]; d != nil && tt != nil {
			switch t {
			case graph.Covers:
				tt.coveringD = append(tt.coveringD, d)
			case graph.LocatedIn:
				tt.locatedD = append(tt.locatedD, d)
			}
		}
	}
}

// unlink forgets an edge.
func (s *snapshot) unlink(t graph.RelationType, from, to string) {
	o, i := s.edgeLists(t, from, to)
	if o != nil {
		*o = slices.DeleteFunc(*o, func(x string) bool { return x == to })
		if d := s.disp[from]; t == graph.Covers && d != nil {
			d.coversT = slices.DeleteFunc(d.coversT, func(x *territory) bool { return x.id == to })
		}
	}
	if i != nil {
		*i = slices.DeleteFunc(*i, func(x string) bool { return x == from })
		if tt := s.terr[to]; tt != nil {
			drop := func(d *dispositif) bool { return d.id == from }
			switch t {
			case graph.Covers:
				tt.coveringD = slices.DeleteFunc(tt.coveringD, drop)
			case graph.LocatedIn:
				tt.locatedD = slices.DeleteFunc(tt.locatedD, drop)
			}
		}
	}
}

// loadFull reads the whole graph: every node of the kinds the reports use, then every edge.
func loadFull(ctx context.Context, st graph.Store) (*snapshot, error) {
	s := newSnapshot()
	in := s.in
	kinds := []graph.Kind{graph.KindTerritory, graph.KindDispositif, graph.KindOrganisation, graph.KindInstance, graph.KindPublic, graph.KindThematique}
	if err := st.ScanNodes(ctx, kinds, func(n graph.Node) error {
		s.putNode(n, in)
		return nil
	}); err != nil {
		return nil, err
	}
	if err := st.ScanEdges(ctx, func(e graph.Edge) error {
		if isRelevant(e.Type) {
			s.add(e.Type, e.From, e.To, in, true)
		}
		return nil
	}); err != nil {
		return nil, err
	}
	return s, nil
}

// loadScoped reads the part of the graph a report on territory id needs: the territory, what
// it contains (down to communes and arrondissements), every territory above those, the
// dispositifs, organisations and instances that cover or are located in any of them, the
// relations of those dispositifs, and the referrers and operators they name with their own
// service areas. It makes a few batched store calls per level of the territory tree.
func loadScoped(ctx context.Context, st graph.Store, id string) (*snapshot, error) {
	s := newSnapshot()
	in := s.in
	root, err := st.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if root.NodeKind() != graph.KindTerritory {
		return nil, graph.Errorf(graph.CodeBadUserInput, "« %s » n'est pas un territoire.", id)
	}
	s.putNode(root, in)
	// Down: what the territory contains. An EPCI or EPT is only descended from when it is the
	// territory itself: its communes in the territory are reached through their département.
	frontier := []string{id}
	for len(frontier) > 0 {
		edges, err := st.Edges(ctx, graph.EdgeQuery{IDs: frontier, Direction: graph.Incoming, Types: []graph.RelationType{graph.PartOf}})
		if err != nil {
			return nil, err
		}
		var next []string
		queued := map[string]bool{}
		for _, e := range edges {
			if s.terr[e.From] == nil && !queued[e.From] {
				queued[e.From] = true
				next = append(next, e.From)
			}
		}
		if err := s.loadNodes(ctx, st, next, in); err != nil {
			return nil, err
		}
		for _, e := range edges {
			s.link(graph.PartOf, e.From, e.To, in)
		}
		frontier = frontier[:0]
		for _, c := range next {
			if t := s.terr[c]; t != nil && t.level != graph.LevelEPCI && t.level != graph.LevelEPT {
				frontier = append(frontier, c)
			}
		}
	}
	// Up: every territory above those loaded (départements, EPCI and EPT of the communes,
	// régions, France), until closure.
	frontier = frontier[:0]
	for tid := range s.terr {
		frontier = append(frontier, tid)
	}
	slices.Sort(frontier)
	if err := s.climb(ctx, st, frontier, in); err != nil {
		return nil, err
	}
	// Who covers or is located in any territory overlapping it.
	sc, err := newScope(s, id, "")
	if err != nil {
		return nil, err
	}
	tids := sc.overlapping()
	edges, err := st.Edges(ctx, graph.EdgeQuery{IDs: tids, Direction: graph.Incoming, Types: []graph.RelationType{graph.Covers, graph.LocatedIn}})
	if err != nil {
		return nil, err
	}
	var who []string
	seen := map[string]bool{}
	for _, e := range edges {
		if !seen[e.From] {
			seen[e.From] = true
			who = append(who, e.From)
		}
	}
	if err := s.loadNodes(ctx, st, who, in); err != nil {
		return nil, err
	}
	// The dispositifs' own relations, both ways.
	var dids []string
	for _, w := range who {
		if s.disp[w] != nil {
			dids = append(dids, w)
		}
	}
	out, err := st.Edges(ctx, graph.EdgeQuery{IDs: dids, Direction: graph.Outgoing, Types: []graph.RelationType{graph.Covers, graph.LocatedIn, graph.Serves, graph.About, graph.RefersTo, graph.RequiresReferralBy}})
	if err != nil {
		return nil, err
	}
	inc, err := st.Edges(ctx, graph.EdgeQuery{IDs: dids, Direction: graph.Incoming, Types: []graph.RelationType{graph.Operates, graph.RefersTo, graph.RequiresReferralBy}})
	if err != nil {
		return nil, err
	}
	// Other ends that are actors (operators, referrers, referred dispositifs): their names,
	// status and service areas.
	var others []string
	for _, e := range out {
		if (e.Type == graph.RefersTo || e.Type == graph.RequiresReferralBy) && !seen[e.To] {
			seen[e.To] = true
			others = append(others, e.To)
		}
	}
	for _, e := range inc {
		if !seen[e.From] {
			seen[e.From] = true
			others = append(others, e.From)
		}
	}
	if err := s.loadNodes(ctx, st, others, in); err != nil {
		return nil, err
	}
	// The dispositifs' service areas outside the territory, with what contains them: the
	// population of a whole service area spreads its capacity.
	var areas []string
	for _, e := range out {
		if e.Type == graph.Covers && s.terr[e.To] == nil && !seen[e.To] {
			seen[e.To] = true
			areas = append(areas, e.To)
		}
	}
	if err := s.loadNodes(ctx, st, areas, in); err != nil {
		return nil, err
	}
	if err := s.climb(ctx, st, areas, in); err != nil {
		return nil, err
	}
	if len(others) > 0 {
		area, err := st.Edges(ctx, graph.EdgeQuery{IDs: others, Direction: graph.Outgoing, Types: []graph.RelationType{graph.Covers, graph.LocatedIn}})
		if err != nil {
			return nil, err
		}
		edges = append(edges, area...)
	}
	for _, es := range [][]graph.Edge{edges, out, inc} {
		for _, e := range es {
			s.link(e.Type, e.From, e.To, in)
		}
	}
	// The vocabularies.
	if err := st.ScanNodes(ctx, []graph.Kind{graph.KindPublic, graph.KindThematique}, func(n graph.Node) error {
		s.putNode(n, in)
		return nil
	}); err != nil {
		return nil, err
	}
	// Number the dispositifs in id order, as a full read does, so that reports iterate (and
	// sum capacities) in the same order whichever way the snapshot was built.
	ds := make([]*dispositif, 0, len(s.disp))
	for _, d := range s.disp {
		ds = append(ds, d)
	}
	slices.SortFunc(ds, func(a, b *dispositif) int { return strings.Compare(a.id, b.id) })
	for i, d := range ds {
		d.idx = i
	}
	s.byIdx = ds
	return s, nil
}

// climb loads the territories above frontier (PART_OF, outgoing) until closure.
func (s *snapshot) climb(ctx context.Context, st graph.Store, frontier []string, in strs) error {
	for len(frontier) > 0 {
		edges, err := st.Edges(ctx, graph.EdgeQuery{IDs: frontier, Direction: graph.Outgoing, Types: []graph.RelationType{graph.PartOf}})
		if err != nil {
			return err
		}
		var next []string
		queued := map[string]bool{}
		for _, e := range edges {
			if s.terr[e.To] == nil && !queued[e.To] {
				queued[e.To] = true
				next = append(next, e.To)
			}
		}
		if err := s.loadNodes(ctx, st, next, in); err != nil {
			return err
		}
		for _, e := range edges {
			s.link(graph.PartOf, e.From, e.To, in)
		}
		frontier = next
	}
	return nil
}

// loadNodes reads nodes by id and projects those of the kinds the snapshot keeps.
func (s *snapshot) loadNodes(ctx context.Context, st graph.Store, ids []string, in strs) error {
	const batch = 5000
	for i := 0; i < len(ids); i += batch {
		nodes, err := st.GetMany(ctx, ids[i:min(i+batch, len(ids))])
		if err != nil {
			return err
		}
		for _, n := range nodes {
			if n != nil {
				s.putNode(n, in)
			}
		}
	}
	return nil
}
