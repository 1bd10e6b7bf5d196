package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/maillage/maillage/auth"
	authembedded "github.com/maillage/maillage/auth/embedded"
	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/graph/embedded"
)

// gatedSessions is the real accounts store whose session reads wait at a gate: requests with a
// session cookie are held in progress for as long as the test wants.
type gatedSessions struct {
	auth.Store
	gate    chan struct{}
	mu      sync.Mutex
	waiting int
}

func (g *gatedSessions) GetSession(ctx context.Context, hash string) (auth.Session, error) {
	g.mu.Lock()
	g.waiting++
	g.mu.Unlock()
	<-g.gate
	return g.Store.GetSession(ctx, hash)
}

func (g *gatedSessions) held() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.waiting
}

// TestShutdownLetsSearchesInProgressFinish: at the signal, the searches in progress finish with
// their results (the index closed under them: INTERNAL), no new connection is accepted, and
// run returns without error once the index is saved and closed, before the stores close.
func TestShutdownLetsSearchesInProgressFinish(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	store, err := embedded.Open(filepath.Join(dir, "maillage.db"), embedded.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	for _, n := range []graph.Node{
		&graph.Territory{Meta: graph.Meta{ID: "dep-52"}, Level: graph.LevelDepartement, Code: "52", Name: "Haute-Marne"},
		&graph.Dispositif{Meta: graph.Meta{ID: "dsp-hu-52"}, Name: "Halte Lumière", Type: "hu", Status: "active"},
	} {
		if _, err := store.Create(ctx, n); err != nil {
			t.Fatal(err)
		}
	}
	accounts, err := authembedded.Open(filepath.Join(dir, authembedded.FileName), authembedded.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer accounts.Close()
	svc := auth.NewService(accounts, store)
	u, err := svc.CreateUser(ctx, auth.System(), auth.NewUser{Email: "admin@exemple.fr", Role: auth.RoleAdmin, Password: "une phrase de passe solide"})
	if err != nil {
		t.Fatal(err)
	}
	session, _, err := svc.StartSession(ctx, u, "127.0.0.1", "test")
	if err != nil {
		t.Fatal(err)
	}
	gated := &gatedSessions{Store: accounts, gate: make(chan struct{})}

	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	runCtx, stop := context.WithCancel(ctx)
	defer stop()
	done := make(chan error, 1)
	go func() {
		done <- run(runCtx, &globalFlags{dataDir: dir}, serveOptions{addr: addr, token: "jeton", drain: 30 * time.Second}, store, gated)
	}()
	base := "http://" + addr
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if resp, err := http.Get(base + "/healthz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatal("not ready after 30 s")
		}
	}

	const n = 4
	results := make(chan string, n)
	for range n {
		go func() {
			body, _ := json.Marshal(map[string]any{"query": `{ search(text: "lumière") { totalCount edges { node { id } } } }`})
			req, _ := http.NewRequest(http.MethodPost, base+"/graphql", bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.AddCookie(&http.Cookie{Name: "maillage_session", Value: session})
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				results <- err.Error()
				return
			}
			defer resp.Body.Close()
			var out struct {
				Data   json.RawMessage
				Errors []struct{ Message string }
			}
			_ = json.NewDecoder(resp.Body).Decode(&out)
			if len(out.Errors) > 0 || !strings.Contains(string(out.Data), "dsp-hu-52") {
				results <- string(out.Data) + " " + resp.Status
				return
			}
			results <- ""
		}()
	}
	for gated.held() < n {
		time.Sleep(10 * time.Millisecond)
	}
	stop() // the signal, while the searches are in progress
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if c, err := net.DialTimeout("tcp", addr, 100*time.Millisecond); err != nil {
			break // no longer accepting
		} else {
			c.Close()
		}
		if time.Now().After(deadline) {
			t.Fatal("still accepting connections 10 s after the signal")
		}
	}
	time.Sleep(200 * time.Millisecond) // time for a shutdown in the wrong order to close the index
	close(gated.gate)
	for range n {
		if r := <-results; r != "" {
			t.Errorf("a search in progress at the signal failed: %s", r)
		}
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("run: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("run did not return")
	}
}
