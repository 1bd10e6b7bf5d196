package exchange

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/maillage/maillage/graph"
)

// batchSize is the number of items sent to Store.Apply at once.
const batchSize = 10000

// RowError is a line of the file that could not be imported.
type RowError struct {
	Line    int    `json:"line"`
	Message string `json:"message"`
}

// Report says what an import did.
type Report struct {
	Imported Counts
	Errors   []RowError
	// Expected holds the counts announced by the file's trailer, nil when the file had none
	// (a truncated file).
	Expected *Counts
}

// Import reads a file written by Export and writes its nodes and edges to s as they are. A bad
// line (malformed JSON, invalid node, edge to a missing node…) is reported with its line number
// and skipped; every good line is kept. Nodes already present are overwritten with the file's
// version, so importing the same file twice changes nothing.
func Import(ctx context.Context, s graph.Store, r io.Reader, progress Progress) (Report, error) {
	var rep Report
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 1<<20), 64<<20)
	var b pending
	flush := func() error {
		if err := b.apply(ctx, s, &rep); err != nil {
			return err
		}
		if progress != nil {
			progress(rep.Imported)
		}
		return nil
	}
	n := 0
	for sc.Scan() {
		n++
		raw := sc.Bytes()
		if len(raw) == 0 {
			continue
		}
		var l line
		if err := json.Unmarshal(raw, &l); err != nil {
			rep.Errors = append(rep.Errors, RowError{n, fmt.Sprintf("JSON illisible : %v", err)})
			continue
		}
		switch {
		case l.Format != "":
			if n != 1 || l.Format != Format || l.Version != Version {
				rep.Errors = append(rep.Errors, RowError{n, fmt.Sprintf("en-tête inattendu (format %q version %d)", l.Format, l.Version)})
			}
		case l.Node != nil:
			node, err := graph.DecodeNode(l.Node.Kind, l.Node.Data)
			if err == nil {
				err = graph.ValidateStored(node)
			}
			if err != nil {
				rep.Errors = append(rep.Errors, RowError{n, message(err)})
				continue
			}
			b.add(node, nil, n)
		case l.Edge != nil:
			b.add(nil, l.Edge, n)
		case l.End != nil:
			end := *l.End
			rep.Expected = &end
		default:
			rep.Errors = append(rep.Errors, RowError{n, "ligne vide ou inconnue"})
		}
		if b.len() >= batchSize {
			if err := flush(); err != nil {
				return rep, err
			}
		}
	}
	if err := sc.Err(); err != nil {
		return rep, fmt.Errorf("lecture ligne %d : %w", n+1, err)
	}
	return rep, flush()
}

// pending is a batch being filled, with the file line of each item.
type pending struct {
	batch graph.Batch
	// lines[i] is the file line of item i (nodes first, then edges, as Apply counts them).
	nodeLines, edgeLines []int
}

func (p *pending) len() int { return len(p.batch.Nodes) + len(p.batch.Edges) }

func (p *pending) add(n graph.Node, e *graph.Edge, lineNo int) {
	if n != nil {
		p.batch.Nodes = append(p.batch.Nodes, n)
		p.nodeLines = append(p.nodeLines, lineNo)
	} else {
		p.batch.Edges = append(p.batch.Edges, *e)
		p.edgeLines = append(p.edgeLines, lineNo)
	}
}

// apply writes the batch; when Apply names a bad item, the item is reported and dropped and the
// rest is written again, so that the good lines are kept.
func (p *pending) apply(ctx context.Context, s graph.Store, rep *Report) error {
	defer func() { *p = pending{} }()
	for p.len() > 0 {
		err := s.Apply(ctx, p.batch)
		if err == nil {
			rep.Imported.Nodes += len(p.batch.Nodes)
			rep.Imported.Edges += len(p.batch.Edges)
			return nil
		}
		var bad *graph.BatchItemError
		if !errors.As(err, &bad) || bad.Index < 0 || bad.Index >= p.len() {
			return err
		}
		if i := bad.Index; i < len(p.batch.Nodes) {
			rep.Errors = append(rep.Errors, RowError{p.nodeLines[i], message(bad.Err)})
			p.batch.Nodes = append(p.batch.Nodes[:i], p.batch.Nodes[i+1:]...)
			p.nodeLines = append(p.nodeLines[:i], p.nodeLines[i+1:]...)
		} else {
			i -= len(p.batch.Nodes)
			rep.Errors = append(rep.Errors, RowError{p.edgeLines[i], message(bad.Err)})
			p.batch.Edges = append(p.batch.Edges[:i], p.batch.Edges[i+1:]...)
			p.edgeLines = append(p.edgeLines[:i], p.edgeLines[i+1:]...)
		}
	}
	return nil
}

// message returns the French message of an application error, or the error text.
func message(err error) string {
	var e *graph.Error
	if errors.As(err, &e) {
		return e.Message
	}
	return err.Error()
}
