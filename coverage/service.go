package coverage

import (
	"cmp"
	"context"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sync/singleflight"

	"github.com/maillage/maillage/graph"
)

// Service answers the reports from an in-memory projection of the whole graph, kept in step
// with the store's change feed: before each report it reads the feed position (one cheap store
// call) and applies the changes since the last one, so a report always reflects every write
// acknowledged before it started. The first report (or Refresh) reads the whole graph; a bulk
// load (seed, import) reads it again. Safe for concurrent use; one Service per process.
//
// Identical reports are computed once: concurrent callers share one computation, and the
// smaller reports are kept until the graph changes (CacheBudget).
type Service struct {
	store graph.Store

	// MaxCells refuses a coverage matrix (and the gaps, made of matrices) with more cells than
	// this (BAD_USER_INPUT): the memory one report may take. Zero for DefaultMaxCells.
	MaxCells int
	// CacheBudget is how many cells (or report lines) the kept reports hold at most; zero for
	// DefaultCacheBudget, negative to keep none.
	CacheBudget int

	refreshMu sync.Mutex // one refresh at a time

	mu   sync.RWMutex // guards snap and seq
	snap *snapshot
	seq  uint64

	flight   singleflight.Group
	cacheMu  sync.Mutex
	cache    map[string]cached
	order    []string // cache keys, oldest first
	weight   int      // of the cached reports
	computed atomic.Int64
}

// DefaultMaxCells lets the national matrix per commune and public through (about 1.4 million
// cells) and refuses the finer breakdowns, which only `maillage report` computes.
const DefaultMaxCells = 1_500_000

// DefaultCacheBudget keeps a few département reports (a matrix per commune is tens of
// thousands of cells).
const DefaultCacheBudget = 200_000

type cached struct {
	seq    uint64
	v      any
	weight int
}

// NewService returns a Service over st. It reads nothing until the first call.
func NewService(st graph.Store) *Service { return &Service{store: st, cache: map[string]cached{}} }

// Computations counts the reports computed (not refused, not shared, not taken from the kept
// ones): for the tests and the operator's figures.
func (s *Service) Computations() int64 { return s.computed.Load() }

// Refresh brings the projection up to date with the store: a full read the first time or after
// a bulk load, the changes since the last refresh otherwise. Call it at start-up to avoid
// making the first report wait.
func (s *Service) Refresh(ctx context.Context) error {
	s.refreshMu.Lock()
	defer s.refreshMu.Unlock()
	last, err := s.store.LastSeq(ctx)
	if err != nil {
		return err
	}
	s.mu.RLock()
	snap, seq := s.snap, s.seq
	s.mu.RUnlock()
	if snap != nil && last <= seq {
		return nil
	}
	if snap == nil {
		return s.reload(ctx, last)
	}
	for seq < last {
		changes, err := s.store.Changes(ctx, seq, 1000)
		if err != nil {
			return err
		}
		if len(changes) == 0 {
			break
		}
		var ids []string
		for _, c := range changes {
			if c.Op == graph.OpBulkLoad {
				l, err := s.store.LastSeq(ctx)
				if err != nil {
					return err
				}
				return s.reload(ctx, l)
			}
			if c.Edge == nil && c.ID != "" {
				ids = append(ids, c.ID)
			}
		}
		nodes, err := s.store.GetMany(ctx, ids)
		if err != nil {
			return err
		}
		s.mu.Lock()
		for _, n := range nodes {
			if n != nil {
				s.snap.putNode(n, s.snap.in)
			}
		}
		for _, c := range changes {
			if c.Edge == nil || !isRelevant(c.Edge.Type) {
				continue
			}
			switch c.Op {
			case graph.OpLink:
				s.snap.link(c.Edge.Type, c.Edge.From, c.Edge.To, s.snap.in)
			case graph.OpUnlink:
				s.snap.unlink(c.Edge.Type, c.Edge.From, c.Edge.To)
			}
		}
		seq = changes[len(changes)-1].Seq
		s.seq = seq
		s.snap.scopes = newScopeCache()
		s.mu.Unlock()
	}
	return nil
}

// reload reads the whole graph. The feed position is read before the scan: changes made
// during it are applied again by the next refresh, which is harmless (applying is idempotent).
func (s *Service) reload(ctx context.Context, seq uint64) error {
	snap, err := loadFull(ctx, s.store)
	if err != nil {
		return err
	}
	snap.scopes = newScopeCache()
	s.mu.Lock()
	s.snap, s.seq = snap, seq
	s.mu.Unlock()
	return nil
}

// report refreshes, then returns the report named key on the projection: kept from an
// identical call since the last change, shared with an identical call in progress, or
// computed by fn under the read lock. fn returns the report and its weight (its cells or
// lines, for CacheBudget). A report is never modified once returned: callers share it.
func report[T any](ctx context.Context, s *Service, key string, fn func(*snapshot) (T, int, error)) (T, error) {
	var zero T
	if err := s.Refresh(ctx); err != nil {
		return zero, err
	}
	s.mu.RLock()
	seq := s.seq
	s.mu.RUnlock()
	key = strconv.FormatUint(seq, 10) + "|" + key
	if v, ok := s.kept(key); ok {
		return v.(T), nil
	}
	v, err, _ := s.flight.Do(key, func() (any, error) {
		if v, ok := s.kept(key); ok {
			return v, nil
		}
		s.mu.RLock()
		r, weight, err := fn(s.snap)
		s.mu.RUnlock()
		if err != nil {
			return nil, err
		}
		s.computed.Add(1)
		s.keep(key, seq, r, weight)
		return r, nil
	})
	if err != nil {
		return zero, err
	}
	return v.(T), nil
}

func (s *Service) kept(key string) (any, bool) {
	s.cacheMu.Lock()
	defer s.cacheMu.Unlock()
	c, ok := s.cache[key]
	return c.v, ok
}

// keep keeps a report computed at seq, dropping those of an older projection, then the oldest
// ones while the budget is exceeded.
func (s *Service) keep(key string, seq uint64, v any, weight int) {
	budget := s.CacheBudget
	if budget == 0 {
		budget = DefaultCacheBudget
	}
	if weight > budget {
		return
	}
	s.cacheMu.Lock()
	defer s.cacheMu.Unlock()
	keys := s.order[:0]
	for _, k := range s.order {
		if c := s.cache[k]; c.seq != seq {
			delete(s.cache, k)
			s.weight -= c.weight
		} else {
			keys = append(keys, k)
		}
	}
	s.order = keys
	for len(s.order) > 0 && s.weight+weight > budget {
		s.weight -= s.cache[s.order[0]].weight
		delete(s.cache, s.order[0])
		s.order = s.order[1:]
	}
	s.cache[key] = cached{seq: seq, v: v, weight: weight}
	s.order = append(s.order, key)
	s.weight += weight
}

// checkCells refuses a matrix of more than MaxCells cells.
func (s *Service) checkCells(snap *snapshot, territoryID string, level graph.TerritoryLevel, dims []Dimension) error {
	max := s.MaxCells
	if max <= 0 {
		max = DefaultMaxCells
	}
	if n := snap.size(territoryID, level, dims).Cells(); n > max {
		return graph.Errorf(graph.CodeBadUserInput, "Rapport trop grand : %s cases, %s au plus. Choisissez un niveau de sous-territoire plus large, moins de dimensions, ou un territoire plus petit (ou calculez-le sur le serveur avec « maillage report »).", fmtInt(n), fmtInt(max))
	}
	return nil
}

func reportKey(kind, territoryID string, dims []Dimension, o Options, extra ...string) string {
	return fmt.Sprint(kind, "|", territoryID, "|", dims, "|", o.RowLevel, "|", o.By, "|", o.StaleAfterMonths, "|", extra)
}

// Coverage is the package-level Coverage on the projection (at most MaxCells cells).
func (s *Service) Coverage(ctx context.Context, territoryID string, dims []Dimension, opts Options) (*Matrix, error) {
	return report(ctx, s, reportKey("coverage", territoryID, dims, opts), func(snap *snapshot) (*Matrix, int, error) {
		if err := s.checkCells(snap, territoryID, opts.RowLevel, dims); err != nil {
			return nil, 0, err
		}
		m, err := snap.coverage(territoryID, dims, opts)
		if err != nil {
			return nil, 0, err
		}
		return m, (len(m.Rows) + 2) * (len(m.Columns) + 1), nil
	})
}

// Gaps is the package-level Gaps on the projection (its matrices at most MaxCells cells each).
func (s *Service) Gaps(ctx context.Context, territoryID string, opts Options) (*GapsReport, error) {
	return report(ctx, s, reportKey("gaps", territoryID, nil, opts), func(snap *snapshot) (*GapsReport, int, error) {
		for _, d := range GapDimensions(opts) {
			if err := s.checkCells(snap, territoryID, opts.RowLevel, []Dimension{d}); err != nil {
				return nil, 0, err
			}
		}
		r, err := snap.gaps(territoryID, opts)
		if err != nil {
			return nil, 0, err
		}
		weight := len(r.Gaps)
		for _, g := range r.Gaps {
			weight += len(g.Territories)
		}
		return r, weight, nil
	})
}

// Diagnostics is the package-level Diagnostics on the projection. Without opts.Now, it is the
// store's clock to the minute (so that identical reports of a minute are computed once).
func (s *Service) Diagnostics(ctx context.Context, territoryID string, opts Options) (*DiagnosticsReport, error) {
	opts = opts.withNow(s.store)
	opts.Now = opts.Now.Truncate(time.Minute)
	return report(ctx, s, reportKey("diagnostics", territoryID, nil, opts, opts.Now.Format(time.RFC3339)), func(snap *snapshot) (*DiagnosticsReport, int, error) {
		r, err := snap.diagnostics(territoryID, opts)
		if err != nil {
			return nil, 0, err
		}
		return r, r.Dispositifs, nil
	})
}

// Listings is the package-level Listings on the projection.
func (s *Service) Listings(ctx context.Context, territoryID string, dims []Dimension, rowID, columnKey string, opts Options) ([]Listing, error) {
	return report(ctx, s, reportKey("listings", territoryID, dims, opts, rowID, columnKey), func(snap *snapshot) ([]Listing, int, error) {
		r, err := snap.listings(territoryID, dims, rowID, columnKey, opts)
		return r, len(r), err
	})
}

func newScopeCache() *scopeCache { return &scopeCache{m: map[scopeKey]*scope{}} }

// Follow keeps the projection in step with the store until ctx ends, so that reports do not
// wait for a catch-up: it refreshes, then waits for the next change (Store.WaitChange). An
// error of a refresh is passed to onError (when set) and retried at the next change. It
// returns ctx's error once ctx ends, or the feed's error when waiting for changes fails (the
// caller retries after a pause).
func (s *Service) Follow(ctx context.Context, onError func(error)) error {
	for {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err := s.Refresh(ctx); err != nil && ctx.Err() == nil && onError != nil {
			onError(err)
		}
		s.mu.RLock()
		seq := s.seq
		s.mu.RUnlock()
		if err := s.store.WaitChange(ctx, seq); err != nil {
			return cmp.Or(ctx.Err(), err)
		}
	}
}
