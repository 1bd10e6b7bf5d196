// Package exchange reads and writes a whole graph as JSON Lines: one header line, one line per
// node, one line per edge, and a trailer with the counts. The format keeps every field of every
// node (ids, versions, timestamps, sources), so export then import is a lossless round trip.
// Both directions stream: memory does not grow with the graph.
//
//	{"format":"maillage-graph","version":1,"exportedAt":"…"}
//	{"node":{"kind":"Dispositif","data":{…}}}
//	{"edge":{"type":"OPERATES","from":"org-…","to":"dsp-…",…}}
//	{"end":{"nodes":123,"edges":456}}
package exchange

import (
	"encoding/json"
	"time"

	"github.com/maillage/maillage/graph"
)

// Format and Version identify the file format in the header line.
const (
	Format  = "maillage-graph"
	Version = 1
)

// line is one line of the file; exactly one field is set.
type line struct {
	Format     string      `json:"format,omitempty"`
	Version    int         `json:"version,omitempty"`
	ExportedAt *time.Time  `json:"exportedAt,omitempty"`
	Node       *nodeLine   `json:"node,omitempty"`
	Edge       *graph.Edge `json:"edge,omitempty"`
	End        *Counts     `json:"end,omitempty"`
}

type nodeLine struct {
	Kind graph.Kind      `json:"kind"`
	Data json.RawMessage `json:"data"`
}

// Counts are the numbers of nodes and edges written or read.
type Counts struct {
	Nodes int `json:"nodes"`
	Edges int `json:"edges"`
}

// Progress is called from time to time on long runs with the counts so far.
type Progress func(Counts)
