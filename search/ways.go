package search

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/search/situation"
)

// WayForward is what a social worker can do when no listing answers: call the département's
// SIAO or the 115, search a wider place, or search without the criterion that ruled out most.
type WayForward struct {
	// Kind is siao, 115, place or criterion.
	Kind string
	// Label says it in French.
	Label string
	// Count is the number of answers of the search the way forward runs (place, criterion).
	Count *int
	// Situation is the search to run (place, criterion), nil for a call.
	Situation *situation.Situation
	// Dispositifs are the listings to call (the département's SIAO, its 115), when known.
	Dispositifs []*graph.Dispositif
}

// Number115 is the national emergency number of the veille sociale: free and answered day
// and night in every département (code de l'action sociale et des familles, art. L345-2).
const Number115 = "115"

// waysForward lists what can be done when nothing fits the situation in its place.
func (s *Service) waysForward(ctx context.Context, sit situation.Situation, words string, req Request, st runStats) ([]WayForward, error) {
	var out []WayForward
	var dep, reg string // the département and région containing the place
	if st.place != nil {
		dep, reg = st.place.containing("dep-"), st.place.containing("reg-")
	}
	// the entry points of the place's département known to Maillage
	var siao, urgence []*graph.Dispositif
	if dep != "" {
		byType, err := s.entryPoints(ctx, st.place, dep)
		if err != nil {
			return nil, err
		}
		siao, urgence = byType["siao"], byType["115"]
	}
	if dep != "" {
		name := st.place.ancestors[dep]
		label := fmt.Sprintf("Contacter le SIAO (service intégré d'accueil et d'orientation) de %s : il connaît les places et oriente vers l'hébergement et le logement adapté", name)
		if len(siao) == 0 {
			label += " ; ses coordonnées ne sont pas encore dans Maillage"
		}
		out = append(out, WayForward{Kind: "siao", Label: label, Dispositifs: siao})
	}
	out = append(out, WayForward{Kind: "115", Dispositifs: urgence,
		Label: "Appeler le 115, numéro national d'urgence sociale : gratuit, joignable 24 h/24 et 7 j/7 dans chaque département"})
	count := func(alt situation.Situation) (*int, error) {
		r, _, err := s.run(ctx, alt, words, Request{Filter: req.Filter}, 0, true)
		if err != nil {
			return nil, err
		}
		return &r.Total, nil
	}
	// wider places: the département, then the région
	if st.place != nil {
		for _, wider := range []string{dep, reg} {
			if wider == "" || wider == st.place.id || st.place.ancestors[wider] == "" {
				continue
			}
			alt := sit
			alt.Criteria = nil
			alt.Place = &situation.Place{TerritoryID: wider, Name: st.place.ancestors[wider], Level: levelOf(wider)}
			alt.Describe()
			n, err := count(alt)
			if err != nil {
				return nil, err
			}
			out = append(out, WayForward{Kind: "place", Count: n, Situation: &alt,
				Label: fmt.Sprintf("Élargir à %s : %s", alt.Place.Name, answers(*n))})
			if *n > 0 {
				break // the région would only say more of the same
			}
		}
	}
	// without the criterion that ruled out most listings of the place
	if alt, label, ok := without(sit, st); ok {
		n, err := count(alt)
		if err != nil {
			return nil, err
		}
		if *n == 0 && !asks(alt) {
			// only the place (and words no listing has) would remain: its services are
			// already the others
			return out, nil
		}
		out = append(out, WayForward{Kind: "criterion", Count: n, Situation: &alt,
			Label: fmt.Sprintf("Sans le critère « %s » : %s", label, answers(*n))})
	}
	return out, nil
}

func answers(n int) string {
	switch n {
	case 0:
		return "aucune réponse"
	case 1:
		return "1 réponse"
	}
	return fmt.Sprintf("%d réponses", n)
}

func levelOf(id string) string {
	switch {
	case strings.HasPrefix(id, "dep-"):
		return string(graph.LevelDepartement)
	case strings.HasPrefix(id, "reg-"):
		return string(graph.LevelRegion)
	}
	return ""
}

// without returns the situation without the criterion that ruled out most listings of the
// place, with that criterion's label. Publics are not dropped: what rules one out is the
// person's age, family or gender, dropped for themselves.
func without(sit situation.Situation, st runStats) (situation.Situation, string, bool) {
	best, most := "", 0
	for i, crit := range criterionBits {
		if crit == "public" || crit == "place" {
			continue
		}
		if st.ruled[i] > most {
			best, most = crit, st.ruled[i]
		}
	}
	if best == "" {
		return sit, "", false
	}
	alt := sit
	kinds := []string{best}
	switch best {
	case "age":
		alt.Age, alt.AgeMin, alt.AgeMax = nil, nil, nil
		kinds = append(kinds, "ageGroup")
	case "adminStatus":
		alt.AdminStatus = ""
	case "gender":
		alt.Gender = ""
	case "family":
		alt.Family = nil
	case "need":
		alt.Needs = nil
	case "type":
		alt.Types = nil
	}
	var labels []string
	for _, c := range sit.Criteria {
		if slices.Contains(kinds, c.Kind) {
			labels = append(labels, c.Label)
		}
	}
	alt.Criteria = nil
	alt.Describe()
	if len(labels) == 0 {
		return sit, "", false
	}
	return alt, strings.Join(labels, ", "), true
}

// entryPoints returns the SIAO and 115 listings covering the département or a territory of the
// place within it, by type.
func (s *Service) entryPoints(ctx context.Context, place *area, dep string) (map[string][]*graph.Dispositif, error) {
	t := s.Index.tab.Load()
	if t == nil {
		return nil, nil
	}
	var ids []string
	t.mu.RLock()
	for c := range place.ancestors {
		if strings.HasPrefix(c, "reg-") || c == "fr" {
			continue
		}
		for _, it := range t.byCover[c] {
			if it.h.flags&hotGeneric != 0 && it.h.status != statusClosed && !slices.Contains(ids, t.entries[it.slot].ID) {
				ids = append(ids, t.entries[it.slot].ID)
			}
		}
	}
	t.mu.RUnlock()
	slices.Sort(ids)
	nodes, err := s.Store.GetMany(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := map[string][]*graph.Dispositif{}
	for _, n := range nodes {
		if d, ok := n.(*graph.Dispositif); ok && !d.Archived() && d.Status != "closed" {
			out[d.Type] = append(out[d.Type], d)
		}
	}
	return out, nil
}
