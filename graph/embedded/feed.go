package embedded

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"

	bolt "go.etcd.io/bbolt"

	"github.com/maillage/maillage/graph"
)

// Changes implements graph.Store.
func (s *Store) Changes(ctx context.Context, after uint64, limit int) ([]graph.Change, error) {
	var out []graph.Change
	err := s.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bChanges).Cursor()
		for k, v := c.Seek(seqKey(after + 1)); k != nil && (limit <= 0 || len(out) < limit); k, v = c.Next() {
			var ch graph.Change
			if err := json.Unmarshal(v, &ch); err != nil {
				return err
			}
			out = append(out, ch)
		}
		return nil
	})
	return out, err
}

// LastSeq implements graph.Store.
func (s *Store) LastSeq(ctx context.Context) (uint64, error) {
	var seq uint64
	err := s.db.View(func(tx *bolt.Tx) error {
		if k, _ := tx.Bucket(bChanges).Cursor().Last(); k != nil {
			seq = binary.BigEndian.Uint64(k)
		}
		return nil
	})
	return seq, err
}

// WaitChange implements graph.Store: writers of this process wake it as soon as they commit.
func (s *Store) WaitChange(ctx context.Context, after uint64) error {
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		s.mu.Lock()
		ch := s.changed
		s.mu.Unlock()
		seq, err := s.LastSeq(ctx)
		if err != nil {
			return err
		}
		if seq > after {
			return nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// scanPage is the number of records read per read transaction by the scans, so that a long
// export never holds one read transaction (and the file's old pages) for its whole duration.
const scanPage = 2000

// ScanNodes implements graph.Store.
func (s *Store) ScanNodes(ctx context.Context, kinds []graph.Kind, fn func(graph.Node) error) error {
	if len(kinds) == 0 {
		kinds = graph.Kinds
	}
	for _, k := range kinds {
		prefix := append([]byte(k), 0)
		if err := s.scan(ctx, bKinds, prefix, func(tx *bolt.Tx, key, _ []byte) (any, error) {
			v := tx.Bucket(bNodes).Get(key[len(prefix):])
			if v == nil {
				return nil, nil
			}
			return decodeNode(v)
		}, func(x any) error { return fn(x.(graph.Node)) }); err != nil {
			return err
		}
	}
	return nil
}

// ScanEdges implements graph.Store.
func (s *Store) ScanEdges(ctx context.Context, fn func(graph.Edge) error) error {
	return s.scan(ctx, bOut, nil, func(_ *bolt.Tx, k, v []byte) (any, error) {
		return decodeEdge(k, v)
	}, func(x any) error { return fn(x.(graph.Edge)) })
}

// scan reads the keys of bucket with prefix in pages of scanPage records, decoding in the read
// transaction and calling fn outside it.
func (s *Store) scan(ctx context.Context, bucket, prefix []byte, decode func(tx *bolt.Tx, k, v []byte) (any, error), fn func(any) error) error {
	next := prefix
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		var items []any
		read := 0
		err := s.db.View(func(tx *bolt.Tx) error {
			c := tx.Bucket(bucket).Cursor()
			for k, v := c.Seek(next); k != nil && bytes.HasPrefix(k, prefix) && read < scanPage; k, v = c.Next() {
				read++
				// last key + \x00 is the smallest key after it: the next page starts there.
				next = append(append([]byte(nil), k...), 0)
				x, err := decode(tx, k, v)
				if err != nil {
					return err
				}
				if x != nil {
					items = append(items, x)
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, x := range items {
			if err := fn(x); err != nil {
				return err
			}
		}
		if read < scanPage {
			return nil
		}
	}
}

// Stats implements graph.Store.
func (s *Store) Stats(ctx context.Context) (graph.Stats, error) {
	st := graph.Stats{Nodes: map[graph.Kind]int{}, Edges: map[graph.RelationType]int{}}
	err := s.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bKinds).Cursor()
		for k, _ := c.First(); k != nil; k, _ = c.Next() {
			st.Nodes[graph.Kind(k[:bytes.IndexByte(k, 0)])]++
		}
		c = tx.Bucket(bOut).Cursor()
		for k, _ := c.First(); k != nil; k, _ = c.Next() {
			parts := bytes.SplitN(k, []byte{0}, 3)
			st.Edges[graph.RelationType(parts[1])]++
		}
		return nil
	})
	return st, err
}

// History implements graph.Store.
func (s *Store) History(ctx context.Context, id string) ([]graph.Revision, error) {
	var out []graph.Revision
	err := s.db.View(func(tx *bolt.Tx) error {
		p := append([]byte(id), 0)
		c := tx.Bucket(bHistory).Cursor()
		for k, v := c.Seek(p); k != nil && bytes.HasPrefix(k, p); k, v = c.Next() {
			var r graph.Revision
			if err := json.Unmarshal(v, &r); err != nil {
				return err
			}
			out = append(out, r)
		}
		return nil
	})
	return out, err
}
