package embedded

import (
	"bytes"
	"encoding/json"
	"errors"
	"time"

	"github.com/maillage/maillage/graph"
)

// edgeProps is what the out bucket stores for an edge: its properties only, since the key
// already holds the type and both ends. At two million edges this keeps the file (and the pages
// the process maps) markedly smaller.
type edgeProps struct {
	Amount     *float64      `json:"a,omitempty"`
	Year       *int          `json:"y,omitempty"`
	Since      string        `json:"s,omitempty"`
	Role       string        `json:"r,omitempty"`
	Conditions string        `json:"c,omitempty"`
	Source     *graph.Source `json:"src,omitempty"`
	CreatedAt  time.Time     `json:"t"`
}

func encodeEdge(e graph.Edge) ([]byte, error) {
	return json.Marshal(edgeProps{e.Amount, e.Year, e.Since, e.Role, e.Conditions, e.Source, e.CreatedAt})
}

// decodeEdge rebuilds an edge from its out key (from \x00 type \x00 to) and stored properties.
func decodeEdge(key, value []byte) (graph.Edge, error) {
	parts := bytes.SplitN(key, []byte{0}, 3)
	if len(parts) != 3 {
		return graph.Edge{}, errors.New("embedded: corrupt edge key")
	}
	var p edgeProps
	if err := json.Unmarshal(value, &p); err != nil {
		return graph.Edge{}, err
	}
	return graph.Edge{Type: graph.RelationType(parts[1]), From: string(parts[0]), To: string(parts[2]),
		Amount: p.Amount, Year: p.Year, Since: p.Since, Role: p.Role, Conditions: p.Conditions, Source: p.Source, CreatedAt: p.CreatedAt}, nil
}
