package exchange

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"

	"github.com/maillage/maillage/graph"
)

// progressEvery is how many items pass between two progress calls.
const progressEvery = 50000

// Export writes the whole graph of s to w and returns the counts written.
func Export(ctx context.Context, s graph.Store, w io.Writer, progress Progress) (Counts, error) {
	bw := bufio.NewWriterSize(w, 1<<20)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	now := s.Now()
	var c Counts
	tick := func() {
		if progress != nil && (c.Nodes+c.Edges)%progressEvery == 0 {
			progress(c)
		}
	}
	if err := enc.Encode(line{Format: Format, Version: Version, ExportedAt: &now}); err != nil {
		return c, err
	}
	err := s.ScanNodes(ctx, nil, func(n graph.Node) error {
		data, err := json.Marshal(n)
		if err != nil {
			return fmt.Errorf("encode %s: %w", n.NodeMeta().ID, err)
		}
		c.Nodes++
		tick()
		return enc.Encode(line{Node: &nodeLine{Kind: n.NodeKind(), Data: data}})
	})
	if err != nil {
		return c, err
	}
	err = s.ScanEdges(ctx, func(e graph.Edge) error {
		c.Edges++
		tick()
		return enc.Encode(line{Edge: &e})
	})
	if err != nil {
		return c, err
	}
	if err := enc.Encode(line{End: &c}); err != nil {
		return c, err
	}
	if progress != nil {
		progress(c)
	}
	return c, bw.Flush()
}
