package auth

import (
	"context"
	"time"

	"github.com/maillage/maillage/graph"
)

// paris is the time zone of dates shown to users.
var paris = func() *time.Location {
	if l, err := time.LoadLocation("Europe/Paris"); err == nil {
		return l
	}
	return time.FixedZone("CET", 3600)
}()

// Store persists accounts, sessions, API tokens and invitations. Every implementation
// (auth/embedded, auth/neo4j) passes the contract suite in auth/storetest. All methods are safe
// for concurrent use, and every write is durable once it returns.
//
// Missing records give NOT_FOUND; a taken e-mail gives CONFLICT (also when two creations race).
type Store interface {
	// CreateUser inserts u (ID, Email and CreatedAt set by the caller; Version set to 1). CONFLICT
	// when the e-mail or the id is taken.
	CreateUser(ctx context.Context, u User) (User, error)
	// UpdateUser replaces the account u.ID when its stored Version is u.Version (CONFLICT
	// otherwise), increments Version and returns the stored account. The e-mail may change
	// (CONFLICT when taken).
	UpdateUser(ctx context.Context, u User) (User, error)
	GetUser(ctx context.Context, id string) (User, error)
	// GetUserByEmail looks up a normalised e-mail.
	GetUserByEmail(ctx context.Context, email string) (User, error)
	// ListUsers returns every account, ordered by e-mail.
	ListUsers(ctx context.Context) ([]User, error)

	CreateSession(ctx context.Context, s Session) error
	// GetSession returns the session with this hash, expired or not.
	GetSession(ctx context.Context, hash string) (Session, error)
	// TouchSession records activity on a session.
	TouchSession(ctx context.Context, hash string, at time.Time) error
	// DeleteSession ends a session (no error when it is already gone).
	DeleteSession(ctx context.Context, hash string) error
	// DeleteUserSessions ends every session of a user and returns how many there were.
	DeleteUserSessions(ctx context.Context, userID string) (int, error)
	// DeleteSessionsBefore removes the sessions whose absolute expiry or last activity is before
	// the given times (housekeeping) and returns how many it removed.
	DeleteSessionsBefore(ctx context.Context, expiresBefore, lastSeenBefore time.Time) (int, error)

	// CreateToken inserts t (CONFLICT when its id or hash is taken).
	CreateToken(ctx context.Context, t APIToken) error
	GetToken(ctx context.Context, id string) (APIToken, error)
	GetTokenByHash(ctx context.Context, hash string) (APIToken, error)
	// ListTokens returns the tokens of a user, or every token when ownerID is empty, revoked
	// ones included, ordered by creation then id.
	ListTokens(ctx context.Context, ownerID string) ([]APIToken, error)
	// TouchToken records the token's last use.
	TouchToken(ctx context.Context, id string, at time.Time) error
	// RevokeToken sets RevokedAt (kept when already revoked) and returns the token.
	RevokeToken(ctx context.Context, id string, at time.Time) (APIToken, error)

	// CreateInvitation inserts inv (CONFLICT when its id or hash is taken).
	CreateInvitation(ctx context.Context, inv Invitation) error
	GetInvitationByHash(ctx context.Context, hash string) (Invitation, error)
	// ListInvitations returns every invitation, newest first.
	ListInvitations(ctx context.Context) ([]Invitation, error)
	// RedeemInvitation, in one transaction, checks that the invitation with this hash exists
	// (NOT_FOUND), is neither redeemed nor expired at `at` (BAD_USER_INPUT), creates the account u
	// (CONFLICT when the e-mail is taken) and marks the invitation redeemed by it. Of two
	// concurrent redemptions, one succeeds.
	RedeemInvitation(ctx context.Context, hash string, u User, at time.Time) (User, error)

	Close() error
}

// CheckRedeemable returns the BAD_USER_INPUT error of an invitation already redeemed or expired
// at `at`: the one rule every store applies inside RedeemInvitation.
func CheckRedeemable(inv Invitation, at time.Time) error {
	if inv.RedeemedAt != nil {
		return graph.Errorf(graph.CodeBadUserInput, "Cette invitation a déjà servi : connectez-vous avec le compte créé, ou demandez une nouvelle invitation.")
	}
	if !at.Before(inv.ExpiresAt) {
		return graph.Errorf(graph.CodeBadUserInput, "Cette invitation a expiré le %s : demandez-en une nouvelle à la personne qui vous a invité·e.", inv.ExpiresAt.In(paris).Format("02/01/2006"))
	}
	return nil
}
