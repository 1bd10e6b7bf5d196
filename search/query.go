package search

import (
	"context"
	"strings"

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

// textFields are the fields a text query looks into, with their weight.
var textFields = map[string]float64{
	"name": 4, "acronyms": 4, "typeLabel": 2, "thematiques": 2, "publics": 2,
	"operators": 1.5, "description": 1, "missions": 1, "conditions": 1,
}

// Search runs q: every word of the text may match any text field, exactly or with one typo.
func (ix *Index) Search(ctx context.Context, q Query) ([]Match, uint64, error) {
	var must []query.Query
	if text := strings.TrimSpace(q.Text); text != "" {
		var should []query.Query
		for field, boost := range textFields {
			m := bleve.NewMatchQuery(text)
			m.SetField(field)
			m.SetBoost(boost * 2)
			should = append(should, m)
			f := bleve.NewMatchQuery(text)
			f.SetField(field)
			f.SetFuzziness(1)
			f.SetBoost(boost)
			should = append(should, f)
		}
		for _, e := range q.Expansions {
			for field, boost := range textFields {
				p := bleve.NewMatchPhraseQuery(e)
				p.SetField(field)
				p.SetBoost(boost * 1.5)
				should = append(should, p)
			}
		}
		must = append(must, bleve.NewDisjunctionQuery(should...))
	}
	if len(q.Covers) > 0 {
		var terms []query.Query
		for _, id := range q.Covers {
			t := bleve.NewTermQuery(id)
			t.SetField("covers")
			terms = append(terms, t)
		}
		must = append(must, bleve.NewDisjunctionQuery(terms...))
	}
	if q.Kind != "" {
		t := bleve.NewTermQuery(q.Kind)
		t.SetField("kind")
		must = append(must, t)
	}
	var root query.Query = bleve.NewMatchAllQuery()
	if len(must) > 0 {
		root = bleve.NewConjunctionQuery(must...)
	}
	limit := q.Limit
	if limit <= 0 {
		limit = 20
	}
	req := bleve.NewSearchRequestOptions(root, limit, 0, false)
	req.Highlight = bleve.NewHighlight()
	for field := range textFields {
		req.Highlight.AddField(field)
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
