// Package glossary holds the acronyms and equivalent phrases people type (data in
// glossary.json): the search expands a query with them, and the API serves them.
package glossary

import (
	_ "embed"
	"encoding/json"
	"regexp"
	"sort"
	"strings"

	"github.com/maillage/maillage/graph"
)

//go:embed glossary.json
var raw []byte

// Entry is an acronym or a phrase with its meaning and equivalents.
type Entry struct {
	Term      string   `json:"term"`
	Expansion string   `json:"expansion"`
	Aliases   []string `json:"aliases,omitempty"`
	// Source says where the entry comes from: the BRIEF's glossary, a source document, a
	// reference file; nil when no source of the project gives it (unknown stays unknown).
	Source *string `json:"source"`
}

// Glossary is the loaded glossary.
type Glossary struct {
	Entries []Entry
	// forms maps each folded form (term, expansion, alias) to its entries.
	forms map[string][]int
}

// Load reads the embedded glossary.
func Load() (*Glossary, error) {
	var f struct {
		Entries []Entry `json:"entries"`
	}
	if err := json.Unmarshal(raw, &f); err != nil {
		return nil, err
	}
	g := &Glossary{Entries: f.Entries, forms: map[string][]int{}}
	for i, e := range f.Entries {
		for _, form := range e.forms() {
			k := normal(form)
			g.forms[k] = append(g.forms[k], i)
		}
	}
	return g, nil
}

func (e Entry) forms() []string { return append([]string{e.Term, e.Expansion}, e.Aliases...) }

var nonWord = regexp.MustCompile(`[^a-z0-9]+`)

// normal folds a phrase for matching: lower case, no accents, words separated by one space.
func normal(s string) string {
	return strings.TrimSpace(nonWord.ReplaceAllString(graph.Fold(s), " "))
}

// Lookup returns the entries whose term, expansion or alias contains term (folded); all
// entries when term is empty. Exact term matches come first.
func (g *Glossary) Lookup(term string) []Entry {
	t := normal(term)
	var exact, partial []Entry
	for _, e := range g.Entries {
		switch {
		case t == "" || normal(e.Term) == t:
			exact = append(exact, e)
		default:
			for _, f := range e.forms() {
				if strings.Contains(normal(f), t) {
					partial = append(partial, e)
					break
				}
			}
		}
	}
	sort.SliceStable(exact, func(i, j int) bool { return exact[i].Term < exact[j].Term })
	return append(exact, partial...)
}

// Expand returns the equivalent phrases of the glossary forms found in text (whole words), so
// a search for "FVV" also looks for "femmes victimes de violences" and the reverse.
func (g *Glossary) Expand(text string) []string {
	words := strings.Fields(normal(text))
	seen := map[string]bool{}
	var out []string
	for n := len(words); n >= 1; n-- {
		for i := 0; i+n <= len(words); i++ {
			for _, idx := range g.forms[strings.Join(words[i:i+n], " ")] {
				for _, f := range g.Entries[idx].forms() {
					k := normal(f)
					if !seen[k] && !strings.Contains(" "+strings.Join(words, " ")+" ", " "+k+" ") {
						seen[k] = true
						out = append(out, f)
					}
				}
			}
		}
	}
	return out
}
