// Package auth is the accounts and authorization domain of Maillage: who acts (Principal), what
// they may do (Authorizer.Authorize, the one place where access is decided), and the accounts,
// sessions, API tokens and invitations behind them (Store, with one implementation per
// deployment: auth/embedded next to the embedded graph, auth/neo4j in the shared Neo4j).
//
// Roles: a reader is anyone without an account and reads published listings only; a partner
// editor is a member of one or more organisations and edits those organisations and the
// dispositifs they OPERATE; a territory coordinator (a SIAO) edits every listing of its
// territories, sees drafts and history and invites partners; an admin does everything.
//
// Secrets (session ids, API tokens, invitation tokens) are random 256-bit values shown once and
// stored only as their SHA-256; passwords are hashed with argon2id. Errors are *graph.Error
// values with the codes of the API (UNAUTHENTICATED, FORBIDDEN, BAD_USER_INPUT, NOT_FOUND,
// CONFLICT) and French messages.
package auth

import (
	"slices"
	"strings"
	"time"

	"github.com/maillage/maillage/graph"
)

// Role is what an account may do.
type Role string

const (
	// RoleReader is the role of anyone without an account: published listings only. No account
	// has it.
	RoleReader Role = "reader"
	// RolePartner is a partner editor: a member of one or more organisations.
	RolePartner Role = "partner"
	// RoleCoordinator is a territory coordinator (a SIAO): every listing of its territories.
	RoleCoordinator Role = "coordinator"
	// RoleAdmin may do everything.
	RoleAdmin Role = "admin"
)

// AccountRoles are the roles an account may have.
var AccountRoles = []Role{RolePartner, RoleCoordinator, RoleAdmin}

// Label is the role's name in French.
func (r Role) Label() string {
	switch r {
	case RolePartner:
		return "partenaire"
	case RoleCoordinator:
		return "coordination territoriale"
	case RoleAdmin:
		return "administration"
	default:
		return "lecture"
	}
}

// ParseRole reads an account role, in English or in French ("partenaire", "coordinateur",
// "coordination", "administrateur").
func ParseRole(s string) (Role, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "partner", "partenaire", "editor":
		return RolePartner, nil
	case "coordinator", "coordinateur", "coordinatrice", "coordination", "siao":
		return RoleCoordinator, nil
	case "admin", "administrateur", "administratrice", "administration":
		return RoleAdmin, nil
	}
	return "", graph.Errorf(graph.CodeBadUserInput, "Rôle inconnu « %s » : partner (partenaire), coordinator (coordination territoriale) ou admin.", s)
}

// Scope limits what an API token may do on behalf of its owner; it never adds to the owner's role.
type Scope string

const (
	// ScopeRead reads drafts and history within the owner's rights (published listings need no scope).
	ScopeRead Scope = "read"
	// ScopeWrite creates, edits, archives, restores, verifies and links listings.
	ScopeWrite Scope = "write"
	// ScopeAdmin invites members and manages accounts and tokens.
	ScopeAdmin Scope = "admin"
)

// Scopes lists every scope.
var Scopes = []Scope{ScopeRead, ScopeWrite, ScopeAdmin}

func (s Scope) label() string {
	switch s {
	case ScopeRead:
		return "lecture"
	case ScopeWrite:
		return "écriture"
	case ScopeAdmin:
		return "administration"
	}
	return string(s)
}

// ParseScopes reads a comma-separated list of scopes ("read,write"); empty gives [read].
func ParseScopes(s string) ([]Scope, error) {
	var out []Scope
	for _, part := range strings.Split(s, ",") {
		part = strings.ToLower(strings.TrimSpace(part))
		if part == "" {
			continue
		}
		sc := Scope(part)
		if !slices.Contains(Scopes, sc) {
			return nil, graph.Errorf(graph.CodeBadUserInput, "Portée inconnue « %s » : read, write ou admin.", part)
		}
		if !slices.Contains(out, sc) {
			out = append(out, sc)
		}
	}
	if len(out) == 0 {
		out = []Scope{ScopeRead}
	}
	slices.Sort(out)
	return out, nil
}

// User is an account. E-mail addresses are normalised (NormalizeEmail) and unique.
type User struct {
	ID          string `json:"id"`
	Email       string `json:"email"`
	DisplayName string `json:"displayName"`
	Role        Role   `json:"role"`
	// Organisations are the organisation ids a partner editor is a member of.
	Organisations []string `json:"organisations,omitempty"`
	// Territories are the territory ids (dep-52, reg-44…) of a coordinator.
	Territories []string `json:"territories,omitempty"`
	Disabled    bool     `json:"disabled,omitempty"`
	// PasswordHash is the argon2id hash in PHC format; empty until a password is chosen.
	PasswordHash string `json:"passwordHash,omitempty"`
	// Version starts at 1 and is incremented by the store on every update.
	Version   int64     `json:"version"`
	CreatedAt time.Time `json:"createdAt"`
	UpdatedAt time.Time `json:"updatedAt"`
}

// Session is a signed-in browser. Its id is shown only to the browser (cookie); the store keeps
// its SHA-256 (Hash).
type Session struct {
	Hash       string    `json:"hash"`
	UserID     string    `json:"userId"`
	CreatedAt  time.Time `json:"createdAt"`
	LastSeenAt time.Time `json:"lastSeenAt"`
	// ExpiresAt is the absolute end of the session; it also ends after SessionPolicy.Idle
	// without activity.
	ExpiresAt time.Time `json:"expiresAt"`
	IP        string    `json:"ip,omitempty"`
	UserAgent string    `json:"userAgent,omitempty"`
}

// APIToken lets a program act for its owner within its scopes. The token itself ("mlg_…") is
// shown once at creation; the store keeps its SHA-256 (Hash).
type APIToken struct {
	ID         string     `json:"id"`
	Hash       string     `json:"hash"`
	Name       string     `json:"name"`
	OwnerID    string     `json:"ownerId"`
	Scopes     []Scope    `json:"scopes"`
	CreatedAt  time.Time  `json:"createdAt"`
	LastUsedAt *time.Time `json:"lastUsedAt,omitempty"`
	RevokedAt  *time.Time `json:"revokedAt,omitempty"`
}

// HasScope reports whether the token carries sc.
func (t APIToken) HasScope(sc Scope) bool { return slices.Contains(t.Scopes, sc) }

// Invitation asks someone to create an account: a partner editor of an organisation or a
// coordinator of a territory. Its token is shown once (to be sent to the invitee); the store
// keeps its SHA-256 (Hash). It can be redeemed once, before ExpiresAt.
type Invitation struct {
	ID            string     `json:"id"`
	Hash          string     `json:"hash"`
	Email         string     `json:"email"`
	Role          Role       `json:"role"`
	Organisations []string   `json:"organisations,omitempty"`
	Territories   []string   `json:"territories,omitempty"`
	InvitedBy     string     `json:"invitedBy,omitempty"`
	CreatedAt     time.Time  `json:"createdAt"`
	ExpiresAt     time.Time  `json:"expiresAt"`
	RedeemedAt    *time.Time `json:"redeemedAt,omitempty"`
	// UserID is the account created when the invitation was redeemed.
	UserID string `json:"userId,omitempty"`
}

// Principal is who acts: nobody (anonymous, a reader), a signed-in user, or an API token acting
// for its owner within its scopes. System is the operator of the machine (the CLI): an admin.
type Principal struct {
	// User is the acting account; nil when anonymous.
	User *User
	// TokenID is set when the request came with an API token; Scopes are then the token's.
	TokenID string
	Scopes  []Scope
	// System marks the command-line operator, who has every right.
	System bool
}

// Anonymous is the principal of a request without credentials.
func Anonymous() Principal { return Principal{} }

// System is the principal of the command line, run by whoever operates the machine.
func System() Principal { return Principal{System: true} }

// ForUser is the principal of a signed-in user (a web session: no scope limit).
func ForUser(u User) Principal { return Principal{User: &u} }

// ForToken is the principal of a request carrying the API token t of user u.
func ForToken(u User, t APIToken) Principal {
	return Principal{User: &u, TokenID: t.ID, Scopes: slices.Clone(t.Scopes)}
}

// Authenticated reports whether someone is signed in (or is the system).
func (p Principal) Authenticated() bool { return p.System || p.User != nil }

// Role is the principal's role: reader when anonymous, admin for the system.
func (p Principal) Role() Role {
	switch {
	case p.System:
		return RoleAdmin
	case p.User == nil:
		return RoleReader
	}
	return p.User.Role
}

// UserID is the acting account's id, "" when anonymous or the system.
func (p Principal) UserID() string {
	if p.User == nil {
		return ""
	}
	return p.User.ID
}

// Actor names the principal for history records: the e-mail, "système" or "anonyme".
func (p Principal) Actor() string {
	switch {
	case p.System:
		return "système"
	case p.User == nil:
		return "anonyme"
	}
	return p.User.Email
}
