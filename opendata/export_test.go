package opendata

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/graph/clocktest"
	"github.com/maillage/maillage/search"
)

// compileSchema compiles the official JSON Schema name of dir (testdata/schemas/…), with the
// relative references between its files, asserting formats (uuid, email, uri, date).
func compileSchema(t testing.TB, dir, name string) *jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	base := "https://schemas.example/" + dir + "/"
	files, _ := filepath.Glob(filepath.Join("testdata/schemas", dir, "*.json"))
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
		if err != nil {
			t.Fatal(err)
		}
		if err := c.AddResource(base+filepath.Base(f), doc); err != nil {
			t.Fatal(err)
		}
	}
	sch, err := c.Compile(base + name)
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

// validateArray checks every element of a JSON array against sch and returns their number.
func validateArray(t *testing.T, sch *jsonschema.Schema, data []byte, what string) int {
	t.Helper()
	var items []json.RawMessage
	if err := json.Unmarshal(data, &items); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	bad := 0
	for i, it := range items {
		v, err := jsonschema.UnmarshalJSON(bytes.NewReader(it))
		if err != nil {
			t.Fatal(err)
		}
		if err := sch.Validate(v); err != nil {
			bad++
			if bad <= 3 {
				t.Errorf("%s %d does not validate: %v\n%s", what, i, err, it)
			}
		}
	}
	if bad > 0 {
		t.Errorf("%s: %d of %d invalid", what, bad, len(items))
	}
	return len(items)
}

func TestExportsValidateAgainstOfficialSchemas(t *testing.T) {
	s := baseStore(t, clocktest.New(time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)).Clock(), "974", "93", "75")
	ctx := context.Background()
	importDI974(t, s, false)
	// France services and annuaire offices of the départements loaded.
	im := &Importer{Store: s, Geo: testGeo(t)}
	keep := func(rec *Record, bad *RowError) error {
		if bad != nil {
			return nil
		}
		if a := rec.Dispositif.Address; a != nil && len(a.CommuneCode) == 5 && (a.CommuneCode[:2] == "93" || a.CommuneCode[:2] == "75") {
			return im.Add(ctx, rec)
		}
		return nil
	}
	for path, read := range map[string]Reader{
		"opendata/france-services/liste-fs-20221201.csv.gz":                           ReadFranceServices,
		"opendata/annuaire-2019/annuaire-administration-2019-services-sociaux.csv.gz": ReadAnnuaire,
	} {
		if err := read(openEmbedded(t, path), Options{}, keep); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := im.Finish(ctx); err != nil {
		t.Fatal(err)
	}
	// A listing of a person, with hours, ages and a closure status, is exported too.
	age := 60
	if _, err := s.Create(ctx, &graph.Dispositif{Name: "Accueil seniors", Type: "accueil-de-jour", Status: "temporarily_closed",
		OpeningHours: "Mo-Fr 08:30-17:00; Sa 09:00-12:00", Eligibility: graph.Eligibility{AgeMin: &age},
		Contacts: []graph.Contact{{Kind: "phone", Value: "01 48 00 00 00"}, {Kind: "email", Value: "accueil@example.org"}}}); err != nil {
		t.Fatal(err)
	}

	// The imported listings are found by search, with their contacts.
	ix, err := search.Open(filepath.Join(t.TempDir(), "index"))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if err := ix.Reindex(ctx, s, nil); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ text, covers, want string }{
		{"Garantie Visale", "com-97411", NodeID(graph.KindDispositif, DatasetDataInclusion, "3c3b9edd-bfcd-4bbd-ada5-45ddf2ec5425-07cd638d-725d-49e5-8338-3b5e0edd1031")},
		{"France services", "com-93008", ""},
		{"PMI", "com-93008", ""},
	} {
		hits, _, err := ix.Search(ctx, search.Query{Text: c.text, Covers: []string{c.covers}, Kind: "Dispositif", Limit: 5})
		if err != nil || len(hits) == 0 {
			t.Fatalf("%q in %s: %v %v", c.text, c.covers, hits, err)
		}
		if c.want != "" && hits[0].ID != c.want {
			t.Errorf("%q: first hit %s, want %s", c.text, hits[0].ID, c.want)
		}
		if c.want == "" {
			n, _ := s.Get(ctx, hits[0].ID)
			if d := n.(*graph.Dispositif); firstContact(d.Contacts, "phone") == "" || d.Sources[0].Date == "" {
				t.Errorf("%q: %s without phone or source date: %+v %+v", c.text, d.Name, d.Contacts, d.Sources)
			}
		}
	}

	var structures, services, hsds bytes.Buffer
	ns, err := ExportDIStructures(ctx, s, &structures)
	if err != nil {
		t.Fatal(err)
	}
	nv, err := ExportDIServices(ctx, s, &services)
	if err != nil {
		t.Fatal(err)
	}
	nh, err := ExportHSDS(ctx, s, &hsds, DepartementNames(testGeo(t)))
	if err != nil {
		t.Fatal(err)
	}
	if nv < 2700 || nh != nv || ns < 250 {
		t.Fatalf("exported %d structures, %d services, %d HSDS services", ns, nv, nh)
	}
	if n := validateArray(t, compileSchema(t, "data-inclusion-v1", "structure.json"), structures.Bytes(), "structure"); n != ns {
		t.Fatalf("%d structures read, %d written", n, ns)
	}
	diService := compileSchema(t, "data-inclusion-v1", "service.json")
	hsdsService := compileSchema(t, "hsds-3.0", "service.json")
	validateArray(t, diService, services.Bytes(), "service")
	validateArray(t, hsdsService, hsds.Bytes(), "HSDS service")
	// The schemas do reject what they should: a service without description, a non-UUID id, a
	// phone without number.
	for sch, bad := range map[*jsonschema.Schema]string{
		diService:   `{"source":"maillage","structure_id":"s","id":"x","nom":"Nom","date_maj":"2025-01-01"}`,
		hsdsService: `{"id":"x","name":"Nom","status":"active"}`,
	} {
		v, _ := jsonschema.UnmarshalJSON(strings.NewReader(bad))
		if sch.Validate(v) == nil {
			t.Errorf("%s validates", bad)
		}
	}
	v, _ := jsonschema.UnmarshalJSON(strings.NewReader(`{"id":"ac148810-d857-441c-9679-408f346de14b","name":"Nom","status":"active","phones":[{"id":"ac148810-d857-441c-9679-408f346de14c"}]}`))
	if hsdsService.Validate(v) == nil {
		t.Error("a phone without number validates")
	}
}
