package opendata

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/seed/finess"
	"github.com/maillage/maillage/seed/vocab"
)

// DatasetFINESS names FINESS records; their ids are the seeded sample's (finess.DispositifID),
// so that an extract merges with it.
const DatasetFINESS = "finess"

// etalabColumns are the fields of a "structureet" line of the etalab establishment extract
// (notice "Jeu de données FINESS pour ETALAB", DREES, 2016, in seed/data/finess/PROVENANCE.md),
// after the line's tag. Recent files add numuai at the end.
var etalabColumns = []string{"nofinesset", "nofinessej", "rs", "rslongue", "complrs", "compldistrib", "numvoie", "typvoie", "voie",
	"compvoie", "lieuditbp", "commune", "departement", "libdepartement", "ligneacheminement", "telephone", "telecopie",
	"categetab", "libcategetab", "categagretab", "libcategagretab", "siret", "codeape", "codemft", "libmft", "codesph",
	"libsph", "dateouv", "dateautor", "datemaj", "numuai"}

// ReadFINESS reads the etalab FINESS establishment extract (etalab-cs1100507-stock-*.csv) in one
// pass: a header line "finess;etalab;…;date", "structureet" lines, then "geolocalisation" lines.
// Establishments outside Maillage's field (vocab.FINESSCategoryType) are skipped without a
// report; the projected coordinates of the geolocalisation lines, which come after every
// establishment, are not read: keeping them would hold the whole file in memory, and the
// commune locates the listing.
func ReadFINESS(r io.Reader, o Options, emit Emit) error {
	cr := csv.NewReader(bufio.NewReaderSize(r, 1<<20))
	cr.Comma = ';'
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	fileDate := o.Date
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			if err := badRow(emit, line, "CSV illisible : %v", err); err != nil {
				return err
			}
			continue
		}
		switch strings.TrimSpace(rec[0]) {
		case "finess":
			if len(rec) >= 4 && fileDate.IsZero() {
				fileDate, _ = parseDate(strings.TrimSpace(rec[3]))
			}
		case "structureet":
			if err := emitFINESS(line, rec[1:], fileDate, emit); err != nil {
				return err
			}
		case "geolocalisation":
		default:
			if err := badRow(emit, line, "ligne de type « %s » inconnue (structureet ou geolocalisation attendu)", rec[0]); err != nil {
				return err
			}
		}
	}
}

func emitFINESS(line int, rec []string, fileDate time.Time, emit Emit) error {
	if len(rec) < len(etalabColumns)-1 {
		return badRow(emit, line, "%d champs au lieu de %d", len(rec), len(etalabColumns)-1)
	}
	f := fields{}
	for i, c := range etalabColumns {
		if i < len(rec) {
			f[c] = rec[i]
		}
	}
	eg, cat := f.str("nofinesset"), f.str("categetab")
	name := clean(f.str("rslongue", "rs"))
	typ, publics, thematiques, ok := finess.Classify(cat, name+" "+f.str("rs"))
	if !ok {
		return nil
	}
	if !graph.ValidFINESS(eg) {
		return badRow(emit, line, "numéro FINESS « %s » invalide", eg)
	}
	date := fileDate
	if d, err := parseDate(f.str("datemaj")); err == nil {
		date = d
	}
	if date.IsZero() {
		return badRow(emit, line, "ni date de mise à jour (datemaj) ni date de fichier")
	}
	r := &Record{Line: line, Dataset: DatasetFINESS, ID: eg, Date: date, Operator: f.str("nofinessej"), Publics: publics, Thematiques: thematiques}
	cp, city, _ := strings.Cut(f.str("ligneacheminement"), " ")
	a := &graph.Address{
		Street:      clean(f.str("numvoie") + " " + f.str("typvoie") + " " + f.str("voie")),
		Complement:  clean(f.str("compvoie") + " " + f.str("lieuditbp")),
		PostalCode:  cp,
		City:        clean(city),
		CommuneCode: etalabCommune(f.str("departement"), f.str("commune")),
	}
	if !isDigits5(a.PostalCode) {
		a.PostalCode = ""
	}
	cs, dropped := contacts(f.str("telephone"), "", "")
	r.Dropped = dropped
	r.Dispositif = &graph.Dispositif{Name: name, Type: typ, FINESS: eg, Status: "active", Address: a, Contacts: cs,
		StartedOn:   f.str("dateouv"),
		Description: fmt.Sprintf("Établissement enregistré au FINESS, catégorie %s « %s ».", cat, vocab.FINESSCategoryLabel(cat)),
	}
	return validated(emit, r)
}

// etalabCommune builds the INSEE code from FINESS's département and 3-character commune:
// "93" + "066"; overseas départements are coded 9A, 9B… in FINESS and their INSEE codes are
// "97" + commune ("9A" + "101" → 97101).
func etalabCommune(dep, com string) string {
	if len(com) != 3 {
		return ""
	}
	if len(dep) == 2 && dep[0] == '9' && dep[1] >= 'A' && dep[1] <= 'Z' {
		return "97" + com
	}
	if len(dep) == 2 {
		return dep + com
	}
	return ""
}

func isDigits5(s string) bool {
	if len(s) != 5 {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
