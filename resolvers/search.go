package resolvers

import (
	"context"

	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/resolvers/generated"
	"github.com/maillage/maillage/search"
	"github.com/maillage/maillage/search/situation"
)

// search runs the search service with the GraphQL arguments.
func (r *Resolver) search(ctx context.Context, text *string, sit *generated.SituationInput, filter *generated.SearchFilter, first *int, after *string) (*search.Result, error) {
	if r.Search == nil {
		return nil, graph.Errorf(graph.CodeInternal, "La recherche n'est pas disponible sur ce serveur.")
	}
	n := 20
	if first != nil {
		n = *first
	}
	if n < 1 || n > r.MaxPageSize {
		return nil, graph.Errorf(graph.CodeBadUserInput, "« first » doit être compris entre 1 et %d.", r.MaxPageSize)
	}
	req := search.Request{First: n, WithoutFacets: !requested(ctx, "facets"), WithoutOthers: !requested(ctx, "others"),
		WithoutWaysForward: !requested(ctx, "waysForward"),
		WithoutHighlights:  !requested(ctx, "edges", "highlights") && !requested(ctx, "others", "highlights")}
	setString(&req.Text, text)
	setString(&req.After, after)
	if sit != nil {
		s, err := r.situation(ctx, sit)
		if err != nil {
			return nil, err
		}
		req.Situation = s
	}
	if filter != nil {
		setString(&req.Filter.Thematique, filter.Thematique)
		setString(&req.Filter.Public, filter.Public)
		setString(&req.Filter.Departement, filter.Departement)
		setString(&req.Filter.AccessMode, filter.AccessMode)
		req.Filter.IncludeUnmet = filter.IncludeUnmet != nil && *filter.IncludeUnmet
	}
	if req.Text == "" && req.Situation == nil {
		return nil, graph.Errorf(graph.CodeBadUserInput, "Décrivez la situation (« text ») ou donnez des critères (« situation »).")
	}
	res, err := r.Search.Search(ctx, req)
	if err != nil {
		return nil, err
	}
	return &res, nil
}

// situation checks structured criteria and turns them into a Situation.
func (r *Resolver) situation(ctx context.Context, in *generated.SituationInput) (*situation.Situation, error) {
	var v graph.ValidationErrors
	s := &situation.Situation{Age: in.Age, AgeMin: in.AgeMin, AgeMax: in.AgeMax, Family: in.Family, Situations: in.Situations, Needs: in.Needs}
	for _, a := range []*int{in.Age, in.AgeMin, in.AgeMax} {
		if a != nil && (*a < 0 || *a > 120) {
			v.Add("situation.age", "l'âge doit être compris entre 0 et 120 ans")
		}
	}
	setString(&s.AdminStatus, in.AdminStatus)
	if in.AsylumStage != nil {
		status, ok := situation.StageStatus(*in.AsylumStage)
		if !ok {
			v.Add("situation.asylumStage", "étape de la demande d'asile « "+*in.AsylumStage+" » inconnue")
		}
		s.AsylumStage, s.AdminStatus = *in.AsylumStage, status
	}
	s.Types = in.Types
	setString(&s.Gender, in.Gender)
	if in.Place != nil {
		t, err := getAs[*graph.Territory](ctx, r, *in.Place)
		if err != nil {
			v.Add("situation.place", "territoire « "+*in.Place+" » introuvable")
		} else {
			s.Place = &situation.Place{TerritoryID: t.ID, Name: t.Name, Level: string(t.Level)}
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	return s, nil
}

// facetList turns counts into GraphQL facets (labelled by the search service).
func facetList(fs []search.FacetCount) []*search.FacetCount {
	out := make([]*search.FacetCount, len(fs))
	for i := range fs {
		out[i] = &fs[i]
	}
	return out
}
