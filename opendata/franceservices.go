package opendata

import (
	"bufio"
	"io"
	"regexp"
	"strings"
	"time"

	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/graph/hours"
)

// DatasetFranceServices names the ANCT list of France services.
const DatasetFranceServices = "france-services"

// FranceServicesDate is the date of the list Maillage ships (liste-fs-20221201.csv).
var FranceServicesDate = time.Date(2022, 12, 1, 0, 0, 0, 0, time.UTC)

// franceServicesThematiques and Publics are what the France services label itself promises
// (a one-stop desk for administrative procedures and online public services, open to all);
// the list says nothing else about eligibility.
var (
	franceServicesThematiques = []string{
		"difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives",
		"numerique--acceder-a-des-services-en-ligne",
	}
	franceServicesPublics = []string{"tous-publics"}
)

// ReadFranceServices reads the ANCT CSV list (id_fs, lib_fs, adresse, insee_com, latitude,
// telephone, mail, h_lundi … h_samedi, itinerance…).
func ReadFranceServices(r io.Reader, o Options, emit Emit) error {
	date := o.date(FranceServicesDate)
	return readCSV(bufio.NewReaderSize(r, 1<<20), func(n int, f fields) error {
		if e, ok := f["__error"].(string); ok {
			return badRow(emit, n, "%s", e)
		}
		id := f.str("id_fs")
		if id == "" {
			return badRow(emit, n, "identifiant (id_fs) manquant")
		}
		rec := &Record{Line: n, Dataset: DatasetFranceServices, ID: id, Date: date,
			Thematiques: franceServicesThematiques, Publics: franceServicesPublics}
		a := &graph.Address{Street: clean(f.str("adresse")), Complement: clean(f.str("complement_adresse")),
			PostalCode: f.str("code_postal"), City: clean(f.str("lib_com")), CommuneCode: f.str("insee_com")}
		if len(a.PostalCode) != 5 {
			a.PostalCode = ""
		}
		if lat, ok := f.number("latitude"); ok && lat != nil {
			if lon, ok := f.number("longitude"); ok && lon != nil {
				a.Lat, a.Lon = lat, lon
			}
		}
		cs, dropped := contacts(f.str("telephone"), f.str("mail"), "")
		rec.Dropped = dropped
		d := &graph.Dispositif{Name: clean(f.str("lib_fs")), Type: "france-services", Status: "active", Address: a, Contacts: cs,
			Description: "Espace France services labellisé par l'État : accueil et accompagnement dans les démarches administratives (CAF, CPAM, MSA, retraite, France Travail, impôts, ANTS, justice, La Poste).",
		}
		if g := clean(f.str("labellisation")); g != "" {
			d.Description += " " + strings.TrimSuffix(g, ".") + "."
		}
		var week []string
		for i, k := range []string{"h_lundi", "h_mardi", "h_mercredi", "h_jeudi", "h_vendredi", "h_samedi"} {
			week = append(week, f.str(k))
			_ = i
		}
		d.OpeningHours, d.HoursNote = weekHours(week)
		var notes []string
		if strings.EqualFold(f.str("itinerance"), "oui") {
			notes = append(notes, "France services itinérante : le lieu d'accueil change selon les jours.")
		}
		if c := clean(f.str("commentaire")); c != "" {
			notes = append(notes, c)
		}
		d.AccessNotes = strings.Join(notes, " ")
		rec.Dispositif = d
		return validated(emit, rec)
	})
}

var spanRe = regexp.MustCompile(`(\d{1,2})\s*[:hH]\s*(\d{2})\s*[-–à]\s*(\d{1,2})\s*[:hH]\s*(\d{2})`)

var osmDays = []string{"Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"}

// weekHours turns per-day texts ("09:00 - 12:00 / 13:30 - 17:00", Monday first) into the
// OpenStreetMap syntax, grouping consecutive days with the same hours ("Mo-Th 09:00-12:00,
// 13:30-17:00; Fr 09:00-12:00"). A day whose text is not only time spans makes the whole
// week a note instead, so that nothing is guessed.
func weekHours(days []string) (osm, note string) {
	spans := make([]string, len(days))
	var raw []string
	for i, d := range days {
		d = strings.TrimSpace(d)
		if d == "" {
			continue
		}
		raw = append(raw, osmDays[i]+" : "+clean(d))
		ms := spanRe.FindAllStringSubmatch(d, -1)
		rest := strings.TrimSpace(strings.NewReplacer("/", "", ",", "", "et", "").Replace(spanRe.ReplaceAllString(d, "")))
		if len(ms) == 0 || rest != "" {
			return "", strings.Join(raw, " ; ")
		}
		var parts []string
		for _, m := range ms {
			parts = append(parts, pad2(m[1])+":"+m[2]+"-"+pad2(m[3])+":"+m[4])
		}
		spans[i] = strings.Join(parts, ",")
	}
	var rules []string
	for i := 0; i < len(spans); {
		j := i
		for j+1 < len(spans) && spans[j+1] == spans[i] {
			j++
		}
		if spans[i] != "" {
			sel := osmDays[i]
			if j > i {
				sel += "-" + osmDays[j]
			}
			rules = append(rules, sel+" "+spans[i])
		}
		i = j + 1
	}
	osm = strings.Join(rules, "; ")
	if osm == "" {
		return "", ""
	}
	if _, err := hours.Parse(osm); err != nil {
		return "", strings.Join(raw, " ; ")
	}
	return osm, ""
}

func pad2(s string) string {
	if len(s) == 1 {
		return "0" + s
	}
	return s
}
