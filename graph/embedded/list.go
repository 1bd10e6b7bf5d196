package embedded

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"strings"

	bolt "go.etcd.io/bbolt"

	"github.com/maillage/maillage/graph"
)

// List implements graph.Store. Candidates come from the adjacency indexes when the query has a
// relation filter (a département's dispositifs are found through its incoming COVERS edges, not
// by scanning every dispositif), from the kind index otherwise; filters read the fields kept for
// them (filters.go), and only the page's nodes are decoded. Without count (or when the kind's
// count is the total: no filter), the listing starts at the cursor and stops at the first match
// after the page.
func (s *Store) List(ctx context.Context, q graph.ListQuery) (graph.Page, error) {
	if !q.Kind.Valid() {
		return graph.Page{}, graph.Errorf(graph.CodeBadUserInput, "Type de nœud inconnu : « %s ».", q.Kind)
	}
	related := q.Related
	if q.Parent != "" {
		related = append(slices.Clone(related), graph.RelatedFilter{Type: graph.PartOf, Other: q.Parent})
	}
	text := []byte(graph.Fold(strings.TrimSpace(q.Text)))
	filtered := len(text) > 0 || q.Type != "" || q.Level != "" || q.Status != ""
	// Without filter the total is the kind's count (counts.go): the listing need not read every
	// match to count them.
	unfiltered := !filtered && len(related) == 0
	skipCount := q.WithoutCount || unfiltered
	var page graph.Page
	err := s.db.View(func(tx *bolt.Tx) error {
		if unfiltered && !q.WithoutCount {
			page.TotalCount = countOf(tx, q.Kind, q.IncludeArchived)
		}
		nodes := tx.Bucket(bNodes)
		archived := tx.Bucket(bArchived)
		filters := tx.Bucket(bFilters)
		// match: kindKnown when the id comes from the kind index (the node need not be read)
		match := func(id string, kindKnown bool) bool {
			if !q.IncludeArchived && archived.Get([]byte(id)) != nil {
				return false
			}
			for _, r := range related[min(1, len(related)):] {
				if r.Direction == graph.Incoming {
					if !hasEdge(tx, r.Other, r.Type, id) {
						return false
					}
				} else if !hasEdge(tx, id, r.Type, r.Other) {
					return false
				}
			}
			if !kindKnown {
				if v := nodes.Get([]byte(id)); v == nil || kindOf(v[0]) != q.Kind {
					return false
				}
			}
			return !filtered || matchesFilters(filters.Get([]byte(id)), q, text)
		}
		keep := func(id string, kindKnown bool) error {
			if skipCount && id <= q.After || !match(id, kindKnown) {
				return nil
			}
			if !skipCount {
				page.TotalCount++
			}
			if id <= q.After {
				return nil
			}
			if q.Limit > 0 && len(page.Nodes) == q.Limit {
				page.HasNext = true
				if skipCount {
					return errPageFull
				}
				return nil
			}
			n, err := decodeNode(nodes.Get([]byte(id)))
			if err != nil {
				return err
			}
			page.Nodes = append(page.Nodes, n)
			return nil
		}
		if len(related) > 0 {
			r := related[0]
			dir := graph.Incoming // nodes pointing to Other: read Other's incoming index
			if r.Direction == graph.Incoming {
				dir = graph.Outgoing
			}
			ids := neighbours(tx, r.Other, r.Type, dir)
			slices.Sort(ids)
			if skipCount {
				i, _ := slices.BinarySearch(ids, q.After)
				ids = ids[i:]
			}
			for _, id := range ids {
				if err := keep(id, false); err != nil {
					return err
				}
			}
			return nil
		}
		p := append([]byte(q.Kind), 0)
		start := p
		if skipCount {
			start = append(slices.Clone(p), q.After...)
		}
		c := tx.Bucket(bKinds).Cursor()
		for k, _ := c.Seek(start); k != nil && bytes.HasPrefix(k, p); k, _ = c.Next() {
			if err := keep(string(k[len(p):]), true); err != nil {
				return err
			}
		}
		return nil
	})
	if errors.Is(err, errPageFull) {
		err = nil
	}
	return page, err
}

// errPageFull stops a listing without count once the page and the next match are found.
var errPageFull = errors.New("page full")
