package auth

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/maillage/maillage/graph"
)

// Service is the accounts API used by the GraphQL layer, the web app and the CLI: sign-in,
// sessions, API tokens, accounts and invitations. Every operation that acts for someone takes
// the acting Principal and is authorized by Authz.
type Service struct {
	Store Store
	// Graph is read to check organisation and territory ids and to authorize.
	Graph    graph.Store
	Authz    *Authorizer
	Throttle *Throttle
	// SessionIdle ends a session after this long without activity; SessionMax in any case.
	SessionIdle time.Duration
	SessionMax  time.Duration
	// InvitationTTL is how long an invitation can be redeemed.
	InvitationTTL time.Duration
	// TouchEvery limits the writes that record a session's or a token's last use.
	TouchEvery time.Duration
	// Now is the clock of sessions, tokens and invitations: the graph store's, so that one
	// notion of "now" holds across the process.
	Now func() time.Time
}

// NewService returns a service with the default policy: sessions of 12 h idle and 7 days at
// most, invitations valid 7 days, sign-in throttled (NewThrottle).
func NewService(store Store, g graph.Store) *Service {
	now := graph.SystemClock // the account commands that do not open the graph
	if g != nil {
		now = g.Now
	}
	t := NewThrottle()
	t.Now = now
	return &Service{Store: store, Graph: g, Authz: NewAuthorizer(g), Throttle: t,
		SessionIdle: 12 * time.Hour, SessionMax: 7 * 24 * time.Hour, InvitationTTL: 7 * 24 * time.Hour,
		TouchEvery: time.Minute, Now: now}
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC()
	}
	return graph.SystemClock()
}

// Authorize is Authz.Authorize.
func (s *Service) Authorize(ctx context.Context, p Principal, op Op, t Target) error {
	return s.Authz.Authorize(ctx, p, op, t)
}

// ---- accounts

// NewUser is what CreateUser needs.
type NewUser struct {
	Email         string
	DisplayName   string
	Role          Role
	Organisations []string
	Territories   []string
	Password      string
}

// prepare validates an account's fields (field-level BAD_USER_INPUT) and checks its
// organisations and territories against the graph.
func (s *Service) prepare(ctx context.Context, u *User) error {
	var v graph.ValidationErrors
	if e, err := NormalizeEmail(u.Email); err != nil {
		var ge *graph.Error
		if !errors.As(err, &ge) || len(ge.Fields) == 0 {
			return err
		}
		for field, msg := range ge.Fields {
			v.Add(field, msg)
		}
	} else {
		u.Email = e
	}
	u.DisplayName = strings.TrimSpace(u.DisplayName)
	if msg := graph.CheckText(u.DisplayName, false); msg != "" {
		v.Add("displayName", "Le nom affiché "+msg+".")
	} else if utf8.RuneCountInString(u.DisplayName) > 120 {
		v.Add("displayName", "Le nom affiché doit compter au plus 120 caractères.")
	}
	u.Organisations = uniq(u.Organisations)
	u.Territories = uniq(u.Territories)
	switch u.Role {
	case RolePartner:
		if len(u.Organisations) == 0 {
			v.Add("organisations", "Un compte partenaire doit être membre d'au moins une organisation.")
		}
	case RoleCoordinator:
		if len(u.Territories) == 0 {
			v.Add("territories", "Un compte de coordination doit avoir au moins un territoire (dep-52, reg-44…).")
		}
	case RoleAdmin:
	default:
		v.Add("role", "Rôle inconnu : partner (partenaire), coordinator (coordination territoriale) ou admin.")
	}
	if s.Graph != nil {
		ids := append(slices.Clone(u.Organisations), u.Territories...)
		if len(ids) > 0 {
			nodes, err := s.Graph.GetMany(ctx, ids)
			if err != nil {
				return err
			}
			for i, n := range nodes {
				org := i < len(u.Organisations)
				switch {
				case org && (n == nil || n.NodeKind() != graph.KindOrganisation):
					v.Add("organisations", "Organisation inconnue « "+ids[i]+" » : donnez l'identifiant d'une organisation de l'annuaire (org-…).")
				case !org && (n == nil || n.NodeKind() != graph.KindTerritory):
					v.Add("territories", "Territoire inconnu « "+ids[i]+" » : donnez l'identifiant d'un territoire (dep-52, reg-44…).")
				}
			}
		}
	}
	return v.Err()
}

// CreateUser creates an account with a password (the CLI, an admin or a coordinator for a
// partner of its territory). The e-mail is normalised; CONFLICT when it is taken.
func (s *Service) CreateUser(ctx context.Context, actor Principal, in NewUser) (User, error) {
	now := s.now()
	u := User{ID: newID("usr-"), Email: in.Email, DisplayName: in.DisplayName, Role: in.Role,
		Organisations: in.Organisations, Territories: in.Territories, CreatedAt: now, UpdatedAt: now}
	if err := s.prepare(ctx, &u); err != nil {
		return User{}, err
	}
	if err := CheckPassword(in.Password, u.Email); err != nil {
		return User{}, err
	}
	if err := s.Authorize(ctx, actor, OpManageUsers, Target{User: &u}); err != nil {
		return User{}, err
	}
	h, err := HashPassword(in.Password)
	if err != nil {
		return User{}, graph.Internal(err)
	}
	u.PasswordHash = h
	u, err = s.Store.CreateUser(ctx, u)
	return public(u), err
}

// public strips the password hash from an account handed out.
func public(u User) User {
	u.PasswordHash = ""
	return u
}

// ListUsers returns the accounts the actor may manage: all for an admin, the partner members
// of its territory's organisations for a coordinator.
func (s *Service) ListUsers(ctx context.Context, actor Principal) ([]User, error) {
	if err := s.Authz.precheck(actor, OpManageUsers); err != nil {
		return nil, err
	}
	if r := actor.Role(); r != RoleAdmin && r != RoleCoordinator {
		return nil, graph.Errorf(graph.CodeForbidden, "Seules la coordination territoriale et l'administration peuvent consulter les comptes.")
	}
	users, err := s.Store.ListUsers(ctx)
	if err != nil {
		return nil, err
	}
	targets := make([]Target, len(users))
	for i := range users {
		targets[i] = Target{User: &users[i]}
	}
	errs, err := s.Authz.AuthorizeEach(ctx, actor, OpManageUsers, targets)
	if err != nil {
		return nil, err
	}
	var out []User
	for i, u := range users {
		if errs[i] == nil {
			out = append(out, public(u))
		}
	}
	return out, nil
}

// UserByEmail returns the account with this e-mail if the actor may manage it.
func (s *Service) UserByEmail(ctx context.Context, actor Principal, email string) (User, error) {
	e, err := NormalizeEmail(email)
	if err != nil {
		return User{}, err
	}
	if err := s.Authz.precheck(actor, OpManageUsers); err != nil {
		return User{}, err
	}
	u, err := s.Store.GetUserByEmail(ctx, e)
	if graph.IsCode(err, graph.CodeNotFound) {
		return User{}, graph.Errorf(graph.CodeNotFound, "Aucun compte pour l'adresse %s.", e)
	}
	if err != nil {
		return User{}, err
	}
	if err := s.Authorize(ctx, actor, OpManageUsers, Target{User: &u}); err != nil {
		return User{}, err
	}
	return public(u), nil
}

// SetDisabled disables (or re-enables) the account with this e-mail; disabling ends its
// sessions at once, and its API tokens stop working.
func (s *Service) SetDisabled(ctx context.Context, actor Principal, email string, disabled bool) (User, error) {
	u, err := s.UserByEmail(ctx, actor, email)
	if err != nil {
		return User{}, err
	}
	if actor.User != nil && actor.User.ID == u.ID && disabled {
		return User{}, graph.Errorf(graph.CodeBadUserInput, "Vous ne pouvez pas désactiver votre propre compte.")
	}
	return s.modifyUser(ctx, u.ID, func(u *User) error {
		u.Disabled = disabled
		return nil
	}, disabled)
}

// modifyUser applies fn to the stored account and saves it, retrying on a concurrent change.
func (s *Service) modifyUser(ctx context.Context, id string, fn func(*User) error, endSessions bool) (User, error) {
	for attempt := 0; ; attempt++ {
		u, err := s.Store.GetUser(ctx, id)
		if err != nil {
			return User{}, err
		}
		if err := fn(&u); err != nil {
			return User{}, err
		}
		u.UpdatedAt = s.now()
		saved, err := s.Store.UpdateUser(ctx, u)
		if graph.IsCode(err, graph.CodeConflict) && attempt < 3 {
			continue
		}
		if err != nil {
			return User{}, err
		}
		if endSessions {
			if _, err := s.Store.DeleteUserSessions(ctx, id); err != nil {
				return User{}, err
			}
		}
		return public(saved), nil
	}
}

// ChangePassword sets a new password for the signed-in user, who gives the current one from
// addr; every session of the account ends (the caller starts a new one). Wrong current
// passwords are throttled like sign-ins: a stolen session must not guess the password.
func (s *Service) ChangePassword(ctx context.Context, actor Principal, current, next, addr string) error {
	if actor.User == nil || actor.TokenID != "" {
		return graph.Errorf(graph.CodeUnauthenticated, "Connectez-vous pour changer votre mot de passe.")
	}
	key := "mot-de-passe\x00" + actor.User.ID
	if err := s.Throttle.Allow(key, addr, "de changement de mot de passe"); err != nil {
		return err
	}
	u, err := s.Store.GetUser(ctx, actor.User.ID)
	if err != nil {
		return err
	}
	if !VerifyPassword(current, u.PasswordHash) {
		s.Throttle.Fail(key, addr)
		var v graph.ValidationErrors
		v.Add("currentPassword", "Le mot de passe actuel est incorrect.")
		return v.Err()
	}
	s.Throttle.Succeed(key, addr)
	if err := CheckPassword(next, u.Email); err != nil {
		return err
	}
	h, err := HashPassword(next)
	if err != nil {
		return graph.Internal(err)
	}
	_, err = s.modifyUser(ctx, u.ID, func(u *User) error { u.PasswordHash = h; return nil }, true)
	return err
}

// ---- sign-in and sessions

func badCredentials() error {
	return graph.Errorf(graph.CodeUnauthenticated, "Adresse e-mail ou mot de passe incorrect.")
}

// SignIn checks an e-mail and a password from the client address ip, throttled per e-mail and
// address (Throttle). Its error never tells whether the account exists: UNAUTHENTICATED
// "Adresse e-mail ou mot de passe incorrect." (also for a disabled account), or FORBIDDEN with
// ErrTooManyAttempts.
func (s *Service) SignIn(ctx context.Context, email, password, ip string) (User, error) {
	e, err := NormalizeEmail(email)
	if err != nil {
		e = strings.ToLower(strings.TrimSpace(email))
	}
	if err := s.Throttle.Allow(e, ip, "de connexion"); err != nil {
		return User{}, err
	}
	u, err := s.Store.GetUserByEmail(ctx, e)
	if err != nil && !graph.IsCode(err, graph.CodeNotFound) {
		return User{}, err
	}
	hash := u.PasswordHash
	if err != nil || hash == "" {
		hash = dummyHash // same work whether the account exists or not
	}
	ok := VerifyPassword(password, hash) && err == nil && u.PasswordHash != "" && !u.Disabled
	if !ok {
		s.Throttle.Fail(e, ip)
		return User{}, badCredentials()
	}
	s.Throttle.Succeed(e, ip)
	if NeedsRehash(u.PasswordHash) {
		if h, err := HashPassword(password); err == nil {
			if saved, err := s.modifyUser(ctx, u.ID, func(x *User) error { x.PasswordHash = h; return nil }, false); err == nil {
				u = saved
			}
		}
	}
	return public(u), nil
}

// StartSession opens a session for u and returns its id (for the cookie, shown only there).
func (s *Service) StartSession(ctx context.Context, u User, ip, userAgent string) (string, Session, error) {
	id := NewSessionID()
	now := s.now()
	if len(userAgent) > 300 {
		userAgent = userAgent[:300]
	}
	sess := Session{Hash: HashSecret(id), UserID: u.ID, CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(s.SessionMax), IP: ip, UserAgent: userAgent}
	if err := s.Store.CreateSession(ctx, sess); err != nil {
		return "", Session{}, err
	}
	return id, sess, nil
}

func sessionExpired() error {
	return graph.Errorf(graph.CodeUnauthenticated, "Votre session a expiré : reconnectez-vous.")
}

// ResolveSession returns the principal of a session id (from the cookie), recording activity.
// An unknown, expired or idle session, or a disabled account, gives UNAUTHENTICATED.
func (s *Service) ResolveSession(ctx context.Context, id string) (Principal, Session, error) {
	if id == "" {
		return Principal{}, Session{}, sessionExpired()
	}
	hash := HashSecret(id)
	sess, err := s.Store.GetSession(ctx, hash)
	if graph.IsCode(err, graph.CodeNotFound) {
		return Principal{}, Session{}, sessionExpired()
	}
	if err != nil {
		return Principal{}, Session{}, err
	}
	now := s.now()
	if !now.Before(sess.ExpiresAt) || !now.Before(sess.LastSeenAt.Add(s.SessionIdle)) {
		_ = s.Store.DeleteSession(ctx, hash)
		return Principal{}, Session{}, sessionExpired()
	}
	u, err := s.Store.GetUser(ctx, sess.UserID)
	if graph.IsCode(err, graph.CodeNotFound) || err == nil && u.Disabled {
		_ = s.Store.DeleteSession(ctx, hash)
		return Principal{}, Session{}, sessionExpired()
	}
	if err != nil { // the store is unreachable: the session is not over
		return Principal{}, Session{}, err
	}
	if now.Sub(sess.LastSeenAt) >= s.TouchEvery {
		if err := s.Store.TouchSession(ctx, hash, now); err == nil {
			sess.LastSeenAt = now
		}
	}
	return ForUser(public(u)), sess, nil
}

// EndSession signs out (no error when the session is already gone).
func (s *Service) EndSession(ctx context.Context, id string) error {
	if id == "" {
		return nil
	}
	return s.Store.DeleteSession(ctx, HashSecret(id))
}

// EndAllSessions signs the account with this e-mail out everywhere (the user herself, an admin,
// or a coordinator for a partner of its territory) and returns how many sessions ended.
func (s *Service) EndAllSessions(ctx context.Context, actor Principal, email string) (int, error) {
	var u User
	var err error
	if actor.User != nil && actor.TokenID == "" && strings.EqualFold(strings.TrimSpace(email), actor.User.Email) {
		u = *actor.User
	} else if u, err = s.UserByEmail(ctx, actor, email); err != nil {
		return 0, err
	}
	return s.Store.DeleteUserSessions(ctx, u.ID)
}

// PurgeSessions removes expired and idle sessions (call it now and then).
func (s *Service) PurgeSessions(ctx context.Context) (int, error) {
	now := s.now()
	return s.Store.DeleteSessionsBefore(ctx, now, now.Add(-s.SessionIdle))
}

// ---- API tokens

// CreateToken creates an API token for the account ownerEmail and returns it, to be shown once.
func (s *Service) CreateToken(ctx context.Context, actor Principal, ownerEmail, name string, scopes []Scope) (string, APIToken, error) {
	e, err := NormalizeEmail(ownerEmail)
	if err != nil {
		return "", APIToken{}, err
	}
	if err := s.Authz.precheck(actor, OpManageTokens); err != nil {
		return "", APIToken{}, err
	}
	owner, err := s.Store.GetUserByEmail(ctx, e)
	if graph.IsCode(err, graph.CodeNotFound) {
		return "", APIToken{}, graph.Errorf(graph.CodeNotFound, "Aucun compte pour l'adresse %s.", e)
	}
	if err != nil {
		return "", APIToken{}, err
	}
	if err := s.Authorize(ctx, actor, OpManageTokens, Target{TokenOwner: owner.ID}); err != nil {
		return "", APIToken{}, err
	}
	var v graph.ValidationErrors
	name = strings.TrimSpace(name)
	if name == "" {
		v.Add("name", "Donnez un nom au jeton (le programme qui l'utilise).")
	} else if msg := graph.CheckText(name, false); msg != "" {
		v.Add("name", "Le nom du jeton "+msg+".")
	} else if utf8.RuneCountInString(name) > 100 {
		v.Add("name", "Le nom du jeton doit compter au plus 100 caractères.")
	}
	if len(scopes) == 0 {
		scopes = []Scope{ScopeRead}
	}
	for _, sc := range scopes {
		if !slices.Contains(Scopes, sc) {
			v.Add("scopes", "Portée inconnue « "+string(sc)+" » : read, write ou admin.")
		}
	}
	if owner.Disabled {
		v.Add("email", "Ce compte est désactivé.")
	}
	if err := v.Err(); err != nil {
		return "", APIToken{}, err
	}
	secret := NewAPIToken()
	t := APIToken{ID: newID("tok-"), Hash: HashSecret(secret), Name: name, OwnerID: owner.ID, Scopes: uniqScopes(scopes), CreatedAt: s.now()}
	if err := s.Store.CreateToken(ctx, t); err != nil {
		return "", APIToken{}, err
	}
	return secret, t, nil
}

func uniqScopes(in []Scope) []Scope {
	out := slices.Clone(in)
	slices.Sort(out)
	return slices.Compact(out)
}

// ListTokens returns the tokens of the account ownerID, or every token when ownerID is empty
// (admin only).
func (s *Service) ListTokens(ctx context.Context, actor Principal, ownerID string) ([]APIToken, error) {
	var err error
	if ownerID == "" {
		err = s.Authorize(ctx, actor, OpManageUsers, Target{})
	} else {
		err = s.Authorize(ctx, actor, OpManageTokens, Target{TokenOwner: ownerID})
	}
	if err != nil {
		return nil, err
	}
	return s.Store.ListTokens(ctx, ownerID)
}

// RevokeToken revokes a token by id; it stops working at once.
func (s *Service) RevokeToken(ctx context.Context, actor Principal, id string) (APIToken, error) {
	if err := s.Authz.precheck(actor, OpManageTokens); err != nil {
		return APIToken{}, err
	}
	t, err := s.Store.GetToken(ctx, id)
	if err != nil {
		return APIToken{}, err
	}
	if err := s.Authorize(ctx, actor, OpManageTokens, Target{TokenOwner: t.OwnerID}); err != nil {
		return APIToken{}, err
	}
	return s.Store.RevokeToken(ctx, id, s.now())
}

func badToken() error {
	return graph.Errorf(graph.CodeUnauthenticated, "Le jeton d'accès envoyé n'est pas valide (inconnu, révoqué, ou son compte est désactivé).")
}

// AuthenticateToken returns the principal of an API token ("mlg_…", from the Authorization:
// Bearer header), recording its use. An unknown or revoked token, or a disabled owner, gives
// UNAUTHENTICATED.
func (s *Service) AuthenticateToken(ctx context.Context, secret string) (Principal, error) {
	if !strings.HasPrefix(secret, TokenPrefix) {
		return Principal{}, badToken()
	}
	t, err := s.Store.GetTokenByHash(ctx, HashSecret(secret))
	if graph.IsCode(err, graph.CodeNotFound) {
		return Principal{}, badToken()
	}
	if err != nil {
		return Principal{}, err
	}
	if t.RevokedAt != nil {
		return Principal{}, badToken()
	}
	u, err := s.Store.GetUser(ctx, t.OwnerID)
	if graph.IsCode(err, graph.CodeNotFound) || err == nil && u.Disabled {
		return Principal{}, badToken()
	}
	if err != nil {
		return Principal{}, err
	}
	now := s.now()
	if t.LastUsedAt == nil || now.Sub(*t.LastUsedAt) >= s.TouchEvery {
		_ = s.Store.TouchToken(ctx, t.ID, now)
	}
	return ForToken(public(u), t), nil
}

// ---- invitations

// InviteInput is who is invited to become what: a partner editor of Organisation, or a
// coordinator of Territory (admins may invite admins).
type InviteInput struct {
	Email        string
	Role         Role
	Organisation string
	Territory    string
}

// Invite creates an invitation and returns its token, to be sent to the invitee (once).
func (s *Service) Invite(ctx context.Context, actor Principal, in InviteInput) (string, Invitation, error) {
	now := s.now()
	inv := Invitation{ID: newID("inv-"), Email: in.Email, Role: in.Role, InvitedBy: actor.UserID(), CreatedAt: now, ExpiresAt: now.Add(s.InvitationTTL)}
	if in.Organisation != "" {
		inv.Organisations = []string{in.Organisation}
	}
	if in.Territory != "" {
		inv.Territories = []string{in.Territory}
	}
	probe := User{Email: in.Email, Role: in.Role, Organisations: inv.Organisations, Territories: inv.Territories}
	if err := s.prepare(ctx, &probe); err != nil {
		return "", Invitation{}, err
	}
	inv.Email = probe.Email
	if err := s.Authorize(ctx, actor, OpInvite, Target{Invite: &InviteTarget{Role: in.Role, Organisation: in.Organisation, Territory: in.Territory}}); err != nil {
		return "", Invitation{}, err
	}
	if _, err := s.Store.GetUserByEmail(ctx, inv.Email); err == nil {
		return "", Invitation{}, graph.Errorf(graph.CodeConflict, "Un compte existe déjà pour %s : l'administration peut lui ajouter l'organisation ou le territoire.", inv.Email)
	} else if !graph.IsCode(err, graph.CodeNotFound) {
		return "", Invitation{}, err
	}
	secret := NewInvitationToken()
	inv.Hash = HashSecret(secret)
	if err := s.Store.CreateInvitation(ctx, inv); err != nil {
		return "", Invitation{}, err
	}
	return secret, inv, nil
}

// PendingInvitation returns the invitation of a token, to show the invitee what she accepts;
// a redeemed or expired one gives BAD_USER_INPUT.
func (s *Service) PendingInvitation(ctx context.Context, secret string) (Invitation, error) {
	inv, err := s.Store.GetInvitationByHash(ctx, HashSecret(secret))
	if err != nil {
		return Invitation{}, err
	}
	return inv, CheckRedeemable(inv, s.now())
}

// Redeem creates the account of an invitation with the password the invitee chose. The
// invitation works once.
func (s *Service) Redeem(ctx context.Context, secret, displayName, password string) (User, error) {
	hash := HashSecret(secret)
	inv, err := s.Store.GetInvitationByHash(ctx, hash)
	if err != nil {
		return User{}, err
	}
	now := s.now()
	if err := CheckRedeemable(inv, now); err != nil {
		return User{}, err
	}
	u := User{ID: newID("usr-"), Email: inv.Email, DisplayName: displayName, Role: inv.Role,
		Organisations: inv.Organisations, Territories: inv.Territories, CreatedAt: now, UpdatedAt: now}
	if err := s.prepare(ctx, &u); err != nil {
		return User{}, err
	}
	if err := CheckPassword(password, u.Email); err != nil {
		return User{}, err
	}
	if u.PasswordHash, err = HashPassword(password); err != nil {
		return User{}, graph.Internal(err)
	}
	u, err = s.Store.RedeemInvitation(ctx, hash, u, now)
	return public(u), err
}

// ListInvitations returns the invitations the actor sent (all of them for an admin).
func (s *Service) ListInvitations(ctx context.Context, actor Principal) ([]Invitation, error) {
	if err := s.Authz.precheck(actor, OpInvite); err != nil {
		return nil, err
	}
	if r := actor.Role(); r != RoleAdmin && r != RoleCoordinator {
		return nil, graph.Errorf(graph.CodeForbidden, "Seules la coordination territoriale et l'administration peuvent consulter les invitations.")
	}
	all, err := s.Store.ListInvitations(ctx)
	if err != nil || actor.Role() == RoleAdmin {
		return all, err
	}
	var out []Invitation
	for _, inv := range all {
		if inv.InvitedBy == actor.UserID() {
			out = append(out, inv)
		}
	}
	return out, nil
}
