package resolvers

import (
	"context"
	"crypto/subtle"
	"log/slog"
	"net/http"
	"slices"
	"strings"

	"github.com/maillage/maillage/auth"
	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/resolvers/generated"
	"github.com/maillage/maillage/resolvers/model"
)

// exchange is the HTTP request and response of a GraphQL operation, for the few resolvers that
// set or clear the session cookie (signIn, signOut, acceptInvitation).
type exchange struct {
	w http.ResponseWriter
	r *http.Request
}

type exchangeKey struct{}

// authenticate finds who sends the request — the server's admin token (the operator: the
// system principal), an API token, a session cookie, or nobody — and puts the principal and the
// actor of the history in the context. A bad token is remembered so that a write is refused
// with a clear message instead of being treated as anonymous.
//
// When the accounts store cannot be read (Neo4j restarting), the request is answered 503 and
// the cookie kept: an outage must not sign people out nor pass for a bad token.
func authenticate(adminToken string, accounts *auth.Service, cookie auth.SessionCookie, log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		p := auth.Anonymous()
		var c caller
		var err error
		if tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
			tok = strings.TrimSpace(tok)
			switch {
			case adminToken != "" && subtle.ConstantTimeCompare([]byte(tok), []byte(adminToken)) == 1:
				p = auth.System()
			case accounts != nil && strings.HasPrefix(tok, "mlg_"):
				var tp auth.Principal
				if tp, err = accounts.AuthenticateToken(ctx, tok); err == nil {
					p = tp
				} else if graph.IsCode(err, graph.CodeUnauthenticated) {
					c.badToken, err = true, nil
				}
			default:
				c.badToken = true
			}
		} else if accounts != nil && cookie.Read(r) != "" {
			var sp auth.Principal
			if sp, _, err = accounts.ResolveSession(ctx, cookie.Read(r)); err == nil {
				p = sp
			} else if graph.IsCode(err, graph.CodeUnauthenticated) {
				cookie.Clear(w, r) // the session is over: go on as a reader
				err = nil
			}
		}
		if err != nil {
			log.Error("authentification impossible : comptes illisibles", "err", err)
			w.Header().Set("Retry-After", "5")
			WriteError(w, http.StatusServiceUnavailable, graph.CodeInternal,
				"Maillage ne peut pas vérifier votre connexion pour le moment : réessayez dans quelques secondes.")
			return
		}
		ctx = context.WithValue(ctx, callerKey{}, c)
		ctx = auth.WithPrincipal(ctx, p)
		ctx = context.WithValue(ctx, exchangeKey{}, exchange{w, r})
		if p.Authenticated() {
			actor := p.Actor()
			if p.System {
				actor = "administrateur"
			}
			ctx = graph.WithActor(ctx, actor)
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// authorize decides op on target for the caller of ctx, in the domain's one place (auth).
func (r *Resolver) authorize(ctx context.Context, op auth.Op, target auth.Target) error {
	if c, _ := ctx.Value(callerKey{}).(caller); c.badToken {
		return graph.Errorf(graph.CodeUnauthenticated, "Le jeton envoyé dans l'en-tête « Authorization » n'est pas valide (révoqué, expiré ou mal copié).")
	}
	return r.authz.Authorize(ctx, auth.PrincipalFrom(ctx), op, target)
}

// accounts returns the account service, or an error on a server without accounts.
func (r *Resolver) accountService() (*auth.Service, error) {
	if r.Accounts == nil {
		return nil, graph.Errorf(graph.CodeInternal, "Les comptes ne sont pas disponibles sur ce serveur.")
	}
	return r.Accounts, nil
}

func (r *Resolver) me(ctx context.Context) *auth.User {
	p := auth.PrincipalFrom(ctx)
	if p.User == nil {
		return nil
	}
	u := *p.User
	u.PasswordHash = ""
	return &u
}

func (r *Resolver) signIn(ctx context.Context, email, password string) (*auth.User, error) {
	svc, err := r.accountService()
	if err != nil {
		return nil, err
	}
	u, err := svc.SignIn(ctx, email, password, r.clientIP(ctx))
	if err != nil {
		return nil, err
	}
	return r.startSession(ctx, u)
}

// clientIP is the address of the request's client, read through the trusted proxies ("" outside
// HTTP).
func (r *Resolver) clientIP(ctx context.Context) string {
	ex, _ := ctx.Value(exchangeKey{}).(exchange)
	if ex.r == nil {
		return ""
	}
	return r.Proxies.ClientIP(ex.r)
}

func (r *Resolver) changePassword(ctx context.Context, current, next string) (bool, error) {
	svc, err := r.accountService()
	if err != nil {
		return false, err
	}
	if err := svc.ChangePassword(ctx, auth.PrincipalFrom(ctx), current, next, r.clientIP(ctx)); err != nil {
		return false, err
	}
	return true, nil
}

// startSession opens a session for u and sets its cookie.
func (r *Resolver) startSession(ctx context.Context, u auth.User) (*auth.User, error) {
	ex, _ := ctx.Value(exchangeKey{}).(exchange)
	id, s, err := r.Accounts.StartSession(ctx, u, r.clientIP(ctx), ex.r.UserAgent())
	if err != nil {
		return nil, err
	}
	r.Cookie.Set(ex.w, ex.r, id, s)
	u.PasswordHash = ""
	return &u, nil
}

func (r *Resolver) signOut(ctx context.Context) (bool, error) {
	ex, _ := ctx.Value(exchangeKey{}).(exchange)
	if r.Accounts != nil {
		if id := r.Cookie.Read(ex.r); id != "" {
			if err := r.Accounts.EndSession(ctx, id); err != nil {
				return false, err
			}
		}
	}
	r.Cookie.Clear(ex.w, ex.r)
	return true, nil
}

func (r *Resolver) invite(ctx context.Context, email, role string, organisation, territory *string) (*model.Invitation, error) {
	svc, err := r.accountService()
	if err != nil {
		return nil, err
	}
	ro, err := auth.ParseRole(role)
	if err != nil {
		return nil, err
	}
	in := auth.InviteInput{Email: email, Role: ro}
	setString(&in.Organisation, organisation)
	setString(&in.Territory, territory)
	token, inv, err := svc.Invite(ctx, auth.PrincipalFrom(ctx), in)
	if err != nil {
		return nil, err
	}
	return &model.Invitation{Invitation: inv, Token: &token}, nil
}

func (r *Resolver) acceptInvitation(ctx context.Context, token, displayName, password string) (*auth.User, error) {
	svc, err := r.accountService()
	if err != nil {
		return nil, err
	}
	u, err := svc.Redeem(ctx, token, displayName, password)
	if err != nil {
		return nil, err
	}
	return r.startSession(ctx, u)
}

func (r *Resolver) invitationByToken(ctx context.Context, token string) (*model.Invitation, error) {
	svc, err := r.accountService()
	if err != nil {
		return nil, err
	}
	inv, err := svc.PendingInvitation(ctx, token)
	if graph.IsCode(err, graph.CodeNotFound) || graph.IsCode(err, graph.CodeBadUserInput) || graph.IsCode(err, graph.CodeConflict) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &model.Invitation{Invitation: inv}, nil
}

func (r *Resolver) listAccounts(ctx context.Context) ([]*auth.User, error) {
	svc, err := r.accountService()
	if err != nil {
		return nil, err
	}
	users, err := svc.ListUsers(ctx, auth.PrincipalFrom(ctx))
	if err != nil {
		return nil, err
	}
	out := make([]*auth.User, len(users))
	for i := range users {
		users[i].PasswordHash = ""
		out[i] = &users[i]
	}
	return out, nil
}

func (r *Resolver) listInvitations(ctx context.Context) ([]*model.Invitation, error) {
	svc, err := r.accountService()
	if err != nil {
		return nil, err
	}
	invs, err := svc.ListInvitations(ctx, auth.PrincipalFrom(ctx))
	if err != nil {
		return nil, err
	}
	out := make([]*model.Invitation, len(invs))
	for i := range invs {
		out[i] = &model.Invitation{Invitation: invs[i]}
	}
	return out, nil
}

// canOps are the operations the app asks about, by their names in the API.
var canOps = map[string]auth.Op{
	"update": auth.OpUpdate, "verify": auth.OpVerify, "archive": auth.OpArchive, "restore": auth.OpRestore,
	"readDrafts": auth.OpReadDrafts, "read-drafts": auth.OpReadDrafts,
}

func (r *Resolver) can(ctx context.Context, op, id string) (bool, error) {
	o, ok := canOps[op]
	if !ok {
		return false, graph.Errorf(graph.CodeBadUserInput, "Opération « %s » inconnue (update, verify, archive, restore ou readDrafts).", op)
	}
	err := r.authz.Authorize(ctx, auth.PrincipalFrom(ctx), o, auth.Listing(id))
	switch {
	case err == nil:
		return true, nil
	case graph.IsCode(err, graph.CodeForbidden), graph.IsCode(err, graph.CodeUnauthenticated):
		return false, nil
	}
	return false, err
}

// myListings are the dispositifs the signed-in account may edit: those its organisations
// operate (partner), or those covering or located in its territories (coordinator, admin with
// territories), due ones first.
func (r *Resolver) myListings(ctx context.Context, first int) ([]*generated.MyListing, error) {
	p := auth.PrincipalFrom(ctx)
	if p.User == nil {
		return nil, graph.Errorf(graph.CodeUnauthenticated, "Connectez-vous pour voir vos fiches.")
	}
	if first < 1 || first > 500 {
		return nil, graph.Errorf(graph.CodeBadUserInput, "« first » doit être compris entre 1 et 500.")
	}
	var ids []string
	if len(p.User.Organisations) > 0 {
		edges, err := r.Store.Edges(ctx, graph.EdgeQuery{IDs: p.User.Organisations, Direction: graph.Outgoing, Types: []graph.RelationType{graph.Operates}})
		if err != nil {
			return nil, err
		}
		for _, e := range edges {
			ids = append(ids, e.To)
		}
	}
	for _, t := range p.User.Territories {
		inTerritory, err := r.listingsIn(ctx, t)
		if err != nil {
			return nil, err
		}
		ids = append(ids, inTerritory...)
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	targets := make([]auth.Target, len(ids))
	for i, id := range ids {
		targets[i] = auth.Listing(id)
	}
	allowed, err := r.authz.AuthorizeEach(ctx, p, auth.OpUpdate, targets)
	if err != nil {
		return nil, err
	}
	nodes, err := r.Store.GetMany(ctx, ids)
	if err != nil {
		return nil, err
	}
	now := r.now()
	var out []*generated.MyListing
	for i, n := range nodes {
		d, ok := n.(*graph.Dispositif)
		if !ok || allowed[i] != nil {
			continue
		}
		out = append(out, &generated.MyListing{Dispositif: d, Stale: d.Stale(now), DueAt: d.DueAt()})
	}
	slices.SortStableFunc(out, func(a, b *generated.MyListing) int {
		if a.Stale != b.Stale {
			if a.Stale {
				return -1
			}
			return 1
		}
		if c := a.DueAt.Compare(b.DueAt); c != 0 && a.Stale {
			return c
		}
		return strings.Compare(a.Dispositif.Name, b.Dispositif.Name)
	})
	return out[:min(first, len(out))], nil
}

// listingsIn returns the ids of the nodes covering or located in territory or a territory inside
// it (or an intercommunality that reaches into it: it is not descended, see graph.Grouping).
func (r *Resolver) listingsIn(ctx context.Context, territory string) ([]string, error) {
	inside := []string{territory}
	seen := map[string]bool{territory: true}
	for frontier := inside; len(frontier) > 0; {
		edges, err := r.Store.Edges(ctx, graph.EdgeQuery{IDs: frontier, Direction: graph.Incoming, Types: []graph.RelationType{graph.PartOf}})
		if err != nil {
			return nil, err
		}
		frontier = nil
		for _, e := range edges {
			if !seen[e.From] {
				seen[e.From] = true
				inside = append(inside, e.From)
				if !graph.Grouping(e.From) {
					frontier = append(frontier, e.From)
				}
			}
		}
	}
	edges, err := r.Store.Edges(ctx, graph.EdgeQuery{IDs: inside, Direction: graph.Incoming, Types: []graph.RelationType{graph.Covers, graph.LocatedIn}})
	if err != nil {
		return nil, err
	}
	ids := make([]string, 0, len(edges))
	for _, e := range edges {
		ids = append(ids, e.From)
	}
	slices.Sort(ids)
	return slices.Compact(ids), nil
}

// organisationsOf and territoriesOf resolve an account's ids to nodes (missing ones
// left out).
func (r *Resolver) organisationsOf(ctx context.Context, ids []string) ([]*graph.Organisation, error) {
	nodes, err := r.loaders(ctx).nodes.LoadAll(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := []*graph.Organisation{}
	for _, n := range nodes {
		if o, ok := n.(*graph.Organisation); ok {
			out = append(out, o)
		}
	}
	return out, nil
}

func (r *Resolver) territoriesOf(ctx context.Context, ids []string) ([]*graph.Territory, error) {
	nodes, err := r.loaders(ctx).nodes.LoadAll(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := []*graph.Territory{}
	for _, n := range nodes {
		if t, ok := n.(*graph.Territory); ok {
			out = append(out, t)
		}
	}
	return out, nil
}

// apiTokens lists API tokens: the caller's own; an account's, named by its e-mail (its owner or
// an admin); or every token (all: admins).
func (r *Resolver) apiTokens(ctx context.Context, email *string, all bool) ([]*auth.APIToken, error) {
	svc, err := r.accountService()
	if err != nil {
		return nil, err
	}
	p := auth.PrincipalFrom(ctx)
	owner := p.UserID()
	switch {
	case all:
		owner = ""
	case email != nil && *email != "" && (p.User == nil || !strings.EqualFold(strings.TrimSpace(*email), p.User.Email)):
		u, err := svc.UserByEmail(ctx, p, *email)
		if err != nil {
			return nil, err
		}
		owner = u.ID
	case p.User == nil:
		return nil, graph.Errorf(graph.CodeUnauthenticated, "Connectez-vous pour voir vos jetons d'accès.")
	}
	tokens, err := svc.ListTokens(ctx, p, owner)
	if err != nil {
		return nil, err
	}
	out := make([]*auth.APIToken, len(tokens))
	for i := range tokens {
		tokens[i].Hash = ""
		out[i] = &tokens[i]
	}
	return out, nil
}

// createAPIToken creates a token for the signed-in account; its secret is returned once.
func (r *Resolver) createAPIToken(ctx context.Context, name string, scopes []string) (*generated.NewAPIToken, error) {
	svc, err := r.accountService()
	if err != nil {
		return nil, err
	}
	p := auth.PrincipalFrom(ctx)
	if p.User == nil {
		return nil, graph.Errorf(graph.CodeUnauthenticated, "Connectez-vous pour créer un jeton d'accès.")
	}
	sc, err := auth.ParseScopes(strings.Join(scopes, ","))
	if err != nil {
		return nil, err
	}
	secret, t, err := svc.CreateToken(ctx, p, p.User.Email, name, sc)
	if err != nil {
		return nil, err
	}
	t.Hash = ""
	return &generated.NewAPIToken{Token: &t, Secret: secret}, nil
}

// revokeAPIToken revokes a token: its owner or an admin.
func (r *Resolver) revokeAPIToken(ctx context.Context, id string) (*auth.APIToken, error) {
	svc, err := r.accountService()
	if err != nil {
		return nil, err
	}
	t, err := svc.RevokeToken(ctx, auth.PrincipalFrom(ctx), id)
	if err != nil {
		return nil, err
	}
	t.Hash = ""
	return &t, nil
}

// tokenOwner is the account a token acts for (null when it no longer exists).
func (r *Resolver) tokenOwner(ctx context.Context, t *auth.APIToken) (*auth.User, error) {
	svc, err := r.accountService()
	if err != nil {
		return nil, err
	}
	u, err := svc.Store.GetUser(ctx, t.OwnerID)
	if graph.IsCode(err, graph.CodeNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	u.PasswordHash = ""
	return &u, nil
}

func scopeNames(sc []auth.Scope) []string {
	out := make([]string, len(sc))
	for i, s := range sc {
		out[i] = string(s)
	}
	return out
}
