package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/maillage/maillage/auth"
	"github.com/maillage/maillage/graph"
)

// The operator's channel. While `serve` runs on a data directory, the commands that open its
// stores (user, token, report) go through it: the embedded store's files are locked by the
// server, and a stolen token must be revocable without stopping it. The server listens on the
// Unix socket maillage.sock of the data directory, which only the directory's owner may open
// (the person who could open the database files anyway), and runs the command there, on its
// open stores, with the operator's rights.

const socketName = "maillage.sock"

func socketPath(g *globalFlags) string { return filepath.Join(g.dataDir, socketName) }

// operatorCommands are the commands the channel runs.
var operatorCommands = []string{"user", "token", "report", "org", "import"}

// sharedStores are the stores of the running server, lent to a command it runs.
type sharedStores struct {
	store    graph.Store
	accounts auth.Store
	// env holds the variables the client sent (MAILLAGE_PASSWORD), read instead of the
	// server's own.
	env map[string]string
}

// lookupEnv reads a variable of the command's environment: the client's when the command runs
// in the server.
func (g *globalFlags) lookupEnv(name string) (string, bool) {
	if g.shared != nil {
		v, ok := g.shared.env[name]
		return v, ok
	}
	return os.LookupEnv(name)
}

// lentStore and lentAccounts are the server's stores as a command sees them: closing them
// does nothing (the server closes them at shutdown).
type lentStore struct{ graph.Store }

func (lentStore) Close() error { return nil }

type lentAccounts struct{ auth.Store }

func (lentAccounts) Close() error { return nil }

type commandRequest struct {
	Args []string          `json:"args"`
	Env  map[string]string `json:"env,omitempty"`
}

type commandResponse struct {
	Stdout string `json:"stdout"`
	Stderr string `json:"stderr"`
	Error  string `json:"error,omitempty"`
}

// listenOperator opens the channel of a server (nil when it cannot: the server runs without
// it, and says so). A socket left by a server that died is replaced; one that answers belongs
// to another server of the same directory.
func listenOperator(g *globalFlags, store graph.Store, accounts auth.Store) (*http.Server, net.Listener) {
	path := socketPath(g)
	if c, err := net.DialTimeout("unix", path, time.Second); err == nil {
		c.Close()
		slog.Warn("canal local non ouvert : un autre serveur Maillage utilise ce dossier de données", "socket", path)
		return nil, nil
	}
	_ = os.Remove(path)
	ln, err := net.Listen("unix", path)
	if err != nil {
		slog.Warn("canal local non ouvert : « maillage user|token|report » devront attendre l'arrêt du serveur", "socket", path, "erreur", err)
		return nil, nil
	}
	if err := os.Chmod(path, 0o600); err != nil {
		ln.Close()
		slog.Warn("canal local non ouvert", "socket", path, "erreur", err)
		return nil, nil
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /commande", func(w http.ResponseWriter, r *http.Request) {
		var req commandRequest
		if err := json.NewDecoder(io.LimitReader(r.Body, 1<<20)).Decode(&req); err != nil {
			http.Error(w, "requête illisible", http.StatusBadRequest)
			return
		}
		resp := runCommand(r.Context(), &sharedStores{store: store, accounts: accounts, env: req.Env}, req.Args)
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(resp)
	})
	return &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}, ln
}

// runCommand runs one of the operator's commands on the server's stores.
func runCommand(ctx context.Context, shared *sharedStores, args []string) commandResponse {
	if len(args) == 0 || !slices.Contains(operatorCommands, args[0]) {
		return commandResponse{Error: "commande non acceptée par le canal local : " + strings.Join(operatorCommands, ", ")}
	}
	root := newRootCommand(&globalFlags{shared: shared})
	var out, errb bytes.Buffer
	root.SetArgs(args)
	root.SetIn(strings.NewReader(""))
	root.SetOut(&out)
	root.SetErr(&errb)
	resp := commandResponse{}
	if err := root.ExecuteContext(ctx); err != nil {
		resp.Error = err.Error()
	}
	resp.Stdout, resp.Stderr = out.String(), errb.String()
	path := args[:1]
	for _, a := range args[1:] {
		if strings.HasPrefix(a, "-") {
			break
		}
		path = append(path, a)
	}
	slog.Info("commande du canal local", "commande", strings.Join(path, " "), "erreur", resp.Error)
	return resp
}

// throughServer makes a command that opens the data directory's stores run in the server that
// owns it, when one runs; here otherwise. needsPassword reads the password here (a terminal
// or a pipe of this process) and sends it with the command.
func throughServer(g *globalFlags, needsPassword bool, run func(cmd *cobra.Command, args []string) error) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		if g.shared != nil {
			return run(cmd, args)
		}
		client := dialOperator(g)
		if client == nil {
			return run(cmd, args)
		}
		req := commandRequest{Args: commandLine(cmd, args), Env: map[string]string{}}
		if needsPassword {
			pw, err := readPassword(g, cmd.InOrStdin())
			if err != nil {
				return err
			}
			req.Env["MAILLAGE_PASSWORD"] = pw
		}
		body, _ := json.Marshal(req)
		resp, err := client.Post("http://maillage/commande", "application/json", bytes.NewReader(body))
		if err != nil {
			return fmt.Errorf("canal local du serveur : %w", err)
		}
		defer resp.Body.Close()
		var out commandResponse
		if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || resp.StatusCode != http.StatusOK {
			return fmt.Errorf("canal local du serveur : réponse illisible (HTTP %d)", resp.StatusCode)
		}
		fmt.Fprint(cmd.OutOrStdout(), out.Stdout)
		fmt.Fprint(cmd.ErrOrStderr(), out.Stderr)
		if out.Error != "" {
			return errors.New(out.Error)
		}
		return nil
	}
}

// dialOperator returns a client of the running server's channel, nil when no server answers.
func dialOperator(g *globalFlags) *http.Client {
	path := socketPath(g)
	c, err := net.DialTimeout("unix", path, time.Second)
	if err != nil {
		return nil
	}
	c.Close()
	dial := func(ctx context.Context, _, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, "unix", path)
	}
	return &http.Client{Transport: &http.Transport{DialContext: dial}}
}

// commandLine rebuilds a command's arguments for the server: its path, the flags set (on the
// command line or from MAILLAGE_ variables) and its arguments; a file to write is named by its
// absolute path (the server does not run in this directory).
func commandLine(cmd *cobra.Command, args []string) []string {
	line := append(strings.Fields(cmd.CommandPath())[1:], args...)
	cmd.Flags().Visit(func(f *pflag.Flag) {
		values := []string{f.Value.String()}
		if sv, ok := f.Value.(pflag.SliceValue); ok {
			values = sv.GetSlice()
		}
		for _, v := range values {
			if f.Name == "out" && v != "" && v != "-" {
				if abs, err := filepath.Abs(v); err == nil {
					v = abs
				}
			}
			line = append(line, "--"+f.Name+"="+v)
		}
	})
	return line
}
