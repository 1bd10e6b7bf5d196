package embedded

import (
	"bytes"
	"context"
	"errors"
	"slices"

	bolt "go.etcd.io/bbolt"

	"github.com/maillage/maillage/graph"
)

// Link implements graph.Store.
func (s *Store) Link(ctx context.Context, e graph.Edge) (graph.Edge, error) {
	err := s.write(func(tx *bolt.Tx) (err error) {
		e, err = s.link(ctx, tx, e)
		return err
	})
	return e, err
}

// link writes an edge in tx, with its change and revision.
func (s *Store) link(ctx context.Context, tx *bolt.Tx, e graph.Edge) (graph.Edge, error) {
	from, err := getNode(tx, e.From)
	if err != nil {
		return e, err
	}
	to, err := getNode(tx, e.To)
	if err != nil {
		return e, err
	}
	now := s.Now()
	if err := graph.PrepareEdge(&e, from, to, now); err != nil {
		return e, err
	}
	if err := putEdge(tx, e); err != nil {
		return e, err
	}
	k := e.Key()
	rev := graph.EdgeRevision(ctx, graph.OpLink, e, now)
	return e, appendChange(tx, graph.Change{Op: graph.OpLink, Edge: &k, At: rev.At}, &rev)
}

func putEdge(tx *bolt.Tx, e graph.Edge) error {
	data, err := encodeEdge(e)
	if err != nil {
		return err
	}
	if err := tx.Bucket(bOut).Put(outKey(e.Key()), data); err != nil {
		return err
	}
	return tx.Bucket(bIn).Put(inKey(e.Key()), nil)
}

// Unlink implements graph.Store.
func (s *Store) Unlink(ctx context.Context, k graph.EdgeKey) error {
	return s.write(func(tx *bolt.Tx) error {
		out := tx.Bucket(bOut)
		v := out.Get(outKey(k))
		if v == nil {
			return graph.Errorf(graph.CodeNotFound, "Aucune relation %s de « %s » vers « %s ».", k.Type, k.From, k.To)
		}
		removed, err := decodeEdge(outKey(k), v)
		if err != nil {
			return err
		}
		if err := out.Delete(outKey(k)); err != nil {
			return err
		}
		if err := tx.Bucket(bIn).Delete(inKey(k)); err != nil {
			return err
		}
		rev := graph.EdgeRevision(ctx, graph.OpUnlink, removed, s.Now())
		return appendChange(tx, graph.Change{Op: graph.OpUnlink, Edge: &k, At: rev.At}, &rev)
	})
}

// Edges implements graph.Store.
func (s *Store) Edges(ctx context.Context, q graph.EdgeQuery) ([]graph.Edge, error) {
	var out []graph.Edge
	err := s.db.View(func(tx *bolt.Tx) error {
		for _, id := range q.IDs {
			n := 0
			if err := eachEdge(tx, id, q.Direction, q.Types, q.KeysOnly, func(e graph.Edge) error {
				if q.PerNode > 0 && n == q.PerNode {
					return errEnough
				}
				n++
				out = append(out, e)
				return nil
			}); err != nil && err != errEnough {
				return err
			}
		}
		return nil
	})
	return out, err
}

// errEnough stops eachEdge once a node's edges reach EdgeQuery.PerNode.
var errEnough = errors.New("enough edges")

// eachEdge calls fn for the edges of id in one direction, of the given types (all when empty),
// in type then other-end order.
func eachEdge(tx *bolt.Tx, id string, dir graph.Direction, types []graph.RelationType, keysOnly bool, fn func(graph.Edge) error) error {
	prefixes := [][]byte{append([]byte(id), 0)}
	if len(types) > 0 {
		sorted := slices.Clone(types)
		slices.Sort(sorted)
		sorted = slices.Compact(sorted)
		prefixes = prefixes[:0]
		for _, t := range sorted {
			prefixes = append(prefixes, append(join(id, string(t)), 0))
		}
	}
	bucket := bOut
	if dir == graph.Incoming {
		bucket = bIn
	}
	c := tx.Bucket(bucket).Cursor()
	out := tx.Bucket(bOut)
	for _, p := range prefixes {
		for k, v := c.Seek(p); k != nil && bytes.HasPrefix(k, p); k, v = c.Next() {
			if keysOnly {
				parts := bytes.SplitN(k, []byte{0}, 3)
				e := graph.Edge{Type: graph.RelationType(parts[1]), From: string(parts[0]), To: string(parts[2])}
				if dir == graph.Incoming {
					e.From, e.To = e.To, e.From
				}
				if err := fn(e); err != nil {
					return err
				}
				continue
			}
			if dir == graph.Incoming {
				parts := bytes.SplitN(k, []byte{0}, 3)
				k = join(string(parts[2]), string(parts[1]), string(parts[0]))
				v = out.Get(k)
			}
			e, err := decodeEdge(k, v)
			if err != nil {
				return err
			}
			if err := fn(e); err != nil {
				return err
			}
		}
	}
	return nil
}

// neighbours returns the ids at the other end of id's edges of type t in direction dir.
func neighbours(tx *bolt.Tx, id string, t graph.RelationType, dir graph.Direction) []string {
	bucket := bOut
	if dir == graph.Incoming {
		bucket = bIn
	}
	p := append(join(id, string(t)), 0)
	var ids []string
	c := tx.Bucket(bucket).Cursor()
	for k, _ := c.Seek(p); k != nil && bytes.HasPrefix(k, p); k, _ = c.Next() {
		ids = append(ids, string(k[len(p):]))
	}
	return ids
}

// hasEdge reports whether the edge from → to of type t exists.
func hasEdge(tx *bolt.Tx, from string, t graph.RelationType, to string) bool {
	return tx.Bucket(bOut).Get(join(from, string(t), to)) != nil
}
