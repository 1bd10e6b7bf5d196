package search

import (
	"context"
	"slices"
	"strings"
	"sync"

	index "github.com/blevesearch/bleve_index_api"

	"github.com/maillage/maillage/graph"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Query is a text search, optionally restricted to documents covering one of some territories.
type Query struct {
	Text string
	// Covers keeps documents that cover one of these territory ids (a place and its ancestors).
	Covers []string
	// Expansions are equivalent phrases of words of the text (glossary: FVV ↔ femmes victimes
	// de violences); a document matching one of them matches the text.
	Expansions []string
	// Kind keeps Dispositif or Organisation documents only.
	Kind  string
	Limit int
}

// Match is one document found by the index.
type Match struct {
	ID         string
	Score      float64
	Highlights map[string][]string
}

// Search runs q: every word of the text may match any text field, exactly or with one typo.
// Hits come with their highlighted passages.
func (ix *Index) Search(ctx context.Context, q Query) ([]Match, uint64, error) {
	return ix.search(ctx, ix.root(q), q.Limit, true)
}

// root is the bleve query of q. Every word may match any text field exactly; a word the index
// does not know (in any text field) is a typo: it matches the terms one edit away instead.
// Fuzzy matching known words would only add neighbours of correctly spelled words, at the
// cost of expanding each of them in every field's dictionary.
func (ix *Index) root(q Query) query.Query {
	var must []query.Query
	if text := strings.TrimSpace(q.Text); text != "" {
		var should []query.Query
		unknown := ix.unknownTerms(text)
		for _, tf := range textFieldList {
			m := bleve.NewMatchQuery(text)
			m.SetField(tf.name)
			m.SetBoost(tf.boost * 2)
			should = append(should, m)
			for _, term := range unknown {
				f := bleve.NewFuzzyQuery(term)
				f.SetField(tf.name)
				f.SetFuzziness(1)
				f.SetBoost(tf.boost)
				should = append(should, f)
			}
		}
		for _, e := range q.Expansions {
			for _, tf := range textFieldList {
				p := bleve.NewMatchPhraseQuery(e)
				p.SetField(tf.name)
				p.SetBoost(tf.boost * 1.5)
				should = append(should, p)
			}
		}
		must = append(must, bleve.NewDisjunctionQuery(should...))
	}
	// The covered territories are in covers for dispositifs and orgCovers for organisations:
	// filtering on them filters on the kind too.
	fields := map[string][]string{"": {"covers", "orgCovers"}, string(graph.KindDispositif): {"covers"}, string(graph.KindOrganisation): {"orgCovers"}}[q.Kind]
	if len(q.Covers) > 0 && len(fields) > 0 {
		var terms []query.Query
		for _, id := range q.Covers {
			for _, f := range fields {
				t := bleve.NewTermQuery(id)
				t.SetField(f)
				terms = append(terms, t)
			}
		}
		must = append(must, bleve.NewDisjunctionQuery(terms...))
	} else if q.Kind != "" {
		t := bleve.NewTermQuery(q.Kind)
		t.SetField("kind")
		must = append(must, t)
	}
	if len(must) == 0 {
		return bleve.NewMatchAllQuery()
	}
	return bleve.NewConjunctionQuery(must...)
}

func (ix *Index) search(ctx context.Context, root query.Query, limit int, highlight bool) ([]Match, uint64, error) {
	if limit <= 0 {
		limit = 20
	}
	req := bleve.NewSearchRequestOptions(root, limit, 0, false)
	if highlight {
		req.Highlight = bleve.NewHighlight()
		for _, tf := range textFieldList {
			req.Highlight.AddField(tf.name)
		}
	}
	res, err := ix.idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, 0, err
	}
	hits := make([]Match, len(res.Hits))
	for i, h := range res.Hits {
		hits[i] = Match{ID: h.ID, Score: h.Score, Highlights: h.Fragments}
	}
	return hits, res.Total, nil
}

// unknownTerms returns the analysed terms of text that no text field of the index contains.
func (ix *Index) unknownTerms(text string) []string {
	terms := analyse(text)
	if len(terms) == 0 {
		return nil
	}
	r, err := ix.reader()
	if err != nil {
		return terms
	}
	defer r.Close()
	rc, ok := r.(index.IndexReaderContains)
	if !ok {
		return terms
	}
	known := make([]bool, len(terms))
	for _, tf := range textFieldList {
		dict, err := rc.FieldDictContains(tf.name)
		if err != nil {
			return terms
		}
		for i, t := range terms {
			if !known[i] {
				known[i], _ = dict.Contains([]byte(t))
			}
		}
	}
	var out []string
	for i, t := range terms {
		if !known[i] {
			out = append(out, t)
		}
	}
	return out
}

// typos returns the terms of the index's text fields one edit away from term (a word
// misspelt: "urgense" → "urgenc"). Answers are kept until the index next changes: walking the
// dictionaries with a Levenshtein automaton costs a tenth of a millisecond per word.
func (ix *Index) typos(term string) []string {
	gen := ix.changes.Load()
	ix.typoCache.mu.Lock()
	if ix.typoCache.m == nil || ix.typoCache.gen != gen || len(ix.typoCache.m) >= maxCachedTypos {
		ix.typoCache.gen, ix.typoCache.m = gen, map[string][]string{}
	}
	near, ok := ix.typoCache.m[term]
	ix.typoCache.mu.Unlock()
	if ok {
		return near
	}
	near = ix.lookupTypos(term)
	ix.typoCache.mu.Lock()
	if ix.typoCache.gen == gen {
		ix.typoCache.m[term] = near
	}
	ix.typoCache.mu.Unlock()
	return near
}

// maxCachedTypos bounds the words whose typos are kept (the cache starts again beyond).
const maxCachedTypos = 10000

// typoCache keeps typos' answers for one state of the index.
type typoCache struct {
	mu  sync.Mutex
	gen uint64
	m   map[string][]string
}

// lookupTypos walks the text fields' dictionaries for the terms one edit away from term.
func (ix *Index) lookupTypos(term string) []string {
	r, err := ix.reader()
	if err != nil {
		return nil
	}
	defer r.Close()
	rf, ok := r.(index.IndexReaderFuzzy)
	if !ok {
		return nil
	}
	var out []string
	for _, tf := range textFieldList {
		dict, err := rf.FieldDictFuzzy(tf.name, term, 1, "")
		if err != nil {
			continue
		}
		for de, err := dict.Next(); err == nil && de != nil; de, err = dict.Next() {
			if !slices.Contains(out, de.Term) {
				out = append(out, de.Term)
			}
		}
		dict.Close()
	}
	return out
}

// reader opens a reader of the index as it is now; the caller closes it.
func (ix *Index) reader() (index.IndexReader, error) {
	adv, err := ix.idx.Advanced()
	if err != nil {
		return nil, err
	}
	return adv.Reader()
}
