// Package resolvers is the thin GraphQL layer over the domain: it turns GraphQL arguments into
// graph.Store calls and graph values into GraphQL values, and nothing more. The generated code
// (gqlgen) lives in resolvers/generated; schema.graphql is the contract.
package resolvers

// gqlgen reads its paths from the module root (gqlgen.yml), so it runs there.
//go:generate sh -c "cd .. && go tool gqlgen generate --config gqlgen.yml"

import (
	"log/slog"
	"time"

	"github.com/maillage/maillage/auth"
	"github.com/maillage/maillage/coverage"
	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/search"
	"github.com/maillage/maillage/seed/glossary"
)

// Resolver is the root resolver; it holds the dependencies every resolver shares.
type Resolver struct {
	Store graph.Store
	// Search answers the search query; nil on a server without a search index.
	Search      *search.Service
	Glossary    *glossary.Glossary
	MaxPageSize int
	Logger      *slog.Logger
	now         func() time.Time
	// Accounts is nil on a server without accounts; authz decides every write.
	Accounts *auth.Service
	Cookie   auth.SessionCookie
	authz    *auth.Authorizer
	// Coverage answers the territory reports from memory.
	Coverage *coverage.Service
	// Proxies are the reverse proxies trusted to name the client (X-Forwarded-For).
	Proxies auth.Proxies
}
