package auth

import (
	"context"
	"slices"

	"github.com/maillage/maillage/graph"
)

// Op is an operation to authorize.
type Op string

const (
	// OpReadPublished reads a published (live) listing: allowed to everyone.
	OpReadPublished Op = "read-published"
	// OpReadDrafts reads what is not published: drafts, archived listings, history.
	OpReadDrafts Op = "read-drafts"
	// OpCreateDispositif creates a dispositif operated by Target.Organisation.
	OpCreateDispositif Op = "create-dispositif"
	// OpCreateOrganisation creates an organisation located in Target.Territory.
	OpCreateOrganisation Op = "create-organisation"
	// OpUpdate edits a listing's fields; OpVerify records that nothing changed
	// ("rien n'a changé"); OpArchive and OpRestore archive and restore it.
	OpUpdate  Op = "update"
	OpVerify  Op = "verify"
	OpArchive Op = "archive"
	OpRestore Op = "restore"
	// OpLink and OpUnlink add and remove the relation Target.Edge.
	OpLink   Op = "link"
	OpUnlink Op = "unlink"
	// OpInvite invites Target.Invite (an e-mail to an organisation or a territory).
	OpInvite Op = "invite"
	// OpManageUsers lists, creates, changes or disables accounts (Target.User; nil: all of them).
	OpManageUsers Op = "manage-users"
	// OpManageTokens creates, lists or revokes the API tokens of Target.TokenOwner.
	OpManageTokens Op = "manage-tokens"
)

// Ops lists every operation, in a stable order.
var Ops = []Op{OpReadPublished, OpReadDrafts, OpCreateDispositif, OpCreateOrganisation, OpUpdate, OpVerify,
	OpArchive, OpRestore, OpLink, OpUnlink, OpInvite, OpManageUsers, OpManageTokens}

// scope is the token scope an operation needs ("" for none).
func (op Op) scope() Scope {
	switch op {
	case OpReadPublished:
		return ""
	case OpReadDrafts:
		return ScopeRead
	case OpInvite, OpManageUsers, OpManageTokens:
		return ScopeAdmin
	}
	return ScopeWrite
}

// Target is what an operation applies to. Fill the field the operation names.
type Target struct {
	// ID is the node acted on (a dispositif, an organisation, an instance…) for reads, updates,
	// verification, archive and restore.
	ID string
	// Organisation is the operator of a dispositif to create (OpCreateDispositif).
	Organisation string
	// Territory is where an organisation to create is located (OpCreateOrganisation).
	Territory string
	// Edge is the relation to link or unlink.
	Edge *graph.EdgeKey
	// Invite is the invitation to send (OpInvite).
	Invite *InviteTarget
	// User is the account to manage (OpManageUsers); nil means every account (admin only).
	User *User
	// TokenOwner is the user id whose tokens are managed (OpManageTokens).
	TokenOwner string
}

// InviteTarget says whom an invitation makes what.
type InviteTarget struct {
	Role         Role
	Organisation string
	Territory    string
}

// Listing is the target of an operation on the node id.
func Listing(id string) Target { return Target{ID: id} }

// Relation is the target of a link or unlink.
func Relation(k graph.EdgeKey) Target { return Target{Edge: &k} }

// Authorizer decides every access in one place, reading from the graph what it needs (who
// operates a dispositif, which territories it covers or is located in, the territory tree).
type Authorizer struct {
	Graph graph.Store
}

// NewAuthorizer returns the authorizer over the graph g.
func NewAuthorizer(g graph.Store) *Authorizer { return &Authorizer{Graph: g} }

// Authorize returns nil when p may do op on target, an UNAUTHENTICATED error when op needs a
// signed-in principal and p is anonymous, and a FORBIDDEN error with a French message otherwise.
// A target node that does not exist gives NOT_FOUND (to a principal who could act on it).
func (a *Authorizer) Authorize(ctx context.Context, p Principal, op Op, target Target) error {
	errs, err := a.AuthorizeEach(ctx, p, op, []Target{target})
	if err != nil {
		return err
	}
	return errs[0]
}

// AuthorizeEach decides op for many targets at once (a page of listings, a batch of links),
// reading the graph in a few batched calls. It returns one error per target (nil when allowed),
// or a non-nil second value when the graph could not be read.
func (a *Authorizer) AuthorizeEach(ctx context.Context, p Principal, op Op, targets []Target) ([]error, error) {
	out := make([]error, len(targets))
	if !slices.Contains(Ops, op) {
		return nil, graph.Errorf(graph.CodeBadUserInput, "Opération inconnue « %s ».", op)
	}
	if op == OpReadPublished {
		return out, nil
	}
	if err := a.precheck(p, op); err != nil {
		for i := range out {
			out[i] = err
		}
		return out, nil
	}
	if p.Role() == RoleAdmin {
		return out, a.checkExists(ctx, op, targets, out)
	}
	// Which nodes the decision depends on.
	sc, err := a.scopeOf(ctx, p)
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, t := range targets {
		ids = append(ids, t.nodes(op)...)
	}
	if err := sc.load(ctx, ids); err != nil {
		return nil, err
	}
	for i, t := range targets {
		out[i] = sc.decide(op, t)
	}
	return out, nil
}

// precheck applies the rules that do not depend on the target: signed in, account enabled,
// token scope.
func (a *Authorizer) precheck(p Principal, op Op) error {
	if p.System {
		return nil
	}
	if p.User == nil {
		return graph.Errorf(graph.CodeUnauthenticated, "Connectez-vous pour %s.", op.phrase())
	}
	if p.User.Disabled {
		return graph.Errorf(graph.CodeForbidden, "Votre compte est désactivé : adressez-vous à la coordination de votre territoire ou à l'administration de Maillage.")
	}
	if !slices.Contains(AccountRoles, p.User.Role) {
		return graph.Errorf(graph.CodeForbidden, "Votre compte n'a pas de rôle : adressez-vous à l'administration de Maillage.")
	}
	if p.TokenID != "" {
		if need := op.scope(); need != "" && !slices.Contains(p.Scopes, need) {
			return graph.Errorf(graph.CodeForbidden, "Ce jeton d'accès n'a pas la portée « %s » nécessaire pour %s.", need.label(), op.phrase())
		}
	}
	return nil
}

// phrase is the operation in French, after "pour".
func (op Op) phrase() string {
	switch op {
	case OpReadDrafts:
		return "consulter les brouillons, les fiches archivées et l'historique"
	case OpCreateDispositif:
		return "créer un dispositif"
	case OpCreateOrganisation:
		return "créer une organisation"
	case OpUpdate:
		return "modifier une fiche"
	case OpVerify:
		return "confirmer qu'une fiche est à jour"
	case OpArchive:
		return "archiver une fiche"
	case OpRestore:
		return "restaurer une fiche"
	case OpLink:
		return "ajouter une relation"
	case OpUnlink:
		return "retirer une relation"
	case OpInvite:
		return "inviter un membre"
	case OpManageUsers:
		return "gérer les comptes"
	case OpManageTokens:
		return "gérer les jetons d'accès"
	}
	return "consulter l'annuaire"
}

// nodes are the graph nodes the decision on t reads.
func (t Target) nodes(op Op) []string {
	switch op {
	case OpCreateDispositif:
		return nonEmpty(t.Organisation)
	case OpCreateOrganisation:
		return nonEmpty(t.Territory)
	case OpLink, OpUnlink:
		if t.Edge == nil {
			return nil
		}
		return []string{t.Edge.From, t.Edge.To}
	case OpInvite:
		if t.Invite == nil {
			return nil
		}
		return nonEmpty(t.Invite.Organisation, t.Invite.Territory)
	case OpManageUsers:
		if t.User == nil {
			return nil
		}
		return append(slices.Clone(t.User.Organisations), t.User.Territories...)
	case OpManageTokens:
		return nil
	}
	return nonEmpty(t.ID)
}

func nonEmpty(ids ...string) []string {
	var out []string
	for _, id := range ids {
		if id != "" {
			out = append(out, id)
		}
	}
	return out
}

// checkExists gives an admin NOT_FOUND for a target node that does not exist, so that every
// principal gets the same answer for a missing listing.
func (a *Authorizer) checkExists(ctx context.Context, op Op, targets []Target, out []error) error {
	var ids []string
	for _, t := range targets {
		if op == OpManageUsers {
			continue // an account may name an organisation archived since
		}
		ids = append(ids, t.nodes(op)...)
	}
	if len(ids) == 0 {
		return nil
	}
	nodes, err := a.Graph.GetMany(ctx, ids)
	if err != nil {
		return err
	}
	found := map[string]bool{}
	for i, n := range nodes {
		if n != nil {
			found[ids[i]] = true
		}
	}
	for i, t := range targets {
		if op == OpManageUsers {
			continue
		}
		for _, id := range t.nodes(op) {
			if !found[id] {
				out[i] = graph.NotFound("Fiche", id)
				break
			}
		}
		if out[i] == nil {
			out[i] = shapeError(op, t)
		}
	}
	return nil
}

// shapeError checks that the target carries what op needs.
func shapeError(op Op, t Target) error {
	switch {
	case (op == OpLink || op == OpUnlink) && t.Edge == nil:
		return graph.Errorf(graph.CodeBadUserInput, "Relation manquante.")
	case op == OpInvite && t.Invite == nil:
		return graph.Errorf(graph.CodeBadUserInput, "Invitation manquante.")
	case op == OpManageTokens && t.TokenOwner == "":
		return graph.Errorf(graph.CodeBadUserInput, "Titulaire des jetons manquant.")
	case (op == OpReadDrafts || op == OpUpdate || op == OpVerify || op == OpArchive || op == OpRestore) && t.ID == "":
		return graph.Errorf(graph.CodeBadUserInput, "Fiche manquante.")
	}
	return nil
}
