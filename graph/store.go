package graph

import (
	"context"
	"fmt"
	"time"
)

// Store persists the graph. Every implementation (graph/embedded, graph/neo4j) passes the
// contract suite in graph/storetest. All methods are safe for concurrent use.
//
// Writes are atomic and durable once they return: an acknowledged write survives a crash.
type Store interface {
	// Create inserts a new node. An empty ID is generated with NewID. The store sets Version to 1
	// and CreatedAt/UpdatedAt to now. It fails with BAD_USER_INPUT when the node is invalid and
	// CONFLICT when the id is taken.
	//
	// The links are the new node's first relations (a dispositif's operator, where an
	// organisation is located), written in the same transaction: an empty From or To is the new
	// node. When one cannot be written (Link's errors), nothing is: no listing is left without
	// the relation that lets its partner edit it, and a retry duplicates nothing.
	Create(ctx context.Context, n Node, links ...Edge) (Node, error)
	// Update replaces the fields of an existing node of the same kind (CreatedAt and Sources are
	// kept when n leaves them zero). When expectedVersion > 0 and the stored version differs, it
	// fails with CONFLICT and changes nothing. It increments Version and sets UpdatedAt.
	Update(ctx context.Context, n Node, expectedVersion int64) (Node, error)
	// Archive marks a node archived (never deleted); Restore undoes it. Both check
	// expectedVersion like Update and increment Version.
	Archive(ctx context.Context, id string, expectedVersion int64) (Node, error)
	Restore(ctx context.Context, id string, expectedVersion int64) (Node, error)

	// Get returns a node, archived or not, or NOT_FOUND.
	Get(ctx context.Context, id string) (Node, error)
	// GetMany returns the nodes in the order of ids, with nil where a node does not exist.
	GetMany(ctx context.Context, ids []string) ([]Node, error)
	// List returns a page of nodes of one kind, ordered by id.
	List(ctx context.Context, q ListQuery) (Page, error)

	// Link creates the edge, or replaces the properties of the edge with the same key. Both ends
	// must exist (NOT_FOUND) and the relation must allow their kinds (BAD_USER_INPUT).
	Link(ctx context.Context, e Edge) (Edge, error)
	// Unlink removes an edge, or fails with NOT_FOUND.
	Unlink(ctx context.Context, k EdgeKey) error
	// Edges returns the edges of the given nodes in one direction, optionally of some types
	// only, ordered by node then type then other end. It is the batched primitive behind every
	// nested relation of the API.
	Edges(ctx context.Context, q EdgeQuery) ([]Edge, error)

	// Apply writes a batch as it is, in one transaction per call: nodes keep the Meta they carry
	// (ids, versions, timestamps), which makes seed loading, import and migration lossless. Nodes
	// and edges are validated; the first invalid item fails the whole call with a *BatchItemError
	// carrying its index (and the error's code, usually BAD_USER_INPUT or NOT_FOUND). It
	// records a single BulkLoad change.
	Apply(ctx context.Context, b Batch) error

	// Changes returns at most limit changes with Seq > after, in order.
	Changes(ctx context.Context, after uint64, limit int) ([]Change, error)
	// LastSeq is the sequence number of the latest change, 0 when there is none.
	LastSeq(ctx context.Context) (uint64, error)
	// WaitChange blocks until a change with Seq > after exists or ctx is done; once ctx is done
	// it returns ctx's error, even when such a change exists.
	WaitChange(ctx context.Context, after uint64) error
	// History returns the revisions of a node, oldest first: its own writes (Create, Update,
	// Archive, Restore, with the node before and after) and the links and unlinks of its
	// relations, each with the actor named by WithActor. Bulk loads (Apply) record none.
	History(ctx context.Context, id string) ([]Revision, error)

	// ScanNodes calls fn for every node of the given kinds (all kinds when empty), in kind then
	// id order; ScanEdges for every edge. They stream: memory does not grow with the graph.
	ScanNodes(ctx context.Context, kinds []Kind, fn func(Node) error) error
	ScanEdges(ctx context.Context, fn func(Edge) error) error
	// Stats counts nodes by kind and edges by type.
	Stats(ctx context.Context) (Stats, error)

	// Now is the store's clock: the time its writes are stamped with. Whatever compares with
	// stored timestamps (freshness, due dates, opening hours, reports) reads it, so that one
	// notion of "now" holds across the process.
	Now() time.Time

	Close() error
}

// ListQuery selects a page of nodes of one kind. Filters combine with AND.
type ListQuery struct {
	Kind Kind
	// Text keeps nodes whose name, acronyms or code contain it, ignoring case and accents.
	Text string
	// Type keeps organisations or dispositifs of this type slug.
	Type string
	// Level keeps territories of this level; Parent keeps territories PART_OF this territory id.
	Level  TerritoryLevel
	Parent string
	// Related keeps nodes that have, for each entry, an edge of that type to that node id
	// (for example {COVERS, "dep-93"} or {ABOUT, "sante--sante-mentale"}), in the outgoing
	// direction; an entry with Incoming keeps nodes that the other node points to.
	Related []RelatedFilter
	// IncludeArchived keeps archived nodes too; they are left out by default.
	IncludeArchived bool
	// Status keeps dispositifs with this status.
	Status string
	// After is the id after which the page starts (exclusive); Limit caps the page (> 0).
	After string
	Limit int
	// WithoutCount leaves Page.TotalCount at 0: counting reads every match (300,000
	// dispositifs nationally), a page only what it holds and the next match.
	WithoutCount bool
}

// RelatedFilter is one relation constraint of a ListQuery.
type RelatedFilter struct {
	Type      RelationType
	Other     string
	Direction Direction
}

// Page is a page of nodes with the total number of matches.
type Page struct {
	Nodes      []Node
	TotalCount int
	HasNext    bool
}

// EdgeQuery selects the edges of a set of nodes.
type EdgeQuery struct {
	IDs       []string
	Direction Direction
	// Types keeps only these relation types; all when empty.
	Types []RelationType
	// PerNode, when > 0, keeps at most that many edges per node: the first in type then
	// other-end order. It bounds the work on hubs (a SIAO referring thousands of services).
	PerNode int
	// KeysOnly returns the edges' types and ends without their properties (and CreatedAt):
	// traversals that only walk the graph skip reading and decoding them.
	KeysOnly bool
}

// Batch is a set of nodes and edges written as they are by Apply.
type Batch struct {
	Nodes []Node
	Edges []Edge
}

// Op is the kind of a change.
type Op string

const (
	OpCreate  Op = "create"
	OpUpdate  Op = "update"
	OpArchive Op = "archive"
	OpRestore Op = "restore"
	OpLink    Op = "link"
	OpUnlink  Op = "unlink"
	// OpBulkLoad says that a batch was applied: a consumer should rebuild what it derives.
	OpBulkLoad Op = "bulk-load"
)

// Change is one entry of the change feed: what changed, not the new value (consumers read the
// current value from the store, which keeps the feed small and replay idempotent).
type Change struct {
	Seq     uint64    `json:"seq"`
	At      time.Time `json:"at"`
	Op      Op        `json:"op"`
	Kind    Kind      `json:"kind,omitempty"`
	ID      string    `json:"id,omitempty"`
	Version int64     `json:"version,omitempty"`
	Edge    *EdgeKey  `json:"edge,omitempty"`
	// Count is the number of nodes and edges of a bulk load.
	Count int `json:"count,omitempty"`
}

// Stats counts a graph's content.
type Stats struct {
	Nodes map[Kind]int
	Edges map[RelationType]int
}

// BatchItemError is the error Apply returns when one item of a batch is invalid. Index counts
// the batch's nodes first, then its edges (an edge's index is len(Nodes) + its position), so a
// caller such as import can report the item and retry without it.
type BatchItemError struct {
	Index int
	Err   error
}

func (e *BatchItemError) Error() string {
	return fmt.Sprintf("élément %d du lot : %v", e.Index, e.Err)
}
func (e *BatchItemError) Unwrap() error { return e.Err }

// EdgeBatcher is a Store that answers several edge queries in one round trip: graph/neo4j
// sends them as one Cypher statement, where each Edges call is a network round trip and a
// transaction. The embedded store does not need it (its calls are in process).
type EdgeBatcher interface {
	// EdgesBatch returns, for each query in order, what Edges returns for it.
	EdgesBatch(ctx context.Context, qs []EdgeQuery) ([][]Edge, error)
}

// EdgesBatch answers the queries with one call when the store is an EdgeBatcher, with one Edges
// call per query otherwise. The resolvers ask each GraphQL level's relations (several types and
// directions) and the traversals each hop's two directions through it.
func EdgesBatch(ctx context.Context, s Store, qs []EdgeQuery) ([][]Edge, error) {
	if b, ok := s.(EdgeBatcher); ok && len(qs) > 1 {
		return b.EdgesBatch(ctx, qs)
	}
	out := make([][]Edge, len(qs))
	for i, q := range qs {
		es, err := s.Edges(ctx, q)
		if err != nil {
			return nil, err
		}
		out[i] = es
	}
	return out, nil
}

// OthersBatcher is an EdgeBatcher that also returns, in the same round trip, the nodes at the
// other ends of the edges it finds: graph/neo4j reads them in the edges' statement, so a
// GraphQL level (a listing's relations and the nodes they lead to) is one Cypher statement
// instead of two. The resolvers prime their node loader with them. The embedded store does
// not need it: its reads are in process, and the loader reads only the nodes a query shows.
type OthersBatcher interface {
	// EdgesAndOthers returns what EdgesBatch returns for qs, and the node at the other end of
	// each edge found, by id (a node appears once however many edges lead to it).
	EdgesAndOthers(ctx context.Context, qs []EdgeQuery) ([][]Edge, map[string]Node, error)
}

// AroundReader is an optional capability of a store: reading, in one round trip, the edges a
// breadth-first walk from a node would ask hop by hop. graph/neo4j implements it (one Cypher
// statement instead of one Bolt round trip per hop); the embedded store, read in process, need
// not. graph/traverse replays its own walk over the answer, so a reader may fetch more than the
// walk uses and the results are the walk's by construction; what it did not fetch is read from
// the store as usual.
type AroundReader interface {
	Around(ctx context.Context, q AroundQuery) (Around, error)
}

// AroundQuery is a breadth-first walk of Depth hops from ID, following from each node its
// outgoing edges of OutTypes and its incoming edges of InTypes (all types when empty), keeping
// at most PerNode edges per node and direction (in Edges order; all when 0); the nodes met at
// each hop are sorted by id and cut so that the walk holds at most Limit nodes (no cut when 0);
// nodes of StopKinds met on the way are not expanded further.
type AroundQuery struct {
	ID        string
	Depth     int
	OutTypes  []RelationType
	InTypes   []RelationType
	PerNode   int
	Limit     int
	StopKinds []Kind
}

// Around is the answer to an AroundQuery: the start node, and for each node whose edges were
// read, its edges as Edges would return them with the query's types and PerNode (outgoing
// with OutTypes at index 0, incoming with InTypes at 1). A node absent from Edges was not read.
type Around struct {
	Start Node
	Edges map[string][2][]Edge
}
