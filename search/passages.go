package search

import (
	"sync"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/char/asciifolding"
	"github.com/blevesearch/bleve/v2/document"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/highlight"
	"github.com/blevesearch/bleve/v2/search/highlight/highlighter/html"

	"github.com/maillage/maillage/graph"
)

// Passages of a result: where the words of the search occur in the listing's own text, the
// words in <mark> (bleve's HTML highlighter).
//
// The highlighter is fed here with the locations of the words in an analysis of the listing's
// text rather than by asking the index again for the page's documents, which cost a
// millisecond per search (the index advanced the postings of every word of the text). The
// offsets are also right for accented words: the analyzer folds accents before cutting words,
// so its offsets are in the folded text; they are mapped back to the listing's text.

// maxPassagesPerField bounds the passages of one field.
const maxPassagesPerField = 2

var highlighter = sync.OnceValues(func() (highlight.Highlighter, error) {
	return bleve.Config.Cache.HighlighterNamed(html.Name)
})

// passages returns the passages of d's text (name, acronyms, type, description, missions,
// conditions) that contain one of the marked terms, in the order of textFieldList. Only the
// fields set in fields (bits of textFieldList: where the side table says the terms are) are
// read: most listings have the words in their name or type, not in their description.
func passages(d *graph.Dispositif, terms marks, fields uint16) []string {
	if len(terms) == 0 || fields == 0 {
		return nil
	}
	words := make(map[string]bool, len(terms))
	for _, w := range terms {
		words[w] = true
	}
	hl, err := highlighter()
	if err != nil {
		return nil
	}
	values := map[string][]string{
		"name": {d.Name}, "acronyms": d.Acronyms, "typeLabel": {graph.DispositifTypes.LabelOf(d.Type)},
		"description": {d.Description}, "missions": d.Missions, "conditions": {d.Eligibility.Conditions},
	}
	doc := document.NewDocument(d.ID)
	dm := &bsearch.DocumentMatch{ID: d.ID, Locations: bsearch.FieldTermLocationMap{}}
	for bit, f := range textFieldList {
		vs, ok := values[f.name]
		if !ok || fields&(1<<bit) == 0 {
			continue
		}
		field := f.name
		for i, v := range vs {
			locs := termLocations(v, words, uint64(i))
			if len(locs) == 0 {
				continue
			}
			doc.AddField(document.NewTextField(field, []uint64{uint64(i)}, []byte(v)))
			tlm := dm.Locations[field]
			if tlm == nil {
				tlm = bsearch.TermLocationMap{}
				dm.Locations[field] = tlm
			}
			for term, l := range locs {
				tlm[term] = append(tlm[term], l...)
			}
		}
	}
	var out []string
	for _, f := range textFieldList {
		if _, ok := dm.Locations[f.name]; ok {
			out = append(out, hl.BestFragmentsInField(dm, doc, f.name, maxPassagesPerField)...)
		}
	}
	return out
}

// termLocations finds the terms in text, with their byte offsets in text.
func termLocations(text string, terms map[string]bool, arrayPos uint64) map[string][]*bsearch.Location {
	if text == "" {
		return nil
	}
	var out map[string][]*bsearch.Location
	var original []int // offsets in text of the folded text's bytes, computed when needed
	for _, tok := range analyzer().Analyze([]byte(text)) {
		term := string(tok.Term)
		if !terms[term] {
			continue
		}
		if original == nil {
			original = foldedOffsets(text)
		}
		if tok.End >= len(original) {
			continue
		}
		if out == nil {
			out = map[string][]*bsearch.Location{}
		}
		out[term] = append(out[term], &bsearch.Location{Pos: uint64(tok.Position), Start: uint64(original[tok.Start]),
			End: uint64(original[tok.End]), ArrayPositions: bsearch.ArrayPositions{arrayPos}})
	}
	return out
}

var folding = asciifolding.New()

// foldedOffsets maps each byte offset of the folded text (what the analyzer cuts into words)
// to the offset in text of the character it comes from; the last entry is len(text). The
// folding replaces each character on its own, so folding them one by one gives the lengths.
func foldedOffsets(text string) []int {
	out := make([]int, 0, len(text)+1)
	var buf [utf8.UTFMax]byte
	for i, r := range text {
		folded := 1 // ASCII stays as it is
		if r >= utf8.RuneSelf {
			folded = len(folding.Filter(buf[:utf8.EncodeRune(buf[:], r)]))
		}
		for range folded {
			out = append(out, i)
		}
	}
	return append(out, len(text))
}
