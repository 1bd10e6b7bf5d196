package embedded

import (
	"bytes"
	"strings"

	bolt "go.etcd.io/bbolt"

	"github.com/maillage/maillage/graph"
)

// The fields the listing filters read (type, status, level and the folded texts that "text"
// searches) are kept for each node by putNode, so that a filtered listing reads a few dozen
// bytes per candidate instead of decoding its node (a name filter over the 300,000 national
// dispositifs took 6 s):
//
//	filters  id → type \x00 status \x00 level \x00 text \x00 text …   (texts folded)
//	meta     "filterable" → present once every node has its entry

var (
	bFilters      = []byte("filters")
	filterableKey = []byte("filterable")
)

// filterFields encodes the fields of n that listings filter on.
func filterFields(n graph.Node) []byte {
	var typ, status, level string
	var texts []string
	switch v := n.(type) {
	case *graph.Organisation:
		typ, texts = v.Type, append([]string{v.Name}, v.Acronyms...)
	case *graph.Dispositif:
		typ, status, texts = v.Type, v.Status, append([]string{v.Name}, v.Acronyms...)
	case *graph.Territory:
		level, texts = string(v.Level), append(append([]string{v.Name}, v.PostalCodes...), v.Code)
	case *graph.Instance:
		texts = append([]string{v.Name}, v.Acronyms...)
	default:
		texts = []string{n.Label()}
	}
	parts := []string{typ, status, level}
	for _, t := range texts {
		parts = append(parts, strings.ReplaceAll(graph.Fold(t), "\x00", " "))
	}
	return []byte(strings.Join(parts, "\x00"))
}

// matchesFilters applies the field filters of q to the encoded fields of a node of q's kind;
// text is q's text, folded. A filter a kind does not have is ignored (the status of an
// organisation), as the kind's own fields say.
func matchesFilters(fields []byte, q graph.ListQuery, text []byte) bool {
	typ, rest, _ := bytes.Cut(fields, []byte{0})
	status, rest, _ := bytes.Cut(rest, []byte{0})
	level, texts, _ := bytes.Cut(rest, []byte{0})
	switch q.Kind {
	case graph.KindOrganisation:
		if q.Type != "" && string(typ) != q.Type {
			return false
		}
	case graph.KindDispositif:
		if q.Type != "" && string(typ) != q.Type || q.Status != "" && string(status) != q.Status {
			return false
		}
	case graph.KindTerritory:
		if q.Level != "" && string(level) != string(q.Level) {
			return false
		}
	}
	if len(text) == 0 {
		return true
	}
	for len(texts) > 0 {
		var t []byte
		t, texts, _ = bytes.Cut(texts, []byte{0})
		if bytes.Contains(t, text) {
			return true
		}
	}
	return false
}

// initFilters writes the filter fields of the nodes of a file written before they were kept
// (once, at open: every node is decoded).
func initFilters(tx *bolt.Tx) error {
	meta := tx.Bucket(bMeta)
	if meta.Get(filterableKey) != nil {
		return nil
	}
	filters := tx.Bucket(bFilters)
	err := tx.Bucket(bNodes).ForEach(func(id, v []byte) error {
		n, err := decodeNode(v)
		if err != nil {
			return err
		}
		return filters.Put(bytes.Clone(id), filterFields(n))
	})
	if err != nil {
		return err
	}
	return meta.Put(filterableKey, []byte("1"))
}
