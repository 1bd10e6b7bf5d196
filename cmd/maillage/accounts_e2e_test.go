package main_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/maillage/maillage/auth"
	authembedded "github.com/maillage/maillage/auth/embedded"
	authneo4j "github.com/maillage/maillage/auth/neo4j"
	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/graph/neo4j/neo4jtest"
	"github.com/maillage/maillage/graph/teststore"
)

// cli runs the binary on one data directory and store, as an administrator would.
type cli struct {
	t     *testing.T
	data  string
	store []string
}

type result struct {
	stdout, stderr string
	err            error
}

func (c cli) run(stdin string, env []string, args ...string) result {
	c.t.Helper()
	args = append(append(args, "--data", c.data, "--log-level", "warn"), c.store...)
	cmd := exec.Command(binary, args...)
	cmd.Stdin = strings.NewReader(stdin)
	cmd.Env = append(os.Environ(), env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	return result{out.String(), errb.String(), err}
}

func (c cli) ok(stdin string, env []string, args ...string) string {
	c.t.Helper()
	r := c.run(stdin, env, args...)
	if r.err != nil {
		c.t.Fatalf("maillage %v: %v\n%s%s", args, r.err, r.stdout, r.stderr)
	}
	return r.stdout
}

func (c cli) fails(want string, stdin string, env []string, args ...string) {
	c.t.Helper()
	r := c.run(stdin, env, args...)
	if r.err == nil || !strings.Contains(r.stderr, want) {
		c.t.Fatalf("maillage %v: %v, want a failure saying %q\n%s%s", args, r.err, want, r.stdout, r.stderr)
	}
}

// check opens the accounts store the binary wrote, to check from outside what it did, and
// closes it (the embedded file is locked while open).
func (c cli) check(fn func(svc *auth.Service)) {
	c.t.Helper()
	var s auth.Store
	var err error
	if len(c.store) > 0 {
		s, err = authneo4j.Open(context.Background(), authneo4j.Config{URI: neo4jtest.URI(c.t), User: os.Getenv("TEST_NEO4J_USER"), Password: os.Getenv("TEST_NEO4J_PASS")})
	} else {
		s, err = authembedded.Open(filepath.Join(c.data, authembedded.FileName), authembedded.Options{})
	}
	if err != nil {
		c.t.Fatal(err)
	}
	defer s.Close()
	fn(auth.NewService(s, nil))
}

// tinyGraph is a JSON Lines export with an organisation and a département.
const tinyGraph = `{"format":"maillage-graph","version":1}
{"node":{"kind":"Organisation","data":{"id":"org-la-passerelle","version":1,"name":"La Passerelle","type":"association"}}}
{"node":{"kind":"Territory","data":{"id":"dep-52","version":1,"level":"departement","code":"52","name":"Haute-Marne"}}}
`

// TestUserAndTokenCommands drives `maillage user` and `maillage token` end to end, on the
// store MAILLAGE_TEST_STORE selects.
func TestUserAndTokenCommands(t *testing.T) {
	c := cli{t: t, data: t.TempDir(), store: teststore.ServeFlags(t)}
	file := filepath.Join(t.TempDir(), "tiny.jsonl")
	if err := os.WriteFile(file, []byte(tinyGraph), 0o600); err != nil {
		t.Fatal(err)
	}
	c.ok("", nil, "import", file)
	// An operator finds the organisation's id by a part of its name, accents and case aside.
	if out := c.ok("", nil, "org", "list", "--name", "PASSERELLE"); !strings.Contains(out, "org-la-passerelle") || !strings.Contains(out, "La Passerelle") {
		t.Fatalf("org list --name: %s", out)
	}
	if out := c.ok("", nil, "org", "list", "--name", "inexistante"); strings.Contains(out, "org-") {
		t.Fatalf("org list of a name nobody has: %s", out)
	}

	const pw = "une longue phrase de passe"
	out := c.ok(pw+"\n", nil, "user", "add", "--email", "Marie@Passerelle.fr", "--role", "partner", "--organisation", "org-la-passerelle", "--name", "Marie Dupont")
	if !strings.Contains(out, "Compte créé : marie@passerelle.fr") || !strings.Contains(out, "org-la-passerelle") {
		t.Fatalf("user add: %s", out)
	}
	c.ok("", []string{"MAILLAGE_PASSWORD=" + pw}, "user", "add", "--email", "siao@siao52.fr", "--role", "coordinateur", "--territory", "dep-52")
	c.ok(pw, nil, "user", "add", "--email", "admin@maillage.fr", "--role", "admin")

	// refusals, in French, and nothing written
	c.fails("existe déjà", pw, nil, "user", "add", "--email", "MARIE@passerelle.fr", "--role", "admin")
	c.fails("au moins 12 caractères", "court\n", nil, "user", "add", "--email", "paul@passerelle.fr", "--role", "admin")
	c.fails("Organisation inconnue « org-absente »", pw, nil, "user", "add", "--email", "paul@passerelle.fr", "--role", "partner", "--organisation", "org-absente")
	c.fails("Territoire inconnu", pw, nil, "user", "add", "--email", "paul@passerelle.fr", "--role", "coordinator", "--territory", "org-la-passerelle")
	c.fails("au moins une organisation", pw, nil, "user", "add", "--email", "paul@passerelle.fr", "--role", "partner")
	c.fails("Rôle inconnu", pw, nil, "user", "add", "--email", "paul@passerelle.fr", "--role", "chef")
	c.fails("mot de passe vide", "", nil, "user", "add", "--email", "paul@passerelle.fr", "--role", "admin")
	c.fails("unknown flag: --password", "", nil, "user", "add", "--email", "paul@passerelle.fr", "--role", "admin", "--password", pw)
	c.fails("n'est pas valide", pw, nil, "user", "add", "--email", "paul@", "--role", "admin")

	list := c.ok("", nil, "user", "list")
	for _, want := range []string{"admin@maillage.fr", "marie@passerelle.fr", "Marie Dupont", "partner", "org-la-passerelle", "siao@siao52.fr", "coordinator", "dep-52", "actif"} {
		if !strings.Contains(list, want) {
			t.Errorf("user list lacks %q:\n%s", want, list)
		}
	}
	if strings.Contains(list, "paul@") || strings.Contains(list, "argon2") {
		t.Errorf("user list:\n%s", list)
	}

	// a token is printed once, alone on stdout, and works
	r := c.run("", nil, "token", "create", "--email", "marie@passerelle.fr", "--name", "Import du tableur", "--scope", "read,write")
	secret := strings.TrimSpace(r.stdout)
	if r.err != nil || !strings.HasPrefix(secret, "mlg_") || strings.Count(r.stdout, "\n") != 1 || !strings.Contains(r.stderr, "ne sera plus affiché") {
		t.Fatalf("token create: %v\n%s%s", r.err, r.stdout, r.stderr)
	}
	c.fails("Portée inconnue", "", nil, "token", "create", "--email", "marie@passerelle.fr", "--name", "x", "--scope", "tout")
	c.fails("Aucun compte", "", nil, "token", "create", "--email", "personne@passerelle.fr", "--name", "x")
	tokens := c.ok("", nil, "token", "list")
	if !strings.Contains(tokens, "Import du tableur") || !strings.Contains(tokens, "marie@passerelle.fr") || !strings.Contains(tokens, "read,write") || strings.Contains(tokens, secret) {
		t.Fatalf("token list:\n%s", tokens)
	}
	id := strings.Fields(strings.Split(tokens, "\n")[1])[0]

	c.check(func(svc *auth.Service) {
		p, err := svc.AuthenticateToken(context.Background(), secret)
		if err != nil || p.User.Email != "marie@passerelle.fr" || len(p.Scopes) != 2 {
			t.Fatalf("printed token does not authenticate: %+v %v", p, err)
		}
		if _, err := svc.SignIn(context.Background(), "marie@passerelle.fr", pw, "127.0.0.1"); err != nil {
			t.Fatalf("sign-in with the password given on stdin: %v", err)
		}
	})

	// revoke: the token stops working
	if out := c.ok("", nil, "token", "revoke", "--id", id); !strings.Contains(out, "Jeton révoqué : "+id) {
		t.Fatalf("revoke: %s", out)
	}
	c.fails("introuvable", "", nil, "token", "revoke", "--id", "tok-absent")
	if out := c.ok("", nil, "token", "list", "--email", "marie@passerelle.fr"); !strings.Contains(out, "révoqué le") {
		t.Fatalf("token list after revoke:\n%s", out)
	}
	c.check(func(svc *auth.Service) {
		if _, err := svc.AuthenticateToken(context.Background(), secret); !graph.IsCode(err, graph.CodeUnauthenticated) {
			t.Fatalf("revoked token: %v", err)
		}
	})

	// disable: sign-in refused; enable again
	if out := c.ok("", nil, "user", "disable", "--email", "Marie@passerelle.fr"); !strings.Contains(out, "Compte désactivé : marie@passerelle.fr") {
		t.Fatalf("disable: %s", out)
	}
	if !strings.Contains(c.ok("", nil, "user", "list"), "désactivé") {
		t.Fatal("user list does not show the disabled account")
	}
	c.check(func(svc *auth.Service) {
		if _, err := svc.SignIn(context.Background(), "marie@passerelle.fr", pw, "127.0.0.1"); !graph.IsCode(err, graph.CodeUnauthenticated) {
			t.Fatalf("disabled account signs in: %v", err)
		}
	})
	c.fails("Aucun compte", "", nil, "user", "disable", "--email", "personne@passerelle.fr")
	c.ok("", nil, "user", "enable", "--email", "marie@passerelle.fr")
	c.check(func(svc *auth.Service) {
		if _, err := svc.SignIn(context.Background(), "marie@passerelle.fr", pw, "127.0.0.1"); err != nil {
			t.Fatalf("re-enabled account: %v", err)
		}
	})
}

// TestUserAddRace runs two `maillage user add` of one e-mail at once: one creates the account,
// the other is told it exists.
func TestUserAddRace(t *testing.T) {
	c := cli{t: t, data: t.TempDir(), store: teststore.ServeFlags(t)}
	const n = 3
	results := make([]result, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = c.run("une longue phrase de passe\n", nil, "user", "add", "--email", "meme@exemple.fr", "--role", "admin")
		}()
	}
	wg.Wait()
	ok := 0
	for _, r := range results {
		switch {
		case r.err == nil:
			ok++
		case !strings.Contains(r.stderr, "existe déjà"):
			t.Fatalf("concurrent user add: %v\n%s", r.err, r.stderr)
		}
	}
	if ok != 1 {
		t.Fatalf("%d concurrent creations succeeded, want 1", ok)
	}
	if got := strings.Count(c.ok("", nil, "user", "list"), "meme@exemple.fr"); got != 1 {
		t.Fatalf("%d accounts listed", got)
	}
}

// TestCommandsWhileServing: while `serve` runs on the embedded store (its files locked), the
// account, token and report commands work through the server's local channel; a token created
// there works at once, and once revoked there it stops working at once, without a restart.
func TestCommandsWhileServing(t *testing.T) {
	storeFlags = nil
	data := t.TempDir()
	in := start(t, data)
	c := cli{t: t, data: data}
	pw := []string{"MAILLAGE_PASSWORD=une phrase de passe solide"}
	c.ok("", pw, "user", "add", "--email", "siao@exemple.fr", "--role", "coordinator", "--territory", "dep-52", "--name", "SIAO 52")
	c.ok("une autre phrase solide\n", nil, "user", "add", "--email", "admin@exemple.fr", "--role", "admin")
	if out := c.ok("", nil, "user", "list"); !strings.Contains(out, "siao@exemple.fr") || !strings.Contains(out, "dep-52") || !strings.Contains(out, "admin@exemple.fr") {
		t.Fatalf("user list: %s", out)
	}
	secret := strings.TrimSpace(c.ok("", nil, "token", "create", "--email", "siao@exemple.fr", "--name", "synchro", "--scope", "read,write"))
	me := func() gqlResponse {
		body, _ := json.Marshal(map[string]any{"query": `{ me { email } }`})
		req, _ := http.NewRequest(http.MethodPost, "http://"+in.addr+"/graphql", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+secret)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out gqlResponse
		_ = json.NewDecoder(resp.Body).Decode(&out)
		return out
	}
	if r := me(); len(r.Errors) > 0 || !strings.Contains(string(r.Data["me"]), "siao@exemple.fr") {
		t.Fatalf("the new token: %+v", r)
	}
	list := c.ok("", nil, "token", "list", "--email", "siao@exemple.fr")
	id := strings.Fields(strings.Split(list, "\n")[1])[0]
	if !strings.HasPrefix(id, "tok-") || !strings.Contains(list, "synchro") {
		t.Fatalf("token list: %s", list)
	}
	c.ok("", nil, "token", "revoke", "--id", id)
	if r := me(); string(r.Data["me"]) != "null" {
		t.Fatalf("the revoked token still works: %s", r.Data["me"])
	}
	c.ok("", nil, "user", "disable", "--email", "siao@exemple.fr")
	c.fails("Aucun compte pour l'adresse", "", nil, "user", "disable", "--email", "personne@exemple.fr")
	out := filepath.Join(t.TempDir(), "couverture.csv")
	if r := c.run("", nil, "report", "coverage", "--territory", "52", "--by", "public", "--out", out); r.err != nil || !strings.Contains(r.stderr, "Rapport écrit dans") {
		t.Fatalf("report: %v\n%s%s", r.err, r.stdout, r.stderr)
	}
	if csv, err := os.ReadFile(out); err != nil || !strings.Contains(string(csv), "Chaumont") {
		t.Fatalf("report file: %v %.200s", err, csv)
	}
	if out := c.ok("", nil, "org", "list", "--name", "arret de chaumont"); !strings.Contains(out, "Maison d'arrêt de Chaumont") {
		t.Fatalf("org list while serving: %s", out)
	}
	if !strings.Contains(in.log.String(), "commande du canal local") {
		t.Errorf("the commands did not go through the server:\n%s", in.log)
	}
}
