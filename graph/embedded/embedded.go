// Package embedded is the zero-set-up store of Maillage: the whole graph in one bbolt file.
//
// bbolt gives serialisable, durable transactions (a commit returns only after fsync), so every
// acknowledged write survives a crash or `kill -9`, and readers never block each other.
//
// Bucket layout (keys are bytes; \x00 separates parts, which never occur in ids or types):
//
//	nodes     id                  → kind byte + node JSON
//	kinds     kind \x00 id        → ∅   (list a kind in id order without decoding nodes)
//	archived  id                  → ∅   (default listings skip archived nodes without decoding)
//	filters   id                  → the fields listings filter on (filters.go)
//	out       from \x00 type \x00 to → edge JSON (the edge's properties live here only)
//	in        to \x00 type \x00 from → ∅   (reverse adjacency)
//	changes   seq (8 bytes, big endian) → change JSON (the change feed)
//	history   id \x00 seq            → revision JSON (a node's writes and its relations')
//	meta      "schema"            → layout version; node counts per kind (counts.go)
package embedded

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/maillage/maillage/graph"
)

// schemaVersion is the version of the bucket layout written in the meta bucket.
const schemaVersion = "1"

var (
	bNodes    = []byte("nodes")
	bKinds    = []byte("kinds")
	bArchived = []byte("archived")
	bOut      = []byte("out")
	bIn       = []byte("in")
	bChanges  = []byte("changes")
	bHistory  = []byte("history")
	bMeta     = []byte("meta")
)

// Options tune the store.
type Options struct {
	// Timeout bounds the wait for the file lock held by another process (default 2 s).
	Timeout time.Duration
	// NoSync skips fsync on commit. Only for tests and throwaway bulk loads: writes are then not
	// durable.
	NoSync bool
	// Clock stamps the writes (nil: graph.SystemClock).
	Clock graph.Clock
}

// Store is the embedded graph.Store.
type Store struct {
	db    *bolt.DB
	clock graph.Clock

	// changed is closed and replaced after each commit that appends changes, waking WaitChange.
	mu      sync.Mutex
	changed chan struct{}
}

var _ graph.Store = (*Store)(nil)

// Open opens (creating if needed) the store in the file at path.
func Open(path string, opts Options) (*Store, error) {
	if opts.Timeout == 0 {
		opts.Timeout = 2 * time.Second
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: opts.Timeout, NoSync: opts.NoSync, FreelistType: bolt.FreelistMapType})
	if errors.Is(err, bolt.ErrTimeout) {
		return nil, fmt.Errorf("la base %s est déjà ouverte par un autre processus Maillage : arrêtez-le ou choisissez un autre dossier de données", path)
	}
	if err != nil {
		return nil, err
	}
	err = db.Update(func(tx *bolt.Tx) error {
		// history arrived after layout 1 without changing the others: opening an older file
		// simply adds it.
		for _, b := range [][]byte{bNodes, bKinds, bArchived, bFilters, bOut, bIn, bChanges, bHistory, bMeta} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		meta := tx.Bucket(bMeta)
		switch v := meta.Get([]byte("schema")); {
		case v == nil:
			return meta.Put([]byte("schema"), []byte(schemaVersion))
		case string(v) != schemaVersion:
			return fmt.Errorf("la base %s est au format %s, ce Maillage lit le format %s", path, v, schemaVersion)
		}
		// counts and filter fields arrived after layout 1, as history did
		if err := initCounts(tx); err != nil {
			return err
		}
		return initFilters(tx)
	})
	if err != nil {
		db.Close()
		return nil, err
	}
	return &Store{db: db, clock: opts.Clock, changed: make(chan struct{})}, nil
}

// Close closes the file.
func (s *Store) Close() error { return s.db.Close() }

// kind bytes: the index of the kind in graph.Kinds, stored before each node's JSON.
func kindByte(k graph.Kind) byte {
	for i, x := range graph.Kinds {
		if x == k {
			return byte(i)
		}
	}
	panic("embedded: unknown kind " + string(k))
}

func kindOf(b byte) graph.Kind { return graph.Kinds[b] }

func encodeNode(n graph.Node) ([]byte, error) {
	data, err := json.Marshal(n)
	if err != nil {
		return nil, err
	}
	return append([]byte{kindByte(n.NodeKind())}, data...), nil
}

func decodeNode(v []byte) (graph.Node, error) {
	if len(v) == 0 || int(v[0]) >= len(graph.Kinds) {
		return nil, errors.New("embedded: corrupt node record")
	}
	return graph.DecodeNode(kindOf(v[0]), v[1:])
}

func join(parts ...string) []byte {
	var b bytes.Buffer
	for i, p := range parts {
		if i > 0 {
			b.WriteByte(0)
		}
		b.WriteString(p)
	}
	return b.Bytes()
}

func outKey(k graph.EdgeKey) []byte { return join(k.From, string(k.Type), k.To) }
func inKey(k graph.EdgeKey) []byte  { return join(k.To, string(k.Type), k.From) }

func seqKey(seq uint64) []byte {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], seq)
	return b[:]
}

// write runs fn in a write transaction and wakes change waiters after a successful commit.
func (s *Store) write(fn func(tx *bolt.Tx) error) error {
	if err := s.db.Update(fn); err != nil {
		return err
	}
	s.mu.Lock()
	close(s.changed)
	s.changed = make(chan struct{})
	s.mu.Unlock()
	return nil
}

// appendChange records a change in the feed and, when rev is given, the revision in the history
// of the node it concerns (both ends for a relation), under the same sequence number.
func appendChange(tx *bolt.Tx, c graph.Change, rev *graph.Revision) error {
	b := tx.Bucket(bChanges)
	seq, err := b.NextSequence()
	if err != nil {
		return err
	}
	c.Seq = seq
	data, err := json.Marshal(c)
	if err != nil {
		return err
	}
	if err := b.Put(seqKey(seq), data); err != nil {
		return err
	}
	if rev == nil {
		return nil
	}
	rev.Seq = seq
	if rev.At.IsZero() {
		rev.At = c.At
	}
	data, err = json.Marshal(rev)
	if err != nil {
		return err
	}
	ids := []string{rev.ID}
	if rev.Edge != nil {
		ids = []string{rev.Edge.From, rev.Edge.To}
	}
	for _, id := range ids {
		if err := tx.Bucket(bHistory).Put(append(append([]byte(id), 0), seqKey(seq)...), data); err != nil {
			return err
		}
	}
	return nil
}

func getNode(tx *bolt.Tx, id string) (graph.Node, error) {
	v := tx.Bucket(bNodes).Get([]byte(id))
	if v == nil {
		return nil, nil
	}
	return decodeNode(v)
}

// putNode writes n and keeps the kind and archived indexes, the counts and the filter fields in
// step with it.
func putNode(tx *bolt.Tx, n graph.Node) error {
	id := n.NodeMeta().ID
	nodes := tx.Bucket(bNodes)
	kind, archived := n.NodeKind(), n.NodeMeta().Archived()
	if old := nodes.Get([]byte(id)); old == nil {
		if err := addCount(tx, kind, archived, 1); err != nil {
			return err
		}
	} else if oldKind, wasArchived := kindOf(old[0]), tx.Bucket(bArchived).Get([]byte(id)) != nil; oldKind != kind || wasArchived != archived {
		// most updates change neither: the counts are then left as they are
		if err := addCount(tx, oldKind, wasArchived, -1); err != nil {
			return err
		}
		if err := addCount(tx, kind, archived, 1); err != nil {
			return err
		}
		if oldKind != kind {
			if err := tx.Bucket(bKinds).Delete(join(string(oldKind), id)); err != nil {
				return err
			}
		}
	}
	v, err := encodeNode(n)
	if err != nil {
		return err
	}
	if err := nodes.Put([]byte(id), v); err != nil {
		return err
	}
	if err := tx.Bucket(bKinds).Put(join(string(n.NodeKind()), id), nil); err != nil {
		return err
	}
	if err := tx.Bucket(bFilters).Put([]byte(id), filterFields(n)); err != nil {
		return err
	}
	if n.NodeMeta().Archived() {
		return tx.Bucket(bArchived).Put([]byte(id), nil)
	}
	return tx.Bucket(bArchived).Delete([]byte(id))
}

// Now is the store's clock (graph.Store).
func (s *Store) Now() time.Time { return s.clock.Now() }

// Create implements graph.Store.
func (s *Store) Create(ctx context.Context, n graph.Node, links ...graph.Edge) (graph.Node, error) {
	n = graph.CloneNode(n)
	if err := graph.PrepareCreate(n, s.Now()); err != nil {
		return nil, err
	}
	m := n.NodeMeta()
	err := s.write(func(tx *bolt.Tx) error {
		if tx.Bucket(bNodes).Get([]byte(m.ID)) != nil {
			return graph.Errorf(graph.CodeConflict, "L'identifiant « %s » est déjà pris.", m.ID)
		}
		if err := putNode(tx, n); err != nil {
			return err
		}
		rev, err := graph.NodeRevision(ctx, graph.OpCreate, nil, n)
		if err != nil {
			return err
		}
		if err := appendChange(tx, graph.Change{Op: graph.OpCreate, Kind: n.NodeKind(), ID: m.ID, Version: m.Version, At: m.UpdatedAt}, &rev); err != nil {
			return err
		}
		for _, e := range graph.NewNodeLinks(m.ID, links) {
			if _, err := s.link(ctx, tx, e); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return n, nil
}

// Update implements graph.Store.
func (s *Store) Update(ctx context.Context, n graph.Node, expectedVersion int64) (graph.Node, error) {
	n = graph.CloneNode(n)
	id := n.NodeMeta().ID
	err := s.write(func(tx *bolt.Tx) error {
		stored, err := getNode(tx, id)
		if err != nil {
			return err
		}
		if stored == nil {
			return graph.NotFound("Fiche", id)
		}
		if err := graph.PrepareUpdate(n, stored, expectedVersion, s.Now()); err != nil {
			return err
		}
		if err := putNode(tx, n); err != nil {
			return err
		}
		m := n.NodeMeta()
		rev, err := graph.NodeRevision(ctx, graph.OpUpdate, stored, n)
		if err != nil {
			return err
		}
		return appendChange(tx, graph.Change{Op: graph.OpUpdate, Kind: n.NodeKind(), ID: id, Version: m.Version, At: m.UpdatedAt}, &rev)
	})
	if err != nil {
		return nil, err
	}
	return n, nil
}

// Archive implements graph.Store.
func (s *Store) Archive(ctx context.Context, id string, expectedVersion int64) (graph.Node, error) {
	return s.setArchived(ctx, id, expectedVersion, true)
}

// Restore implements graph.Store.
func (s *Store) Restore(ctx context.Context, id string, expectedVersion int64) (graph.Node, error) {
	return s.setArchived(ctx, id, expectedVersion, false)
}

func (s *Store) setArchived(ctx context.Context, id string, expectedVersion int64, archive bool) (graph.Node, error) {
	var out graph.Node
	err := s.write(func(tx *bolt.Tx) error {
		n, err := getNode(tx, id)
		if err != nil {
			return err
		}
		if n == nil {
			return graph.NotFound("Fiche", id)
		}
		before := graph.CloneNode(n)
		if err := graph.PrepareArchive(n, expectedVersion, archive, s.Now()); err != nil {
			return err
		}
		if err := putNode(tx, n); err != nil {
			return err
		}
		m := n.NodeMeta()
		out = n
		rev, err := graph.NodeRevision(ctx, graph.ArchiveOp(archive), before, n)
		if err != nil {
			return err
		}
		return appendChange(tx, graph.Change{Op: graph.ArchiveOp(archive), Kind: n.NodeKind(), ID: id, Version: m.Version, At: m.UpdatedAt}, &rev)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Get implements graph.Store.
func (s *Store) Get(ctx context.Context, id string) (graph.Node, error) {
	var n graph.Node
	err := s.db.View(func(tx *bolt.Tx) error {
		var err error
		n, err = getNode(tx, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	if n == nil {
		return nil, graph.NotFound("Fiche", id)
	}
	return n, nil
}

// GetMany implements graph.Store.
func (s *Store) GetMany(ctx context.Context, ids []string) ([]graph.Node, error) {
	out := make([]graph.Node, len(ids))
	err := s.db.View(func(tx *bolt.Tx) error {
		for i, id := range ids {
			n, err := getNode(tx, id)
			if err != nil {
				return err
			}
			out[i] = n
		}
		return nil
	})
	return out, err
}
