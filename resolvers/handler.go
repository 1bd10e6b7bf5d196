package resolvers

import (
	"log/slog"
	"net/http"

	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/maillage/maillage/auth"
	"github.com/maillage/maillage/coverage"
	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/resolvers/generated"
	"github.com/maillage/maillage/search"
	"github.com/maillage/maillage/seed/glossary"
)

// Options configure the GraphQL handler.
type Options struct {
	// AdminToken is the server operator's token: it may do everything (auth.System). Empty:
	// only accounts write.
	AdminToken string
	// MaxComplexity caps a query's cost (default 1000): each field costs 1, a paginated list
	// multiplies its fields by its page size.
	MaxComplexity int
	// MaxPageSize caps `first` (default 100).
	MaxPageSize int
	Logger      *slog.Logger
	// Search serves the search query (nil: search unavailable).
	Search *search.Service
	// Accounts signs people in and keeps sessions and API tokens; nil: only the admin token
	// writes. Cookie names and secures the session cookie.
	Accounts *auth.Service
	Cookie   auth.SessionCookie
	// Coverage answers coverage, gaps and diagnostics from memory (kept in step by its Follow);
	// nil: a service of its own, which reads the store at the first report.
	Coverage *coverage.Service
	// MaxBodyBytes caps a request's body (default DefaultMaxBodyBytes).
	MaxBodyBytes int64
	// TrustedProxies are the reverse proxies whose X-Forwarded-For names the client (sign-in
	// throttling, sessions); none by default: the remote address is the client.
	TrustedProxies auth.Proxies
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
	if opts.MaxBodyBytes <= 0 {
		opts.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if opts.Coverage == nil {
		opts.Coverage = coverage.NewService(store)
	}
	gl, err := glossary.Load()
	if err != nil {
		panic(err) // embedded data, checked by seed/glossary's tests
	}
	res := &Resolver{Store: store, MaxPageSize: opts.MaxPageSize, Logger: opts.Logger, Search: opts.Search, Glossary: gl, now: store.Now,
		Accounts: opts.Accounts, Cookie: opts.Cookie, authz: auth.NewAuthorizer(store), Coverage: opts.Coverage, Proxies: opts.TrustedProxies}
	cfg := generated.Config{Resolvers: res}
	setComplexity(&cfg.Complexity, opts.MaxPageSize)
	setReportComplexity(&cfg.Complexity, opts.Coverage)
	srv := handler.New(generated.NewExecutableSchema(cfg))
	srv.AddTransport(transport.GET{})
	srv.AddTransport(transport.POST{})
	srv.SetQueryCache(lru.New[*ast.QueryDocument](1000))
	srv.Use(extension.Introspection{})
	srv.Use(reportLimit{}) // before the complexity, which sizes each report
	srv.Use(extension.FixedComplexityLimit(opts.MaxComplexity))
	srv.Use(&timeValues{})
	srv.SetErrorPresenter(presentError(opts.Logger))
	srv.SetRecoverFunc(recoverPanic(opts.Logger))
	return guardRequests(opts.MaxBodyBytes, opts.Logger,
		authenticate(opts.AdminToken, opts.Accounts, opts.Cookie, opts.Logger, withLoaders(res, srv)))
}

// caller says how a request authenticated, beyond its principal (auth.PrincipalFrom).
type caller struct {
	// badToken is set when a token was sent but is not valid.
	badToken bool
}

type callerKey struct{}

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
