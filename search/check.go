package search

import (
	"context"

	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/search/situation"
)

// Check tells how one dispositif fits a situation, with the same rules as Search: what it
// matches, what its listing leaves unknown and what rules it out. The access path of a
// dispositif uses it to warn when the person's situation does not fit.
func (s *Service) Check(ctx context.Context, d *graph.Dispositif, sit situation.Situation) (Fit, error) {
	var place *area
	if sit.Place != nil {
		var err error
		if place, _, err = s.cachedArea(ctx, sit.Place.TerritoryID); err != nil {
			return Fit{}, err
		}
	}
	listings, err := s.load(ctx, []string{d.ID})
	if err != nil {
		return Fit{}, err
	}
	l, ok := listings[d.ID]
	if !ok {
		return Fit{}, graph.NotFound("dispositif", d.ID)
	}
	wanted := publicsOf(sit)
	names, err := s.names(ctx, append(append([]string{}, l.e.Publics...), wanted...))
	if err != nil {
		return Fit{}, err
	}
	return evaluate(&l.e.h, l.e, sit, place, placeUnknown, wanted, nil, names, true).Fit, nil
}
