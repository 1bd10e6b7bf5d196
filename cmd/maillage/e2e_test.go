package main_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/maillage/maillage/graph/teststore"
)

// The end-to-end tests build the real binary and drive it as a user would: over HTTP and
// through its commands.

var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "maillage-e2e")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "maillage")
	out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput()
	if err != nil {
		fmt.Fprintf(os.Stderr, "go build: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

type instance struct {
	t    *testing.T
	cmd  *exec.Cmd
	addr string
	log  *bytes.Buffer
}

// start runs `maillage serve` on data and waits for /healthz.
// storeFlags select the store of the servers a test starts (see graph/teststore).
var storeFlags []string

func start(t *testing.T, data string, extra ...string) *instance {
	t.Helper()
	addr := freeAddr(t)
	// The tests check the documents and FINESS: the open data (tested by seed and by
	// TestExportImportRoundTrip) would only slow every first start, most of all on Neo4j.
	args := append([]string{"serve", "--data", data, "--addr", addr, "--admin-token", "e2e", "--no-open-data"}, extra...)
	args = append(args, storeFlags...)
	cmd := exec.Command(binary, args...)
	var log bytes.Buffer
	cmd.Stdout, cmd.Stderr = &log, &log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	in := &instance{t: t, cmd: cmd, addr: addr, log: &log}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		resp, err := http.Get("http://" + addr + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return in
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("maillage serve not ready after 60 s:\n%s", log.String())
	return nil
}

type gqlResponse struct {
	Data   map[string]json.RawMessage `json:"data"`
	Errors []struct {
		Message    string         `json:"message"`
		Extensions map[string]any `json:"extensions"`
	} `json:"errors"`
}

func (in *instance) query(auth bool, q string, vars map[string]any) gqlResponse {
	in.t.Helper()
	body, _ := json.Marshal(map[string]any{"query": q, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, "http://"+in.addr+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if auth {
		req.Header.Set("Authorization", "Bearer e2e")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		in.t.Fatal(err)
	}
	defer resp.Body.Close()
	var out gqlResponse
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		in.t.Fatal(err)
	}
	return out
}

func (in *instance) data(q string, vars map[string]any, v any) {
	in.t.Helper()
	r := in.query(false, q, vars)
	if len(r.Errors) > 0 {
		in.t.Fatalf("%s: %+v", q, r.Errors)
	}
	raw, _ := json.Marshal(r.Data)
	if err := json.Unmarshal(raw, v); err != nil {
		in.t.Fatal(err)
	}
}

// TestSeedDocumentChecks answers the seed-document checks of the BRIEF through GraphQL on a
// freshly started instance (seeded automatically at first start).
func TestSeedDocumentChecks(t *testing.T) {
	storeFlags = teststore.ServeFlags(t)
	in := start(t, t.TempDir())
	var mi struct {
		Dispositif struct {
			Eligibility struct{ AgeMin int }
			AccessNotes string
			Operators   []struct{ Name string }
			Territories []struct{ ID string }
			Figures     []struct {
				Value float64
				Year  int
			}
			Staff []struct{ Role string }
		}
	}
	in.data(`{ dispositif(id: "dsp-mission-interface-personnes-agees") { eligibility { ageMin } accessNotes operators { name } territories { id } figures { value year } staff { role } } }`, nil, &mi)
	d := mi.Dispositif
	ids := fmt.Sprint(d.Territories)
	if d.Eligibility.AgeMin != 60 || d.Operators[0].Name != "Samusocial de Paris" || !strings.Contains(ids, "sec-paris-nord") || !strings.Contains(ids, "dep-93") ||
		d.Figures[0].Value != 800 || d.Figures[0].Year != 2022 || !strings.Contains(fmt.Sprint(d.Staff), "juriste") || !strings.Contains(d.AccessNotes, "urgence sociale") {
		t.Errorf("000 Mission Interface: %+v", d)
	}

	var siao struct {
		Dispositif struct {
			OpeningHours string
			Contacts     []struct{ Value string }
			Staff        []struct{ Count float64 }
			Figures      []struct{ Value float64 }
			Coordinates  []struct{ ID string }
			MemberOf     []struct{ ID string }
		}
	}
	in.data(`{ dispositif(id: "dsp-siao-52") { openingHours contacts { value } staff { count } figures { value } coordinates { ... on Dispositif { id } ... on Instance { id } } memberOf { ... on Instance { id } } } }`, nil, &siao)
	s := siao.Dispositif
	if s.OpeningHours != "Mo-Fr 08:30-17:00" || s.Contacts[0].Value != "03.25.32.65.42" || len(s.Staff) != 3 || s.Figures[0].Value != 1412 ||
		!strings.Contains(fmt.Sprint(s.Coordinates), "dsp-115-52") || !strings.Contains(fmt.Sprint(s.MemberOf), "ins-csp-siao-52") {
		t.Errorf("001 SIAO 52: %+v", s)
	}
	var csp struct {
		Instance struct {
			Missions     []string
			Coordinators []struct{ ID string }
		}
	}
	in.data(`{ instance(id: "ins-csp-siao-52") { missions coordinators { ... on Organisation { id } } } }`, nil, &csp)
	if len(csp.Instance.Missions) != 4 || csp.Instance.Coordinators[0].ID != "org-prefecture-haute-marne" {
		t.Errorf("001 CSP: %+v", csp)
	}

	var lg struct {
		Dispositif struct {
			Funders []struct {
				Funder struct{ Name string }
				Amount float64
				Year   int
			}
			Staff []struct{ Etp float64 }
		}
	}
	in.data(`{ dispositif(id: "dsp-equipe-mobile-precarite-logisens") { funders { funder { name } amount year } staff { etp } } }`, nil, &lg)
	total := 0.0
	for _, f := range lg.Dispositif.Funders {
		total += f.Amount
	}
	if total != 140000 || len(lg.Dispositif.Funders) != 4 || len(lg.Dispositif.Staff) != 5 {
		t.Errorf("002 LOGISENS: %+v", lg.Dispositif)
	}

	var fa struct {
		Organisation struct {
			Dispositifs []struct{ ID string }
		}
	}
	in.data(`{ organisation(id: "org-fondation-armee-du-salut") { dispositifs { id } } }`, nil, &fa)
	if got := fmt.Sprint(fa.Organisation.Dispositifs); !strings.Contains(got, "avdl") || !strings.Contains(got, "iml") {
		t.Errorf("003 PDALHPD: %s", got)
	}

	var dases struct {
		Organisation struct {
			Mandates []struct {
				Role  string
				Other struct{ ID string }
			}
		}
	}
	in.data(`{ organisation(id: "org-dases-paris") { mandates { role other { id } } } }`, nil, &dases)
	if !strings.Contains(fmt.Sprint(dases.Organisation.Mandates), "org-samusocial-de-paris") {
		t.Errorf("004 DASES: %+v", dases)
	}
}

// TestWritesSurviveKillAndRestart creates data, kills the server with SIGKILL, restarts it and
// finds the data; then stops it with SIGTERM and checks it exits cleanly.
func TestWritesSurviveKillAndRestart(t *testing.T) {
	storeFlags = teststore.ServeFlags(t)
	data := t.TempDir()
	in := start(t, data)
	var ids []string
	for i := range 20 {
		r := in.query(true, `mutation($n: String!) { createDispositif(input: {name: $n, type: "accueil-de-jour"}) { id } }`, map[string]any{"n": fmt.Sprintf("Accueil %d", i)})
		if len(r.Errors) > 0 {
			t.Fatal(r.Errors)
		}
		var c struct{ ID string }
		_ = json.Unmarshal(r.Data["createDispositif"], &c)
		ids = append(ids, c.ID)
	}
	// invalid mutation: BAD_USER_INPUT, nothing changed
	r := in.query(true, `mutation($id: ID!) { updateDispositif(id: $id, expectedVersion: 1, input: {name: "", eligibility: {ageMin: 30, ageMax: 10}}) { id } }`, map[string]any{"id": ids[0]})
	if len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != "BAD_USER_INPUT" || !strings.Contains(r.Errors[0].Message, "nom est obligatoire") {
		t.Fatalf("invalid update: %+v", r.Errors)
	}
	if err := in.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = in.cmd.Wait()

	in = start(t, data)
	for _, id := range ids {
		var got struct {
			Dispositif struct {
				Name    string
				Version int
			}
		}
		in.data(`query($id: ID!) { dispositif(id: $id) { name version } }`, map[string]any{"id": id}, &got)
		if !strings.HasPrefix(got.Dispositif.Name, "Accueil ") || got.Dispositif.Version != 1 {
			t.Fatalf("%s after kill -9: %+v", id, got)
		}
	}
	if err := in.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- in.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("exit after SIGTERM: %v\n%s", err, in.log)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("no exit 20 s after SIGTERM")
	}
	if !strings.Contains(in.log.String(), "arrêté proprement") {
		t.Errorf("no clean-stop log:\n%s", in.log)
	}
}

// TestExportImportRoundTrip exports a seeded graph with the CLI, imports it elsewhere and
// exports again: the two files hold the same graph.
// It copies between two data directories, so it runs on the embedded store only.
func TestExportImportRoundTrip(t *testing.T) {
	storeFlags = nil
	a, b := t.TempDir(), t.TempDir()
	run := func(args ...string) string {
		t.Helper()
		out, err := exec.Command(binary, args...).CombinedOutput()
		if err != nil {
			t.Fatalf("maillage %v: %v\n%s", args, err, out)
		}
		return string(out)
	}
	run("seed", "--data", a, "--log-level", "warn", "--no-open-data")
	first := filepath.Join(t.TempDir(), "a.jsonl")
	run("export", "--data", a, "-o", first)
	out := run("import", "--data", b, first)
	if !strings.Contains(out, "Importé :") {
		t.Fatalf("import output: %s", out)
	}
	second := filepath.Join(t.TempDir(), "b.jsonl")
	run("export", "--data", b, "-o", second)
	x, y := readBody(t, first), readBody(t, second)
	if x != y || len(x) < 1000000 {
		t.Fatalf("round trip differs (%d vs %d bytes)", len(x), len(y))
	}
	// a file with a bad line: reported with its number, the rest imported, exit status 1
	bad := filepath.Join(t.TempDir(), "bad.jsonl")
	_ = os.WriteFile(bad, []byte("{\"format\":\"maillage-graph\",\"version\":1}\n{\"node\":{\"kind\":\"Organisation\",\"data\":{\"id\":\"org-x\",\"version\":1,\"name\":\"X\"}}}\nnot json\n"), 0o644)
	cmd := exec.Command(binary, "import", "--data", b, bad)
	outBad, err := cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(outBad), "ligne 3") || !strings.Contains(string(outBad), "1 nœuds") {
		t.Fatalf("bad import: %v\n%s", err, outBad)
	}

	// Open data: a dry run writes nothing, the import reports what it did, a second import
	// writes nothing, and the listings are exported in the HSDS format.
	fs := filepath.Join("..", "..", "seed", "data", "opendata", "france-services", "liste-fs-20221201.csv.gz")
	out = run("import", "--data", a, "--format", "france-services", "--dry-run", fs)
	if !strings.Contains(out, "Simulation") || !strings.Contains(out, "2683 nouveaux") || !strings.Contains(out, "+ dsp-fs-1 « France services de Valserhône »") {
		t.Fatalf("dry run: %s", out)
	}
	out = run("import", "--data", a, "--format", "france-services", fs)
	if !strings.Contains(out, "2683 nouveaux") {
		t.Fatalf("import: %s", out)
	}
	out = run("import", "--data", a, "--format", "france-services", fs)
	if !strings.Contains(out, "0 nouveaux, 0 modifiés, 2683 inchangés") || !strings.Contains(out, "0 relations ajoutées") {
		t.Fatalf("re-import: %s", out)
	}
	bad = filepath.Join(t.TempDir(), "fs.csv")
	_ = os.WriteFile(bad, []byte("id_fs,lib_fs,insee_com,telephone\n9001,France services de test,93066,01 48 00 00 00\n9002,,93066,\n"), 0o644)
	out = run("import", "--data", a, "--format", "france-services", bad)
	if !strings.Contains(out, "1 nouveaux") || !strings.Contains(out, "fs.csv ligne 3 : ") {
		t.Fatalf("bad row: %s", out)
	}
	hsds := filepath.Join(t.TempDir(), "hsds.json")
	run("export", "--data", a, "--format", "hsds", "-o", hsds)
	if body := readFile(t, hsds); !strings.Contains(body, "France services de Valserhône") || !strings.Contains(body, `"number":"04 50 56 87 49"`) {
		t.Fatalf("HSDS export: %.300s", body)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// readBody returns a JSON Lines export without its header (which holds the export time).
func readBody(t *testing.T, path string) string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var b strings.Builder
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for first := true; sc.Scan(); first = false {
		if !first {
			b.WriteString(sc.Text())
			b.WriteByte('\n')
		}
	}
	return b.String()
}

func TestHelpAndVersion(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"serve", "--help"}, {"seed", "--help"}, {"export", "--help"}, {"import", "--help"}} {
		out, err := exec.Command(binary, args...).CombinedOutput()
		if err != nil || !strings.Contains(string(out), "Usage") {
			t.Errorf("maillage %v: %v\n%s", args, err, out)
		}
	}
	out, err := exec.Command(binary, "version").CombinedOutput()
	if err != nil || !strings.HasPrefix(string(out), "maillage ") {
		t.Errorf("version: %v %s", err, out)
	}
	cmd := exec.Command(binary, "serve", "--data", t.TempDir(), "--log-level", "bavard")
	out, err = cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(out), "niveau de journal inconnu") {
		t.Errorf("bad flag: %v %s", err, out)
	}
	env := exec.Command(binary, "serve", "--data", t.TempDir())
	env.Env = append(os.Environ(), "MAILLAGE_ADDR=pas-une-adresse")
	out, err = env.CombinedOutput()
	if err == nil || !strings.Contains(string(out), "pas-une-adresse") {
		t.Errorf("MAILLAGE_ADDR not read: %v %s", err, out)
	}
}

// TestMigrateBetweenStores copies a seeded graph to another data directory twice: the copy
// exports identically and the second run writes nothing. (Embedded → Neo4j and back is tested
// in graph/migrate against a real Neo4j.)
func TestMigrateBetweenStores(t *testing.T) {
	storeFlags = nil
	a, b := t.TempDir(), t.TempDir()
	for _, args := range [][]string{{"seed", "--data", a, "--no-open-data"}, {"migrate", "--data", a, "--to", b}} {
		if out, err := exec.Command(binary, append(args, "--log-level", "warn")...).CombinedOutput(); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, out)
		}
	}
	out, err := exec.Command(binary, "migrate", "--data", a, "--to", b, "--log-level", "warn").CombinedOutput()
	if err != nil || !strings.Contains(string(out), "0 nœuds et 0 relations écrits") {
		t.Fatalf("second migration: %v\n%s", err, out)
	}
	ea, eb := filepath.Join(t.TempDir(), "a.jsonl"), filepath.Join(t.TempDir(), "b.jsonl")
	for dir, file := range map[string]string{a: ea, b: eb} {
		if out, err := exec.Command(binary, "export", "--data", dir, "-o", file, "--log-level", "warn").CombinedOutput(); err != nil {
			t.Fatalf("export: %v\n%s", err, out)
		}
	}
	if readBody(t, ea) != readBody(t, eb) {
		t.Fatal("migrated graph differs")
	}
	if out, err := exec.Command(binary, "migrate", "--data", a, "--to", a).CombinedOutput(); err == nil {
		t.Fatalf("migrating onto the source must fail:\n%s", out)
	}
}

// TestSearchOverHTTP runs the BRIEF's first scenario against the binary: the older
// undocumented man in Saint-Denis gets Mission Interface with its reasons; a 30-year-old
// does not get it as eligible.
func TestSearchOverHTTP(t *testing.T) {
	storeFlags = teststore.ServeFlags(t)
	in := start(t, t.TempDir())
	type result struct {
		Search struct {
			TotalCount  int
			Interpreted struct {
				Age   int
				Place struct{ ID string }
			}
			Edges []struct {
				Node    struct{ ID string }
				Matched []struct{ Message string }
			}
		}
	}
	const q = `query($t: String!) { search(text: $t, first: 5) { totalCount interpreted { age place { id } } edges { node { id } matched { message } } } }`
	var old result
	in.data(q, map[string]any{"t": "homme 67 ans sans papiers Saint-Denis"}, &old)
	if old.Search.Interpreted.Age != 67 || old.Search.Interpreted.Place.ID != "com-93066" || len(old.Search.Edges) == 0 ||
		old.Search.Edges[0].Node.ID != "dsp-mission-interface-personnes-agees" || len(old.Search.Edges[0].Matched) < 3 {
		t.Fatalf("67-year-old: %+v", old.Search)
	}
	var young result
	in.data(q, map[string]any{"t": "homme 30 ans sans papiers Saint-Denis"}, &young)
	for _, e := range young.Search.Edges {
		if e.Node.ID == "dsp-mission-interface-personnes-agees" {
			t.Fatalf("30-year-old gets the 60+ service: %+v", young.Search)
		}
	}
	// a listing created through the API is searchable within a second
	r := in.query(true, `mutation { createDispositif(input: {name: "Bagagerie du canal", type: "accueil-de-jour"}) { id } }`, nil)
	if len(r.Errors) > 0 {
		t.Fatal(r.Errors)
	}
	deadline := time.Now().Add(time.Second)
	for {
		var found result
		in.data(q, map[string]any{"t": "bagagerie"}, &found)
		if found.Search.TotalCount > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("new listing not searchable within 1 s")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// replicaSearchDelay is the delay docs/deployment.md states for a write to be searchable on
// every replica: the change feed's poll for other replicas' writes (at most 1 s when the feed
// was quiet, graph/neo4j WaitChange) plus indexing, with a margin for a loaded test machine.
const replicaSearchDelay = 5 * time.Second

// TestReplicasOnOneNeo4j runs three `maillage serve` processes on one Neo4j, each with its own
// data directory and search index, as behind a load balancer (docs/deployment.md): a write
// through any replica is read at once through the others, and every replica's search finds
// each write within replicaSearchDelay (each follows the change feed stored in Neo4j).
func TestReplicasOnOneNeo4j(t *testing.T) {
	if !teststore.Neo4j() {
		t.Skip("réplicas : nécessite Neo4j (MAILLAGE_TEST_STORE=neo4j, TEST_NEO4J_URI)")
	}
	storeFlags = teststore.ServeFlags(t)
	a := start(t, t.TempDir()) // seeds the shared database first
	replicas := []*instance{a, start(t, t.TempDir()), start(t, t.TempDir())}
	b := replicas[1]

	type found struct {
		Search struct {
			TotalCount int
			Edges      []struct{ Node struct{ ID, Name string } }
		}
	}
	const q = `query($t: String!) { search(text: $t, first: 5) { totalCount edges { node { id name } } } }`
	// B searches the directory A seeded.
	var seeded found
	b.data(q, map[string]any{"t": "homme 67 ans sans papiers Saint-Denis"}, &seeded)
	if len(seeded.Search.Edges) == 0 || seeded.Search.Edges[0].Node.ID != "dsp-mission-interface-personnes-agees" {
		t.Fatalf("replica B does not find Mission Interface: %+v", seeded.Search)
	}

	// waitSearch polls in's search for text until listing id is among its results (present) or
	// not (absent), within replicaSearchDelay.
	waitSearch := func(in *instance, text, id string, present bool) time.Duration {
		t.Helper()
		began := time.Now()
		for {
			var f found
			in.data(q, map[string]any{"t": text}, &f)
			has := false
			for _, e := range f.Search.Edges {
				has = has || e.Node.ID == id
			}
			if has == present {
				return time.Since(began)
			}
			if time.Since(began) > replicaSearchDelay {
				t.Fatalf("search %q on %s after %s: %s present = %t, want %t (%+v)", text, in.addr, replicaSearchDelay, id, has, present, f.Search)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}

	// A write through each replica, each found by every replica's search.
	type listing struct {
		ID      string
		Version int
	}
	written := make([]listing, len(replicas))
	words := []string{"bagagerie", "laverie", "consigne"}
	for i, in := range replicas {
		r := in.query(true, `mutation($n: String!) { createDispositif(input: {name: $n, type: "accueil-de-jour", status: "active"}) { id version } }`,
			map[string]any{"n": fmt.Sprintf("%s solidaire du canal", strings.ToUpper(words[i][:1])+words[i][1:])})
		if len(r.Errors) > 0 {
			t.Fatal(r.Errors)
		}
		if err := json.Unmarshal(r.Data["createDispositif"], &written[i]); err != nil {
			t.Fatal(err)
		}
	}
	for i, w := range written {
		for j, in := range replicas {
			// The store is shared: every replica reads the new listing at once.
			var got struct{ Dispositif *struct{ Name string } }
			in.data(`query($id: ID!) { dispositif(id: $id) { name } }`, map[string]any{"id": w.ID}, &got)
			if got.Dispositif == nil || !strings.HasPrefix(strings.ToLower(got.Dispositif.Name), words[i]) {
				t.Fatalf("replica %d does not read replica %d's write: %+v", j, i, got)
			}
			t.Logf("created on replica %d, searchable on replica %d after %s", i, j, waitSearch(in, words[i]+" canal", w.ID, true))
		}
	}
	created := written[0]

	// An archive on B leaves A's search too.
	r := b.query(true, `mutation($id: ID!, $v: Int!) { archiveDispositif(id: $id, expectedVersion: $v) { version } }`,
		map[string]any{"id": created.ID, "v": created.Version})
	if len(r.Errors) > 0 {
		t.Fatal(r.Errors)
	}
	t.Logf("archived on B, gone from A's search after %s", waitSearch(a, "bagagerie canal", created.ID, false))

	// Concurrent edits through the two replicas: one wins, the other gets CONFLICT.
	upd := `mutation($id: ID!, $v: Int!, $n: String!) { updateDispositif(id: $id, expectedVersion: $v, input: {name: $n, type: "siao", status: "active"}) { version } }`
	var current struct{ Dispositif struct{ Version int } }
	a.data(`{ dispositif(id: "dsp-siao-52") { version } }`, nil, &current)
	v := current.Dispositif.Version
	ra := a.query(true, upd, map[string]any{"id": "dsp-siao-52", "v": v, "n": "SIAO 52 (A)"})
	rb := b.query(true, upd, map[string]any{"id": "dsp-siao-52", "v": v, "n": "SIAO 52 (B)"})
	if len(ra.Errors) != 0 || len(rb.Errors) != 1 || rb.Errors[0].Extensions["code"] != "CONFLICT" {
		t.Fatalf("same version through both replicas: A %+v, B %+v; want A to win and B CONFLICT", ra.Errors, rb.Errors)
	}
}
