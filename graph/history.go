package graph

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"time"
)

// Revision is one recorded write of a node or of one of its relations: who, when, and the
// node before and after, so that every change since creation can be shown field by field and
// any version restored. Stores write it in the same transaction as the write itself.
type Revision struct {
	// Seq is the change-feed sequence number of the write.
	Seq   uint64    `json:"seq"`
	At    time.Time `json:"at"`
	Actor string    `json:"actor,omitempty"`
	Op    Op        `json:"op"`
	Kind  Kind      `json:"kind,omitempty"`
	ID    string    `json:"id,omitempty"`
	// Version is the node's version after the write (node operations).
	Version int64 `json:"version,omitempty"`
	// Before and After are the node's JSON around the write (Before is empty on creation).
	Before json.RawMessage `json:"before,omitempty"`
	After  json.RawMessage `json:"after,omitempty"`
	// Edge is the relation linked (with its properties) or unlinked (its key).
	Edge *Edge `json:"edge,omitempty"`
}

// FieldChange is one field of a node changed by a write, values as JSON (null when absent).
type FieldChange struct {
	Field string          `json:"field"`
	Old   json.RawMessage `json:"old"`
	New   json.RawMessage `json:"new"`
}

// actorKey carries the actor of a write in its context.
type actorKey struct{}

// WithActor names who writes (a user's e-mail, "jeton:…", "admin", "seed") for the history.
func WithActor(ctx context.Context, actor string) context.Context {
	return context.WithValue(ctx, actorKey{}, actor)
}

// ActorOf returns the actor of ctx, "" when none was named.
func ActorOf(ctx context.Context) string {
	a, _ := ctx.Value(actorKey{}).(string)
	return a
}

// NodeRevision builds the revision of a node write; before is nil on creation.
func NodeRevision(ctx context.Context, op Op, before, after Node) (Revision, error) {
	m := after.NodeMeta()
	r := Revision{At: m.UpdatedAt, Actor: ActorOf(ctx), Op: op, Kind: after.NodeKind(), ID: m.ID, Version: m.Version}
	var err error
	if before != nil {
		if r.Before, err = json.Marshal(before); err != nil {
			return r, err
		}
	}
	r.After, err = json.Marshal(after)
	return r, err
}

// EdgeRevision builds the revision of a relation write.
func EdgeRevision(ctx context.Context, op Op, e Edge, at time.Time) Revision {
	return Revision{At: at, Actor: ActorOf(ctx), Op: op, Edge: &e}
}

// metaFields are bookkeeping, not content: a diff leaves them out.
var metaFields = []string{"version", "createdAt", "updatedAt"}

// Changes lists the fields the write changed, in field order. A relation write has none.
func (r Revision) Changes() ([]FieldChange, error) {
	if r.After == nil {
		return nil, nil
	}
	before, after := map[string]json.RawMessage{}, map[string]json.RawMessage{}
	if r.Before != nil {
		if err := json.Unmarshal(r.Before, &before); err != nil {
			return nil, err
		}
	}
	if err := json.Unmarshal(r.After, &after); err != nil {
		return nil, err
	}
	var fields []string
	for f := range before {
		fields = append(fields, f)
	}
	for f := range after {
		if _, ok := before[f]; !ok {
			fields = append(fields, f)
		}
	}
	slices.Sort(fields)
	var out []FieldChange
	null := json.RawMessage("null")
	for _, f := range fields {
		if slices.Contains(metaFields, f) {
			continue
		}
		o, ok := before[f]
		if !ok {
			o = null
		}
		n, ok := after[f]
		if !ok {
			n = null
		}
		if !bytes.Equal(o, n) {
			out = append(out, FieldChange{Field: f, Old: o, New: n})
		}
	}
	return out, nil
}

// VersionIn returns the node as it was at version v according to the revisions of one node
// (oldest first): the After of the write that made v, or the Before of the write after it (for
// a version written by a bulk load, before any recorded write). nil when it is not recorded.
func VersionIn(revs []Revision, v int64) (Node, error) {
	for _, r := range revs {
		if r.After == nil {
			continue
		}
		if r.Version == v {
			return DecodeNode(r.Kind, r.After)
		}
		if r.Before != nil && r.Version > v {
			var meta struct {
				Version int64 `json:"version"`
			}
			if err := json.Unmarshal(r.Before, &meta); err != nil {
				return nil, err
			}
			if meta.Version == v {
				return DecodeNode(r.Kind, r.Before)
			}
		}
	}
	return nil, nil
}
