package opendata

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/graph/hours"
)

// DatasetDataInclusion names data·inclusion records.
const DatasetDataInclusion = "data-inclusion"

// DI974Date is the date of the La Réunion data·inclusion extract Maillage ships (its files'
// last change, 2025-02-14; see seed/data/opendata/data-inclusion-974/PROVENANCE.md): that export
// has no date_maj column.
var DI974Date = time.Date(2025, 2, 14, 0, 0, 0, 0, time.UTC)

// ReadDataInclusion reads data·inclusion structures or services: schema v1 or v0 (field names
// of the schema), or the GIP's "pilotage" export with French column labels (the La Réunion
// file: Postgres-array lists, decimal commas). JSON (an array, or one object per line) and CSV
// (comma or semicolon separated) are recognised from the content. Structures and services may
// be mixed; each row says what it is by its fields.
func ReadDataInclusion(r io.Reader, o Options, emit Emit) error {
	br := bufio.NewReaderSize(r, 1<<20)
	first, err := firstByte(br)
	if err != nil {
		return err
	}
	switch first {
	case '[':
		return readJSONArray(br, func(n int, f fields) error { return emitDI(n, f, o, emit) })
	case '{':
		return readJSONLines(br, func(n int, f fields) error { return emitDI(n, f, o, emit) })
	default:
		return readCSV(br, func(n int, f fields) error { return emitDI(n, f, o, emit) })
	}
}

// fields is a row by column name: JSON values, or strings for CSV.
type fields map[string]any

// str returns the first non-empty value among keys, as trimmed text.
func (f fields) str(keys ...string) string {
	for _, k := range keys {
		switch v := f[k].(type) {
		case string:
			if s := strings.TrimSpace(v); s != "" {
				return fixC1(s)
			}
		case float64:
			return strconv.FormatFloat(v, 'f', -1, 64)
		case json.Number:
			return v.String()
		case bool:
			return strconv.FormatBool(v)
		}
	}
	return ""
}

// list returns the first non-empty list among keys.
func (f fields) list(keys ...string) []string {
	for _, k := range keys {
		switch v := f[k].(type) {
		case []any:
			var out []string
			for _, x := range v {
				if s, ok := x.(string); ok && strings.TrimSpace(s) != "" {
					out = append(out, strings.TrimSpace(s))
				}
			}
			if len(out) > 0 {
				return out
			}
		case string:
			if l := parseList(v); len(l) > 0 {
				return l
			}
		}
	}
	return nil
}

// number reads a coordinate or a number, accepting a decimal comma.
func (f fields) number(keys ...string) (*float64, bool) {
	s := f.str(keys...)
	if s == "" {
		return nil, true
	}
	v, err := strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64)
	if err != nil {
		return nil, false
	}
	return &v, true
}

func (f fields) has(k string) bool { _, ok := f[k]; return ok }

func firstByte(br *bufio.Reader) (byte, error) {
	for {
		b, err := br.ReadByte()
		if err == io.EOF {
			return 0, nil
		}
		if err != nil {
			return 0, err
		}
		if b == 0xEF { // UTF-8 byte order mark
			br.ReadByte()
			br.ReadByte()
			continue
		}
		if b != ' ' && b != '\n' && b != '\r' && b != '\t' {
			return b, br.UnreadByte()
		}
	}
}

// readJSONArray decodes the elements of a top-level JSON array one by one. A malformed
// element ends the file (a JSON decoder cannot resynchronise) with an error naming it.
func readJSONArray(r io.Reader, fn func(n int, f fields) error) error {
	dec := json.NewDecoder(r)
	dec.UseNumber()
	if _, err := dec.Token(); err != nil {
		return fmt.Errorf("JSON illisible : %w", err)
	}
	for n := 1; dec.More(); n++ {
		var f fields
		if err := dec.Decode(&f); err != nil {
			return fmt.Errorf("élément %d : JSON illisible : %w", n, err)
		}
		if err := fn(n, f); err != nil {
			return err
		}
	}
	return nil
}

// readJSONLines decodes one JSON object per line; a malformed line is reported and skipped.
func readJSONLines(r io.Reader, fn func(n int, f fields) error) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 1<<20), 64<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		dec := json.NewDecoder(strings.NewReader(line))
		dec.UseNumber()
		var f fields
		if err := dec.Decode(&f); err != nil {
			f = fields{"__error": "JSON illisible : " + err.Error()}
		}
		if err := fn(n, f); err != nil {
			return err
		}
	}
	return sc.Err()
}

// readCSV reads a CSV file with a header, comma or semicolon separated (guessed from the
// header), calling fn with the line number of each record's start.
func readCSV(br *bufio.Reader, fn func(n int, f fields) error) error {
	head, _ := br.Peek(4096)
	cr := csv.NewReader(br)
	first, _, _ := strings.Cut(string(head), "\n")
	if strings.Count(first, ";") > strings.Count(first, ",") {
		cr.Comma = ';'
	}
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	header, err := cr.Read()
	if err != nil {
		return fmt.Errorf("en-tête CSV illisible : %w", err)
	}
	for i := range header {
		header[i] = strings.TrimSpace(strings.TrimPrefix(header[i], "\ufeff"))
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				if err := fn(pe.StartLine, fields{"__error": "CSV illisible : " + pe.Err.Error()}); err != nil {
					return err
				}
				continue
			}
			return err
		}
		f := make(fields, len(header))
		for i, h := range header {
			if i < len(rec) {
				f[h] = rec[i]
			}
		}
		if err := fn(line, f); err != nil {
			return err
		}
	}
}

// badRow reports a row that cannot be read.
func badRow(emit Emit, n int, format string, args ...any) error {
	return emit(nil, &RowError{Line: n, Reason: fmt.Sprintf(format, args...)})
}

// emitDI turns one data·inclusion row into a record.
func emitDI(n int, f fields, o Options, emit Emit) error {
	if e, ok := f["__error"].(string); ok {
		return badRow(emit, n, "%s", e)
	}
	id := f.str("id", "Service ID", "ID")
	if id == "" {
		return badRow(emit, n, "identifiant (id) manquant")
	}
	date := o.date(DI974Date)
	if s := f.str("date_maj"); s != "" {
		d, err := parseDate(s)
		if err != nil {
			return badRow(emit, n, "date_maj « %s » illisible (AAAA-MM-JJ attendu)", s)
		}
		date = d
	}
	rec := &Record{Line: n, Dataset: DatasetDataInclusion, ID: id, Date: date}
	addr, ok := diAddress(f)
	if !ok {
		rec.Dropped = append(rec.Dropped, "coordonnées illisibles")
	}
	cs, dropped := contacts(f.str("telephone"), f.str("courriel"), f.str("site_web", "lien_source"))
	rec.Dropped = append(rec.Dropped, dropped...)
	service := f.has("structure_id") || f.has("Structure ID") || f.has("Service ID")
	if !service {
		org := &graph.Organisation{Name: clean(f.str("nom", "Nom")), Description: f.str("description", "presentation_detail", "presentation_resume"),
			Address: addr, Contacts: cs, Type: structureType(f.str("typologie", "Typologie"))}
		if s := f.str("siret"); s != "" {
			if graph.ValidSIRET(s) {
				org.SIRET = s
			} else {
				rec.Dropped = append(rec.Dropped, "SIRET « "+s+" » invalide")
			}
		}
		rec.Organisation = org
		return validated(emit, rec)
	}
	d := &graph.Dispositif{Name: clean(f.str("nom", "Nom")), Status: "active", Address: addr, Contacts: cs,
		Description: f.str("description", "presentation_detail", "presentation_resume")}
	rec.Operator = f.str("structure_id", "Structure ID")
	for _, t := range f.list("thematiques", "Thematiques") {
		if t == "handicap" || strings.HasPrefix(t, "handicap--") {
			rec.Publics = addUnique(rec.Publics, "personnes-en-situation-de-handicap")
		}
		rec.Thematiques = addUnique(rec.Thematiques, Thematique(t))
	}
	for _, p := range f.list("publics", "profils", "Profils") {
		rec.Publics = addUnique(rec.Publics, Publics(p)...)
	}
	d.Type = typeFromThematiques(rec.Thematiques)
	d.Cost = Cost(f.list("frais", "Frais"))
	var notes []string
	if p := f.str("frais_precisions", "frais_autres"); p != "" {
		notes = append(notes, "Frais : "+clean(p))
	}
	switch modes := f.list("modes_accueil", "Modes Accueil"); {
	case len(modes) == 2:
		notes = append(notes, "Accueil en présentiel et à distance.")
	case len(modes) == 1 && modes[0] == "a-distance":
		notes = append(notes, "Accueil à distance.")
	case len(modes) == 1 && modes[0] == "en-presentiel":
		notes = append(notes, "Accueil en présentiel.")
	}
	if p := f.str("mobilisation_precisions"); p != "" {
		notes = append(notes, clean(p))
	}
	d.AccessNotes = strings.Join(notes, " ")
	for _, m := range f.list("modes_mobilisation", "modes_orientation_beneficiaire") {
		switch m {
		case "telephoner", "se-presenter", "envoyer-un-courriel", "utiliser-lien-mobilisation":
			d.AccessModes = addUnique(d.AccessModes, m)
		case "envoyer-un-mail":
			d.AccessModes = addUnique(d.AccessModes, "envoyer-un-courriel")
		}
	}
	for _, m := range f.list("mobilisable_par", "modes_orientation_accompagnateur") {
		if m == "professionnels" || strings.HasPrefix(m, "envoyer-") || m == "telephoner" {
			d.AccessModes = addUnique(d.AccessModes, "orientation-professionnel")
		}
	}
	d.Eligibility.Conditions = clean(strings.Join(append(f.list("conditions_acces", "pre_requis"), f.list("justificatifs")...), " ; "))
	setHours(d, f.str("horaires_accueil", "horaires_ouverture", "recurrence"))
	rec.Zone = diZone(f)
	rec.Dispositif = d
	return validated(emit, rec)
}

// setHours keeps opening hours in the OpenStreetMap syntax when they parse, in the note otherwise.
func setHours(d *graph.Dispositif, h string) {
	h = strings.TrimSpace(h)
	if h == "" {
		return
	}
	if _, err := hours.Parse(h); err == nil {
		d.OpeningHours = h
		return
	}
	d.HoursNote = clean(h)
}

// validated emits the record, or a bad row with the validation message.
func validated(emit Emit, rec *Record) error {
	if err := rec.Node().Validate(); err != nil {
		var ge *graph.Error
		msg := err.Error()
		if errors.As(err, &ge) {
			msg = ge.Message
		}
		return emit(nil, &RowError{Line: rec.Line, Reason: msg})
	}
	return emit(rec, nil)
}

func parseDate(s string) (time.Time, error) {
	for _, layout := range []string{time.DateOnly, time.RFC3339, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "02/01/2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC), nil
		}
	}
	if len(s) > 10 {
		return parseDate(s[:10])
	}
	return time.Time{}, fmt.Errorf("date illisible")
}

func diAddress(f fields) (*graph.Address, bool) {
	a := &graph.Address{Street: clean(f.str("adresse", "Adresse")), Complement: clean(f.str("complement_adresse")),
		PostalCode: f.str("code_postal", "Code Postal"), City: clean(f.str("commune", "Commune")), CommuneCode: f.str("code_insee", "Code Insee")}
	if len(a.PostalCode) == 4 {
		a.PostalCode = "0" + a.PostalCode
	}
	if len(a.PostalCode) != 5 {
		a.PostalCode = ""
	}
	lat, okLat := f.number("latitude", "Lat")
	lon, okLon := f.number("longitude", "Long")
	if okLat && okLon && lat != nil && lon != nil {
		a.Lat, a.Lon = lat, lon
	}
	if *a == (graph.Address{}) {
		return nil, okLat && okLon
	}
	return a, okLat && okLon
}

// diZone reads the service area: v1 zone_eligibilite (codes), v0 zone_diffusion_type + code.
func diZone(f fields) []string {
	if z := f.list("zone_eligibilite"); len(z) > 0 {
		return z
	}
	code := f.str("zone_diffusion_code")
	switch f.str("zone_diffusion_type") {
	case "commune", "departement", "epci":
		if code != "" {
			return []string{code}
		}
	case "region":
		if code != "" {
			return []string{"r" + code}
		}
	case "pays":
		return []string{"fr"}
	}
	return nil
}

// structureType maps a data·inclusion v0 typologie de structure to an organisation type.
func structureType(t string) string {
	switch strings.ToUpper(strings.TrimSpace(t)) {
	case "ASSO", "ASSO_CHOMEUR", "AI", "ACI", "EI", "ETTI", "GEIQ", "EA", "EATT":
		if strings.HasPrefix(strings.ToUpper(t), "ASSO") {
			return "association"
		}
		return ""
	case "CCAS", "CIAS":
		return "ccas"
	case "MUNI", "DEPT", "REG", "EPCI", "CC", "CA", "METRO":
		return "collectivite"
	case "CAF", "CPAM", "MSA", "CARSAT":
		return "organisme-securite-sociale"
	case "FT", "PE", "PREF", "DDETS", "DREETS", "SPIP", "PJJ":
		return "etat"
	case "ML", "PLIE", "CAP_EMPLOI", "CHRS", "CHU":
		return "association"
	}
	return ""
}
