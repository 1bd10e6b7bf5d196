package resolvers

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
)

// requested reports whether the query asks for the field at path (names below the field
// being resolved), in any fragment.
func requested(ctx context.Context, path ...string) bool {
	op := graphql.GetOperationContext(ctx)
	fields := graphql.CollectFieldsCtx(ctx, nil)
	for i, name := range path {
		var next []graphql.CollectedField
		for _, f := range fields {
			if f.Name == name {
				if i == len(path)-1 {
					return true
				}
				next = append(next, graphql.CollectFields(op, f.Selections, nil)...)
			}
		}
		fields = next
	}
	return false
}
