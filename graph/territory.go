package graph

import "strings"

// Territory containment. The PART_OF tree of the geography is not a tree everywhere: an EPCI or
// an EPT spanning several départements is PART_OF each of them (89 EPCI do), which says that
// they intersect, not that it lies inside one. Walking up from a commune through such an EPCI
// would wrongly put the commune in the other département (Cheminon, in the Marne, inside the
// Haute-Marne through the CA du Grand Saint-Dizier), so a service covering the Haute-Marne would
// be shown as covering it. Every walk of the territory tree goes through these two rules.

// Containing keeps the edges that mean "lies inside": a PART_OF edge is dropped when its From
// is PART_OF several territories of the same level (it intersects them, it lies in none). Other
// edges pass through.
func Containing(edges []Edge) []Edge {
	type key struct{ from, level string }
	count := map[key]int{}
	for _, e := range edges {
		if e.Type == PartOf {
			count[key{e.From, levelPrefix(e.To)}]++
		}
	}
	out := edges[:0:0]
	for _, e := range edges {
		if e.Type != PartOf || count[key{e.From, levelPrefix(e.To)}] == 1 {
			out = append(out, e)
		}
	}
	return out
}

// Grouping reports whether a territory id names an intercommunality (EPCI, EPT): walking down
// the tree, a département's communes are reached directly (commune PART_OF département), and
// going down through an intercommunality would reach communes of another département.
func Grouping(id string) bool {
	return strings.HasPrefix(id, "epci-") || strings.HasPrefix(id, "ept-")
}

func levelPrefix(id string) string {
	p, _, _ := strings.Cut(id, "-")
	return p
}
