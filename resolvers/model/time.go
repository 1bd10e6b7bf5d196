package model

import (
	"fmt"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"github.com/maillage/maillage/graph"
)

// MarshalTime writes the Time scalar as gqlgen does (RFC 3339).
func MarshalTime(t time.Time) graphql.Marshaler { return graphql.MarshalTime(t) }

// UnmarshalTime reads the Time scalar as gqlgen does; a value it cannot read is the client's
// mistake: BAD_USER_INPUT with a French message and an example (gqlgen's own error went out as
// INTERNAL).
func UnmarshalTime(v any) (time.Time, error) {
	t, err := graphql.UnmarshalTime(v)
	if err != nil {
		return time.Time{}, graph.Errorf(graph.CodeBadUserInput, "Date et heure illisibles %s : écrivez-les au format RFC 3339, par exemple 2026-03-02T09:30:00+01:00.", quoteValue(v))
	}
	return t, nil
}

// quoteValue shows a value a client sent, shortened.
func quoteValue(v any) string {
	s := fmt.Sprint(v)
	if r := []rune(s); len(r) > 40 {
		s = string(r[:40]) + "…"
	}
	return "« " + s + " »"
}
