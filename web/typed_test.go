package web

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/maillage/maillage/web/browsertest"
)

// typedCopy copies the app's sources, its codegen and TypeScript settings and schema.graphql
// into a temporary folder laid out like the repository (schema.graphql beside web/), sharing
// the installed node_modules, so that a test can break a query or the schema there.
func typedCopy(t *testing.T) string {
	t.Helper()
	if _, err := os.Stat(filepath.Join("node_modules", ".bin", "graphql-codegen")); err != nil {
		browsertest.Skip(t, "les paquets npm de l'application web ne sont pas installés : lancez « make web »")
	}
	root := t.TempDir()
	dir := filepath.Join(root, "web")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"src", "codegen.yml", "codegen-header.mjs", "tsconfig.json", "package.json"} {
		if out, err := exec.Command("cp", "-r", p, filepath.Join(dir, p)).CombinedOutput(); err != nil {
			t.Fatalf("cp %s: %v\n%s", p, err, out)
		}
	}
	abs, err := filepath.Abs("node_modules")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(abs, filepath.Join(dir, "node_modules")); err != nil {
		t.Fatal(err)
	}
	schema, err := os.ReadFile(filepath.Join("..", "schema.graphql"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "schema.graphql"), schema, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// run runs an npm script in dir and returns its output and whether it succeeded.
func run(t *testing.T, dir string, args ...string) (string, bool) {
	t.Helper()
	cmd := exec.Command("npm", append([]string{"run", "--silent"}, args...)...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	return string(out), err == nil
}

// TestTypedQueries proves that the web app's build checks its queries against schema.graphql:
// the unchanged copy generates its types and type-checks; a schema that no longer has a field
// a query asks for stops the codegen; a result read beyond what its query selects stops tsc.
func TestTypedQueries(t *testing.T) {
	dir := typedCopy(t)

	if out, ok := run(t, dir, "generate"); !ok {
		t.Fatalf("the codegen fails on the app as it is:\n%s", out)
	}
	if out, ok := run(t, dir, "typecheck"); !ok {
		t.Fatalf("tsc fails on the app as it is:\n%s", out)
	}

	t.Run("a schema without a field a query asks for", func(t *testing.T) {
		schemaPath := filepath.Join(dir, "..", "schema.graphql")
		schema, err := os.ReadFile(schemaPath)
		if err != nil {
			t.Fatal(err)
		}
		// The home page's query asks for stats; the API drops it.
		broken := strings.Replace(string(schema), "  stats: Stats!\n", "", 1)
		if broken == string(schema) {
			t.Fatal("schema.graphql no longer declares `stats: Stats!` on Query: update this test")
		}
		if err := os.WriteFile(schemaPath, []byte(broken), 0o644); err != nil {
			t.Fatal(err)
		}
		defer os.WriteFile(schemaPath, schema, 0o644)
		out, ok := run(t, dir, "generate")
		if ok {
			t.Fatalf("the codegen accepted a query for a field the schema lacks:\n%s", out)
		}
		if !strings.Contains(out, "stats") {
			t.Errorf("the codegen's failure does not name the field:\n%s", out)
		}
	})

	t.Run("a result read beyond its query", func(t *testing.T) {
		wrong := filepath.Join(dir, "src", "wrong.ts")
		code := "import { request } from \"./api\";\n" +
			"import { graphql } from \"./gql\";\n" +
			"const Q = graphql(`query WrongRead { stats { nodes { kind } } }`);\n" +
			"export const count = async () => (await request(Q)).stats.nodes[0].count;\n"
		if err := os.WriteFile(wrong, []byte(code), 0o644); err != nil {
			t.Fatal(err)
		}
		defer os.Remove(wrong)
		if out, ok := run(t, dir, "generate"); !ok {
			t.Fatalf("the codegen refuses a valid query:\n%s", out)
		}
		out, ok := run(t, dir, "typecheck")
		if ok {
			t.Fatalf("tsc accepted a field the query does not select:\n%s", out)
		}
		if !strings.Contains(out, "count") {
			t.Errorf("tsc's failure does not name the field:\n%s", out)
		}
	})

	// request and useQuery take only typed documents: a query written as a string, its result
	// typed by hand, no longer builds.
	t.Run("a query written as a plain string", func(t *testing.T) {
		untyped := filepath.Join(dir, "src", "untyped.ts")
		code := "import { request } from \"./api\";\n" +
			"import { useQuery } from \"./useQuery\";\n" +
			"export const stats = () => request<{ stats: { nodes: { kind: string }[] } }>(\"{ stats { nodes { kind } } }\", {});\n" +
			"export const useStats = () => useQuery(\"{ stats { nodes { kind } } }\", {});\n"
		if err := os.WriteFile(untyped, []byte(code), 0o644); err != nil {
			t.Fatal(err)
		}
		defer os.Remove(untyped)
		out, ok := run(t, dir, "typecheck")
		if ok {
			t.Fatalf("tsc accepted queries written as strings:\n%s", out)
		}
		for _, line := range []string{"untyped.ts(3,", "untyped.ts(4,"} {
			if !strings.Contains(out, line) {
				t.Errorf("tsc does not refuse %s:\n%s", line, out)
			}
		}
	})
}
