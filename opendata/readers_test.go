package opendata

import (
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/maillage/maillage/seed/data"
)

// readAll reads an embedded reference file with a reader and returns its records and bad rows.
func readAll(t testing.TB, read Reader, path string) ([]*Record, []RowError) {
	t.Helper()
	f, err := data.OpenData.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := Decompress(f)
	if err != nil {
		t.Fatal(err)
	}
	return readFrom(t, read, r)
}

func readFrom(t testing.TB, read Reader, r io.Reader) ([]*Record, []RowError) {
	t.Helper()
	var recs []*Record
	var bad []RowError
	if err := read(r, Options{}, func(rec *Record, e *RowError) error {
		if rec != nil {
			recs = append(recs, rec)
		} else {
			bad = append(bad, *e)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return recs, bad
}

func TestReadDataInclusion974(t *testing.T) {
	recs, bad := readAll(t, ReadDataInclusion, "opendata/data-inclusion-974/services.json.gz")
	if len(recs)+len(bad) != 2705 {
		t.Fatalf("%d records + %d bad rows, want 2705 rows", len(recs), len(bad))
	}
	if len(recs) < 2600 {
		t.Fatalf("only %d services kept; bad rows: %v", len(recs), bad[:min(5, len(bad))])
	}
	first := recs[0]
	if first.Dispositif == nil || first.Dispositif.Name != "Garantie Visale" || first.Operator != "3c3b9edd-bfcd-4bbd-ada5-45ddf2ec5425" {
		t.Fatalf("first record %+v", first)
	}
	// Decimal commas are read; the Postgres-array lists are split and mapped to v1 slugs.
	if a := first.Dispositif.Address; a == nil || a.Lon == nil || *a.Lon != 55.446522 || a.CommuneCode != "97411" {
		t.Errorf("address %+v", first.Dispositif.Address)
	}
	if !slices.Contains(first.Thematiques, "logement-hebergement--sinformer-sur-les-demarches-liees-a-lacces-au-logement") ||
		!slices.Contains(first.Thematiques, "mobilite--financer-ma-mobilite") || first.Dispositif.Cost != "gratuit" {
		t.Errorf("thematiques %v cost %q", first.Thematiques, first.Dispositif.Cost)
	}
	if !slices.Equal(first.Publics, []string{"actifs", "jeunes"}) {
		t.Errorf("publics %v", first.Publics)
	}
	for _, e := range bad {
		if e.Line == 0 || e.Reason == "" {
			t.Errorf("bad row without line or reason: %+v", e)
		}
	}
	structures, bad := readAll(t, ReadDataInclusion, "opendata/data-inclusion-974/structures.json")
	if len(structures)+len(bad) != 276 || structures[0].Organisation == nil {
		t.Fatalf("structures: %d + %d bad", len(structures), len(bad))
	}
}

func TestPGArray(t *testing.T) {
	got := parseList(`{a,"b, c",NULL,"d \"e\""}`)
	if !slices.Equal(got, []string{"a", "b, c", `d "e"`}) {
		t.Fatalf("%q", got)
	}
	if got := parseList(`["x","y"]`); !slices.Equal(got, []string{"x", "y"}) {
		t.Fatalf("%q", got)
	}
}

func TestReadDataInclusionV1CSVAndBadRows(t *testing.T) {
	in := "id;source;structure_id;nom;description;date_maj;thematiques;publics;frais;telephone;horaires_accueil;zone_eligibilite\n" +
		"dora--1;dora;dora--s1;Aide aux démarches;Une description;2025-03-01;sante--acces-aux-soins,famille;jeunes;gratuit;01 23 45 67 89;Mo-Fr 09:00-12:00;93066\n" +
		"dora--2;dora;dora--s1;;x;2025-03-01;;;;;;\n" +
		"dora--3;dora;dora--s1;Sans date;x;hier;;;;;;\n"
	recs, bad := readFrom(t, ReadDataInclusion, strings.NewReader(in))
	if len(recs) != 1 || len(bad) != 2 {
		t.Fatalf("recs %d bad %v", len(recs), bad)
	}
	d := recs[0].Dispositif
	if d.OpeningHours != "Mo-Fr 09:00-12:00" || len(d.Contacts) != 1 || recs[0].Date.Format("2006-01-02") != "2025-03-01" || !slices.Equal(recs[0].Zone, []string{"93066"}) {
		t.Fatalf("%+v %+v", d, recs[0])
	}
	if bad[0].Line != 3 || !strings.Contains(bad[0].Reason, "nom") || bad[1].Line != 4 || !strings.Contains(bad[1].Reason, "date_maj") {
		t.Fatalf("%+v", bad)
	}
}

func TestReadFranceServices(t *testing.T) {
	recs, bad := readAll(t, ReadFranceServices, "opendata/france-services/liste-fs-20221201.csv.gz")
	if len(recs)+len(bad) != 2683 || len(recs) < 2600 {
		t.Fatalf("%d + %d bad: %v", len(recs), len(bad), bad[:min(3, len(bad))])
	}
	d := recs[0].Dispositif
	if d.OpeningHours != "Mo-Th 09:00-12:00,13:30-17:00; Fr 09:00-12:00,13:30-16:00" || d.Contacts[0].Value != "04 50 56 87 49" {
		t.Fatalf("%q %+v", d.OpeningHours, d.Contacts)
	}
}

func TestReadAnnuaireAndReferentiel(t *testing.T) {
	recs, bad := readAll(t, ReadAnnuaire, "opendata/annuaire-2019/annuaire-administration-2019-services-sociaux.csv.gz")
	if len(recs)+len(bad) != 5915 || len(recs) < 5800 {
		t.Fatalf("%d + %d bad: %v", len(recs), len(bad), bad[:min(3, len(bad))])
	}
	ml, bad := readAll(t, ReadReferentiel, "opendata/referentiels/referentiel_structures_milo.json")
	if len(ml) != 449 || len(bad) != 1 || bad[0].Line != 40 || ml[0].Departement != "93" { // 65441S00 has no département
		t.Fatalf("%d %v", len(ml), bad)
	}
}

func TestReadFINESSEtalab(t *testing.T) {
	// Lines in the layout of the etalab notice (DREES, 2016), values from the FINESS sample.
	in := "finess;etalab;100;2026-08-13\n" +
		"structureet;930019484;930000013;CHRS LA CITE;CHRS LA CITE;;;12;RUE;DE PARIS;;;066;93;SEINE-SAINT-DENIS;93200 ST DENIS;0148000000;;214;C.H.R.S.;4601;;;;;;;;2001-01-01;2001-01-01;2026-05-02;\n" +
		"structureet;930019492;930000013;PHARMACIE;PHARMACIE;;;1;RUE;X;;;066;93;SEINE-SAINT-DENIS;93200 ST DENIS;;;620;Pharmacie;;;;;;;;;2001-01-01;2001-01-01;2026-05-02;\n" +
		"structureet;bad\n" +
		"geolocalisation;930019484;652000.1;6866000.2;1;2026-05-02\n"
	recs, bad := readFrom(t, ReadFINESS, strings.NewReader(in))
	if len(recs) != 1 || len(bad) != 1 || bad[0].Line != 4 {
		t.Fatalf("%d %v", len(recs), bad)
	}
	d := recs[0].Dispositif
	if d.Type != "chrs" || d.Address.CommuneCode != "93066" || d.Address.PostalCode != "93200" || recs[0].Operator != "930000013" {
		t.Fatalf("%+v %+v", d, d.Address)
	}
}
