// Package neo4j is the auth.Store of shared and clustered deployments: accounts live in the
// same Neo4j as the graph, as nodes labelled :Account, :Session, :ApiToken and :Invitation —
// never :Node, so they stay out of graph scans, statistics, exports and searches.
//
// Each record is a node whose json property holds the whole record, with copies of the
// properties looked up (id, email, hash, userId, ownerId, times). Uniqueness constraints on
// those keys are created idempotently at Open, and make two concurrent creations of one e-mail
// give one CONFLICT. Read-modify-write operations take the node's write lock first.
package neo4j

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/maillage/maillage/auth"
	"github.com/maillage/maillage/graph"
	graphneo4j "github.com/maillage/maillage/graph/neo4j"
)

// Config says how to reach Neo4j: the same as the graph store's.
type Config = graphneo4j.Config

// Store is the Neo4j auth.Store.
type Store struct {
	driver neo4j.DriverWithContext
	db     string
	own    bool
}

var _ auth.Store = (*Store)(nil)

var schema = []string{
	"CREATE CONSTRAINT maillage_account_id IF NOT EXISTS FOR (a:Account) REQUIRE a.id IS UNIQUE",
	"CREATE CONSTRAINT maillage_account_email IF NOT EXISTS FOR (a:Account) REQUIRE a.email IS UNIQUE",
	"CREATE CONSTRAINT maillage_session_hash IF NOT EXISTS FOR (s:Session) REQUIRE s.hash IS UNIQUE",
	"CREATE CONSTRAINT maillage_apitoken_id IF NOT EXISTS FOR (t:ApiToken) REQUIRE t.id IS UNIQUE",
	"CREATE CONSTRAINT maillage_apitoken_hash IF NOT EXISTS FOR (t:ApiToken) REQUIRE t.hash IS UNIQUE",
	"CREATE CONSTRAINT maillage_invitation_id IF NOT EXISTS FOR (i:Invitation) REQUIRE i.id IS UNIQUE",
	"CREATE CONSTRAINT maillage_invitation_hash IF NOT EXISTS FOR (i:Invitation) REQUIRE i.hash IS UNIQUE",
	"CREATE INDEX maillage_session_user IF NOT EXISTS FOR (s:Session) ON (s.userId)",
	"CREATE INDEX maillage_apitoken_owner IF NOT EXISTS FOR (t:ApiToken) ON (t.ownerId)",
}

// Open connects to Neo4j (graphneo4j.Connect: bounded wait, clear errors) and creates the
// constraints.
func Open(ctx context.Context, cfg Config) (*Store, error) {
	driver, err := graphneo4j.Connect(ctx, cfg)
	if err != nil {
		return nil, err
	}
	s, err := New(ctx, driver, cfg.Database)
	if err != nil {
		driver.Close(ctx)
		return nil, err
	}
	s.own = true
	return s, nil
}

// New returns a store on an open driver (shared with the caller, who closes it) and creates
// the constraints.
func New(ctx context.Context, driver neo4j.DriverWithContext, database string) (*Store, error) {
	s := &Store{driver: driver, db: database}
	sess := s.session(ctx, neo4j.AccessModeWrite)
	defer sess.Close(ctx)
	for _, q := range schema {
		// Replicas starting together on an empty database race to create the same rule: the
		// loser's error goes away on a second try, when IF NOT EXISTS sees the winner's.
		var err error
		for attempt := 0; attempt < 3; attempt++ {
			if _, err = sess.Run(ctx, q, nil); err == nil {
				break
			}
			time.Sleep(time.Duration(attempt+1) * 100 * time.Millisecond)
		}
		if err != nil {
			return nil, fmt.Errorf("schéma des comptes Neo4j (%s) : %w", q, err)
		}
	}
	return s, nil
}

// Close closes the driver when Open created it.
func (s *Store) Close() error {
	if s.own {
		return s.driver.Close(context.Background())
	}
	return nil
}

// Reset deletes every account, session, token and invitation: for tests only.
func (s *Store) Reset(ctx context.Context) error {
	sess := s.session(ctx, neo4j.AccessModeWrite)
	defer sess.Close(ctx)
	_, err := sess.Run(ctx, "MATCH (n) WHERE n:Account OR n:Session OR n:ApiToken OR n:Invitation DETACH DELETE n", nil)
	return err
}

func (s *Store) session(ctx context.Context, mode neo4j.AccessMode) neo4j.SessionWithContext {
	return s.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.db, AccessMode: mode})
}

type box[T any] struct{ v T }

func write[T any](ctx context.Context, s *Store, fn func(tx neo4j.ManagedTransaction) (T, error)) (T, error) {
	sess := s.session(ctx, neo4j.AccessModeWrite)
	defer sess.Close(ctx)
	out, err := neo4j.ExecuteWrite(ctx, sess, func(tx neo4j.ManagedTransaction) (box[T], error) {
		v, err := fn(tx)
		return box[T]{v}, err
	})
	return out.v, translate(err)
}

func read[T any](ctx context.Context, s *Store, fn func(tx neo4j.ManagedTransaction) (T, error)) (T, error) {
	sess := s.session(ctx, neo4j.AccessModeRead)
	defer sess.Close(ctx)
	out, err := neo4j.ExecuteRead(ctx, sess, func(tx neo4j.ManagedTransaction) (box[T], error) {
		v, err := fn(tx)
		return box[T]{v}, err
	})
	return out.v, translate(err)
}

// translate keeps application errors and turns a uniqueness violation into CONFLICT.
func translate(err error) error {
	if err == nil {
		return nil
	}
	var ge *graph.Error
	if errors.As(err, &ge) {
		return err
	}
	var ne *neo4j.Neo4jError
	if errors.As(err, &ne) && ne.Code == "Neo.ClientError.Schema.ConstraintValidationFailed" {
		return graph.Errorf(graph.CodeConflict, "Un compte existe déjà pour cette adresse e-mail (ou cet enregistrement existe déjà).")
	}
	return err
}

// run runs a query and returns the json values of its first column.
func run(ctx context.Context, tx neo4j.ManagedTransaction, q string, p map[string]any) ([]string, error) {
	res, err := tx.Run(ctx, q, p)
	if err != nil {
		return nil, err
	}
	recs, err := res.Collect(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(recs))
	for _, r := range recs {
		if len(r.Values) > 0 {
			if s, ok := r.Values[0].(string); ok {
				out = append(out, s)
			}
		}
	}
	return out, nil
}

// one reads exactly one record of type T, or NOT_FOUND.
func one[T any](ctx context.Context, tx neo4j.ManagedTransaction, notFound error, q string, p map[string]any) (T, error) {
	var v T
	rows, err := run(ctx, tx, q, p)
	if err != nil {
		return v, err
	}
	if len(rows) == 0 {
		return v, notFound
	}
	return v, json.Unmarshal([]byte(rows[0]), &v)
}

func all[T any](ctx context.Context, tx neo4j.ManagedTransaction, q string, p map[string]any) ([]T, error) {
	rows, err := run(ctx, tx, q, p)
	if err != nil {
		return nil, err
	}
	out := make([]T, len(rows))
	for i, r := range rows {
		if err := json.Unmarshal([]byte(r), &out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func jsonOf(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // plain structs always marshal
	}
	return string(b)
}

func nanos(t time.Time) int64 { return t.UnixNano() }

// lock takes the write lock of the node matched by q (which must bind n), so that the read that
// follows sees the last committed value and concurrent writers are serialised.
func lock(ctx context.Context, tx neo4j.ManagedTransaction, match string, p map[string]any) error {
	res, err := tx.Run(ctx, match+" SET n.locked = true", p)
	if err != nil {
		return err
	}
	_, err = res.Consume(ctx)
	return err
}

// ---- accounts

func createUser(ctx context.Context, tx neo4j.ManagedTransaction, u auth.User) error {
	_, err := tx.Run(ctx, "CREATE (a:Account {id: $id, email: $email, version: $version, json: $json})",
		map[string]any{"id": u.ID, "email": u.Email, "version": u.Version, "json": jsonOf(u)})
	return err
}

func (s *Store) CreateUser(ctx context.Context, u auth.User) (auth.User, error) {
	u.Version = 1
	if u.UpdatedAt.IsZero() {
		u.UpdatedAt = u.CreatedAt
	}
	return write(ctx, s, func(tx neo4j.ManagedTransaction) (auth.User, error) {
		return u, createUser(ctx, tx, u)
	})
}

var userNotFound = graph.Errorf(graph.CodeNotFound, "Compte introuvable.")

func (s *Store) UpdateUser(ctx context.Context, u auth.User) (auth.User, error) {
	return write(ctx, s, func(tx neo4j.ManagedTransaction) (auth.User, error) {
		p := map[string]any{"id": u.ID}
		if err := lock(ctx, tx, "MATCH (n:Account {id: $id})", p); err != nil {
			return u, err
		}
		old, err := one[auth.User](ctx, tx, userNotFound, "MATCH (a:Account {id: $id}) RETURN a.json", p)
		if err != nil {
			return u, err
		}
		if old.Version != u.Version {
			return u, graph.Errorf(graph.CodeConflict, "Ce compte a été modifié entre-temps (version %d, attendue %d) : rechargez-le.", old.Version, u.Version)
		}
		nu := u
		nu.Version = old.Version + 1
		nu.CreatedAt = old.CreatedAt
		_, err = tx.Run(ctx, "MATCH (a:Account {id: $id}) SET a.email = $email, a.version = $version, a.json = $json",
			map[string]any{"id": nu.ID, "email": nu.Email, "version": nu.Version, "json": jsonOf(nu)})
		return nu, err
	})
}

func (s *Store) GetUser(ctx context.Context, id string) (auth.User, error) {
	return read(ctx, s, func(tx neo4j.ManagedTransaction) (auth.User, error) {
		return one[auth.User](ctx, tx, graph.NotFound("Compte", id), "MATCH (a:Account {id: $id}) RETURN a.json", map[string]any{"id": id})
	})
}

func (s *Store) GetUserByEmail(ctx context.Context, email string) (auth.User, error) {
	return read(ctx, s, func(tx neo4j.ManagedTransaction) (auth.User, error) {
		return one[auth.User](ctx, tx, graph.NotFound("Compte", email), "MATCH (a:Account {email: $email}) RETURN a.json", map[string]any{"email": email})
	})
}

func (s *Store) ListUsers(ctx context.Context) ([]auth.User, error) {
	return read(ctx, s, func(tx neo4j.ManagedTransaction) ([]auth.User, error) {
		return all[auth.User](ctx, tx, "MATCH (a:Account) RETURN a.json ORDER BY a.email", nil)
	})
}

// ---- sessions

func (s *Store) CreateSession(ctx context.Context, sess auth.Session) error {
	_, err := write(ctx, s, func(tx neo4j.ManagedTransaction) (bool, error) {
		_, err := tx.Run(ctx, "CREATE (:Session {hash: $hash, userId: $user, expiresAt: $exp, lastSeenAt: $seen, json: $json})",
			map[string]any{"hash": sess.Hash, "user": sess.UserID, "exp": nanos(sess.ExpiresAt), "seen": nanos(sess.LastSeenAt), "json": jsonOf(sess)})
		return true, err
	})
	return err
}

func (s *Store) GetSession(ctx context.Context, hash string) (auth.Session, error) {
	return read(ctx, s, func(tx neo4j.ManagedTransaction) (auth.Session, error) {
		return one[auth.Session](ctx, tx, graph.Errorf(graph.CodeNotFound, "Session inconnue."), "MATCH (s:Session {hash: $hash}) RETURN s.json", map[string]any{"hash": hash})
	})
}

func (s *Store) TouchSession(ctx context.Context, hash string, at time.Time) error {
	_, err := write(ctx, s, func(tx neo4j.ManagedTransaction) (bool, error) {
		p := map[string]any{"hash": hash}
		if err := lock(ctx, tx, "MATCH (n:Session {hash: $hash})", p); err != nil {
			return false, err
		}
		sess, err := one[auth.Session](ctx, tx, graph.Errorf(graph.CodeNotFound, "Session inconnue."), "MATCH (s:Session {hash: $hash}) RETURN s.json", p)
		if err != nil {
			return false, err
		}
		sess.LastSeenAt = at
		_, err = tx.Run(ctx, "MATCH (s:Session {hash: $hash}) SET s.lastSeenAt = $seen, s.json = $json",
			map[string]any{"hash": hash, "seen": nanos(at), "json": jsonOf(sess)})
		return true, err
	})
	return err
}

func (s *Store) deleteSessions(ctx context.Context, where string, p map[string]any) (int, error) {
	return write(ctx, s, func(tx neo4j.ManagedTransaction) (int, error) {
		res, err := tx.Run(ctx, "MATCH (s:Session) WHERE "+where+" DELETE s RETURN count(*)", p)
		if err != nil {
			return 0, err
		}
		rec, err := res.Single(ctx)
		if err != nil {
			return 0, err
		}
		n, _ := rec.Values[0].(int64)
		return int(n), nil
	})
}

func (s *Store) DeleteSession(ctx context.Context, hash string) error {
	_, err := s.deleteSessions(ctx, "s.hash = $hash", map[string]any{"hash": hash})
	return err
}

func (s *Store) DeleteUserSessions(ctx context.Context, userID string) (int, error) {
	return s.deleteSessions(ctx, "s.userId = $user", map[string]any{"user": userID})
}

func (s *Store) DeleteSessionsBefore(ctx context.Context, expiresBefore, lastSeenBefore time.Time) (int, error) {
	return s.deleteSessions(ctx, "s.expiresAt < $exp OR s.lastSeenAt < $seen",
		map[string]any{"exp": nanos(expiresBefore), "seen": nanos(lastSeenBefore)})
}

// ---- API tokens

func (s *Store) CreateToken(ctx context.Context, t auth.APIToken) error {
	_, err := write(ctx, s, func(tx neo4j.ManagedTransaction) (bool, error) {
		_, err := tx.Run(ctx, "CREATE (:ApiToken {id: $id, hash: $hash, ownerId: $owner, createdAt: $created, json: $json})",
			map[string]any{"id": t.ID, "hash": t.Hash, "owner": t.OwnerID, "created": nanos(t.CreatedAt), "json": jsonOf(t)})
		return true, err
	})
	return err
}

func (s *Store) GetToken(ctx context.Context, id string) (auth.APIToken, error) {
	return read(ctx, s, func(tx neo4j.ManagedTransaction) (auth.APIToken, error) {
		return one[auth.APIToken](ctx, tx, graph.NotFound("Jeton", id), "MATCH (t:ApiToken {id: $id}) RETURN t.json", map[string]any{"id": id})
	})
}

func (s *Store) GetTokenByHash(ctx context.Context, hash string) (auth.APIToken, error) {
	return read(ctx, s, func(tx neo4j.ManagedTransaction) (auth.APIToken, error) {
		return one[auth.APIToken](ctx, tx, graph.Errorf(graph.CodeNotFound, "Jeton inconnu."), "MATCH (t:ApiToken {hash: $hash}) RETURN t.json", map[string]any{"hash": hash})
	})
}

func (s *Store) ListTokens(ctx context.Context, ownerID string) ([]auth.APIToken, error) {
	return read(ctx, s, func(tx neo4j.ManagedTransaction) ([]auth.APIToken, error) {
		return all[auth.APIToken](ctx, tx, "MATCH (t:ApiToken) WHERE $owner = '' OR t.ownerId = $owner RETURN t.json ORDER BY t.createdAt, t.id",
			map[string]any{"owner": ownerID})
	})
}

func (s *Store) modifyToken(ctx context.Context, id string, fn func(*auth.APIToken)) (auth.APIToken, error) {
	return write(ctx, s, func(tx neo4j.ManagedTransaction) (auth.APIToken, error) {
		p := map[string]any{"id": id}
		if err := lock(ctx, tx, "MATCH (n:ApiToken {id: $id})", p); err != nil {
			return auth.APIToken{}, err
		}
		t, err := one[auth.APIToken](ctx, tx, graph.NotFound("Jeton", id), "MATCH (t:ApiToken {id: $id}) RETURN t.json", p)
		if err != nil {
			return t, err
		}
		fn(&t)
		_, err = tx.Run(ctx, "MATCH (t:ApiToken {id: $id}) SET t.json = $json", map[string]any{"id": id, "json": jsonOf(t)})
		return t, err
	})
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

// ---- invitations

func (s *Store) CreateInvitation(ctx context.Context, inv auth.Invitation) error {
	_, err := write(ctx, s, func(tx neo4j.ManagedTransaction) (bool, error) {
		_, err := tx.Run(ctx, "CREATE (:Invitation {id: $id, hash: $hash, createdAt: $created, json: $json})",
			map[string]any{"id": inv.ID, "hash": inv.Hash, "created": nanos(inv.CreatedAt), "json": jsonOf(inv)})
		return true, err
	})
	return err
}

var invitationNotFound = graph.Errorf(graph.CodeNotFound, "Invitation inconnue : vérifiez le lien reçu.")

func (s *Store) GetInvitationByHash(ctx context.Context, hash string) (auth.Invitation, error) {
	return read(ctx, s, func(tx neo4j.ManagedTransaction) (auth.Invitation, error) {
		return one[auth.Invitation](ctx, tx, invitationNotFound, "MATCH (i:Invitation {hash: $hash}) RETURN i.json", map[string]any{"hash": hash})
	})
}

func (s *Store) ListInvitations(ctx context.Context) ([]auth.Invitation, error) {
	return read(ctx, s, func(tx neo4j.ManagedTransaction) ([]auth.Invitation, error) {
		return all[auth.Invitation](ctx, tx, "MATCH (i:Invitation) RETURN i.json ORDER BY i.createdAt DESC, i.id", nil)
	})
}

func (s *Store) RedeemInvitation(ctx context.Context, hash string, u auth.User, at time.Time) (auth.User, error) {
	u.Version = 1
	if u.UpdatedAt.IsZero() {
		u.UpdatedAt = u.CreatedAt
	}
	return write(ctx, s, func(tx neo4j.ManagedTransaction) (auth.User, error) {
		p := map[string]any{"hash": hash}
		if err := lock(ctx, tx, "MATCH (n:Invitation {hash: $hash})", p); err != nil {
			return u, err
		}
		inv, err := one[auth.Invitation](ctx, tx, invitationNotFound, "MATCH (i:Invitation {hash: $hash}) RETURN i.json", p)
		if err != nil {
			return u, err
		}
		if err := auth.CheckRedeemable(inv, at); err != nil {
			return u, err
		}
		if err := createUser(ctx, tx, u); err != nil {
			return u, err
		}
		inv.RedeemedAt, inv.UserID = &at, u.ID
		_, err = tx.Run(ctx, "MATCH (i:Invitation {hash: $hash}) SET i.json = $json", map[string]any{"hash": hash, "json": jsonOf(inv)})
		return u, err
	})
}
