package parcours

import (
	"bytes"
	"cmp"
	"encoding/json"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/seed/documents"
	"github.com/maillage/maillage/seed/geo"
)

// seedsDir is where the five source documents live: a verbatim copy in testdata (so that the
// check runs wherever the repository is cloned), or the directory MAILLAGE_SEEDS names.
var seedsDir = cmp.Or(os.Getenv("MAILLAGE_SEEDS"), filepath.Join("testdata", "seeds"))

func TestEveryFileDecodesStrictly(t *testing.T) {
	entries, err := files.ReadDir("data")
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) == 0 {
		t.Fatal("no parcours")
	}
	for _, e := range entries {
		raw, err := files.ReadFile(path.Join("data", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.DisallowUnknownFields()
		var p Parcours
		if err := dec.Decode(&p); err != nil {
			t.Fatalf("%s: %v", e.Name(), err)
		}
		// The file is named "<n>-<id>.json", so that the files sort in the order of All.
		if _, id, ok := strings.Cut(strings.TrimSuffix(e.Name(), ".json"), "-"); !ok || id != p.ID {
			t.Errorf("%s holds parcours %q", e.Name(), p.ID)
		}
	}
}

func TestAllAndGet(t *testing.T) {
	all, err := All()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"rue-au-logement-paris", "mission-interface-personne-agee", "logisens-locataire-cantal", "siao-52-tour-horizon"}
	if len(all) != len(want) {
		t.Fatalf("%d parcours, want %d", len(all), len(want))
	}
	seen := map[string]bool{}
	for i, p := range all {
		if p.ID != want[i] {
			t.Errorf("parcours %d is %q, want %q", i, p.ID, want[i])
		}
		if seen[p.ID] {
			t.Errorf("id %q twice", p.ID)
		}
		seen[p.ID] = true
		for j, s := range p.Steps {
			if s.Order != j+1 {
				t.Errorf("%s: step %d has order %d", p.ID, j+1, s.Order)
			}
			if !strings.HasPrefix(s.Source.Dataset, "seed-doc:") || s.Source.Ref == "" || s.Source.Quote == "" {
				t.Errorf("%s step %d: source %+v", p.ID, s.Order, s.Source)
			}
		}
		for _, s := range p.Sources {
			if !strings.HasPrefix(s.Dataset, "seed-doc:") || s.Ref == "" || s.Quote != "" {
				t.Errorf("%s: source %+v", p.ID, s)
			}
		}
	}
	p, err := Get("logisens-locataire-cantal")
	if err != nil || p.Territory != "dep-15" || p.Steps[0].Order != 1 {
		t.Fatalf("Get: %+v %v", p, err)
	}
	// Each call returns its own copy: a caller's change does not leak into the next call.
	p.Steps[0].Source.Quote = "changed"
	if again, _ := Get("logisens-locataire-cantal"); again.Steps[0].Source.Quote == "changed" {
		t.Error("Get returns shared data")
	}
	if _, err := Get("inconnu"); !graph.IsCode(err, graph.CodeNotFound) {
		t.Errorf("Get(unknown): %v", err)
	}
}

// TestNodesExist checks every node and territory id against the seeded graph: the documents'
// nodes and the geography.
func TestNodesExist(t *testing.T) {
	nodes, _, err := documents.Load()
	if err != nil {
		t.Fatal(err)
	}
	g, err := geo.Load()
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]graph.Node{}
	for _, n := range append(nodes, g.Nodes()...) {
		byID[n.NodeMeta().ID] = n
	}
	all, err := All()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range all {
		if p.Territory != "" {
			if _, ok := byID[p.Territory].(*graph.Territory); !ok {
				t.Errorf("%s: territory %q is not a seeded territory", p.ID, p.Territory)
			}
		}
		for _, s := range p.Steps {
			dup := map[string]bool{}
			for _, id := range s.Nodes {
				if byID[id] == nil {
					t.Errorf("%s step %d: node %q is not in the seeded graph", p.ID, s.Order, id)
				}
				if dup[id] {
					t.Errorf("%s step %d: node %q twice", p.ID, s.Order, id)
				}
				dup[id] = true
			}
		}
	}
}

// normalise makes a passage comparable with the source text: typographic apostrophes become
// straight ones and every run of white space (line breaks, tabs, non-breaking spaces) one space.
func normalise(s string) string {
	s = strings.NewReplacer("’", "'", "‘", "'").Replace(s)
	return strings.Join(strings.Fields(s), " ")
}

// TestQuotesAreVerbatim checks every step's quote against its source document.
func TestQuotesAreVerbatim(t *testing.T) {
	texts := map[string]string{}
	for _, code := range []string{"000", "001", "002", "003", "004"} {
		matches, err := filepath.Glob(filepath.Join(seedsDir, code+"_*.txt"))
		if err != nil {
			t.Fatal(err)
		}
		if len(matches) != 1 {
			t.Fatalf("source document %s not found in %s: quotes not checked", code, seedsDir)
		}
		raw, err := os.ReadFile(matches[0])
		if err != nil {
			t.Fatal(err)
		}
		texts["seed-doc:"+code] = normalise(string(raw))
	}
	all, err := All()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range all {
		for _, s := range p.Steps {
			text, ok := texts[s.Source.Dataset]
			if !ok {
				t.Errorf("%s step %d: unknown document %q", p.ID, s.Order, s.Source.Dataset)
				continue
			}
			if !strings.Contains(text, normalise(s.Source.Quote)) {
				t.Errorf("%s step %d: quote not found in %s: %q", p.ID, s.Order, s.Source.Dataset, s.Source.Quote)
			}
		}
	}
}
