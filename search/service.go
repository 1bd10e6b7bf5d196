package search

import (
	"context"
	"encoding/base64"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

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
}

// Request is a search.
type Request struct {
	Text string
	// Situation, when set, is used instead of what the text says (the user corrected it).
	Situation *situation.Situation
	Filter    Filter
	First     int
	After     string
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
	Total       int
	Hits        []Hit
	HasNext     bool
	Facets      map[string][]FacetCount
}

// Hit is a ranked dispositif with why it fits.
type Hit struct {
	Dispositif *graph.Dispositif
	Score      float64
	Fit        Fit
	Highlights []string
	DistanceKm *float64
	Cursor     string
}

// FacetCount counts results per value of a dimension.
type FacetCount struct {
	Value, Label string
	Count        int
}

// maxCandidates bounds the candidates whose eligibility is checked per search.
const maxCandidates = 1000

// Search runs a request.
func (s *Service) Search(ctx context.Context, req Request) (Result, error) {
	sit := s.Parser.Parse(req.Text)
	if req.Situation != nil {
		sit = *req.Situation
		sit.Describe()
	}
	res := Result{Interpreted: sit}
	var place *area
	var placeNode *graph.Territory
	if sit.Place != nil {
		var err error
		place, placeNode, err = s.area(ctx, sit.Place.TerritoryID)
		if err != nil {
			return res, err
		}
	}
	q := Query{Text: residual(req.Text, sit), Kind: string(graph.KindDispositif), Limit: maxCandidates}
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
	hits, _, err := s.Index.Search(ctx, q)
	if err != nil {
		return res, err
	}
	listings, err := s.load(ctx, hits)
	if err != nil {
		return res, err
	}
	var pubIDs []string
	for _, l := range listings {
		pubIDs = append(pubIDs, l.publics...)
	}
	publicNames, err := s.names(ctx, append(pubIDs, publicsOf(sit)...))
	if err != nil {
		return res, err
	}
	var kept []Hit
	for i, h := range hits {
		l, ok := listings[h.ID]
		if !ok || l.d.Status == "closed" {
			continue
		}
		f := evaluate(l, sit, place, publicNames)
		if !req.Filter.IncludeUnmet && slices.ContainsFunc(f.Unmet, func(r Reason) bool { return r.Criterion != "status" }) {
			continue
		}
		if !s.passes(l, req.Filter) {
			continue
		}
		hit := Hit{Dispositif: l.d, Fit: f, Score: rank(h.Score, f, i)}
		for _, frags := range h.Highlights {
			hit.Highlights = append(hit.Highlights, frags...)
		}
		hit.DistanceKm = distance(placeNode, l.d)
		kept = append(kept, hit)
	}
	sort.SliceStable(kept, func(a, b int) bool {
		if kept[a].Score != kept[b].Score {
			return kept[a].Score > kept[b].Score
		}
		return kept[a].Dispositif.Name < kept[b].Dispositif.Name
	})
	res.Total = len(kept)
	res.Facets = s.facets(kept, listings)
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
	for i := from; i < len(kept) && i < from+first; i++ {
		kept[i].Cursor = base64.RawURLEncoding.EncodeToString([]byte("rang:" + strconv.Itoa(i)))
		res.Hits = append(res.Hits, kept[i])
	}
	res.HasNext = from+first < len(kept)
	return res, nil
}

// rank orders results: text relevance (bleve's order kept as a small tie-break), then the
// services made for this situation, the needs they answer, and fewer unknowns.
func rank(textScore float64, f Fit, order int) float64 {
	score := math.Min(textScore, 5) + 3*float64(f.Specialised) - 0.01*float64(order)/maxCandidates
	for _, r := range f.Matched {
		if r.Criterion == "need" {
			score += 1.5
		} else {
			score += 0.5
		}
	}
	score -= 0.3 * float64(len(f.Unknown))
	if len(f.Unmet) > 0 {
		score -= 10
	}
	return score
}

// residual is the text the situation parser did not read: what is left to match as words.
func residual(text string, sit situation.Situation) string {
	b := []byte(text)
	for _, c := range sit.Criteria {
		if c.Span.End <= len(b) {
			for i := c.Span.Start; i < c.Span.End; i++ {
				b[i] = ' '
			}
		}
	}
	return strings.Join(strings.Fields(string(b)), " ")
}

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
		for _, e := range edges {
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

// names returns the labels of nodes by id.
func (s *Service) names(ctx context.Context, ids []string) (map[string]string, error) {
	nodes, err := s.Store.GetMany(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(ids))
	for i, n := range nodes {
		if n != nil {
			out[ids[i]] = n.Label()
		}
	}
	return out, nil
}

// load reads the candidates and the relations eligibility needs, in two store calls.
func (s *Service) load(ctx context.Context, hits []Match) (map[string]listing, error) {
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}
	nodes, err := s.Store.GetMany(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make(map[string]listing, len(nodes))
	for _, n := range nodes {
		if d, ok := n.(*graph.Dispositif); ok && !d.Archived() {
			out[d.ID] = listing{d: d}
		}
	}
	edges, err := s.Store.Edges(ctx, graph.EdgeQuery{IDs: ids, Direction: graph.Outgoing, Types: []graph.RelationType{graph.Covers, graph.Serves, graph.About}})
	if err != nil {
		return nil, err
	}
	for _, e := range edges {
		l, ok := out[e.From]
		if !ok {
			continue
		}
		switch e.Type {
		case graph.Covers:
			l.covers = append(l.covers, e.To)
		case graph.Serves:
			l.publics = append(l.publics, e.To)
		case graph.About:
			l.thematiques = append(l.thematiques, e.To)
		}
		out[e.From] = l
	}
	return out, nil
}

// departements returns the départements a listing covers (from its covered territories).
func (s *Service) departements(l listing) []string {
	var out []string
	for _, c := range l.covers {
		var dep string
		switch {
		case strings.HasPrefix(c, "dep-"):
			dep = strings.ToUpper(strings.TrimPrefix(c, "dep-"))
		case strings.HasPrefix(c, "com-"), strings.HasPrefix(c, "arr-"):
			if cm := s.Geo.Commune(strings.ToUpper(c[4:])); cm != nil {
				dep = cm.Departement
			}
		}
		if dep != "" && !slices.Contains(out, dep) {
			out = append(out, dep)
		}
	}
	return out
}

func (s *Service) passes(l listing, f Filter) bool {
	return (f.Thematique == "" || slices.ContainsFunc(l.thematiques, func(t string) bool { return t == f.Thematique || strings.HasPrefix(t, f.Thematique+"--") })) &&
		(f.Public == "" || slices.Contains(l.publics, f.Public)) &&
		(f.AccessMode == "" || slices.Contains(l.d.AccessModes, f.AccessMode)) &&
		(f.Departement == "" || slices.Contains(s.departements(l), strings.ToUpper(f.Departement)))
}

// facets counts the results by thematique category, public, département and access mode.
func (s *Service) facets(hits []Hit, listings map[string]listing) map[string][]FacetCount {
	counts := map[string]map[string]int{"thematique": {}, "public": {}, "departement": {}, "accessMode": {}}
	for _, h := range hits {
		l := listings[h.Dispositif.ID]
		cats := map[string]bool{}
		for _, t := range l.thematiques {
			cat, _, _ := strings.Cut(t, "--")
			cats[cat] = true
		}
		for c := range cats {
			counts["thematique"][c]++
		}
		for _, p := range l.publics {
			counts["public"][p]++
		}
		for _, d := range s.departements(l) {
			counts["departement"][d]++
		}
		for _, m := range l.d.AccessModes {
			counts["accessMode"][m]++
		}
	}
	out := map[string][]FacetCount{}
	for dim, m := range counts {
		for v, n := range m {
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
		sort.Slice(out[dim], func(i, j int) bool {
			a, b := out[dim][i], out[dim][j]
			return a.Count > b.Count || a.Count == b.Count && a.Value < b.Value
		})
	}
	return out
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
