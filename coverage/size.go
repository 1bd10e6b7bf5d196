package coverage

import (
	"context"
	"time"

	"github.com/maillage/maillage/graph"
)

// Size is how big a report of a territory is, known before computing it: the API costs a
// report by it (a national matrix per commune is 35,000 rows) and refuses what would not fit in
// a request's memory.
type Size struct {
	// Rows are the sub-territories of a matrix, Columns at most its columns for the
	// dimensions asked (every combination of values, « non renseigné » included): a matrix
	// holds (Rows+2)×(Columns+1) cells with its totals.
	Rows, Columns int
	// Dispositifs is at most the number of dispositifs reaching the territory: the length of
	// the diagnostics' lists and of the listings behind a cell.
	Dispositifs int
}

// Cells is the number of cells of the matrix, totals included.
func (z Size) Cells() int { return (z.Rows + 2) * (z.Columns + 1) }

// Size returns the size of a report of a territory written as a user writes it (52, dep-52,
// fr…), with rows at rowLevel ("" for the default) and columns for dims (public when empty).
// It reads the projection as it is, without waiting for the latest changes (the projection is
// read once first when it never was); the zero Size when the territory is unknown or the
// level impossible (the report will say why).
func (s *Service) Size(territory string, rowLevel graph.TerritoryLevel, dims []Dimension) Size {
	s.mu.RLock()
	loaded := s.snap != nil
	s.mu.RUnlock()
	if !loaded {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		err := s.Refresh(ctx)
		cancel()
		if err != nil {
			return Size{}
		}
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.snap.size(territory, rowLevel, dims)
}

func (s *snapshot) size(territory string, rowLevel graph.TerritoryLevel, dims []Dimension) Size {
	var id string
	for _, c := range territoryCandidates(territory) {
		if t := s.terr[c]; t != nil {
			id = c
			break
		}
	}
	sc, err := s.scope(id, rowLevel)
	if err != nil {
		return Size{}
	}
	z := Size{Rows: len(sc.rows), Columns: 1}
	if len(dims) == 0 {
		dims = []Dimension{DimPublic}
	}
	for _, d := range dims {
		z.Columns *= len(s.vocabulary(d)) + 1
	}
	for _, t := range sc.overlappingT() {
		z.Dispositifs += len(t.coveringD) + len(t.locatedD)
	}
	return z
}
