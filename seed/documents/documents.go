// Package documents holds, as data, every organisation, dispositif, coordination body, sector,
// figure and relation stated by the five source documents of Maillage (data/*.json, one file
// per document), and turns them into graph nodes and edges with their provenance.
//
// Each fact names its document (Source.Dataset "seed-doc:NNN") and, where it helps to check it,
// the passage it comes from (Source.Quote). What a document does not say stays empty: no
// contact, address, age bound or service area is inferred beyond the text.
package documents

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"path"
	"time"

	"github.com/maillage/maillage/graph"
)

//go:embed data/*.json
var files embed.FS

// Seeded is the timestamp of every seeded node: the day the documents were gathered, fixed so
// that seeding twice writes the same thing.
var Seeded = time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)

// Document describes a source document.
type Document struct {
	Code  string `json:"code"`
	Title string `json:"title"`
	// Date is as precise as the document says ("2023-01-26", "2015-12-05", "2023").
	Date string `json:"date"`
	// Kind says what the document is ("diaporama", "page web", "article", "extrait de plan").
	Kind string `json:"kind"`
	// Note records the judgement calls made when turning the document into data.
	Note string `json:"note,omitempty"`
}

// file is the layout of one data/*.json file.
type file struct {
	Document      Document              `json:"document"`
	Organisations []*graph.Organisation `json:"organisations"`
	Dispositifs   []*graph.Dispositif   `json:"dispositifs"`
	Instances     []*graph.Instance     `json:"instances"`
	Territories   []*graph.Territory    `json:"territories"`
	// Mentions add this document as a source of a node described in another document.
	Mentions []mention    `json:"mentions"`
	Edges    []graph.Edge `json:"edges"`
}

type mention struct {
	ID    string `json:"id"`
	Quote string `json:"quote"`
}

// Documents lists the source documents.
func Documents() ([]Document, error) {
	fs, err := readAll()
	if err != nil {
		return nil, err
	}
	out := make([]Document, len(fs))
	for i, f := range fs {
		out[i] = f.Document
	}
	return out, nil
}

func readAll() ([]file, error) {
	entries, err := files.ReadDir("data")
	if err != nil {
		return nil, err
	}
	var out []file
	for _, e := range entries {
		raw, err := files.ReadFile(path.Join("data", e.Name()))
		if err != nil {
			return nil, err
		}
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.DisallowUnknownFields()
		var f file
		if err := dec.Decode(&f); err != nil {
			return nil, fmt.Errorf("%s: %w", e.Name(), err)
		}
		out = append(out, f)
	}
	return out, nil
}

// Load returns the nodes and edges of the five documents. Nodes reference territories, publics
// and thematiques by id; those come from seed/geo and seed/vocab.
func Load() ([]graph.Node, []graph.Edge, error) {
	fs, err := readAll()
	if err != nil {
		return nil, nil, err
	}
	var nodes []graph.Node
	byID := map[string]graph.Node{}
	var edges []graph.Edge
	for _, f := range fs {
		doc := f.Document
		src := func(s graph.Source) graph.Source {
			if s.Dataset == "" {
				s.Dataset = "seed-doc:" + doc.Code
			}
			if s.Ref == "" {
				s.Ref = doc.Title
			}
			return s
		}
		var fileNodes []graph.Node
		for _, n := range f.Organisations {
			fixFigures(n.Figures, src)
			fileNodes = append(fileNodes, n)
		}
		for _, n := range f.Dispositifs {
			fixFigures(n.Figures, src)
			fileNodes = append(fileNodes, n)
		}
		for _, n := range f.Instances {
			fileNodes = append(fileNodes, n)
		}
		for _, n := range f.Territories {
			fileNodes = append(fileNodes, n)
		}
		for _, n := range fileNodes {
			m := n.NodeMeta()
			if byID[m.ID] != nil {
				return nil, nil, fmt.Errorf("document %s: « %s » est déjà décrit par un autre document ; utilisez mentions", doc.Code, m.ID)
			}
			if len(m.Sources) == 0 {
				m.Sources = []graph.Source{{}}
			}
			for i := range m.Sources {
				m.Sources[i] = src(m.Sources[i])
			}
			m.Version, m.CreatedAt, m.UpdatedAt = 1, Seeded, Seeded
			byID[m.ID] = n
			nodes = append(nodes, n)
		}
		for _, e := range f.Edges {
			s := graph.Source{}
			if e.Source != nil {
				s = *e.Source
			}
			s = src(s)
			e.Source = &s
			e.CreatedAt = Seeded
			edges = append(edges, e)
		}
	}
	// Mentions are applied once every document's nodes exist.
	for _, f := range fs {
		for _, m := range f.Mentions {
			n := byID[m.ID]
			if n == nil {
				return nil, nil, fmt.Errorf("document %s mentionne « %s », qu'aucun document ne décrit", f.Document.Code, m.ID)
			}
			n.NodeMeta().Sources = append(n.NodeMeta().Sources, graph.Source{Dataset: "seed-doc:" + f.Document.Code, Ref: f.Document.Title, Quote: m.Quote})
		}
	}
	return nodes, edges, nil
}

func fixFigures(figs []graph.Figure, src func(graph.Source) graph.Source) {
	for i := range figs {
		s := graph.Source{}
		if figs[i].Source != nil {
			s = *figs[i].Source
		}
		s = src(s)
		figs[i].Source = &s
	}
}
