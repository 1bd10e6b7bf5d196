// Package search owns Maillage's full-text index: a bleve index that is a projection of the
// graph (the store stays the source of truth), rebuilt by Reindex and kept in step with every
// write by Follow, which reads the store's change feed.
package search

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/char/asciifolding"
	"github.com/blevesearch/bleve/v2/analysis/lang/fr"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"
)

// analyzerName is the French analyzer of the text fields: accents folded first (people type
// "hebergement"), then elision (l', d'), lower case, French stop words and light stemming
// (hébergements → heberg).
const analyzerName = "fr_folded"

// Index is the search index.
type Index struct {
	idx       bleve.Index
	closeOnce sync.Once
	closeErr  error
}

func indexMapping() (mapping.IndexMapping, error) {
	m := bleve.NewIndexMapping()
	err := m.AddCustomAnalyzer(analyzerName, map[string]any{
		"type":          custom.Name,
		"char_filters":  []string{asciifolding.Name},
		"tokenizer":     unicode.Name,
		"token_filters": []string{fr.ElisionName, lowercase.Name, fr.StopName, fr.LightStemmerName},
	})
	if err != nil {
		return nil, err
	}
	text := bleve.NewTextFieldMapping()
	text.Analyzer = analyzerName
	text.IncludeTermVectors = true // for highlighted passages
	keyword := bleve.NewKeywordFieldMapping()
	number := bleve.NewNumericFieldMapping()
	d := bleve.NewDocumentMapping()
	for _, f := range []string{"name", "acronyms", "description", "missions", "typeLabel", "operators", "publics", "thematiques", "conditions"} {
		d.AddFieldMappingsAt(f, text)
	}
	for _, f := range []string{"kind", "type", "status", "covers", "adminStatus", "publicIds", "thematiqueIds", "accessModes"} {
		d.AddFieldMappingsAt(f, keyword)
	}
	for _, f := range []string{"ageMin", "ageMax"} {
		d.AddFieldMappingsAt(f, number)
	}
	m.DefaultMapping = d
	m.DefaultAnalyzer = analyzerName
	return m, nil
}

// Open opens the index in dir, creating it when absent.
func Open(dir string) (*Index, error) {
	idx, err := bleve.Open(dir)
	if errors.Is(err, bleve.ErrorIndexPathDoesNotExist) {
		m, merr := indexMapping()
		if merr != nil {
			return nil, merr
		}
		idx, err = bleve.New(dir, m)
	}
	if err != nil {
		return nil, fmt.Errorf("index de recherche %s : %w", dir, err)
	}
	return &Index{idx: idx}, nil
}

// Close closes the index; closing twice is harmless.
func (ix *Index) Close() error {
	ix.closeOnce.Do(func() { ix.closeErr = ix.idx.Close() })
	return ix.closeErr
}

// Destroy closes and deletes the index in dir (before a full rebuild).
func Destroy(dir string) error { return os.RemoveAll(dir) }

var seqKey = []byte("maillage.seq")

// Seq is the change-feed position the index reflects.
func (ix *Index) Seq() (uint64, error) {
	v, err := ix.idx.GetInternal(seqKey)
	if err != nil || v == nil {
		return 0, err
	}
	return strconv.ParseUint(string(v), 10, 64)
}

func (ix *Index) setSeq(seq uint64) error {
	return ix.idx.SetInternal(seqKey, []byte(strconv.FormatUint(seq, 10)))
}

// Count is the number of indexed documents.
func (ix *Index) Count() (uint64, error) { return ix.idx.DocCount() }
