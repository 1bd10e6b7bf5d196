package embedded

import (
	"bytes"
	"encoding/binary"

	bolt "go.etcd.io/bbolt"

	"github.com/maillage/maillage/graph"
)

// The number of nodes of each kind, live and archived, is kept in the meta bucket by putNode,
// in the transaction that writes the node: an unfiltered listing gives its total without
// reading every key of its kind (300,000 dispositifs nationally: 255 ms per page).
//
//	meta  "count" \x00 kind \x00 "live"|"archived" → int64, big endian
//	meta  "counted"                                 → present once the counts are kept

var countedKey = []byte("counted")

func countKey(k graph.Kind, archived bool) []byte {
	state := "live"
	if archived {
		state = "archived"
	}
	return join("count", string(k), state)
}

// addCount adds delta to the count of kind k, live or archived.
func addCount(tx *bolt.Tx, k graph.Kind, archived bool, delta int64) error {
	meta := tx.Bucket(bMeta)
	key := countKey(k, archived)
	var n int64
	if v := meta.Get(key); len(v) == 8 {
		n = int64(binary.BigEndian.Uint64(v))
	}
	return meta.Put(key, binary.BigEndian.AppendUint64(nil, uint64(n+delta)))
}

// countOf returns the number of live nodes of kind k, archived ones included when asked.
func countOf(tx *bolt.Tx, k graph.Kind, includeArchived bool) int {
	get := func(archived bool) int {
		if v := tx.Bucket(bMeta).Get(countKey(k, archived)); len(v) == 8 {
			return int(binary.BigEndian.Uint64(v))
		}
		return 0
	}
	n := get(false)
	if includeArchived {
		n += get(true)
	}
	return n
}

// initCounts counts the nodes of a file written before the counts were kept (once, at open).
func initCounts(tx *bolt.Tx) error {
	meta := tx.Bucket(bMeta)
	if meta.Get(countedKey) != nil {
		return nil
	}
	type state struct {
		kind     graph.Kind
		archived bool
	}
	counts := map[state]int64{}
	archived := tx.Bucket(bArchived)
	err := tx.Bucket(bKinds).ForEach(func(k, _ []byte) error {
		kind, id, _ := bytes.Cut(k, []byte{0})
		counts[state{graph.Kind(kind), archived.Get(id) != nil}]++
		return nil
	})
	if err != nil {
		return err
	}
	for s, n := range counts {
		if err := meta.Put(countKey(s.kind, s.archived), binary.BigEndian.AppendUint64(nil, uint64(n))); err != nil {
			return err
		}
	}
	return meta.Put(countedKey, []byte("1"))
}
