// Package search owns Maillage's full-text index: a bleve index that is a projection of the
// graph (the store stays the source of truth), rebuilt by Reindex and kept in step with every
// write by Follow, which reads the store's change feed.
//
// Next to the bleve index, a compact in-memory side table (table.go) holds, for every
// dispositif, what eligibility, ranking, filters and facets need (covered territories, publics,
// thematiques, age bounds, administrative status, genders, status, access modes, location), so
// that a search reads no node from the store per candidate: only the page of results is loaded.
// The table is saved next to the index and kept in step by the same change feed.
package search

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"sync"
	"sync/atomic"

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

// formatVersion is the version of the on-disk index (mapping and side table). An index of
// another version is deleted and rebuilt at Open rather than misread.
//
//	1: every document field indexed, with the _all composite field; no side table.
//	2: text fields, kind and covered territories (covers for dispositifs, orgCovers for
//	   organisations) only; side table saved next to the index.
//	3: the side table holds the analysed terms of each dispositif (text.go).
//	4: the side table holds the dispositif's type (generic entry points rank after others).
const formatVersion = "4"

// Index is the search index.
type Index struct {
	idx       bleve.Index
	dir       string
	tab       atomic.Pointer[table] // nil until loaded or built
	writeMu   sync.Mutex            // serialises Reindex, CatchUp and the table's saving
	refGen    atomic.Uint64         // counts the changes of reference data seen (refCache)
	changes   atomic.Uint64         // counts the batches applied to the index (typoCache)
	typoCache typoCache
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
	// Text queries always name their field: no _all composite field, no doc values (nothing is
	// sorted or faceted by bleve). Text is stored, with term vectors, for highlighted passages.
	text := bleve.NewTextFieldMapping()
	text.Analyzer = analyzerName
	text.IncludeTermVectors = true
	text.IncludeInAll = false
	text.DocValues = false
	keyword := bleve.NewKeywordFieldMapping()
	keyword.Store = false
	keyword.IncludeInAll = false
	keyword.DocValues = false
	d := bleve.NewDocumentStaticMapping()
	for _, f := range []string{"name", "acronyms", "description", "missions", "typeLabel", "operators", "publics", "thematiques", "conditions"} {
		d.AddFieldMappingsAt(f, text)
	}
	for _, f := range []string{"kind", "covers", "orgCovers"} {
		d.AddFieldMappingsAt(f, keyword)
	}
	m.DefaultMapping = d
	m.DefaultAnalyzer = analyzerName
	m.StoreDynamic = false
	m.IndexDynamic = false
	m.DocValuesDynamic = false
	return m, nil
}

var versionKey = []byte("maillage.version")

// Open opens the index in dir, creating it when absent. An index of another format version is
// deleted and created again, empty: CatchUp then rebuilds it from the store.
func Open(dir string) (*Index, error) {
	idx, err := bleve.Open(dir)
	if err == nil {
		v, verr := idx.GetInternal(versionKey)
		if verr != nil || string(v) != formatVersion {
			idx.Close()
			if err := os.RemoveAll(dir); err != nil {
				return nil, err
			}
			err = bleve.ErrorIndexPathDoesNotExist
		}
	}
	if errors.Is(err, bleve.ErrorIndexPathDoesNotExist) {
		m, merr := indexMapping()
		if merr != nil {
			return nil, merr
		}
		os.Remove(tablePath(dir))
		idx, err = bleve.New(dir, m)
		if err == nil {
			err = idx.SetInternal(versionKey, []byte(formatVersion))
		}
	}
	if err != nil {
		return nil, fmt.Errorf("index de recherche %s : %w", dir, err)
	}
	ix := &Index{idx: idx, dir: dir}
	if t, err := loadTable(tablePath(dir)); err == nil {
		ix.tab.Store(t)
	} // otherwise CatchUp builds the table from the store
	return ix, nil
}

// Close saves the side table and closes the index; closing twice is harmless.
func (ix *Index) Close() error {
	ix.closeOnce.Do(func() {
		ix.writeMu.Lock()
		defer ix.writeMu.Unlock()
		var saveErr error
		if t := ix.tab.Load(); t != nil && t.dirty() {
			saveErr = t.save(tablePath(ix.dir))
		}
		ix.closeErr = errors.Join(saveErr, ix.idx.Close())
	})
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
