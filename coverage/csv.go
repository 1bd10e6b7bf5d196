package coverage

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"

	"github.com/maillage/maillage/graph"
)

// The CSV exports are made for a French spreadsheet: UTF-8 with a byte-order mark, « ; » as the
// separator, a decimal comma, French headers, one fact per line. An unknown figure is an empty
// cell, never 0. Every cell goes through neutralise: a listing's name is written by its partner
// and must never run as a formula in the coordinator's spreadsheet.

const bom = "\uFEFF"

// sheetWriter writes CSV records with every cell neutralised.
type sheetWriter struct{ *csv.Writer }

func newCSV(w io.Writer) (sheetWriter, error) {
	if _, err := io.WriteString(w, bom); err != nil {
		return sheetWriter{}, err
	}
	cw := csv.NewWriter(w)
	cw.Comma = ';'
	return sheetWriter{cw}, nil
}

// Write writes one record, each cell neutralised.
func (w sheetWriter) Write(rec []string) error {
	out := make([]string, len(rec))
	for i, c := range rec {
		out[i] = neutralise(c)
	}
	return w.Writer.Write(out)
}

// neutralise defuses CSV formula injection as OWASP recommends: a cell beginning with =, +, -,
// @, a tab or a carriage return is read by spreadsheets as a formula (=HYPERLINK(…), =cmd|…),
// so it is written after a single quote, which makes it text. The exports write no negative
// number, so no figure is affected.
func neutralise(cell string) string {
	if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
		return "'" + cell
	}
	return cell
}

func csvInt(p *int) string {
	if p == nil {
		return ""
	}
	return strconv.Itoa(*p)
}

func csvFloat(p *float64) string {
	if p == nil {
		return ""
	}
	return strings.Replace(strconv.FormatFloat(*p, 'f', 2, 64), ".", ",", 1)
}

func yesNo(b bool) string {
	if b {
		return "oui"
	}
	return "non"
}

// levelLabel is a territory level in French.
func levelLabel(l graph.TerritoryLevel) string {
	switch l {
	case graph.LevelCountry:
		return "pays"
	case graph.LevelRegion:
		return "région"
	case graph.LevelDepartement:
		return "département"
	case graph.LevelEPCI:
		return "EPCI"
	case graph.LevelEPT:
		return "EPT"
	case graph.LevelCommune:
		return "commune"
	case graph.LevelArrondissement:
		return "arrondissement"
	case graph.LevelSector:
		return "secteur"
	}
	return string(l)
}

// WriteCoverageCSV writes a matrix as one line per sub-territory and column, then each
// sub-territory's total (« Ensemble »), the unallocated zone if any, and the territory's
// totals.
func WriteCoverageCSV(w io.Writer, m *Matrix) error {
	cw, err := newCSV(w)
	if err != nil {
		return err
	}
	header := []string{"Code territoire", "Territoire", "Niveau", "Population"}
	for _, d := range m.Dimensions {
		header = append(header, d.Label())
	}
	header = append(header, "Dispositifs", "Dont couverture partielle", "Fermés temporairement",
		"Places déclarées", "Dispositifs déclarant des places", "Places réparties", "Places pour 10 000 habitants",
		"ETP déclarés", "Dispositifs déclarant des ETP", "ETP répartis", "ETP pour 10 000 habitants", "Lacune")
	if err := cw.Write(header); err != nil {
		return err
	}
	line := func(t TerritoryRef, level string, values []string, c Cell) error {
		rec := []string{t.Code, t.Name, level, csvInt(t.Population)}
		rec = append(rec, values...)
		rec = append(rec, strconv.Itoa(c.Dispositifs), strconv.Itoa(c.Partial), strconv.Itoa(c.TemporarilyClosed),
			csvInt(c.Places), strconv.Itoa(c.PlacesDeclared), csvFloat(c.PlacesAllocated), csvFloat(c.PlacesPer10k),
			csvFloat(c.ETP), strconv.Itoa(c.ETPDeclared), csvFloat(c.ETPAllocated), csvFloat(c.ETPPer10k), yesNo(c.Gap))
		return cw.Write(rec)
	}
	colValues := func(col Column) []string {
		out := make([]string, len(col.Values))
		for i, v := range col.Values {
			out[i] = v.Label
		}
		return out
	}
	all := make([]string, len(m.Dimensions))
	for i := range all {
		all[i] = "Ensemble"
	}
	rows := m.Rows
	if m.Unallocated != nil {
		rows = append(rows[:len(rows):len(rows)], *m.Unallocated)
	}
	for ri, r := range rows {
		level := levelLabel(m.RowLevel)
		if m.Unallocated != nil && ri == len(rows)-1 {
			level = "non réparti"
		}
		for ci, col := range m.Columns {
			if err := line(r.Territory, level, colValues(col), r.Cells[ci]); err != nil {
				return err
			}
		}
		if err := line(r.Territory, level, all, r.Total); err != nil {
			return err
		}
	}
	for ci, col := range m.Columns {
		if err := line(m.Territory, levelLabel(m.Territory.Level), colValues(col), m.Totals[ci]); err != nil {
			return err
		}
	}
	if err := line(m.Territory, levelLabel(m.Territory.Level), all, m.Total); err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

var gapKindLabels = map[GapKind]string{
	GapAbsent:      "Absence dans le territoire",
	GapUncovered:   "Sous-territoires sans offre",
	GapLowCapacity: "Capacité faible",
}

// WriteGapsCSV writes the prioritised gaps, one line each.
func WriteGapsCSV(w io.Writer, r *GapsReport) error {
	cw, err := newCSV(w)
	if err != nil {
		return err
	}
	if err := cw.Write([]string{"Rang", "Priorité", "Lacune", "Dimension", "Valeur", "Libellé", "Nombre de territoires",
		"Territoires concernés", "Codes", "Habitants concernés", "Part de la population", "Raison", "Raison de la priorité"}); err != nil {
		return err
	}
	for _, g := range r.Gaps {
		var names, codes []string
		for _, t := range g.Territories {
			names = append(names, t.Name)
			codes = append(codes, t.Code)
		}
		share := ""
		if g.PopulationShare != nil {
			share = strings.Replace(strconv.FormatFloat(*g.PopulationShare*100, 'f', 1, 64), ".", ",", 1) + " %"
		}
		if err := cw.Write([]string{strconv.Itoa(g.Rank), g.Priority, gapKindLabels[g.Kind], g.Value.Dimension.Label(), g.Value.Value, g.Value.Label,
			strconv.Itoa(len(g.Territories)), strings.Join(names, ", "), strings.Join(codes, ", "), strconv.Itoa(g.Population), share, g.Reason, g.PriorityReason}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteDiagnosticsCSV writes the summary, then one line per finding.
func WriteDiagnosticsCSV(w io.Writer, r *DiagnosticsReport) error {
	cw, err := newCSV(w)
	if err != nil {
		return err
	}
	if err := cw.Write([]string{"Constat", "Identifiant", "Nom", "Type", "Statut", "Valeur", "Acteur concerné", "Date de référence", "Raison"}); err != nil {
		return err
	}
	write := func(rec ...string) error { return cw.Write(rec) }
	for _, s := range r.Summary {
		if err := write("Synthèse", "", "", "", "", "", "", "", s); err != nil {
			return err
		}
	}
	issue := func(label string, is []Issue) error {
		for _, i := range is {
			d := i.Dispositif
			if err := write(label, d.ID, d.Name, d.Type, d.Status, "", "", "", i.Reason); err != nil {
				return err
			}
		}
		return nil
	}
	if err := issue("Sans opérateur", r.NoOperator); err != nil {
		return err
	}
	if err := issue("Isolé", r.Isolated); err != nil {
		return err
	}
	for _, de := range r.DeadEnds {
		label := "Impasse d'orientation"
		if de.Status == DeadEndUnknown {
			label = "Impasse d'orientation à vérifier"
		}
		var names []string
		for _, a := range de.Referrers {
			names = append(names, a.Name)
		}
		d := de.Dispositif
		if err := write(label, d.ID, d.Name, d.Type, d.Status, "", strings.Join(names, ", "), "", de.Reason); err != nil {
			return err
		}
	}
	for _, sp := range r.SingleOperator {
		for _, d := range sp.Dispositifs {
			if err := write("Offre d'une seule organisation", d.ID, d.Name, d.Type, d.Status, sp.Value.Dimension.Label()+" : "+sp.Value.Label, sp.Organisation.Name, "", sp.Reason); err != nil {
				return err
			}
		}
	}
	for _, sg := range r.SingleReferrer {
		d := sg.Dispositif
		if err := write("Orientation par un seul acteur", d.ID, d.Name, d.Type, d.Status, "", sg.Referrer.Name, "", sg.Reason); err != nil {
			return err
		}
	}
	if err := issue("Sans zone d'intervention", r.NoServiceArea); err != nil {
		return err
	}
	for _, l := range r.Stale.Listings {
		d := l.Dispositif
		if err := write("Fiche périmée", d.ID, d.Name, d.Type, d.Status, "", "", l.Reference.Format("2006-01-02"), l.Reason); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
