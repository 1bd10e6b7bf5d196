package coverage

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/maillage/maillage/graph"
)

// GapKind says what is missing.
type GapKind string

const (
	// GapAbsent: no active dispositif of this value reaches any part of the territory.
	GapAbsent GapKind = "absence"
	// GapUncovered: the value is offered in the territory, but some sub-territories have none.
	GapUncovered GapKind = "sous-territoires-sans-offre"
	// GapLowCapacity: sub-territories whose declared places per 10,000 inhabitants are below
	// LowCapacityRatio times the territory's figure for the same value.
	GapLowCapacity GapKind = "capacite-faible"
)

var gapKindOrder = []GapKind{GapAbsent, GapUncovered, GapLowCapacity}

// Priority levels. A gap comes first when the source documents name the need (the publics,
// thématiques and types of the dispositifs they describe: what the partners wrote they work
// for), then by the population it concerns (INSEE populations of the geography reference).
const (
	PriorityHigh   = "haute"   // named by the documents, and a tenth of the population or more
	PriorityMedium = "moyenne" // named by the documents, or half of the population or more
	PriorityLow    = "basse"   // neither
)

// PriorityRule explains the order of the gaps on the page and in the exports.
const PriorityRule = "Les manques sont classés d'abord selon que les documents sources nomment le besoin (publics, thématiques et types des dispositifs qu'ils décrivent), puis selon la population concernée (recensement INSEE). Priorité haute : besoin nommé par les documents et au moins un dixième de la population concernée ; moyenne : besoin nommé par les documents, ou au moins la moitié de la population concernée ; basse : sinon."

// Gap is one gap, with its reason.
type Gap struct {
	// Rank is the position in the prioritised list, from 1.
	Rank     int     `json:"rank"`
	Priority string  `json:"priority"`
	Kind     GapKind `json:"kind"`
	// Value is the public, thématique or type that is missing.
	Value Value `json:"value"`
	// Territories are the sub-territories concerned (the territory itself for GapAbsent), the
	// most populous first.
	Territories []TerritoryRef `json:"territories"`
	// Population is the number of inhabitants of Territories (those with a known population);
	// PopulationShare its share of the territory's population, nil when that is unknown.
	Population      int      `json:"population"`
	PopulationShare *float64 `json:"populationShare,omitempty"`
	// Score orders the list: the inhabitants concerned, weighted by how far below the average
	// the capacity is for GapLowCapacity. Higher first.
	Score float64 `json:"score"`
	// Reason explains the gap in French with the figures it rests on.
	Reason string `json:"reason"`
	// NamedBy are the source documents ("001") that describe a dispositif of this value.
	NamedBy []string `json:"namedBy"`
	// PriorityReason explains the priority in French.
	PriorityReason string `json:"priorityReason"`
}

// GapsReport is the prioritised list of the gaps of a territory.
type GapsReport struct {
	Territory  TerritoryRef         `json:"territory"`
	RowLevel   graph.TerritoryLevel `json:"rowLevel"`
	Dimensions []Dimension          `json:"dimensions"`
	Gaps       []Gap                `json:"gaps"`
	// PriorityRule explains how the gaps are ordered and their priority.
	PriorityRule string `json:"priorityRule"`
	// Notes say what could not be assessed (unknown capacities, unknown publics).
	Notes []string `json:"notes"`
}

// Gaps lists the gaps of a territory, most important first: values of each dimension (public,
// thématique, type by default) that no dispositif offers in the territory, sub-territories
// without a value the territory offers elsewhere, and sub-territories whose declared capacity
// per 10,000 inhabitants is far below the territory's. The order is deterministic: score, then
// kind, dimension and vocabulary order.
func Gaps(ctx context.Context, st graph.Store, territoryID string, opts Options) (*GapsReport, error) {
	s, err := loadScoped(ctx, st, territoryID)
	if err != nil {
		return nil, err
	}
	if s.documented, err = loadDocumented(ctx, st, s.in); err != nil {
		return nil, err
	}
	return s.gaps(territoryID, opts)
}

// GapDimensions are the dimensions Gaps analyses: opts.By, or public, thématique and type.
func GapDimensions(opts Options) []Dimension {
	if len(opts.By) == 0 {
		return []Dimension{DimPublic, DimThematique, DimType}
	}
	return opts.By
}

func (s *snapshot) gaps(territoryID string, opts Options) (*GapsReport, error) {
	sc, err := s.scope(territoryID, opts.RowLevel)
	if err != nil {
		return nil, err
	}
	dims := GapDimensions(opts)
	rep := &GapsReport{Territory: ref(sc.root), RowLevel: sc.rowLevel, Dimensions: dims, PriorityRule: PriorityRule}
	named := s.namedByDocuments(dims)
	type keyed struct {
		g        Gap
		dim, col int
	}
	var all []keyed
	rootPop := popOf(sc.root.population)
	share := func(p int) *float64 {
		if rootPop <= 0 {
			return nil
		}
		x := float64(p) / float64(rootPop)
		return &x
	}
	for di, dim := range dims {
		m, err := sc.matrix([]Dimension{dim})
		if err != nil {
			return nil, err
		}
		unknownCapacity := 0
		for ci, col := range m.Columns {
			if col.Unknown {
				if n := m.Totals[ci].Dispositifs; n > 0 {
					rep.Notes = append(rep.Notes, fmt.Sprintf("%s : %s sans %s renseigné%s, non analysé%s.", dim.Label(), plural(n, "dispositif"), strings.ToLower(dim.Label()), femE(dim), pluralS(n)))
				}
				continue
			}
			v := col.Values[0]
			what := valuePhrase(v)
			tot := m.Totals[ci]
			if tot.Dispositifs == 0 {
				g := Gap{Kind: GapAbsent, Value: v, Territories: []TerritoryRef{m.Territory}, Population: rootPop, PopulationShare: share(rootPop), Score: float64(rootPop)}
				g.Reason = fmt.Sprintf("Aucun dispositif recensé %s dans le territoire « %s »", what, m.Territory.Name)
				if tot.TemporarilyClosed > 0 {
					g.Reason += fmt.Sprintf(" (%s fermé%s temporairement)", plural(tot.TemporarilyClosed, "dispositif"), pluralS(tot.TemporarilyClosed))
				}
				g.Reason += "."
				all = append(all, keyed{g, di, ci})
				continue
			}
			// Sub-territories without it.
			var empty, present []int
			for ri, r := range m.Rows {
				if r.Cells[ci].Dispositifs == 0 {
					empty = append(empty, ri)
				} else {
					present = append(present, ri)
				}
			}
			if len(empty) > 0 {
				g := Gap{Kind: GapUncovered, Value: v}
				for _, ri := range sortByPopulation(m.Rows, empty) {
					g.Territories = append(g.Territories, m.Rows[ri].Territory)
					g.Population += popOf(m.Rows[ri].Territory.Population)
				}
				g.PopulationShare, g.Score = share(g.Population), float64(g.Population)
				g.Reason = fmt.Sprintf("Aucun dispositif recensé %s dans %d %s sur %d", what, len(empty), levelNoun(sc.rowLevel, len(empty)), len(m.Rows))
				if g.PopulationShare != nil {
					g.Reason += fmt.Sprintf(" (%s habitants, %s de la population)", fmtInt(g.Population), fmtPercent(*g.PopulationShare))
				}
				g.Reason += fmt.Sprintf(" : %s", names(g.Territories, 5))
				if len(present) <= 3 {
					var p []TerritoryRef
					for _, ri := range present {
						p = append(p, m.Rows[ri].Territory)
					}
					if len(p) > 0 {
						g.Reason += fmt.Sprintf(" ; offre présente seulement à %s", names(p, 3))
					} else {
						g.Reason += " ; " + noneCovered(sc.rowLevel)
					}
				}
				if m.Unallocated != nil && m.Unallocated.Cells[ci].Dispositifs > 0 {
					n := m.Unallocated.Cells[ci].Dispositifs
					g.Reason += fmt.Sprintf(" ; %s couvre%s une partie non précisée du territoire (secteur)", plural(n, "dispositif"), pluralNT(n))
				}
				g.Reason += "."
				all = append(all, keyed{g, di, ci})
			}
			// Capacity far below the territory's.
			if tot.PlacesPer10k == nil || *tot.PlacesPer10k <= 0 {
				if tot.Dispositifs > 0 && tot.PlacesDeclared == 0 {
					unknownCapacity++
				}
				continue
			}
			avg := *tot.PlacesPer10k
			var low []int
			for ri, r := range m.Rows {
				c := r.Cells[ci]
				if c.Dispositifs > 0 && c.PlacesPer10k != nil && *c.PlacesPer10k < LowCapacityRatio*avg {
					low = append(low, ri)
				}
			}
			if len(low) == 0 {
				continue
			}
			g := Gap{Kind: GapLowCapacity, Value: v}
			var detail []string
			for i, ri := range sortByPopulation(m.Rows, low) {
				r := m.Rows[ri]
				g.Territories = append(g.Territories, r.Territory)
				p := popOf(r.Territory.Population)
				g.Population += p
				g.Score += float64(p) * (1 - *r.Cells[ci].PlacesPer10k/avg)
				if i < 5 {
					detail = append(detail, fmt.Sprintf("%s (%s)", r.Territory.Name, fmtFloat(*r.Cells[ci].PlacesPer10k)))
				}
			}
			if len(low) > 5 {
				detail = append(detail, fmt.Sprintf("et %d autres", len(low)-5))
			}
			g.PopulationShare = share(g.Population)
			g.Reason = fmt.Sprintf("Capacité %s nettement inférieure à celle du territoire (%s places pour 10 000 habitants ; moins de la moitié) dans %d %s : %s. Seules les places déclarées sont comptées (%d dispositif%s sur %d en déclarent).",
				what, fmtFloat(avg), len(low), levelNoun(sc.rowLevel, len(low)), strings.Join(detail, ", "), tot.PlacesDeclared, pluralS(tot.PlacesDeclared), tot.Dispositifs)
			all = append(all, keyed{g, di, ci})
		}
		if unknownCapacity > 0 {
			rep.Notes = append(rep.Notes, fmt.Sprintf("%s : pour %d valeur%s offerte%s dans le territoire, aucun dispositif ne déclare de places ; les écarts de capacité n'y sont pas évaluables.", dim.Label(), unknownCapacity, pluralS(unknownCapacity), pluralS(unknownCapacity)))
		}
	}
	if rootPop <= 0 {
		rep.Notes = append(rep.Notes, "Population du territoire inconnue : les parts de population et la priorité ne sont pas calculées.")
	}
	for i := range all {
		k := &all[i]
		k.g.NamedBy = named[dims[k.dim]][k.g.Value.Value]
		if k.g.NamedBy == nil {
			k.g.NamedBy = []string{}
		}
	}
	slices.SortStableFunc(all, func(a, b keyed) int {
		if na, nb := len(a.g.NamedBy) > 0, len(b.g.NamedBy) > 0; na != nb {
			if na {
				return -1
			}
			return 1
		}
		if a.g.Score != b.g.Score {
			if a.g.Score > b.g.Score {
				return -1
			}
			return 1
		}
		if na, nb := len(a.g.NamedBy), len(b.g.NamedBy); na != nb {
			return nb - na
		}
		if ka, kb := slices.Index(gapKindOrder, a.g.Kind), slices.Index(gapKindOrder, b.g.Kind); ka != kb {
			return ka - kb
		}
		if a.dim != b.dim {
			return a.dim - b.dim
		}
		return a.col - b.col
	})
	for i, k := range all {
		g := k.g
		g.Rank = i + 1
		g.Priority, g.PriorityReason = priority(g)
		rep.Gaps = append(rep.Gaps, g)
	}
	if rep.Gaps == nil {
		rep.Gaps = []Gap{}
	}
	return rep, nil
}

// priority grades a gap and says why, in French.
func priority(g Gap) (string, string) {
	var why []string
	named := len(g.NamedBy) > 0
	if named {
		docs := "le document source " + g.NamedBy[0]
		if len(g.NamedBy) > 1 {
			docs = fmt.Sprintf("%d documents sources (%s)", len(g.NamedBy), strings.Join(g.NamedBy, ", "))
		}
		why = append(why, "besoin nommé par "+docs)
	} else {
		why = append(why, "besoin qu'aucun document source ne nomme")
	}
	share := -1.0
	if g.PopulationShare != nil {
		share = *g.PopulationShare
		why = append(why, fmt.Sprintf("%s de la population concernée (%s habitants)", fmtPercent(share), fmtInt(g.Population)))
	} else {
		why = append(why, "population inconnue")
	}
	p := PriorityLow
	switch {
	case named && (share >= 0.1 || share < 0):
		p = PriorityHigh
	case named || share >= 0.5:
		p = PriorityMedium
	}
	r := strings.Join(why, " ; ")
	return p, strings.ToUpper(r[:1]) + r[1:] + "."
}

// namedByDocuments maps, per dimension, each value to the source documents that describe a
// dispositif of it, in order.
func (s *snapshot) namedByDocuments(dims []Dimension) map[Dimension]map[string][]string {
	out := map[Dimension]map[string][]string{}
	for _, dim := range dims {
		m := map[string][]string{}
		documented := s.documented
		if documented == nil {
			documented = s.byIdx
		}
		for _, d := range documented {
			if d.archived || len(d.docs) == 0 {
				continue
			}
			for _, v := range s.values(d, dim) {
				for _, doc := range d.docs {
					if v != "" && !slices.Contains(m[v], doc) {
						m[v] = append(m[v], doc)
					}
				}
			}
		}
		for _, docs := range m {
			slices.Sort(docs)
		}
		out[dim] = m
	}
	return out
}

// loadDocumented reads, for a snapshot of part of the graph, the dispositifs that the source
// documents describe wherever they are, with their publics and thématiques: what the documents
// name is a national fact, not the territory's. It scans the dispositifs once (a report of the
// command line; the server's Service holds the whole graph already).
func loadDocumented(ctx context.Context, st graph.Store, in strs) ([]*dispositif, error) {
	tmp := newSnapshot()
	tmp.in = in
	var ids []string
	if err := st.ScanNodes(ctx, []graph.Kind{graph.KindDispositif}, func(n graph.Node) error {
		for _, src := range n.NodeMeta().Sources {
			if strings.HasPrefix(src.Dataset, "seed-doc:") {
				tmp.putNode(n, in)
				ids = append(ids, n.NodeMeta().ID)
				return nil
			}
		}
		return nil
	}); err != nil {
		return nil, err
	}
	out := []*dispositif{}
	if len(ids) == 0 {
		return out, nil
	}
	edges, err := st.Edges(ctx, graph.EdgeQuery{IDs: ids, Direction: graph.Outgoing, Types: []graph.RelationType{graph.Serves, graph.About}})
	if err != nil {
		return nil, err
	}
	for _, e := range edges {
		d := tmp.disp[e.From]
		switch e.Type {
		case graph.Serves:
			d.publics = append(d.publics, in.get(e.To))
		case graph.About:
			d.themes = append(d.themes, in.get(e.To))
		}
	}
	return append(out, tmp.byIdx...), nil
}

func popOf(p *int) int {
	if p == nil {
		return 0
	}
	return *p
}

// sortByPopulation orders row indices by population, largest first, then by id.
func sortByPopulation(rows []Row, idx []int) []int {
	out := slices.Clone(idx)
	slices.SortFunc(out, func(a, b int) int {
		pa, pb := popOf(rows[a].Territory.Population), popOf(rows[b].Territory.Population)
		if pa != pb {
			return pb - pa
		}
		return strings.Compare(rows[a].Territory.ID, rows[b].Territory.ID)
	})
	return out
}

// valuePhrase names a value in a sentence: « pour le public « Personnes âgées » ».
func valuePhrase(v Value) string {
	switch v.Dimension {
	case DimPublic:
		return fmt.Sprintf("pour le public « %s »", v.Label)
	case DimThematique, DimSousThematique:
		return fmt.Sprintf("sur la thématique « %s »", v.Label)
	case DimType:
		return fmt.Sprintf("de type « %s »", v.Label)
	}
	return fmt.Sprintf("« %s »", v.Label)
}

// femE is the feminine ending of an adjective agreeing with the dimension's noun.
func femE(d Dimension) string {
	if d == DimThematique || d == DimSousThematique {
		return "e"
	}
	return ""
}

// levelNoun names n territories of a level in French.
func levelNoun(l graph.TerritoryLevel, n int) string {
	var one, many string
	switch l {
	case graph.LevelRegion:
		one, many = "région", "régions"
	case graph.LevelDepartement:
		one, many = "département", "départements"
	case graph.LevelEPCI:
		one, many = "EPCI", "EPCI"
	case graph.LevelEPT:
		one, many = "EPT", "EPT"
	case graph.LevelCommune:
		one, many = "commune", "communes"
	case graph.LevelArrondissement:
		one, many = "arrondissement", "arrondissements"
	default:
		one, many = "sous-territoire", "sous-territoires"
	}
	if n > 1 {
		return many
	}
	return one
}

// noneCovered says in French that no sub-territory of a level is covered.
func noneCovered(l graph.TerritoryLevel) string {
	switch l {
	case graph.LevelCommune, graph.LevelRegion:
		return "aucune des " + levelNoun(l, 2) + " n'est couverte"
	}
	return "aucun des " + levelNoun(l, 2) + " n'est couvert"
}

// names lists up to max territory names, then « et N autres ».
func names(ts []TerritoryRef, max int) string {
	var out []string
	for i, t := range ts {
		if i == max {
			out = append(out, fmt.Sprintf("et %d autres", len(ts)-max))
			break
		}
		out = append(out, t.Name)
	}
	return strings.Join(out, ", ")
}

// fmtInt writes an integer the French way: 172 512.
func fmtInt(n int) string {
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// fmtFloat writes a figure with two decimals and a decimal comma: 1,25.
func fmtFloat(x float64) string {
	return strings.Replace(fmt.Sprintf("%.2f", math.Round(x*100)/100), ".", ",", 1)
}

// fmtPercent writes a share as a percentage: 98 %.
func fmtPercent(x float64) string {
	p := x * 100
	if p > 0 && p < 1 {
		return strings.Replace(fmt.Sprintf("%.1f %%", p), ".", ",", 1)
	}
	return fmt.Sprintf("%.0f %%", math.Round(p))
}
