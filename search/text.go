package search

import (
	"math"
	"slices"
	"sync"

	"github.com/blevesearch/bleve/v2/analysis"
)

// Text matching of dispositifs in the side table.
//
// A search in a place checks every dispositif covering it (a big city has 15,000): asking
// bleve for the text matches and intersecting them with the covered territories cost 10–20 ms
// per search on the national dataset, most of it advancing postings of common words
// ("hébergement") that the territory then rules out. So each side-table entry also keeps its
// analysed terms (the same French analyzer as the index) with the text fields they occur in,
// and a search scores its territory's candidates in memory. Bleve still finds the candidates
// of a search without a place and expands typos from its term dictionaries; its highlighter
// writes the passages of the page (passages.go).

// textField is a text field of the documents and its weight in relevance.
type textField struct {
	name  string
	boost float64
}

// textFieldList lists the text fields; an entry's TermFields has bit i set when the term
// occurs in textFieldList[i].
var textFieldList = []textField{
	{"name", 4}, {"acronyms", 4}, {"typeLabel", 2}, {"thematiques", 2}, {"publics", 2},
	{"operators", 1.5}, {"description", 1}, {"missions", 1}, {"conditions", 1},
}

// fieldsWeight gives each combination of fields a term occurs in its weight: the sum of the
// fields' boosts relative to the name's, at most 1 (a word of the name, or of the type and a
// thématique, is as strong a sign as can be; one of the description alone counts a quarter).
var fieldsWeight = func() []float64 {
	w := make([]float64, 1<<len(textFieldList))
	for mask := range w {
		sum := 0.0
		for i, f := range textFieldList {
			if mask&(1<<i) != 0 {
				sum += f.boost
			}
		}
		w[mask] = math.Min(1, sum/4)
	}
	return w
}()

// analyzer is the index's French analyzer, for the side table's terms and the query's.
var analyzer = sync.OnceValue(func() analysis.Analyzer {
	m, err := indexMapping()
	if err != nil {
		panic(err) // the mapping is a constant of this package: a test catches its errors
	}
	return m.AnalyzerNamed(analyzerName)
})

// analyse returns the distinct analysed terms of text, in order of first occurrence.
func analyse(text string) []string {
	var out []string
	for _, tok := range analyzer().Analyze([]byte(text)) {
		if t := string(tok.Term); !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}

// termOcc is an analysed term of a document and the text fields it occurs in.
type termOcc struct {
	term   string
	fields uint16
}

// termsOf analyses the text fields of a dispositif's document.
func termsOf(d *doc) []termOcc {
	// in the order of textFieldList
	values := [][]string{{d.Name}, d.Acronyms, {d.TypeLabel}, d.Thematiques, d.Publics, d.Operators, {d.Description}, d.Missions, {d.Conditions}}
	at := map[string]int{}
	var out []termOcc
	for i, vs := range values {
		for _, v := range vs {
			if v == "" {
				continue
			}
			for _, tok := range analyzer().Analyze([]byte(v)) {
				t := string(tok.Term)
				j, ok := at[t]
				if !ok {
					j = len(out)
					at[t] = j
					out = append(out, termOcc{term: t})
				}
				out[j].fields |= 1 << i
			}
		}
	}
	return out
}

// textQuery is a text compiled against the side table's dictionary: a dispositif matches when
// it has any clause, and scores the clauses it has, weighted by their rarity.
type textQuery struct {
	clauses []clause
	norm    float64 // the weight of a perfect match
}

// clause is a word of the text (or an equivalent phrase from the glossary): any of its forms
// matches it, the best one counts.
type clause struct {
	weight float64
	forms  []form
}

// form is a way to match a clause: terms all present in one field (one term: the word itself
// or, for a typo, a word one edit away; several: a phrase), and its share of the weight.
type form struct {
	terms  []uint32
	factor float64
	sig    termSig // the bits of terms
}

// termSig is a 128-bit signature of a set of term ids (a Bloom filter with one hash): most
// candidates of a search lack its words, and their signature says so without a binary search
// in their terms (at about 50 terms per listing, a third of the bits are set).
type termSig [2]uint64

func (s *termSig) add(id uint32) {
	b := (id * 2654435761) >> 25 // Fibonacci hashing to 0…127
	s[b>>6] |= 1 << (b & 63)
}

// mayHave reports whether every term of o may be in s.
func (s termSig) mayHave(o termSig) bool { return s[0]&o[0] == o[0] && s[1]&o[1] == o[1] }

func newForm(terms []uint32, factor float64) form {
	f := form{terms: terms, factor: factor}
	for _, id := range terms {
		f.sig.add(id)
	}
	return f
}

// Shares of a clause's weight by the form that matched.
const (
	exactFactor  = 1
	phraseFactor = 0.75
	typoFactor   = 0.5
)

// maxTextScore is the text score of a perfect match.
const maxTextScore = 5

// compileText builds the query of the words of text and the glossary's expansions (read lock
// of t held by the caller). typos gives the known terms one edit away from a term the
// dictionary lacks (nil: no typo tolerance).
func (t *table) compileText(text string, expansions []string, typos func(term string) []string) textQuery {
	var q textQuery
	for _, term := range analyse(text) {
		if id, ok := t.dict[term]; ok {
			c := clause{weight: t.idf(id), forms: []form{newForm([]uint32{id}, exactFactor)}}
			q.clauses = append(q.clauses, c)
			q.norm += c.weight
			continue
		}
		if typos == nil {
			continue
		}
		var c clause
		for _, near := range typos(term) {
			if id, ok := t.dict[near]; ok {
				c.forms = append(c.forms, newForm([]uint32{id}, typoFactor))
				c.weight = max(c.weight, t.idf(id))
			}
		}
		if len(c.forms) > 0 {
			q.clauses = append(q.clauses, c)
			q.norm += c.weight
		}
	}
	// An expansion says again a word of the text another way: it does not raise the weight of
	// a perfect match (norm), unless the text has no clause of its own.
	expNorm := 0.0
	for _, phrase := range expansions {
		var terms []uint32
		c := clause{}
		for _, term := range analyse(phrase) {
			id, ok := t.dict[term]
			if !ok {
				terms = nil
				break
			}
			terms = append(terms, id)
			c.weight = max(c.weight, t.idf(id))
		}
		if len(terms) == 0 {
			continue
		}
		c.forms = []form{newForm(terms, phraseFactor)}
		q.clauses = append(q.clauses, c)
		expNorm = max(expNorm, c.weight)
	}
	if q.norm == 0 {
		q.norm = expNorm
	}
	return q
}

// marks are the terms a query matches, to highlight them: their ids and words.
type marks map[uint32]string

// marksOf returns the terms of q (read lock held).
func (t *table) marksOf(q *textQuery) marks {
	out := marks{}
	for _, c := range q.clauses {
		for _, f := range c.forms {
			for _, id := range f.terms {
				out[id] = t.words[id]
			}
		}
	}
	return out
}

// fieldsOf returns the text fields of e (bits of textFieldList) where some marked term occurs.
func (m marks) fieldsOf(e *entry) uint16 {
	var fields uint16
	for id := range m {
		if k, ok := slices.BinarySearch(e.Terms, id); ok {
			fields |= e.TermFields[k]
		}
	}
	return fields
}

// empty reports whether nothing can match the query.
func (q *textQuery) empty() bool { return len(q.clauses) == 0 }

// score is the text relevance of the entry e whose hot part is h, 0 when it matches no clause,
// maxTextScore at best (read lock of the table held by the caller).
func (q *textQuery) score(h *hot, e *entry) float64 {
	s := 0.0
	for i := range q.clauses {
		c := &q.clauses[i]
		best := 0.0
		for j := range c.forms {
			f := &c.forms[j]
			if !h.sig.mayHave(f.sig) {
				continue
			}
			mask := uint16(1<<len(textFieldList) - 1)
			for _, id := range f.terms {
				k, ok := slices.BinarySearch(e.Terms, id)
				if !ok {
					mask = 0
					break
				}
				mask &= e.TermFields[k]
			}
			if mask != 0 {
				best = max(best, f.factor*fieldsWeight[mask])
			}
		}
		s += c.weight * best
	}
	if s == 0 {
		return 0
	}
	return math.Min(maxTextScore, maxTextScore*s/q.norm)
}

// idf is the rarity of a term among the table's dispositifs (as in TF-IDF): a word found in
// few listings says more about them than one found in most.
func (t *table) idf(id uint32) float64 {
	return 1 + math.Log(float64(len(t.slots)+1)/float64(t.df[id]+1))
}
