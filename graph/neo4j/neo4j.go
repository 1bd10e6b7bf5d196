// Package neo4j is the Maillage store for shared and clustered deployments: the graph lives in
// Neo4j (a server, a cluster or Aura), reached with the official Go driver.
//
// Model: every node has the label Node and its kind as a second label (:Node:Dispositif), the
// unique property id, the full node as JSON in json, and copies of the fields queries filter on
// (kind, search, type, status, level, archived). Relations are Neo4j relationships of the same
// type name (OPERATES, FUNDS…) whose properties are the edge's. The change feed is a chain of
// (:Change {seq}) nodes numbered from a (:Counter {name: "changes"}) incremented in the same
// transaction as the write, so every replica reads the same order.
//
// Cypher is always parameterised; labels and relationship types cannot be parameters, so they
// are taken only from graph.Kinds and graph.RelationTypes after validation, never from input.
package neo4j

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/maillage/maillage/graph"
)

// Config says how to reach Neo4j.
type Config struct {
	// URI is neo4j://, neo4j+s://, bolt:// or bolt+s://host:port.
	URI      string
	User     string
	Password string
	// Database is the database name; empty uses the server's default.
	Database string
	// StartupWait bounds the wait for the server at Open (default 30 s).
	StartupWait time.Duration
	Logger      *slog.Logger
	// Clock stamps the writes (nil: graph.SystemClock).
	Clock graph.Clock
}

// Store is the Neo4j graph.Store.
type Store struct {
	driver neo4j.DriverWithContext
	db     string
	log    *slog.Logger
	clock  graph.Clock

	// wake and woken let WaitChange sleep until a write of this process (feed.go).
	wake  sync.Mutex
	woken chan struct{}
	// poll is WaitChange's current interval between reads of the change counter (feed.go).
	poll atomic.Int64
}

var _ graph.Store = (*Store)(nil)

// schemaVersion is recorded in (:SchemaVersion); migrations below bring a database to it.
// Version 2 makes the change counter unique, so that concurrent first writes of an empty
// database cannot create two counters; version 3 indexes the history (:Revision by node);
// version 4 indexes each kind's ids (listings read a page in id order from the index of their
// kind, not every node of the kind) and the archived flag (counts subtract the few archived).
const schemaVersion = 4

var migrations = []string{
	"CREATE CONSTRAINT maillage_node_id IF NOT EXISTS FOR (n:Node) REQUIRE n.id IS UNIQUE",
	"CREATE CONSTRAINT maillage_change_seq IF NOT EXISTS FOR (c:Change) REQUIRE c.seq IS UNIQUE",
	"CREATE INDEX maillage_node_kind IF NOT EXISTS FOR (n:Node) ON (n.kind)",
	"CREATE INDEX maillage_node_type IF NOT EXISTS FOR (n:Node) ON (n.type)",
	"CREATE INDEX maillage_node_level IF NOT EXISTS FOR (n:Node) ON (n.level)",
	"CREATE CONSTRAINT maillage_counter_name IF NOT EXISTS FOR (k:Counter) REQUIRE k.name IS UNIQUE",
	"CREATE INDEX maillage_revision_node IF NOT EXISTS FOR (r:Revision) ON (r.node)",
	"CREATE INDEX maillage_node_archived IF NOT EXISTS FOR (n:Node) ON (n.archived)",
}

func init() {
	for _, k := range graph.Kinds {
		migrations = append(migrations, fmt.Sprintf("CREATE INDEX maillage_%s_id IF NOT EXISTS FOR (n:%s) ON (n.id)", strings.ToLower(string(k)), k))
	}
}

// Open connects to Neo4j, retrying within cfg.StartupWait, and sets the schema up.
func Open(ctx context.Context, cfg Config) (*Store, error) {
	driver, err := Connect(ctx, cfg)
	if err != nil {
		return nil, err
	}
	s := &Store{driver: driver, db: cfg.Database, log: cfg.Logger, clock: cfg.Clock}
	if s.log == nil {
		s.log = slog.Default()
	}
	if err := s.migrate(ctx); err != nil {
		driver.Close(ctx)
		return nil, err
	}
	return s, nil
}

// Connect opens a driver and waits for the server within cfg.StartupWait (default 30 s),
// retrying every second, with a French error when it stays unreachable and at once when the
// credentials are refused. Every Neo4j store of Maillage (graph, accounts) connects through it.
func Connect(ctx context.Context, cfg Config) (neo4j.DriverWithContext, error) {
	if cfg.StartupWait == 0 {
		cfg.StartupWait = 30 * time.Second
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	auth := neo4j.NoAuth()
	if cfg.User != "" {
		auth = neo4j.BasicAuth(cfg.User, cfg.Password, "")
	}
	driver, err := neo4j.NewDriverWithContext(cfg.URI, auth)
	if err != nil {
		return nil, fmt.Errorf("adresse Neo4j invalide « %s » : %w", cfg.URI, err)
	}
	deadline := time.Now().Add(cfg.StartupWait)
	for {
		err = driver.VerifyConnectivity(ctx)
		if err == nil {
			return driver, nil
		}
		if isAuthError(err) {
			driver.Close(ctx)
			return nil, fmt.Errorf("identifiants Neo4j refusés par %s : vérifiez l'utilisateur et le mot de passe (%w)", cfg.URI, err)
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			driver.Close(ctx)
			return nil, fmt.Errorf("Neo4j injoignable à %s après %s : %w", cfg.URI, cfg.StartupWait, err)
		}
		cfg.Logger.Info("Neo4j ne répond pas encore, nouvel essai", "uri", cfg.URI)
		time.Sleep(time.Second)
	}
}

func isAuthError(err error) bool {
	var ne *neo4j.Neo4jError
	if errors.As(err, &ne) {
		return ne.Code == "Neo.ClientError.Security.Unauthorized" || ne.Code == "Neo.ClientError.Security.AuthenticationRateLimit"
	}
	var te *neo4j.TokenExpiredError
	return errors.As(err, &te)
}

// migrate applies the schema statements (idempotent) and records the schema version.
func (s *Store) migrate(ctx context.Context) error {
	sess := s.session(ctx, neo4j.AccessModeWrite)
	defer sess.Close(ctx)
	var current int64
	// max: two replicas starting at once on an empty database may both record the version.
	res, err := sess.Run(ctx, "MATCH (v:SchemaVersion) RETURN max(v.version) AS v", nil)
	if err != nil {
		return fmt.Errorf("lecture du schéma Neo4j : %w", err)
	}
	if rec, err := res.Single(ctx); err == nil {
		current, _, _ = neo4j.GetRecordValue[int64](rec, "v")
	}
	if current > schemaVersion {
		return fmt.Errorf("la base Neo4j est au schéma %d, ce Maillage connaît le schéma %d : mettez Maillage à jour", current, schemaVersion)
	}
	for _, m := range migrations {
		if _, err := sess.Run(ctx, m, nil); err != nil {
			return fmt.Errorf("schéma Neo4j (%s) : %w", m, err)
		}
	}
	// Listings name the indexes in hints, which Neo4j refuses while an index is being built: a
	// database upgraded from an older schema is ready once its new indexes are (a one-time wait).
	if _, err := sess.Run(ctx, "CALL db.awaitIndexes(3600)", nil); err != nil {
		return fmt.Errorf("construction des index Neo4j : %w", err)
	}
	_, err = sess.Run(ctx, "MERGE (v:SchemaVersion) SET v.version = $v, v.appliedAt = datetime()", map[string]any{"v": schemaVersion})
	return err
}

func (s *Store) session(ctx context.Context, mode neo4j.AccessMode) neo4j.SessionWithContext {
	return s.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.db, AccessMode: mode})
}

// box carries a transaction's result: the driver casts results to T, which fails for a nil
// interface value (a missing node), so results travel in a struct.
type box[T any] struct{ v T }

func boxed[T any](fn func(tx neo4j.ManagedTransaction) (T, error)) func(tx neo4j.ManagedTransaction) (box[T], error) {
	return func(tx neo4j.ManagedTransaction) (box[T], error) {
		v, err := fn(tx)
		return box[T]{v}, err
	}
}

// write runs fn in a managed write transaction (retried by the driver on transient errors).
func write[T any](ctx context.Context, s *Store, fn func(tx neo4j.ManagedTransaction) (T, error)) (T, error) {
	sess := s.session(ctx, neo4j.AccessModeWrite)
	defer sess.Close(ctx)
	out, err := neo4j.ExecuteWrite(ctx, sess, boxed(fn))
	if err == nil {
		s.written() // every write appends a change: the local waiters need not poll for it
	}
	return out.v, translate(err)
}

// read runs fn in a managed read transaction.
func read[T any](ctx context.Context, s *Store, fn func(tx neo4j.ManagedTransaction) (T, error)) (T, error) {
	sess := s.session(ctx, neo4j.AccessModeRead)
	defer sess.Close(ctx)
	out, err := neo4j.ExecuteRead(ctx, sess, boxed(fn))
	return out.v, translate(err)
}

// query runs one read statement in an auto-commit transaction and collect reads its result.
// A single statement needs no explicit transaction (it is atomic on its own), and an
// auto-commit one is a single network round trip (RUN and PULL pipelined), where a managed
// transaction adds BEGIN and COMMIT: `RETURN 1` took 2.5 ms against 6.5 ms (load average 12,
// 2 cores shared with the server). The reads of one GraphQL level are one statement each, so
// this is most of a nested query's cost on Neo4j. Transient errors (a cluster member leaving,
// a leader switch) are retried as the driver retries managed transactions; collect starts
// again from a fresh result each time.
func query[T any](ctx context.Context, s *Store, cypher string, params map[string]any, collect func(neo4j.ResultWithContext) (T, error)) (T, error) {
	deadline := time.Now().Add(retryFor)
	for wait := 10 * time.Millisecond; ; wait = min(2*wait, time.Second) {
		v, err := queryOnce(ctx, s, cypher, params, collect)
		if err != nil && ctx.Err() != nil {
			return v, ctx.Err() // the driver's own error for a cancelled call does not wrap it
		}
		if err == nil || !neo4j.IsRetryable(err) || time.Now().Add(wait).After(deadline) {
			return v, translate(err)
		}
		select {
		case <-ctx.Done():
			return v, ctx.Err()
		case <-time.After(wait):
		}
	}
}

// retryFor bounds the retries of query, as the driver's MaxTransactionRetryTime (30 s) does for
// managed transactions.
const retryFor = 30 * time.Second

func queryOnce[T any](ctx context.Context, s *Store, cypher string, params map[string]any, collect func(neo4j.ResultWithContext) (T, error)) (T, error) {
	sess := s.session(ctx, neo4j.AccessModeRead)
	defer sess.Close(ctx)
	res, err := sess.Run(ctx, cypher, params)
	if err != nil {
		var zero T
		return zero, err
	}
	return collect(res)
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
	var bi *graph.BatchItemError
	if errors.As(err, &bi) {
		return err
	}
	var ne *neo4j.Neo4jError
	if errors.As(err, &ne) && ne.Code == "Neo.ClientError.Schema.ConstraintValidationFailed" {
		return graph.Errorf(graph.CodeConflict, "Cet identifiant est déjà pris.")
	}
	return err
}

// Close closes the driver.
func (s *Store) Close() error { return s.driver.Close(context.Background()) }

// Reset deletes every node, relation and change: for tests only.
func (s *Store) Reset(ctx context.Context) error {
	sess := s.session(ctx, neo4j.AccessModeWrite)
	defer sess.Close(ctx)
	_, err := sess.Run(ctx, "MATCH (n) WHERE NOT n:SchemaVersion DETACH DELETE n", nil)
	return err
}
