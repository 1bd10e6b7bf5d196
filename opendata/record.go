// Package opendata reads the national open datasets of social and inclusion services
// (data·inclusion v0 and v1, FINESS etalab, France services, the annuaire de l'administration,
// the referentials of the Missions locales and France Travail) into one record model, merges
// them into the graph without duplicating or overwriting what partners edited (merge.go), and
// writes the graph back in the data·inclusion and HSDS formats (export*.go).
//
// Each format has its own file with a streaming reader: it calls emit for each record or bad
// row, in file order, and never holds the whole file in memory.
package opendata

import (
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/maillage/maillage/graph"
)

// Record is one organisation or dispositif read from a source, in Maillage's model. Its node
// has no Meta yet: the merge gives it its id, versions and sources.
type Record struct {
	// Line is the line (or, for JSON arrays, the element number) of the record in its file.
	Line int
	// Dataset names the source ("data-inclusion", "france-services", "annuaire-2019", "finess",
	// "referentiel-ml", "referentiel-ft"); ID is the record's id in it (unique per dataset).
	Dataset, ID string
	// Date is the date of the record's data (date_maj, or the date of the extract).
	Date time.Time
	// Organisation or Dispositif is set.
	Organisation *graph.Organisation
	Dispositif   *graph.Dispositif
	// Operator is the source id (same dataset) of the organisation operating a dispositif.
	Operator string
	// Publics and Thematiques are Maillage vocabulary ids.
	Publics, Thematiques []string
	// Zone lists INSEE codes of the service area: communes (5 characters), départements (2 or
	// 3), régions ("r" + code); empty when the source says nothing (the commune of the address
	// is then the only area known).
	Zone []string
	// Departement is the département code of a record the source locates no better (a
	// referential with names only): it is matched by name to a listing of that département.
	Departement string
	// Place is the locality a name-only record names ("Bobigny" in "Agence Pôle emploi
	// Bobigny"), used to match or locate it within its département.
	Place string
	// Dropped lists values left out because they were invalid (a malformed phone…).
	Dropped []string
}

// Kind is the kind of node the record describes.
func (r *Record) Kind() graph.Kind {
	if r.Organisation != nil {
		return graph.KindOrganisation
	}
	return graph.KindDispositif
}

// Node is the record's node.
func (r *Record) Node() graph.Node {
	if r.Organisation != nil {
		return r.Organisation
	}
	return r.Dispositif
}

// RowError is a row of a file that could not be read, with its line and the reason in French.
type RowError struct {
	File   string `json:"file,omitempty"`
	Line   int    `json:"line"`
	Reason string `json:"reason"`
}

func (e RowError) String() string {
	if e.File != "" {
		return fmt.Sprintf("%s ligne %d : %s", e.File, e.Line, e.Reason)
	}
	return fmt.Sprintf("ligne %d : %s", e.Line, e.Reason)
}

// Emit receives, in file order, either a record or a bad row.
type Emit func(rec *Record, bad *RowError) error

// Options tune a reader.
type Options struct {
	// Date is the date of the file's data, for records that carry none (France services,
	// annuaire, referentials, data·inclusion exports without date_maj); each format has a
	// default, the date of the reference file Maillage ships.
	Date time.Time
}

func (o Options) date(def time.Time) time.Time {
	if o.Date.IsZero() {
		return def
	}
	return o.Date
}

// Reader reads one format.
type Reader func(r io.Reader, o Options, emit Emit) error

// Formats are the readers by the name `maillage import --format` uses. "di" reads data·inclusion
// v0 or v1, structures or services, JSON or CSV, from what the file holds.
var Formats = map[string]Reader{
	"di":              ReadDataInclusion,
	"finess":          ReadFINESS,
	"france-services": ReadFranceServices,
	"annuaire":        ReadAnnuaire,
	"referentiel-ml":  ReadReferentiel,
}

// FormatNames lists the formats for messages.
func FormatNames() string { return "di, finess, france-services, annuaire, referentiel-ml, jsonl" }

// clean trims a source value and folds its inner runs of spaces and line breaks to one space
// (one-line fields must not carry line breaks).
func clean(s string) string { return strings.Join(strings.Fields(fixC1(s)), " ") }

// fixC1 replaces C1 control characters (U+0080–U+009F) by the Windows-1252 characters they
// stand for: text converted from Windows-1252 as if it were Latin-1 carries U+0092 for « ’ »
// (the 2019 annuaire does), which validation would reject as a control character.
func fixC1(s string) string {
	if !strings.ContainsFunc(s, isC1) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isC1(r) {
			if w := charmap.Windows1252.DecodeByte(byte(r)); w != utf8.RuneError && !isC1(w) {
				return w
			}
			return -1
		}
		return r
	}, s)
}

func isC1(r rune) bool { return r >= 0x80 && r <= 0x9f }

// day formats a date for Source.Date.
func day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}
