// Package embedded is the auth.Store of the embedded deployment: a bbolt file of its own in the
// data directory (accounts.db), next to the embedded graph. Each write is one bbolt transaction,
// synced to disk before it returns.
package embedded

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/maillage/maillage/auth"
	"github.com/maillage/maillage/graph"
)

var (
	bUsers       = []byte("users")
	bUserEmails  = []byte("user-emails")
	bSessions    = []byte("sessions")
	bTokens      = []byte("tokens")
	bTokenHashes = []byte("token-hashes")
	bInvitations = []byte("invitations")
	bInviteHash  = []byte("invitation-hashes")
)

// FileName is the name of the accounts file in the data directory.
const FileName = "accounts.db"

// Options tune Open.
type Options struct {
	// Timeout bounds the wait for the file lock held by another process (0: wait forever).
	Timeout time.Duration
}

// Store is the bbolt auth.Store.
type Store struct {
	db *bolt.DB
}

var _ auth.Store = (*Store)(nil)

// Open opens (creating it if needed) the accounts file at path.
func Open(path string, opts Options) (*Store, error) {
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: opts.Timeout})
	if err != nil {
		if errors.Is(err, bolt.ErrTimeout) {
			return nil, fmt.Errorf("la base des comptes %s est ouverte par un autre processus (maillage serve ?) : %w", path, err)
		}
		return nil, fmt.Errorf("ouverture de la base des comptes %s : %w", path, err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bUsers, bUserEmails, bSessions, bTokens, bTokenHashes, bInvitations, bInviteHash} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("préparation de la base des comptes %s : %w", path, err)
	}
	return &Store{db: db}, nil
}

// Close closes the file.
func (s *Store) Close() error { return s.db.Close() }

func get[T any](b *bolt.Bucket, key string, what string) (T, error) {
	var v T
	data := b.Get([]byte(key))
	if data == nil {
		return v, graph.NotFound(what, key)
	}
	if err := json.Unmarshal(data, &v); err != nil {
		return v, graph.Internal(err)
	}
	return v, nil
}

func put(b *bolt.Bucket, key string, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return b.Put([]byte(key), data)
}

func ctxErr(ctx context.Context) error { return ctx.Err() }

func (s *Store) update(ctx context.Context, fn func(tx *bolt.Tx) error) error {
	if err := ctxErr(ctx); err != nil {
		return err
	}
	return s.db.Update(fn)
}

func (s *Store) view(ctx context.Context, fn func(tx *bolt.Tx) error) error {
	if err := ctxErr(ctx); err != nil {
		return err
	}
	return s.db.View(fn)
}

func emailTaken() error {
	return graph.Errorf(graph.CodeConflict, "Un compte existe déjà pour cette adresse e-mail.")
}

func insertUser(tx *bolt.Tx, u auth.User) (auth.User, error) {
	users, emails := tx.Bucket(bUsers), tx.Bucket(bUserEmails)
	if emails.Get([]byte(u.Email)) != nil {
		return u, emailTaken()
	}
	if users.Get([]byte(u.ID)) != nil {
		return u, graph.Errorf(graph.CodeConflict, "Cet identifiant de compte est déjà pris.")
	}
	u.Version = 1
	if u.UpdatedAt.IsZero() {
		u.UpdatedAt = u.CreatedAt
	}
	if err := put(users, u.ID, u); err != nil {
		return u, err
	}
	return u, emails.Put([]byte(u.Email), []byte(u.ID))
}

func (s *Store) CreateUser(ctx context.Context, u auth.User) (auth.User, error) {
	err := s.update(ctx, func(tx *bolt.Tx) error {
		var err error
		u, err = insertUser(tx, u)
		return err
	})
	return u, err
}

func (s *Store) UpdateUser(ctx context.Context, u auth.User) (auth.User, error) {
	err := s.update(ctx, func(tx *bolt.Tx) error {
		users, emails := tx.Bucket(bUsers), tx.Bucket(bUserEmails)
		old, err := get[auth.User](users, u.ID, "Compte")
		if err != nil {
			return err
		}
		if old.Version != u.Version {
			return graph.Errorf(graph.CodeConflict, "Ce compte a été modifié entre-temps (version %d, attendue %d) : rechargez-le.", old.Version, u.Version)
		}
		if old.Email != u.Email {
			if emails.Get([]byte(u.Email)) != nil {
				return emailTaken()
			}
			if err := emails.Delete([]byte(old.Email)); err != nil {
				return err
			}
			if err := emails.Put([]byte(u.Email), []byte(u.ID)); err != nil {
				return err
			}
		}
		u.Version = old.Version + 1
		u.CreatedAt = old.CreatedAt
		return put(users, u.ID, u)
	})
	return u, err
}

func (s *Store) GetUser(ctx context.Context, id string) (auth.User, error) {
	var u auth.User
	err := s.view(ctx, func(tx *bolt.Tx) error {
		var err error
		u, err = get[auth.User](tx.Bucket(bUsers), id, "Compte")
		return err
	})
	return u, err
}

func (s *Store) GetUserByEmail(ctx context.Context, email string) (auth.User, error) {
	var u auth.User
	err := s.view(ctx, func(tx *bolt.Tx) error {
		id := tx.Bucket(bUserEmails).Get([]byte(email))
		if id == nil {
			return graph.NotFound("Compte", email)
		}
		var err error
		u, err = get[auth.User](tx.Bucket(bUsers), string(id), "Compte")
		return err
	})
	return u, err
}

func (s *Store) ListUsers(ctx context.Context) ([]auth.User, error) {
	var out []auth.User
	err := s.view(ctx, func(tx *bolt.Tx) error {
		users := tx.Bucket(bUsers)
		// the e-mail index is ordered by e-mail
		return tx.Bucket(bUserEmails).ForEach(func(_, id []byte) error {
			u, err := get[auth.User](users, string(id), "Compte")
			if err != nil {
				return err
			}
			out = append(out, u)
			return nil
		})
	})
	return out, err
}

func (s *Store) CreateSession(ctx context.Context, sess auth.Session) error {
	return s.update(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bSessions)
		if b.Get([]byte(sess.Hash)) != nil {
			return graph.Errorf(graph.CodeConflict, "Session déjà enregistrée.")
		}
		return put(b, sess.Hash, sess)
	})
}

func (s *Store) GetSession(ctx context.Context, hash string) (auth.Session, error) {
	var out auth.Session
	err := s.view(ctx, func(tx *bolt.Tx) error {
		var err error
		out, err = get[auth.Session](tx.Bucket(bSessions), hash, "Session")
		return err
	})
	return out, err
}

func (s *Store) TouchSession(ctx context.Context, hash string, at time.Time) error {
	return s.update(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bSessions)
		sess, err := get[auth.Session](b, hash, "Session")
		if err != nil {
			return err
		}
		sess.LastSeenAt = at
		return put(b, hash, sess)
	})
}

func (s *Store) DeleteSession(ctx context.Context, hash string) error {
	return s.update(ctx, func(tx *bolt.Tx) error { return tx.Bucket(bSessions).Delete([]byte(hash)) })
}

// deleteSessions removes the sessions for which drop is true.
func (s *Store) deleteSessions(ctx context.Context, drop func(auth.Session) bool) (int, error) {
	n := 0
	err := s.update(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bSessions)
		var keys [][]byte
		err := b.ForEach(func(k, v []byte) error {
			var sess auth.Session
			if err := json.Unmarshal(v, &sess); err != nil {
				return err
			}
			if drop(sess) {
				keys = append(keys, bytes.Clone(k))
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, k := range keys {
			if err := b.Delete(k); err != nil {
				return err
			}
		}
		n = len(keys)
		return nil
	})
	return n, err
}

func (s *Store) DeleteUserSessions(ctx context.Context, userID string) (int, error) {
	return s.deleteSessions(ctx, func(sess auth.Session) bool { return sess.UserID == userID })
}

func (s *Store) DeleteSessionsBefore(ctx context.Context, expiresBefore, lastSeenBefore time.Time) (int, error) {
	return s.deleteSessions(ctx, func(sess auth.Session) bool {
		return sess.ExpiresAt.Before(expiresBefore) || sess.LastSeenAt.Before(lastSeenBefore)
	})
}

func (s *Store) CreateToken(ctx context.Context, t auth.APIToken) error {
	return s.update(ctx, func(tx *bolt.Tx) error {
		b, h := tx.Bucket(bTokens), tx.Bucket(bTokenHashes)
		if b.Get([]byte(t.ID)) != nil || h.Get([]byte(t.Hash)) != nil {
			return graph.Errorf(graph.CodeConflict, "Ce jeton existe déjà.")
		}
		if err := put(b, t.ID, t); err != nil {
			return err
		}
		return h.Put([]byte(t.Hash), []byte(t.ID))
	})
}

func (s *Store) GetToken(ctx context.Context, id string) (auth.APIToken, error) {
	var t auth.APIToken
	err := s.view(ctx, func(tx *bolt.Tx) error {
		var err error
		t, err = get[auth.APIToken](tx.Bucket(bTokens), id, "Jeton")
		return err
	})
	return t, err
}

func (s *Store) GetTokenByHash(ctx context.Context, hash string) (auth.APIToken, error) {
	var t auth.APIToken
	err := s.view(ctx, func(tx *bolt.Tx) error {
		id := tx.Bucket(bTokenHashes).Get([]byte(hash))
		if id == nil {
			return graph.Errorf(graph.CodeNotFound, "Jeton inconnu.")
		}
		var err error
		t, err = get[auth.APIToken](tx.Bucket(bTokens), string(id), "Jeton")
		return err
	})
	return t, err
}

func (s *Store) ListTokens(ctx context.Context, ownerID string) ([]auth.APIToken, error) {
	var out []auth.APIToken
	err := s.view(ctx, func(tx *bolt.Tx) error {
		return tx.Bucket(bTokens).ForEach(func(_, v []byte) error {
			var t auth.APIToken
			if err := json.Unmarshal(v, &t); err != nil {
				return err
			}
			if ownerID == "" || t.OwnerID == ownerID {
				out = append(out, t)
			}
			return nil
		})
	})
	slices.SortFunc(out, func(a, b auth.APIToken) int {
		if c := a.CreatedAt.Compare(b.CreatedAt); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out, err
}

func (s *Store) modifyToken(ctx context.Context, id string, fn func(*auth.APIToken)) (auth.APIToken, error) {
	var t auth.APIToken
	err := s.update(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bTokens)
		var err error
		if t, err = get[auth.APIToken](b, id, "Jeton"); err != nil {
			return err
		}
		fn(&t)
		return put(b, id, t)
	})
	return t, err
}

func (s *Store) TouchToken(ctx context.Context, id string, at time.Time) error {
	_, err := s.modifyToken(ctx, id, func(t *auth.APIToken) { t.LastUsedAt = &at })
	return err
}

func (s *Store) RevokeToken(ctx context.Context, id string, at time.Time) (auth.APIToken, error) {
	return s.modifyToken(ctx, id, func(t *auth.APIToken) {
		if t.RevokedAt == nil {
			t.RevokedAt = &at
		}
	})
}

func (s *Store) CreateInvitation(ctx context.Context, inv auth.Invitation) error {
	return s.update(ctx, func(tx *bolt.Tx) error {
		b, h := tx.Bucket(bInvitations), tx.Bucket(bInviteHash)
		if b.Get([]byte(inv.ID)) != nil || h.Get([]byte(inv.Hash)) != nil {
			return graph.Errorf(graph.CodeConflict, "Cette invitation existe déjà.")
		}
		if err := put(b, inv.ID, inv); err != nil {
			return err
		}
		return h.Put([]byte(inv.Hash), []byte(inv.ID))
	})
}

func invitationByHash(tx *bolt.Tx, hash string) (auth.Invitation, error) {
	id := tx.Bucket(bInviteHash).Get([]byte(hash))
	if id == nil {
		return auth.Invitation{}, graph.Errorf(graph.CodeNotFound, "Invitation inconnue : vérifiez le lien reçu.")
	}
	return get[auth.Invitation](tx.Bucket(bInvitations), string(id), "Invitation")
}

func (s *Store) GetInvitationByHash(ctx context.Context, hash string) (auth.Invitation, error) {
	var inv auth.Invitation
	err := s.view(ctx, func(tx *bolt.Tx) error {
		var err error
		inv, err = invitationByHash(tx, hash)
		return err
	})
	return inv, err
}

func (s *Store) ListInvitations(ctx context.Context) ([]auth.Invitation, error) {
	var out []auth.Invitation
	err := s.view(ctx, func(tx *bolt.Tx) error {
		return tx.Bucket(bInvitations).ForEach(func(_, v []byte) error {
			var inv auth.Invitation
			if err := json.Unmarshal(v, &inv); err != nil {
				return err
			}
			out = append(out, inv)
			return nil
		})
	})
	slices.SortFunc(out, func(a, b auth.Invitation) int {
		if c := b.CreatedAt.Compare(a.CreatedAt); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out, err
}

func (s *Store) RedeemInvitation(ctx context.Context, hash string, u auth.User, at time.Time) (auth.User, error) {
	err := s.update(ctx, func(tx *bolt.Tx) error {
		inv, err := invitationByHash(tx, hash)
		if err != nil {
			return err
		}
		if err := auth.CheckRedeemable(inv, at); err != nil {
			return err
		}
		if u, err = insertUser(tx, u); err != nil {
			return err
		}
		inv.RedeemedAt, inv.UserID = &at, u.ID
		return put(tx.Bucket(bInvitations), inv.ID, inv)
	})
	return u, err
}
