// Package model holds the few GraphQL types that are views of graph edges rather than graph
// types themselves; gqlgen binds them (see gqlgen.yml) and reads the edge's properties through
// the embedded graph.Edge.
package model

import (
	"github.com/maillage/maillage/auth"
	"github.com/maillage/maillage/graph"
)

// Relation is an edge seen from one of its ends (Seen).
type Relation struct {
	graph.Edge
	// Seen is the id of the node the relation was asked from.
	Seen string
}

// OtherID is the id of the end that is not Seen.
func (r *Relation) OtherID() string {
	if r.From == r.Seen {
		return r.To
	}
	return r.From
}

// Funding is a FUNDS edge.
type Funding struct{ graph.Edge }

// Referral is a REFERS_TO edge.
type Referral struct{ graph.Edge }

// Invitation is an invitation with, right after invite only, its secret token.
type Invitation struct {
	auth.Invitation
	Token *string
}

// Review is a graph.Review with its position in its node's reviews (the key to resolve it).
type Review struct {
	graph.Review
	Index int `json:"index"`
}
