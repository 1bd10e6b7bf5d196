package embedded

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/maillage/maillage/graph"
)

// TestOlderFileGetsCountsAndFilterFields: a file written before the node counts and the filter
// fields were kept gets them at open, equal to those kept write by write; listings then give
// the same totals and matches.
func TestOlderFileGetsCountsAndFilterFields(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "maillage.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		if _, err := s.Create(ctx, &graph.Organisation{Meta: graph.Meta{ID: fmt.Sprintf("org-%d", i)}, Name: fmt.Sprintf("Association %d", i), Type: "association"}); err != nil {
			t.Fatal(err)
		}
	}
	var archived graph.Node
	for i := range 2 {
		if archived, err = s.Create(ctx, &graph.Dispositif{Meta: graph.Meta{ID: fmt.Sprintf("dsp-%d", i)}, Name: fmt.Sprintf("Accueil %d", i), Status: "active"}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Archive(ctx, archived.NodeMeta().ID, archived.NodeMeta().Version); err != nil {
		t.Fatal(err)
	}
	renamed, err := s.Get(ctx, "org-0")
	if err != nil {
		t.Fatal(err)
	}
	renamed.(*graph.Organisation).Name = "Foyer Soleil"
	if _, err := s.Update(ctx, renamed, renamed.NodeMeta().Version); err != nil {
		t.Fatal(err)
	}
	totals := func(s *Store) string {
		t.Helper()
		var out []int
		for _, q := range []graph.ListQuery{
			{Kind: graph.KindOrganisation, Limit: 1},
			{Kind: graph.KindDispositif, Limit: 1},
			{Kind: graph.KindDispositif, Limit: 1, IncludeArchived: true},
			{Kind: graph.KindTerritory, Limit: 1},
			{Kind: graph.KindOrganisation, Limit: 1, Text: "ASSOCIATION"},
			{Kind: graph.KindOrganisation, Limit: 1, Text: "soleil"},
			{Kind: graph.KindOrganisation, Limit: 1, Type: "association"},
			{Kind: graph.KindDispositif, Limit: 1, Status: "active", IncludeArchived: true},
			{Kind: graph.KindDispositif, Limit: 1, Status: "closed"},
		} {
			p, err := s.List(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, p.TotalCount)
		}
		return fmt.Sprint(out)
	}
	const want = "[3 1 2 0 2 1 3 2 0]"
	if got := totals(s); got != want {
		t.Fatalf("counts kept write by write: %s, want %s", got, want)
	}
	// as a file of before: no counts, no filter fields
	err = s.db.Update(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bMeta)
		var keys [][]byte
		_ = meta.ForEach(func(k, _ []byte) error {
			if bytes.HasPrefix(k, []byte("count")) || bytes.Equal(k, filterableKey) {
				keys = append(keys, bytes.Clone(k))
			}
			return nil
		})
		for _, k := range keys {
			if err := meta.Delete(k); err != nil {
				return err
			}
		}
		if err := tx.DeleteBucket(bFilters); err != nil {
			return err
		}
		_, err := tx.CreateBucket(bFilters)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := totals(s); got != "[0 0 0 0 0 0 0 0 0]" {
		t.Fatalf("without counts and filter fields: %s", got)
	}
	s.Close()
	s, err = Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got := totals(s); got != want {
		t.Fatalf("counts and filter fields written at open: %s, want %s", got, want)
	}
}
