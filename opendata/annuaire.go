package opendata

import (
	"bufio"
	"io"
	"time"

	"github.com/maillage/maillage/graph"
)

// DatasetAnnuaire names the offices of the annuaire de l'administration (DILA, 2019).
const DatasetAnnuaire = "annuaire-2019"

// AnnuaireDate is the date of the annuaire extract Maillage ships (its source files were
// committed on 2019-09-23): shown with every listing so users see its age.
var AnnuaireDate = time.Date(2019, 9, 23, 0, 0, 0, 0, time.UTC)

// annuaireType says, for each DILA "pivot local" type kept, the dispositif type, thematiques
// and publics the type of office itself implies (a PMI serves families with young children).
type annuaireType struct {
	typ         string
	thematiques []string
	publics     []string
	label       string
}

var annuaireTypes = map[string]annuaireType{
	"msap":                           {"france-services", []string{"difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives"}, []string{"tous-publics"}, "Maison de services au public"},
	"cij":                            {"information-jeunesse", nil, []string{"jeunes"}, "Information jeunesse"},
	"crib":                           {"coordination", []string{"remobilisation--benevolat-action-citoyenne"}, nil, "Centre de ressources et d'information des bénévoles"},
	"clic":                           {"clic", []string{"famille--prise-en-charge-personne-dependante"}, []string{"seniors", "personnes-agees"}, "Centre local d'information et de coordination gérontologique"},
	"mission_locale":                 {"mission-locale", []string{"trouver-un-emploi", "choisir-un-metier"}, []string{"jeunes"}, "Mission locale"},
	"cio":                            {"cio", []string{"choisir-un-metier", "se-former--trouver-sa-formation"}, []string{"jeunes"}, "Centre d'information et d'orientation"},
	"pmi":                            {"pmi", []string{"famille--soutien-a-la-parentalite-et-a-leducation", "sante--acces-aux-soins"}, []string{"familles"}, "Protection maternelle et infantile"},
	"pif":                            {"point-info-famille", []string{"famille"}, []string{"familles"}, "Point info famille"},
	"accompagnement_personnes_agees": {"medico-social", []string{"famille--soutien-aidants"}, []string{"seniors", "personnes-agees"}, "Accompagnement des personnes âgées et de leurs aidants"},
	"maia":                           {"coordination", []string{"famille--prise-en-charge-personne-dependante"}, []string{"seniors", "personnes-agees"}, "Dispositif MAIA (coordination gérontologique)"},
	"cidf":                           {"cidff", []string{"difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits", "famille--surmonter-conflits-separation-violence"}, []string{"femmes", "familles"}, "Centre d'information sur les droits des femmes et des familles"},
	"mjd":                            {"point-justice", []string{"difficultes-administratives-ou-juridiques--prendre-en-compte-une-problematique-judiciaire"}, []string{"tous-publics"}, "Maison de justice et du droit"},
	"adil":                           {"adil", []string{"logement-hebergement--sinformer-sur-les-demarches-liees-a-lacces-au-logement"}, []string{"tous-publics"}, "Agence départementale d'information sur le logement"},
	"permanence_juridique":           {"point-justice", []string{"difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits"}, []string{"tous-publics"}, "Permanence juridique"},
	"maison_handicapees":             {"mdph", []string{"sante--constituer-un-dossier-mdph-invalidite"}, []string{"personnes-en-situation-de-handicap"}, "Maison départementale des personnes handicapées"},
	"cg":                             {"service-social", nil, nil, "Conseil départemental"},
	"ti":                             {"justice", []string{"difficultes-administratives-ou-juridiques--prendre-en-compte-une-problematique-judiciaire"}, nil, "Tribunal d'instance"},
	"tgi":                            {"justice", []string{"difficultes-administratives-ou-juridiques--prendre-en-compte-une-problematique-judiciaire"}, nil, "Tribunal de grande instance"},
	"ddcs":                           {"coordination", nil, nil, "Direction départementale de la cohésion sociale"},
	"ddcspp":                         {"coordination", nil, nil, "Direction départementale de la cohésion sociale et de la protection des populations"},
	"crous":                          {"jeunesse", []string{"logement-hebergement--louer-un-logement"}, []string{"etudiants"}, "CROUS"},
	"msa":                            {"acces-aux-droits", []string{"difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits"}, nil, "Mutualité sociale agricole"},
	"ofii":                           {"acces-aux-droits", []string{"difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives"}, []string{"personnes-exilees"}, "Office français de l'immigration et de l'intégration"},
	"agefiph":                        {"emploi", []string{"trouver-un-emploi--maintien-dans-lemploi"}, []string{"personnes-en-situation-de-handicap"}, "Agefiph"},
	"caf":                            {"acces-aux-droits", []string{"difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits"}, nil, "Caisse d'allocations familiales"},
}

// ReadAnnuaire reads the social offices of the annuaire de l'administration (id, type_pivot,
// nom, courriel, site_web, code_insee, adresse, code_postal, commune, telephone).
func ReadAnnuaire(r io.Reader, o Options, emit Emit) error {
	date := o.date(AnnuaireDate)
	return readCSV(bufio.NewReaderSize(r, 1<<20), func(n int, f fields) error {
		if e, ok := f["__error"].(string); ok {
			return badRow(emit, n, "%s", e)
		}
		id := f.str("id")
		if id == "" {
			return badRow(emit, n, "identifiant (id) manquant")
		}
		pivot := f.str("type_pivot")
		t, ok := annuaireTypes[pivot]
		if !ok {
			return badRow(emit, n, "type d'office « %s » hors du champ de Maillage", pivot)
		}
		rec := &Record{Line: n, Dataset: DatasetAnnuaire, ID: id, Date: date, Thematiques: t.thematiques, Publics: t.publics}
		a := &graph.Address{Street: clean(f.str("adresse")), PostalCode: f.str("code_postal"), City: clean(f.str("commune")), CommuneCode: f.str("code_insee")}
		if len(a.PostalCode) != 5 {
			a.PostalCode = ""
		}
		cs, dropped := contacts(f.str("telephone"), f.str("courriel"), f.str("site_web"))
		rec.Dropped = dropped
		rec.Dispositif = &graph.Dispositif{Name: clean(f.str("nom")), Type: t.typ, Status: "active", Address: a, Contacts: cs,
			Description: t.label + " (annuaire de l'administration, Service-Public.fr, données de 2019 : à vérifier)."}
		return validated(emit, rec)
	})
}
