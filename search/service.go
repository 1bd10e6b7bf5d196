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
	"unicode/utf8"

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
	// WithoutOthers skips reading the other services of the place (counted all the same).
	WithoutOthers bool
	// WithoutWaysForward skips the ways forward when nothing fits (NothingFits is still
	// said): counting the answers of a wider place and of the search without a criterion runs
	// up to three more searches, over larger areas.
	WithoutWaysForward bool
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
	// Others are the best of the services of the place that are not answers (nothing asked
	// matches, or they answer another need) and that nothing known rules out; OthersTotal
	// counts them all.
	Others      []Hit
	OthersTotal int
	// NothingFits says that no listing answers; WaysForward then says what can be done.
	NothingFits bool
	WaysForward []WayForward
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

// MaxTextLength bounds the text of a search, in characters: a real situation takes a few
// lines; beyond, the request is refused rather than read.
const MaxTextLength = 4000

// othersPage is how many of the other services of the place a search explains.
const othersPage = 10

// Search runs a request. In a place, the candidates are the side table's dispositifs covering
// it, containing it, lying inside it or in a sector of it whose members are unknown (their
// words, when the text has some, rank them: text.go); without a place, the index's best text
// matches, or every dispositif. Their eligibility, rank, filters and facets are computed from
// the side table. Only the page returned is read from the store, and checked again against
// what the store says now.
//
// An answer matches at least one criterion of what was asked (a need, a public, the person's
// situation, the words) and none known rules it out; what only shares the place goes to
// Others. When nothing fits, the result says so and gives the ways forward.
func (s *Service) Search(ctx context.Context, req Request) (Result, error) {
	if n := utf8.RuneCountInString(req.Text); n > MaxTextLength {
		return Result{}, graph.Errorf(graph.CodeBadUserInput, "Le texte de la recherche est trop long (%d caractères) : décrivez la situation en %d caractères au plus.", n, MaxTextLength)
	}
	read := s.Parser.Parse(req.Text)
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}
	sit := read
	if req.Situation != nil {
		// the criteria given replace those read; the words not read are still looked for
		sit = *req.Situation
		sit.Describe()
	}
	from := 0
	if req.After != "" {
		raw, err := base64.RawURLEncoding.DecodeString(req.After)
		n, err2 := strconv.Atoi(strings.TrimPrefix(string(raw), "rang:"))
		if err != nil || err2 != nil || n < 0 {
			return Result{Interpreted: sit}, graph.Errorf(graph.CodeBadUserInput, "Curseur de pagination invalide : « %s ».", req.After)
		}
		from = n + 1
	}
	words := residual(req.Text, read.Read)
	res, st, err := s.run(ctx, sit, words, req, from, false)
	if err != nil {
		return res, err
	}
	if res.Total == 0 && from == 0 && (len(sit.Criteria) > 0 || words != "") {
		res.NothingFits = true
		if req.WithoutWaysForward {
			return res, nil
		}
		if res.WaysForward, err = s.waysForward(ctx, sit, words, req, st); err != nil {
			return res, err
		}
	}
	return res, nil
}

// runStats is what a run tells the ways forward: the place and how many listings of it each
// criterion ruled out.
type runStats struct {
	place  *area
	ruled  [8]int // by bit of criterionBits
	others int
}

// asks reports whether the situation asks for something besides the place.
func asks(s situation.Situation) bool {
	return s.Age != nil || s.AgeMin != nil || s.AgeMax != nil || s.AdminStatus != "" || s.Gender != "" ||
		len(s.Family) > 0 || len(s.Situations) > 0 || len(s.Needs) > 0 || len(s.Types) > 0
}

// run searches for a situation and the words not read; countOnly skips the page, the facets
// and the others (the ways forward only count).
func (s *Service) run(ctx context.Context, sit situation.Situation, words string, req Request, from int, countOnly bool) (Result, runStats, error) {
	res := Result{Interpreted: sit}
	var st runStats
	first := req.First
	if first <= 0 {
		first = 20
	}
	if countOnly {
		first = 0
	}
	var place *area
	var placeNode *graph.Territory
	if sit.Place != nil {
		var err error
		place, placeNode, err = s.cachedArea(ctx, sit.Place.TerritoryID)
		if err != nil {
			return res, st, err
		}
	}
	st.place = place
	q := Query{Text: words, Kind: string(graph.KindDispositif), Limit: maxCandidates}
	if s.Glossary != nil && q.Text != "" {
		q.Expansions = s.Glossary.Expand(q.Text)
	}
	if place != nil {
		for _, m := range []map[string]string{place.ancestors, place.inside, place.sectors} {
			for id := range m {
				q.Covers = append(q.Covers, id)
			}
		}
		slices.Sort(q.Covers)
	}
	t := s.Index.tab.Load()
	if t == nil {
		return res, st, graph.Errorf(graph.CodeInternal, "L'index de recherche n'est pas encore prêt.")
	}
	hasText := len(analyse(q.Text)) > 0 // stop words alone say nothing
	var hits []Match
	if hasText && place == nil {
		// without a place, bleve finds the best text matches among every dispositif
		tq := q
		tq.Covers = nil
		var err error
		if hits, _, err = s.Index.search(ctx, s.Index.root(tq), q.Limit, false); err != nil {
			return res, st, err
		}
	}
	wanted := publicsOf(sit)
	wp := maskWanted(sit, wanted)
	asked := asks(sit)
	buf := candidates.Get().(*[]candidate)
	kept := (*buf)[:0]
	defer func() { // back to the pool, emptied (the entries stay the table's)
		clear(kept) // beyond its length the buffer is already zero
		*buf = kept[:0]
		candidates.Put(buf)
	}()
	others := bestOf{n: othersPage} // the best of the other services of the place
	if countOnly || req.WithoutOthers || from > 0 {
		others.n = 0
	}
	withWords := 0 // candidates that have some word of the text, eligible or not
	consider := func(h *hot, e *entry, score float64, placeHint int, hasWords bool) {
		if h.status == statusClosed {
			return
		}
		f := evaluate(h, e, sit, place, placeHint, wanted, wp, nil, false)
		if f.unmetOther {
			for i := range criterionBits {
				if f.unmetKinds&(1<<i) != 0 {
					st.ruled[i]++
				}
			}
		}
		if !passes(e, req.Filter) {
			return
		}
		switch {
		case f.unmetOther && req.Filter.IncludeUnmet, !f.unmetOther && (!asked && !hasText || f.asked > 0 || hasWords):
			kept = append(kept, candidate{e: e, score: rank(score, f)})
		case place != nil && f.unmetKinds&^needOrType == 0:
			// shares the place, nothing known rules the person out, nothing asked matches (when
			// only words were asked, it lacks them: even when no listing of the place has them,
			// the place alone is not what was asked — nothing fits, the ways forward look wider)
			others.add(candidate{e: e, score: rank(score, f)})
			st.others++
		}
	}
	t.mu.RLock()
	locked := true
	defer func() {
		if locked {
			t.mu.RUnlock()
		}
	}()
	var text *textQuery
	if hasText {
		tq := t.compileText(q.Text, q.Expansions, s.Index.typos)
		text = &tq
		if text.empty() {
			// no word of the text is known, even one edit away: the situation alone answers;
			// alone, the words find nothing
			text = nil
			if place == nil && len(sit.Criteria) == 0 {
				goto collected
			}
			res.IgnoredText = q.Text
		}
	}
	{
		var err error
		collect := func(text *textQuery) {
			switch {
			case place != nil:
				// every dispositif covering the place, a territory containing it, one inside it or
				// a sector of it, once; its words (when the text has some) rank it, the more local
				// the coverage, the more it counts (the whole score without text, a tie-break with it)
				n := 0
				for _, c := range q.Covers {
					n += len(t.byCover[c])
				}
				kept = slices.Grow(kept[:0], n)
				var seen map[int32]bool // the few dispositifs covering several territories
				for _, c := range q.Covers {
					if err = ctx.Err(); err != nil {
						return
					}
					coverSpec, coverHint := specificity(c, place), place.coverage(c)
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
						score, has := spec, false
						if text != nil {
							if ts := text.score(h, e); ts > 0 {
								withWords++
								score, has = ts+localityShare*spec, true
							}
						}
						consider(h, e, score, hint, has)
					}
				}
			case text != nil:
				kept = slices.Grow(kept[:0], len(hits))
				for _, m := range hits {
					if slot, ok := t.slots[m.ID]; ok {
						h, e := &t.hot[slot], &t.entries[slot]
						withWords++
						consider(h, e, text.score(h, e), placeUnknown, true)
					}
				}
			default:
				for i := range t.hot {
					if i%4096 == 0 {
						if err = ctx.Err(); err != nil {
							return
						}
					}
					if h := &t.hot[i]; h.flags&hotUsed != 0 {
						consider(h, &t.entries[i], 0, placeUnknown, false)
					}
				}
			}
		}
		collect(text)
		if err == nil && withWords == 0 && text != nil {
			// No listing has the words (here): the situation alone answers, saying which words
			// were set aside.
			res.IgnoredText = q.Text
			text = nil
			if place == nil && len(sit.Criteria) > 0 {
				clear(st.ruled[:])
				st.others = 0
				collect(nil)
			}
		}
		if err != nil {
			return res, st, err
		}
	}
collected:
	var marked marks // the words to highlight
	if text != nil && !req.WithoutHighlights && !countOnly {
		marked = t.marksOf(text)
	}
	res.Total, res.OthersTotal = len(kept), st.others
	if !req.WithoutFacets && !countOnly {
		res.Facets = s.facets(t, kept)
	}
	page := top(kept, from+first)
	if from < len(page) {
		page = page[from:]
	} else {
		page = nil
	}
	othersTop := others.best
	for _, l := range [][]candidate{page, othersTop} {
		for i := range l { // copies: the table may change once unlocked
			e := *l[i].e
			l[i].e = &e
		}
	}
	t.mu.RUnlock()
	locked = false
	if countOnly {
		return res, st, nil
	}
	res.HasNext = from+first < len(kept)
	if err := s.labelFacets(ctx, res.Facets); err != nil {
		return res, st, err
	}
	hitsPage, err := s.explain(ctx, page, from, sit, place, placeNode, wanted, req.Filter, marked, false)
	if err != nil {
		return res, st, err
	}
	res.Hits = hitsPage
	if res.Others, err = s.explain(ctx, othersTop, 0, sit, place, placeNode, wanted, req.Filter, marked, true); err != nil {
		return res, st, err
	}
	return res, st, nil
}

// explain reads the page's dispositifs from the store and checks them again with what the
// store says now (the index may be a moment behind: what is no longer eligible is left out),
// with their reasons, passages where the marked words occur, and distance. Their relations
// are the side table's. from is the rank of the page's first candidate, for the cursors.
// With others, the page is of the other services of the place: a need they do not answer does
// not leave them out.
func (s *Service) explain(ctx context.Context, page []candidate, from int, sit situation.Situation, place *area, placeNode *graph.Territory, wanted []string, filter Filter, marked marks, others bool) ([]Hit, error) {
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
		switch {
		case !passes(l.e, filter):
			continue
		case others && f.unmetKinds&^needOrType != 0:
			continue
		case !others && !filter.IncludeUnmet && f.unmetOther:
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
	b := bestOf{n: n}
	for i := range cands {
		b.add(cands[i])
	}
	return b.best
}

// bestOf keeps the n best candidates it is given, best first.
type bestOf struct {
	n    int
	best []candidate
}

func better(a, b *candidate) bool {
	if a.score != b.score {
		return a.score > b.score
	}
	if a.e.Name != b.e.Name {
		return a.e.Name < b.e.Name
	}
	return a.e.ID < b.e.ID
}

func (b *bestOf) add(c candidate) {
	n := b.n
	if n <= 0 || len(b.best) == n && !better(&c, &b.best[n-1]) {
		return
	}
	j := sort.Search(len(b.best), func(k int) bool { return better(&c, &b.best[k]) })
	if len(b.best) < n {
		b.best = append(b.best, candidate{})
	}
	copy(b.best[j+1:], b.best[j:len(b.best)-1])
	b.best[j] = c
}

// specificity is the share of the score a coverage earns: the closer to the place, the more.
func specificity(territory string, place *area) float64 {
	if k := place.coverage(territory); k == placePartial || k == placeSector {
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
	if f.generic {
		// generic entry points (115, SIAO) follow the services made for the situation
		score -= 2.5
	}
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

// area collects the place, the territories containing it (walking PART_OF up), those inside it
// (walking down, not through intercommunalities, which reach into other départements) and the
// sectors of the territories containing it whose members are unknown.
func (s *Service) area(ctx context.Context, id string) (*area, *graph.Territory, error) {
	a := &area{id: id, ancestors: map[string]string{}, inside: map[string]string{}, sectors: map[string]string{}, parts: "communes"}
	n, err := graph.GetAs[*graph.Territory](ctx, s.Store, id)
	if err != nil {
		return nil, nil, err
	}
	a.name = n.Name
	a.ancestors[id] = n.Name
	if n.Level == graph.LevelArrondissement {
		a.parts = "arrondissements"
	}
	partOf := func(ids []string, dir graph.Direction) ([]graph.Edge, error) {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		return s.Store.Edges(ctx, graph.EdgeQuery{IDs: ids, Direction: dir, Types: []graph.RelationType{graph.PartOf}})
	}
	frontier := []string{id}
	for len(frontier) > 0 {
		edges, err := partOf(frontier, graph.Outgoing)
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
	// Walking down: the whole tree below a commune, an intercommunality or a département;
	// the direct parts of a région or of France (their communes would make every listing of
	// the région a candidate).
	deep := n.Level != graph.LevelRegion && n.Level != graph.LevelCountry
	frontier = []string{id}
	communes := 0
	for len(frontier) > 0 {
		edges, err := partOf(frontier, graph.Incoming)
		if err != nil {
			return nil, nil, err
		}
		next := frontier[:0:0]
		for _, e := range edges {
			if _, seen := a.inside[e.From]; seen || e.From == id {
				continue
			}
			a.inside[e.From] = ""
			if e.To == id && (strings.HasPrefix(e.From, "com-")) {
				communes++
			}
			if deep && !graph.Grouping(e.From) {
				next = append(next, e.From)
			}
		}
		frontier = next
	}
	// A département of one commune (Paris) is that commune: a listing covering either covers
	// the other.
	if n.Level == graph.LevelDepartement && communes == 1 {
		for c := range a.inside {
			if strings.HasPrefix(c, "com-") {
				a.ancestors[c] = ""
				delete(a.inside, c)
			}
		}
	}
	// The sectors of the territories containing the place: those with known members contain
	// it (they are ancestors) or not; those whose members are unknown may.
	var up []string
	for k := range a.ancestors {
		if k != id && !strings.HasPrefix(k, "reg-") && k != "fr" {
			up = append(up, k)
		}
	}
	edges, err := partOf(up, graph.Incoming)
	if err != nil {
		return nil, nil, err
	}
	var sectors []string
	for _, e := range edges {
		if strings.HasPrefix(e.From, sectorPrefix) && e.From != id {
			if _, ok := a.ancestors[e.From]; !ok && !slices.Contains(sectors, e.From) {
				sectors = append(sectors, e.From)
			}
		}
	}
	if n.Level == graph.LevelSector {
		sectors = nil // a sector's siblings are other parts of its parent
	}
	if len(sectors) > 0 {
		members, err := partOf(sectors, graph.Incoming)
		if err != nil {
			return nil, nil, err
		}
		known := map[string]bool{}
		for _, e := range members {
			known[e.To] = true
		}
		for _, sec := range sectors {
			if !known[sec] {
				a.sectors[sec] = ""
			}
		}
	}
	var ids []string
	for _, m := range []map[string]string{a.ancestors, a.inside, a.sectors} {
		for k := range m {
			ids = append(ids, k)
		}
	}
	names, err := s.names(ctx, ids)
	if err != nil {
		return nil, nil, err
	}
	for _, m := range []map[string]string{a.ancestors, a.inside, a.sectors} {
		for k := range m {
			m[k] = names[k]
		}
	}
	return a, n, nil
}

// sectorPrefix begins the ids of named sectors ("sec-paris-nord").
var sectorPrefix = graph.TerritoryID(graph.LevelSector, "")

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
