package graph

import (
	"context"
	"fmt"
	"time"
)

// The Prepare* functions hold the write rules every store shares, so that a store only adds
// its own atomicity around them.

// PrepareCreate validates n and fills its Meta for a creation at now: a generated id when empty,
// version 1, timestamps. Archived state and sources given by the caller are kept.
func PrepareCreate(n Node, now time.Time) error {
	m := n.NodeMeta()
	if m.ID == "" {
		m.ID = NewID(n.NodeKind(), n.Label())
	}
	if err := n.Validate(); err != nil {
		return err
	}
	m.Version = 1
	m.CreatedAt = now
	m.UpdatedAt = now
	return nil
}

// PrepareUpdate validates n as the new value of stored and fills its Meta: same id and kind,
// version checked against expectedVersion (when > 0) and incremented, creation time kept,
// archived state kept, sources kept when n has none.
func PrepareUpdate(n, stored Node, expectedVersion int64, now time.Time) error {
	sm := stored.NodeMeta()
	if n.NodeKind() != stored.NodeKind() {
		return Errorf(CodeBadUserInput, "« %s » est un nœud %s, pas %s.", sm.ID, stored.NodeKind(), n.NodeKind())
	}
	if err := CheckVersion(stored, expectedVersion); err != nil {
		return err
	}
	if err := n.Validate(); err != nil {
		return err
	}
	m := n.NodeMeta()
	m.ID = sm.ID
	m.Version = sm.Version + 1
	m.CreatedAt = sm.CreatedAt
	m.UpdatedAt = now
	m.ArchivedAt = sm.ArchivedAt
	if len(m.Sources) == 0 {
		m.Sources = sm.Sources
	}
	if m.Reviews == nil {
		m.Reviews = sm.Reviews
	}
	m.Synthetic = sm.Synthetic
	return nil
}

// PrepareArchive sets or clears the archived state of stored (in place), checking the version.
func PrepareArchive(stored Node, expectedVersion int64, archive bool, now time.Time) error {
	if err := CheckVersion(stored, expectedVersion); err != nil {
		return err
	}
	m := stored.NodeMeta()
	if archive == m.Archived() {
		if archive {
			return Errorf(CodeConflict, "« %s » est déjà archivé.", stored.Label())
		}
		return Errorf(CodeConflict, "« %s » n'est pas archivé.", stored.Label())
	}
	if archive {
		t := now
		m.ArchivedAt = &t
	} else {
		m.ArchivedAt = nil
	}
	m.Version++
	m.UpdatedAt = now
	return nil
}

// CheckVersion fails with CONFLICT when expectedVersion > 0 and differs from stored's version.
func CheckVersion(stored Node, expectedVersion int64) error {
	m := stored.NodeMeta()
	if expectedVersion > 0 && m.Version != expectedVersion {
		return &Error{Code: CodeConflict, Message: fmt.Sprintf(
			"« %s » a été modifié entre-temps (version %d enregistrée, vous partiez de la version %d). Rechargez la fiche pour voir ces changements avant d'enregistrer les vôtres.",
			stored.Label(), m.Version, expectedVersion)}
	}
	return nil
}

// PrepareEdge validates e between from and to (either nil when missing) and sets CreatedAt when
// zero.
func PrepareEdge(e *Edge, from, to Node, now time.Time) error {
	if from == nil {
		return NotFound("Nœud de départ", e.From)
	}
	if to == nil {
		return NotFound("Nœud d'arrivée", e.To)
	}
	if err := ValidateEdge(*e, from.NodeKind(), to.NodeKind()); err != nil {
		return err
	}
	if e.CreatedAt.IsZero() {
		e.CreatedAt = now
	}
	return nil
}

// CheckBatchEdges validates each edge of a batch against the kinds of its ends, which kindOf
// finds in the batch or the store, and names the first bad edge by its index in the batch.
func CheckBatchEdges(b Batch, kindOf func(id string) (Kind, bool)) error {
	for i, e := range b.Edges {
		fk, okFrom := kindOf(e.From)
		tk, okTo := kindOf(e.To)
		var err error
		switch {
		case !okFrom:
			err = NotFound("Nœud de départ", e.From)
		case !okTo:
			err = NotFound("Nœud d'arrivée", e.To)
		default:
			err = ValidateEdge(e, fk, tk)
		}
		if err != nil {
			return &BatchItemError{Index: len(b.Nodes) + i, Err: err}
		}
	}
	return nil
}

// ArchiveOp is the change operation of archiving (true) or restoring (false).
func ArchiveOp(archive bool) Op {
	if archive {
		return OpArchive
	}
	return OpRestore
}

// ValidateStored checks a node written as it is (Apply): its own validation plus a valid id and
// version.
func ValidateStored(n Node) error {
	m := n.NodeMeta()
	if !ValidID(m.ID) {
		return Errorf(CodeBadUserInput, "Identifiant invalide : « %s ».", m.ID)
	}
	if m.Version < 1 {
		return Errorf(CodeBadUserInput, "Version invalide pour « %s » : %d.", m.ID, m.Version)
	}
	return n.Validate()
}

// GetAs returns the node id as a T, or NOT_FOUND when it is missing or of another kind.
func GetAs[T Node](ctx context.Context, s Store, id string) (T, error) {
	var zero T
	n, err := s.Get(ctx, id)
	if err != nil {
		return zero, err
	}
	t, ok := n.(T)
	if !ok {
		return zero, NotFound(string(zero.NodeKind()), id)
	}
	return t, nil
}

// NewNodeLinks returns the links given to Create with their empty ends set to the new node id.
func NewNodeLinks(id string, links []Edge) []Edge {
	out := make([]Edge, len(links))
	for i, e := range links {
		if e.From == "" {
			e.From = id
		}
		if e.To == "" {
			e.To = id
		}
		out[i] = e
	}
	return out
}
