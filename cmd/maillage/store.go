package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/graph/embedded"
	neo4jstore "github.com/maillage/maillage/graph/neo4j"
)

// openStore opens the store the flags name: Neo4j when --store is a neo4j:// or bolt:// URI,
// otherwise the embedded store in the data directory (created if needed).
func openStore(ctx context.Context, g *globalFlags) (graph.Store, error) {
	if g.shared != nil {
		return lentStore{g.shared.store}, nil
	}
	// The data directory is needed with Neo4j too: it holds the admin token (and each replica's
	// own files).
	if err := os.MkdirAll(g.dataDir, 0o750); err != nil {
		return nil, fmt.Errorf("création du dossier de données %s : %w", g.dataDir, err)
	}
	if isNeo4jURI(g.store) {
		return neo4jstore.Open(ctx, neo4jstore.Config{URI: g.store, User: g.neo4jUser, Password: g.neo4jPassword,
			Database: g.neo4jDatabase, StartupWait: g.neo4jWait, Logger: slog.Default()})
	}
	if g.store != "" && g.store != "embedded" {
		return nil, fmt.Errorf("--store %q : valeurs possibles « embedded » ou une adresse neo4j://, neo4j+s://, bolt://, bolt+s://", g.store)
	}
	path := filepath.Join(g.dataDir, "maillage.db")
	s, err := embedded.Open(path, embedded.Options{Timeout: 5 * time.Second})
	if err != nil {
		return nil, fmt.Errorf("ouverture de la base %s : %w", path, err)
	}
	return s, nil
}

func isNeo4jURI(s string) bool {
	for _, p := range []string{"neo4j://", "neo4j+s://", "neo4j+ssc://", "bolt://", "bolt+s://", "bolt+ssc://"} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// adminToken returns the admin API token: the given one (flag or MAILLAGE_ADMIN_TOKEN), or the
// one stored in the data directory, generated and printed on first start.
func adminToken(g *globalFlags, given string) (string, error) {
	if given != "" {
		return given, nil
	}
	path := filepath.Join(g.dataDir, "admin-token")
	data, err := os.ReadFile(path)
	if err == nil {
		slog.Info("jeton d'administration lu", "fichier", path)
		return strings.TrimSpace(string(data)), nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("lecture du jeton d'administration : %w", err)
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	tok := hex.EncodeToString(b)
	if err := os.WriteFile(path, []byte(tok+"\n"), 0o600); err != nil {
		return "", fmt.Errorf("écriture du jeton d'administration : %w", err)
	}
	fmt.Fprintf(os.Stderr, "\nJeton d'administration créé (gardé dans %s) :\n\n    %s\n\nEnvoyez-le dans l'en-tête « Authorization: Bearer … » pour modifier les données.\n\n", path, tok)
	return tok, nil
}
