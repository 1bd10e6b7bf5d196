package search

import (
	"context"
	"strings"

	"github.com/maillage/maillage/graph"
)

// EntryPoints is where a person turns when nothing else answers: the SIAO and the 115 that
// serve a département.
type EntryPoints struct {
	// Departement is the département's territory ("" when the territory lies in none, a région
	// for example).
	Departement *graph.Territory
	// SIAO and Urgence are the listings of its SIAO and of its 115 known to Maillage.
	SIAO, Urgence []*graph.Dispositif
}

// EntryPointsOf returns the entry points of the département of a territory (the territory
// itself or the département containing it), from the same listings the search's ways forward
// name.
func (s *Service) EntryPointsOf(ctx context.Context, territoryID string) (EntryPoints, error) {
	if s.Index == nil { // a service without an index (tests of the parser) knows no listing
		return EntryPoints{}, nil
	}
	place, _, err := s.area(ctx, territoryID)
	if err != nil {
		return EntryPoints{}, err
	}
	dep := place.containing("dep-")
	if dep == "" {
		return EntryPoints{}, nil
	}
	t, err := graph.GetAs[*graph.Territory](ctx, s.Store, dep)
	if err != nil {
		return EntryPoints{}, err
	}
	byType, err := s.entryPoints(ctx, place, dep)
	if err != nil {
		return EntryPoints{}, err
	}
	return EntryPoints{Departement: t, SIAO: byType["siao"], Urgence: byType["115"]}, nil
}

// containing returns the territory of the place's tree (the place or one containing it) whose
// id has the prefix ("dep-", "reg-"); the smallest id when there are several, so that the
// choice is the same on every call.
func (a *area) containing(prefix string) string {
	found := ""
	for id := range a.ancestors {
		if strings.HasPrefix(id, prefix) && (found == "" || id < found) {
			found = id
		}
	}
	return found
}
