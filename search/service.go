package search

import (
	"context"
	"encoding/base64"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/lang/fr"

	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/search/situation"
	"github.com/maillage/maillage/seed/geo"
	"github.com/maillage/maillage/seed/glossary"
)

// Service answers "who can help this person, here": it reads the situation, finds candidates
// in the index (text and territory), checks each one's eligibility against the store's data,
// and ranks the eligible ones.
type Service struct {
	Store  graph.Store
	Index  *Index
	Parser *situation.Parser
	Geo    *geo.Data
	// Glossary expands acronyms and synonyms of the words searched; nil: no expansion.
	Glossary *glossary.Glossary
	refs     refCache
}

// Request is a search.
type Request struct {
	Text string
	// Situation, when set, is used instead of what the text says (the user corrected it).
	Situation *situation.Situation
	Filter    Filter
	First     int
	After     string
	// WithoutFacets and WithoutHighlights skip what the caller will not show (a GraphQL query
	// that does not ask for them): counting facets reads every result's values, the passages
	// analyse the text of every listing of the page.
	WithoutFacets, WithoutHighlights bool
}

// Filter narrows the results (facets).
type Filter struct {
	Thematique, Public, Departement, AccessMode string
	// IncludeUnmet also returns listings that a known criterion rules out, with their reasons.
	IncludeUnmet bool
}

// Result is a page of results.
type Result struct {
	Interpreted situation.Situation
	// IgnoredText is the text no listing contains (in the place): the results then follow the
	// understood situation alone.
	IgnoredText string
	Total       int
	Hits        []Hit
	HasNext     bool
	Facets      map[string][]FacetCount
}

// Hit is a ranked dispositif with why it fits.
type Hit struct {
	Dispositif *graph.Dispositif
	Score      float64
	Fit        // matched, unknown and unmet reasons
	Highlights []string
	DistanceKm *float64
	Cursor     string
}

// FacetCount counts results per value of a dimension.
type FacetCount struct {
	Value, Label string
	Count        int
}

// maxCandidates bounds the candidates a text search without a place takes from the index, best
// text scores first. A search in a place takes every dispositif covering it that has some word
// of the text; one without words, every dispositif covering the place (or of the whole table).
const maxCandidates = 1000

// candidates recycles the lists of candidates of searches (a big city's is 250 KB: allocating
// one per search made a fifth of the allocations of a search request).
var candidates = sync.Pool{New: func() any { return new([]candidate) }}

// candidate is a dispositif kept by a search, with its rank score.
type candidate struct {
	e     *entry
	score float64
}

// Search runs a request. In a place, the candidates are the side table's dispositifs covering
// it (with some word of the text, scored in memory: text.go); without a place, the index's best
// text matches, or every dispositif. Their eligibility, rank, filters and facets are computed
// from the side table. Only the page returned is read from the store, and checked
// again against what the store says now.
func (s *Service) Search(ctx context.Context, req Request) (Result, error) {
	read := s.Parser.Parse(req.Text)
	sit := read
	if req.Situation != nil {
		// the criteria given replace those read; the words not read are still looked for
		sit = *req.Situation
		sit.Describe()
	}
	res := Result{Interpreted: sit}
	from := 0
	if req.After != "" {
		raw, err := base64.RawURLEncoding.DecodeString(req.After)
		n, err2 := strconv.Atoi(strings.TrimPrefix(string(raw), "rang:"))
		if err != nil || err2 != nil || n < 0 {
			return res, graph.Errorf(graph.CodeBadUserInput, "Curseur de pagination invalide : « %s ».", req.After)
		}
		from = n + 1
	}
	first := req.First
	if first <= 0 {
		first = 20
	}
	var place *area
	var placeNode *graph.Territory
	if sit.Place != nil {
		var err error
		place, placeNode, err = s.cachedArea(ctx, sit.Place.TerritoryID)
		if err != nil {
			return res, err
		}
	}
	q := Query{Text: residual(req.Text, read.Read), Kind: string(graph.KindDispositif), Limit: maxCandidates}
	if s.Glossary != nil && q.Text != "" {
		q.Expansions = s.Glossary.Expand(q.Text)
	}
	if place != nil {
		for id := range place.ancestors {
			q.Covers = append(q.Covers, id)
		}
		for id := range place.inside {
			q.Covers = append(q.Covers, id)
		}
		slices.Sort(q.Covers)
	}
	t := s.Index.tab.Load()
	if t == nil {
		return res, graph.Errorf(graph.CodeInternal, "L'index de recherche n'est pas encore prêt.")
	}
	hasText := len(analyse(q.Text)) > 0 // stop words alone say nothing
	var hits []Match
	if hasText && place == nil {
		// without a place, bleve finds the best text matches among every dispositif
		tq := q
		tq.Covers = nil
		var err error
		if hits, _, err = s.Index.search(ctx, s.Index.root(tq), q.Limit, false); err != nil {
			return res, err
		}
	}
	wanted := publicsOf(sit)
	wp := maskWanted(wanted)
	buf := candidates.Get().(*[]candidate)
	kept := (*buf)[:0]
	defer func() { // back to the pool, emptied (the entries stay the table's)
		clear(kept) // beyond its length the buffer is already zero
		*buf = kept[:0]
		candidates.Put(buf)
	}()
	withWords := 0 // candidates that have some word of the text, eligible or not
	consider := func(h *hot, e *entry, score float64, placeHint int) {
		if h.status == statusClosed {
			return
		}
		f := evaluate(h, e, sit, place, placeHint, wanted, wp, nil, false)
		if !req.Filter.IncludeUnmet && f.unmetOther {
			return
		}
		if !passes(e, req.Filter) {
			return
		}
		kept = append(kept, candidate{e: e, score: rank(score, f)})
	}
	t.mu.RLock()
	var text *textQuery
	if hasText {
		tq := t.compileText(q.Text, q.Expansions, s.Index.typos)
		text = &tq
	}
	collect := func(text *textQuery) {
		switch {
		case text != nil && text.empty():
			// no word of the text is known, even one edit away: nothing matches
		case place != nil:
			// every dispositif covering the place, a territory containing it or one inside it,
			// once, that has some word of the text; the more local the coverage, the more it
			// counts (the whole score without text, a tie-break with it)
			n := 0
			for _, c := range q.Covers {
				n += len(t.byCover[c])
			}
			kept = slices.Grow(kept[:0], n)
			var seen map[int32]bool // the few dispositifs covering several territories
			for _, c := range q.Covers {
				coverSpec, coverHint := specificity(c, place), placeMatched
				if _, ok := place.ancestors[c]; !ok {
					coverHint = placePartial
				}
				items := t.byCover[c]
				for i := range items {
					h, slot := &items[i].h, items[i].slot
					e := &t.entries[slot] // only read when needed
					spec, hint := coverSpec, coverHint
					if h.flags&hotMultiCover != 0 {
						if seen[slot] {
							continue
						}
						if seen == nil {
							seen = map[int32]bool{}
						}
						seen[slot] = true
						spec, hint = bestSpecificity(e, q.Covers, place), placeUnknown
					}
					score := spec
					if text != nil {
						ts := text.score(h, e)
						if ts == 0 {
							continue
						}
						withWords++
						score = ts + localityShare*spec
					}
					consider(h, e, score, hint)
				}
			}
		case text != nil:
			kept = slices.Grow(kept[:0], len(hits))
			for _, m := range hits {
				if slot, ok := t.slots[m.ID]; ok {
					h, e := &t.hot[slot], &t.entries[slot]
					withWords++
					consider(h, e, text.score(h, e), placeUnknown)
				}
			}
		default:
			for i := range t.hot {
				if h := &t.hot[i]; h.flags&hotUsed != 0 {
					consider(h, &t.entries[i], 0, placeUnknown)
				}
			}
		}
	}
	collect(text)
	if withWords == 0 && text != nil && (place != nil || len(sit.Criteria) > 0) {
		// No listing has the words (here): rather than nothing, what the situation alone
		// finds, saying which words were set aside. (When some have them but are ruled out,
		// the answer stays empty: the words were not in vain.)
		res.IgnoredText = q.Text
		text = nil
		collect(nil)
	}
	var marked marks // the words to highlight
	if text != nil && !req.WithoutHighlights {
		marked = t.marksOf(text)
	}
	res.Total = len(kept)
	if !req.WithoutFacets {
		res.Facets = s.facets(t, kept)
	}
	page := top(kept, from+first)
	if from < len(page) {
		page = page[from:]
	} else {
		page = nil
	}
	for i := range page { // copies: the table may change once unlocked
		e := *page[i].e
		page[i].e = &e
	}
	t.mu.RUnlock()
	res.HasNext = from+first < len(kept)
	if err := s.labelFacets(ctx, res.Facets); err != nil {
		return res, err
	}
	hitsPage, err := s.explain(ctx, page, from, sit, place, placeNode, wanted, req.Filter, marked)
	if err != nil {
		return res, err
	}
	res.Hits = hitsPage
	return res, nil
}

// explain reads the page's dispositifs from the store and checks them again with what the
// store says now (the index may be a moment behind: what is no longer eligible is left out),
// with their reasons, passages where the marked words occur, and distance. Their relations
// are the side table's. from is the rank of the page's first candidate, for the cursors.
func (s *Service) explain(ctx context.Context, page []candidate, from int, sit situation.Situation, place *area, placeNode *graph.Territory, wanted []string, filter Filter, marked marks) ([]Hit, error) {
	if len(page) == 0 {
		return nil, nil
	}
	ids := make([]string, len(page))
	for i, c := range page {
		ids[i] = c.e.ID
	}
	nodes, err := s.Store.GetMany(ctx, ids)
	if err != nil {
		return nil, err
	}
	listings := map[string]listing{}
	for i, n := range nodes {
		if d, ok := n.(*graph.Dispositif); ok && !d.Archived() {
			listings[d.ID] = listing{d: d, e: withNode(page[i].e, d, s.Store.Now())}
		}
	}
	pubIDs := slices.Clone(wanted)
	for _, l := range listings {
		for _, p := range l.e.Publics {
			if !slices.Contains(pubIDs, p) {
				pubIDs = append(pubIDs, p)
			}
		}
	}
	publicNames, err := s.names(ctx, pubIDs)
	if err != nil {
		return nil, err
	}
	var out []Hit
	for i, c := range page {
		l, ok := listings[c.e.ID]
		if !ok || l.e.h.status == statusClosed {
			continue
		}
		f := evaluate(&l.e.h, l.e, sit, place, placeUnknown, wanted, nil, publicNames, true)
		if !filter.IncludeUnmet && f.unmetOther || !passes(l.e, filter) {
			continue
		}
		hit := Hit{Dispositif: l.d, Fit: f.Fit, Score: c.score, Cursor: base64.RawURLEncoding.EncodeToString([]byte("rang:" + strconv.Itoa(from+i)))}
		if len(marked) > 0 {
			hit.Highlights = passages(l.d, marked, marked.fieldsOf(c.e))
		}
		hit.DistanceKm = distance(placeNode, l.d)
		out = append(out, hit)
	}
	return out, nil
}

// top returns the n best candidates, best first (score, then name, then id), without sorting
// all of them.
func top(cands []candidate, n int) []candidate {
	better := func(a, b *candidate) bool {
		if a.score != b.score {
			return a.score > b.score
		}
		if a.e.Name != b.e.Name {
			return a.e.Name < b.e.Name
		}
		return a.e.ID < b.e.ID
	}
	if n <= 0 {
		return nil
	}
	best := make([]candidate, 0, min(n, len(cands)))
	for i := range cands {
		c := &cands[i]
		if len(best) == n && !better(c, &best[n-1]) {
			continue
		}
		j := sort.Search(len(best), func(k int) bool { return better(c, &best[k]) })
		if len(best) < n {
			best = append(best, candidate{})
		}
		copy(best[j+1:], best[j:len(best)-1])
		best[j] = *c
	}
	return best
}

// specificity is the share of the score a coverage earns: the closer to the place, the more.
func specificity(territory string, place *area) float64 {
	if _, ok := place.inside[territory]; ok {
		return 0.5
	}
	switch {
	case territory == place.id:
		return 1
	case strings.HasPrefix(territory, "com-"), strings.HasPrefix(territory, "arr-"):
		return 0.9
	case strings.HasPrefix(territory, "epci-"), strings.HasPrefix(territory, "ept-"):
		return 0.8
	case strings.HasPrefix(territory, "dep-"):
		return 0.6
	case strings.HasPrefix(territory, "reg-"):
		return 0.4
	}
	return 0.2
}

func bestSpecificity(e *entry, covers []string, place *area) float64 {
	best := 0.0
	for _, c := range e.Covers {
		if slices.Contains(covers, c) {
			best = max(best, specificity(c, place))
		}
	}
	return best
}

// localityShare is the weight of the locality of the coverage next to the text's relevance.
const localityShare = 0.1

// rank orders results: relevance (text and locality), then the services made for this
// situation, the needs they answer, and fewer unknowns.
func rank(relevance float64, f fit) float64 {
	score := math.Min(relevance, maxTextScore+localityShare) + 3*float64(f.Specialised)
	score += 1.5*float64(f.needs) + 0.5*float64(f.matched-f.needs)
	score -= 0.3 * float64(f.unknown)
	if f.unmet {
		score -= 10
	}
	return score
}

// residual is the text the situation parser did not read (read: the spans it read), without
// stop words: what is left to match as words.
func residual(text string, read []situation.Span) string {
	b := []byte(text)
	for _, sp := range read {
		if sp.End <= len(b) {
			for i := sp.Start; i < sp.End; i++ {
				b[i] = ' '
			}
		}
	}
	words := strings.Fields(string(b))
	kept := words[:0]
	for _, w := range words {
		if !stopWords[graph.Fold(strings.TrimFunc(w, notWordRune))] {
			kept = append(kept, w)
		}
	}
	return strings.Join(kept, " ")
}

// stopWords are the French and English stop words (Snowball's lists, as bleve ships them),
// accents folded. The index's analysis folds accents before it drops French stop words, so
// "à" became the word "a", which most listings have and some do not: "hébergement à Chaumont"
// searched for it. And the listings are French: the "in", "with", "the" of an English situation
// would match French text (some listings' names have "in").
var stopWords = func() map[string]bool {
	set := map[string]bool{}
	for _, list := range [][]byte{fr.FrenchStopWords, en.EnglishStopWords} {
		m := analysis.NewTokenMap()
		if err := m.LoadBytes(list); err != nil {
			panic(err) // bleve's own embedded lists
		}
		for w := range m {
			set[graph.Fold(w)] = true
		}
	}
	return set
}()

func notWordRune(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\'' }

// area collects the place, the territories containing it (walking PART_OF up) and those
// directly inside it.
func (s *Service) area(ctx context.Context, id string) (*area, *graph.Territory, error) {
	a := &area{id: id, ancestors: map[string]string{}, inside: map[string]string{}}
	n, err := graph.GetAs[*graph.Territory](ctx, s.Store, id)
	if err != nil {
		return nil, nil, err
	}
	a.name = n.Name
	a.ancestors[id] = n.Name
	frontier := []string{id}
	for len(frontier) > 0 {
		edges, err := s.Store.Edges(ctx, graph.EdgeQuery{IDs: frontier, Direction: graph.Outgoing, Types: []graph.RelationType{graph.PartOf}})
		if err != nil {
			return nil, nil, err
		}
		frontier = nil
		// An intercommunality spanning several départements lies inside none of them: a
		// commune does not inherit its neighbour département through it.
		for _, e := range graph.Containing(edges) {
			if _, seen := a.ancestors[e.To]; !seen {
				a.ancestors[e.To] = ""
				frontier = append(frontier, e.To)
			}
		}
	}
	children, err := s.Store.Edges(ctx, graph.EdgeQuery{IDs: []string{id}, Direction: graph.Incoming, Types: []graph.RelationType{graph.PartOf}})
	if err != nil {
		return nil, nil, err
	}
	for _, e := range children {
		a.inside[e.From] = ""
	}
	var ids []string
	for k := range a.ancestors {
		ids = append(ids, k)
	}
	for k := range a.inside {
		ids = append(ids, k)
	}
	names, err := s.names(ctx, ids)
	if err != nil {
		return nil, nil, err
	}
	for k := range a.ancestors {
		a.ancestors[k] = names[k]
	}
	for k := range a.inside {
		a.inside[k] = names[k]
	}
	return a, n, nil
}

// withNode is the entry e with the dispositif's own fields as d has them now.
func withNode(e *entry, d *graph.Dispositif, now time.Time) *entry {
	n := entryOf(d, relations{})
	// A temporary closure in progress flags the listing as the status would (notices have
	// dates, which the side table does not follow).
	if n.Status == "active" && d.ClosedAt(now) {
		n.Status = "temporarily_closed"
	}
	n.Covers, n.Publics, n.Thematiques, n.Departements, n.Needs = e.Covers, e.Publics, e.Thematiques, e.Departements, e.Needs
	n.setHot()
	return n
}

// listing is a dispositif read from the store with its side-table entry.
type listing struct {
	d *graph.Dispositif
	e *entry
}

// load reads dispositifs and the relations eligibility needs, in two store calls (Check).
func (s *Service) load(ctx context.Context, ids []string) (map[string]listing, error) {
	nodes, err := s.Store.GetMany(ctx, ids)
	if err != nil {
		return nil, err
	}
	disp := map[string]*graph.Dispositif{}
	for _, n := range nodes {
		if d, ok := n.(*graph.Dispositif); ok && !d.Archived() {
			disp[d.ID] = d
		}
	}
	edges, err := s.Store.Edges(ctx, graph.EdgeQuery{IDs: ids, Direction: graph.Outgoing, Types: []graph.RelationType{graph.Covers, graph.Serves, graph.About}})
	if err != nil {
		return nil, err
	}
	rel := map[string]*relations{}
	for _, e := range edges {
		r := rel[e.From]
		if r == nil {
			r = &relations{}
			rel[e.From] = r
		}
		switch e.Type {
		case graph.Covers:
			r.covers = append(r.covers, e.To)
		case graph.Serves:
			r.publics = append(r.publics, e.To)
		case graph.About:
			r.thematiques = append(r.thematiques, e.To)
		}
	}
	out := make(map[string]listing, len(disp))
	for id, d := range disp {
		r := rel[id]
		if r == nil {
			r = &relations{}
		}
		out[id] = listing{d: d, e: entryOf(d, *r)}
	}
	return out, nil
}

func passes(e *entry, f Filter) bool {
	return (f.Thematique == "" || slices.ContainsFunc(e.Thematiques, func(t string) bool { return t == f.Thematique || strings.HasPrefix(t, f.Thematique+"--") })) &&
		(f.Public == "" || slices.Contains(e.Publics, f.Public)) &&
		(f.AccessMode == "" || slices.Contains(e.AccessModes, f.AccessMode)) &&
		(f.Departement == "" || slices.Contains(e.Departements, strings.ToUpper(f.Departement)))
}

// facets counts the results by thematique category, public, département and access mode
// (read lock of t held by the caller).
func (s *Service) facets(t *table, kept []candidate) map[string][]FacetCount {
	counts := make([]int, len(t.facetValue))
	for _, c := range kept {
		for _, code := range c.e.facets {
			counts[code]++
		}
	}
	out := map[string][]FacetCount{"thematique": nil, "public": nil, "departement": nil, "accessMode": nil}
	for code, n := range counts {
		if n == 0 {
			continue
		}
		dim, v, _ := strings.Cut(t.facetValue[code], "\x00")
		label := v
		switch dim {
		case "accessMode":
			label = graph.AccessModes.LabelOf(v)
		case "departement":
			if d := s.Geo.Departement(v); d != nil {
				label = d.Name + " (" + v + ")"
			}
		}
		out[dim] = append(out[dim], FacetCount{Value: v, Label: label, Count: n})
	}
	for dim := range out {
		if out[dim] == nil {
			delete(out, dim)
			continue
		}
		sort.Slice(out[dim], func(i, j int) bool {
			a, b := out[dim][i], out[dim][j]
			return a.Count > b.Count || a.Count == b.Count && a.Value < b.Value
		})
	}
	return out
}

// labelFacets names the thematiques and publics of the facets by their node's label.
func (s *Service) labelFacets(ctx context.Context, facets map[string][]FacetCount) error {
	var ids []string
	for _, dim := range []string{"thematique", "public"} {
		for _, f := range facets[dim] {
			ids = append(ids, f.Value)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	names, err := s.names(ctx, ids)
	if err != nil {
		return err
	}
	for _, dim := range []string{"thematique", "public"} {
		for i, f := range facets[dim] {
			if n, ok := names[f.Value]; ok {
				facets[dim][i].Label = n
			}
		}
	}
	return nil
}

// distance is the great-circle distance from the place's centre to the listing's address.
func distance(place *graph.Territory, d *graph.Dispositif) *float64 {
	if place == nil || place.Lat == nil || place.Lon == nil || d.Address == nil || d.Address.Lat == nil || d.Address.Lon == nil {
		return nil
	}
	const r = 6371.0
	rad := math.Pi / 180
	la1, la2 := *place.Lat*rad, *d.Address.Lat*rad
	dla, dlo := la2-la1, (*d.Address.Lon-*place.Lon)*rad
	h := math.Sin(dla/2)*math.Sin(dla/2) + math.Cos(la1)*math.Cos(la2)*math.Sin(dlo/2)*math.Sin(dlo/2)
	km := 2 * r * math.Asin(math.Sqrt(h))
	return &km
}
