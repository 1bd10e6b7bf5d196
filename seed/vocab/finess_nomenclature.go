package vocab

import (
	"encoding/csv"
	"fmt"
	"sync"

	"github.com/maillage/maillage/seed/data"
)

const (
	categoriesFile = "finess-categories-etablissement-cs1500106-20250526.csv"
	statusesFile   = "finess-statuts-juridiques-cs1500107-20250526.csv"
)

// nomenclatureRow is one code of a FINESS nomenclature with its aggregates.
type nomenclatureRow struct {
	label, agr3, agr2 string
	// ended is the date the code was closed, empty while it is in use.
	ended string
}

// readNomenclature reads an embedded FINESS nomenclature file into code → row.
func readNomenclature(name string) (map[string]nomenclatureRow, error) {
	f, err := data.FINESS.Open("finess/" + name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s : %w", name, err)
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	for _, c := range []string{"code", "libelle", "codeagr3", "codeagr2", "datefin"} {
		if _, ok := col[c]; !ok {
			return nil, fmt.Errorf("%s : colonne « %s » absente", name, c)
		}
	}
	out := make(map[string]nomenclatureRow, len(recs))
	for _, r := range recs[1:] {
		out[r[col["code"]]] = nomenclatureRow{label: r[col["libelle"]], agr3: r[col["codeagr3"]], agr2: r[col["codeagr2"]], ended: r[col["datefin"]]}
	}
	return out, nil
}

var (
	finessCategories = sync.OnceValues(func() (map[string]nomenclatureRow, error) { return readNomenclature(categoriesFile) })
	finessStatuses   = sync.OnceValues(func() (map[string]nomenclatureRow, error) { return readNomenclature(statusesFile) })
)

// FINESSCategoryLabel returns the official label of a FINESS establishment category ("214" →
// "Centre Hébergement & Réinsertion Sociale (C.H.R.S.)"), or "" when the code is unknown.
func FINESSCategoryLabel(code string) string {
	cats, err := finessCategories()
	if err != nil {
		return ""
	}
	return cats[code].label
}

// FINESSLegalStatusLabel returns the official label of a FINESS legal status ("61" →
// "Association Loi 1901 Reconnue d'Utilité Publique"), or "" when the code is unknown.
func FINESSLegalStatusLabel(code string) string {
	st, err := finessStatuses()
	if err != nil {
		return ""
	}
	return st[code].label
}

// Organisation types of FINESS legal statuses, by status code first, then by the status's
// aggregate in the nomenclature. Only classifications the labels make clear are listed:
// public social establishments (18–23), other public bodies, mutuals, congregations, natural
// persons and foreign bodies fall back to "autre".
var (
	statusTypeByCode = map[string]string{
		"01": "etat",
		"07": "collectivite", // Métropole ou pôle métropolitain
		"08": "ccas",         // CIAS
		"17": "ccas",         // CCAS
		"10": "etablissement-sante", "11": "etablissement-sante", "12": "etablissement-sante", "13": "etablissement-sante",
		"14": "etablissement-sante", "15": "etablissement-sante", "16": "etablissement-sante", // public hospitals, SIH
		"29": "etablissement-sante", "89": "etablissement-sante", // groupements de coopération sanitaire
		"24": "bailleur-social", // Office Public d'HLM
		"28": "gip",
		// Régimes de sécurité sociale (général, spécial, MSA, non-salariés, vieillesse); not the
		// prévoyance institutions of the same aggregate.
		"40": "organisme-securite-sociale", "41": "organisme-securite-sociale", "43": "organisme-securite-sociale",
		"44": "organisme-securite-sociale", "45": "organisme-securite-sociale",
		"70": "autre", // Personne physique: a person, not a company
	}
	statusTypeByAgr3 = map[string]string{
		"1120": "collectivite", // Collectivité Territoriale: département, commune, région…
		"2160": "association",  // Association (loi 1901, RUP or not, droit local)
		"2170": "fondation",
	}
	statusTypeByAgr2 = map[string]string{
		"2200": "entreprise", // Organisme Privé à Caractère Commercial
	}
)

// FINESSLegalStatusType returns the organisation type (a graph.OrganisationTypes slug) of a
// FINESS legal status code, "autre" when the status is unknown or its type unclear.
func FINESSLegalStatusType(code string) string {
	if t, ok := statusTypeByCode[code]; ok {
		return t
	}
	st, err := finessStatuses()
	if err != nil {
		return "autre"
	}
	row, ok := st[code]
	if !ok {
		return "autre"
	}
	if t, ok := statusTypeByAgr3[row.agr3]; ok {
		return t
	}
	if t, ok := statusTypeByAgr2[row.agr2]; ok {
		return t
	}
	return "autre"
}
