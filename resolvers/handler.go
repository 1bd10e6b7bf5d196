package resolvers

import (
	"context"
	"crypto/subtle"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/resolvers/generated"
	"github.com/maillage/maillage/search"
	"github.com/maillage/maillage/seed/glossary"
)

// Options configure the GraphQL handler.
type Options struct {
	// AdminToken authorises mutations (until accounts exist). Empty refuses every mutation.
	AdminToken string
	// MaxComplexity caps a query's cost (default 1000): each field costs 1, a paginated list
	// multiplies its fields by its page size.
	MaxComplexity int
	// MaxPageSize caps `first` (default 100).
	MaxPageSize int
	Logger      *slog.Logger
	// Search serves the search query (nil: search unavailable).
	Search *search.Service
	// Now is the clock of "open now" (time.Now when nil); tests set it.
	Now func() time.Time
}

// NewHandler returns the GraphQL endpoint (POST, and GET for queries) over store.
func NewHandler(store graph.Store, opts Options) http.Handler {
	if opts.MaxComplexity <= 0 {
		opts.MaxComplexity = 1000
	}
	if opts.MaxPageSize <= 0 {
		opts.MaxPageSize = 100
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	gl, err := glossary.Load()
	if err != nil {
		panic(err) // embedded data, checked by seed/glossary's tests
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	res := &Resolver{Store: store, MaxPageSize: opts.MaxPageSize, Logger: opts.Logger, Search: opts.Search, Glossary: gl, now: opts.Now}
	cfg := generated.Config{Resolvers: res}
	setComplexity(&cfg.Complexity, opts.MaxPageSize)
	srv := handler.New(generated.NewExecutableSchema(cfg))
	srv.AddTransport(transport.GET{})
	srv.AddTransport(transport.POST{})
	srv.SetQueryCache(lru.New[*ast.QueryDocument](1000))
	srv.Use(extension.Introspection{})
	srv.Use(extension.FixedComplexityLimit(opts.MaxComplexity))
	srv.AroundOperations(requireAdminForMutations)
	srv.SetErrorPresenter(presentError(opts.Logger))
	srv.SetRecoverFunc(recoverPanic(opts.Logger))
	return authenticate(opts.AdminToken, withLoaders(store, srv))
}

// caller is who sends a request.
type caller struct {
	admin bool
	// badToken is set when a token was sent but does not match.
	badToken bool
}

type callerKey struct{}

// authenticate reads the bearer token and records the caller in the context.
func authenticate(adminToken string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var c caller
		if tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
			tok = strings.TrimSpace(tok)
			c.admin = adminToken != "" && subtle.ConstantTimeCompare([]byte(tok), []byte(adminToken)) == 1
			c.badToken = !c.admin
		}
		ctx := context.WithValue(r.Context(), callerKey{}, c)
		if c.admin {
			ctx = graph.WithActor(ctx, "administrateur")
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// requireAdminForMutations refuses any mutation from a caller without the admin token: reads
// are public, writes are not.
func requireAdminForMutations(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	oc := graphql.GetOperationContext(ctx)
	if oc.Operation == nil || oc.Operation.Operation != ast.Mutation {
		return next(ctx)
	}
	c, _ := ctx.Value(callerKey{}).(caller)
	if c.admin {
		return next(ctx)
	}
	msg := "Cette modification demande d'être authentifié : envoyez le jeton d'administration dans l'en-tête « Authorization: Bearer … »."
	if c.badToken {
		msg = "Le jeton d'administration envoyé n'est pas valide."
	}
	return graphql.OneShot(&graphql.Response{Errors: gqlerror.List{{
		Message:    msg,
		Extensions: map[string]any{"code": string(graph.CodeUnauthenticated)},
	}}})
}

// pageSize is the complexity multiplier of a paginated field.
func pageSize(first *int, max int) int {
	if first == nil || *first <= 0 {
		return 20
	}
	return min(*first, max)
}

// setComplexity makes paginated lists cost their page size times their fields.
func setComplexity(c *generated.ComplexityRoot, max int) {
	c.Query.Dispositifs = func(child int, _ *generated.DispositifFilter, first *int, _ *string) int {
		return 1 + child*pageSize(first, max)
	}
	c.Query.Organisations = func(child int, _ *generated.OrganisationFilter, first *int, _ *string) int {
		return 1 + child*pageSize(first, max)
	}
	c.Query.Territories = func(child int, _ *generated.TerritoryFilter, first *int, _ *string) int {
		return 1 + child*pageSize(first, max)
	}
	c.Territory.Children = func(child int, first *int, _ *string) int { return 1 + child*pageSize(first, max) }
	c.Territory.Dispositifs = func(child int, first *int, _ *string) int { return 1 + child*pageSize(first, max) }
	c.Public.Dispositifs = func(child int, first *int, _ *string) int { return 1 + child*pageSize(first, max) }
	c.Thematique.Dispositifs = func(child int, first *int, _ *string) int { return 1 + child*pageSize(first, max) }
	// A search page holds its interpretation and facets once and its results up to the page
	// cap: counting its fields once per result (as for plain connections) would refuse the
	// app's own query; the results' fields are counted twice instead, and the page size is
	// capped by MaxPageSize.
	c.Query.Search = func(child int, _ *string, _ *generated.SituationInput, _ *generated.SearchFilter, _ *int, _ *string) int {
		return 1 + 2*child
	}
}
