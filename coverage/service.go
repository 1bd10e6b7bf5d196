package coverage

import (
	"cmp"
	"context"
	"sync"

	"github.com/maillage/maillage/graph"
)

// Service answers the reports from an in-memory projection of the whole graph, kept in step
// with the store's change feed: before each report it reads the feed position (one cheap store
// call) and applies the changes since the last one, so a report always reflects every write
// acknowledged before it started. The first report (or Refresh) reads the whole graph; a bulk
// load (seed, import) reads it again. Safe for concurrent use; one Service per process.
type Service struct {
	store graph.Store

	refreshMu sync.Mutex // one refresh at a time

	mu   sync.RWMutex // guards snap and seq
	snap *snapshot
	seq  uint64
}

// NewService returns a Service over st. It reads nothing until the first call.
func NewService(st graph.Store) *Service { return &Service{store: st} }

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

// view refreshes then runs fn on the projection under the read lock.
func (s *Service) view(ctx context.Context, fn func(*snapshot) error) error {
	if err := s.Refresh(ctx); err != nil {
		return err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return fn(s.snap)
}

// Coverage is the package-level Coverage on the projection.
func (s *Service) Coverage(ctx context.Context, territoryID string, dims []Dimension, opts Options) (*Matrix, error) {
	var m *Matrix
	err := s.view(ctx, func(snap *snapshot) (err error) {
		m, err = snap.coverage(territoryID, dims, opts)
		return err
	})
	return m, err
}

// Gaps is the package-level Gaps on the projection.
func (s *Service) Gaps(ctx context.Context, territoryID string, opts Options) (*GapsReport, error) {
	var r *GapsReport
	err := s.view(ctx, func(snap *snapshot) (err error) {
		r, err = snap.gaps(territoryID, opts)
		return err
	})
	return r, err
}

// Diagnostics is the package-level Diagnostics on the projection.
func (s *Service) Diagnostics(ctx context.Context, territoryID string, opts Options) (*DiagnosticsReport, error) {
	var r *DiagnosticsReport
	err := s.view(ctx, func(snap *snapshot) (err error) {
		r, err = snap.diagnostics(territoryID, opts.withNow(s.store))
		return err
	})
	return r, err
}

// Listings is the package-level Listings on the projection.
func (s *Service) Listings(ctx context.Context, territoryID string, dims []Dimension, rowID, columnKey string, opts Options) ([]Listing, error) {
	var r []Listing
	err := s.view(ctx, func(snap *snapshot) (err error) {
		r, err = snap.listings(territoryID, dims, rowID, columnKey, opts)
		return err
	})
	return r, err
}

func newScopeCache() *scopeCache { return &scopeCache{m: map[scopeKey]*scope{}} }

// Follow keeps the projection in step with the store until ctx ends, so that reports do not
// wait for a catch-up: it refreshes, then waits for the next change (Store.WaitChange). An
// error of a refresh is passed to onError (when set) and retried at the next change. It
// returns ctx's error once ctx ends, or the feed's error when waiting for changes fails (the
// caller retries after a pause).
func (s *Service) Follow(ctx context.Context, onError func(error)) error {
	for {
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
