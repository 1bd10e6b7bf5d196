package main

import (
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
)

// openStore opens the embedded store in the data directory, creating the directory.
func openStore(g *globalFlags) (graph.Store, error) {
	if err := os.MkdirAll(g.dataDir, 0o750); err != nil {
		return nil, fmt.Errorf("création du dossier de données %s : %w", g.dataDir, err)
	}
	path := filepath.Join(g.dataDir, "maillage.db")
	s, err := embedded.Open(path, embedded.Options{Timeout: 5 * time.Second})
	if err != nil {
		return nil, fmt.Errorf("ouverture de la base %s : %w", path, err)
	}
	return s, nil
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
