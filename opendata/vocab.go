package opendata

import (
	"strings"

	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/seed/vocab"
)

// v0Thematiques maps data·inclusion v0 thématiques that v1 renamed or merged to their v1 leaf.
// A v0 value that is already a v1 value is kept; any other falls back to its category
// (v0Categories), or is dropped when no v1 category fits.
var v0Thematiques = map[string]string{
	"numerique--prendre-en-main-un-ordinateur":                                                "numerique--maitriser-les-fondamentaux-du-numerique",
	"numerique--prendre-en-main-un-smartphone-ou-une-tablette":                                "numerique--maitriser-les-fondamentaux-du-numerique",
	"numerique--utiliser-le-numerique-au-quotidien":                                           "numerique--maitriser-les-fondamentaux-du-numerique",
	"numerique--approfondir-ma-culture-numerique":                                             "numerique--maitriser-les-fondamentaux-du-numerique",
	"numerique--realiser-des-demarches-administratives-avec-un-accompagnement":                "numerique--acceder-a-des-services-en-ligne",
	"numerique--devenir-autonome-dans-les-demarches-administratives":                          "numerique--acceder-a-des-services-en-ligne",
	"numerique--accompagner-les-demarches-de-sante":                                           "numerique--acceder-a-des-services-en-ligne",
	"numerique--acceder-a-du-materiel":                                                        "numerique--acquerir-un-equipement",
	"numerique--s-equiper-en-materiel-informatique":                                           "numerique--acquerir-un-equipement",
	"logement-hebergement--etre-accompagne-pour-se-loger":                                     "logement-hebergement--sinformer-sur-les-demarches-liees-a-lacces-au-logement",
	"logement-hebergement--connaissance-de-ses-droits-et-interlocuteurs":                      "logement-hebergement--sinformer-sur-les-demarches-liees-a-lacces-au-logement",
	"logement-hebergement--mal-loges-sans-logis":                                              "logement-hebergement--rechercher-une-solution-dhebergement-temporaire",
	"logement-hebergement--probleme-avec-son-logement":                                        "logement-hebergement--se-maintenir-dans-le-logement",
	"logement-hebergement--etre-accompagne-en-cas-de-difficultes-financieres":                 "logement-hebergement--reduire-les-impayes-de-loyer",
	"logement-hebergement--etre-accompagne-dans-son-projet-accession":                         "logement-hebergement--acheter-un-logement",
	"logement-hebergement--demenagement":                                                      "logement-hebergement--changer-de-logement",
	"famille--soutien-a-la-parentalite":                                                       "famille--soutien-a-la-parentalite-et-a-leducation",
	"famille--information-et-accompagnement-des-parents":                                      "famille--soutien-a-la-parentalite-et-a-leducation",
	"famille--violences-intrafamiliales":                                                      "famille--surmonter-conflits-separation-violence",
	"gestion-financiere--obtenir-une-aide-alimentaire":                                        "equipement-et-alimentation--alimentation",
	"gestion-financiere--apprendre-a-gerer-son-budget":                                        "difficultes-financieres--ameliorer-sa-gestion-budgetaire",
	"acces-aux-droits-et-citoyennete--accompagnement-dans-les-demarches-administratives":      "difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives",
	"acces-aux-droits-et-citoyennete--accompagnement-juridique":                               "difficultes-administratives-ou-juridiques--prendre-en-compte-une-problematique-judiciaire",
	"acces-aux-droits-et-citoyennete--connaitre-ses-droits":                                   "difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits",
	"acces-aux-droits-et-citoyennete--faciliter-laction-citoyenne":                            "difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-a-la-citoyennete",
	"sante--faire-face-a-une-situation-daddiction":                                            "sante--addictions",
	"sante--bien-etre-psychologique":                                                          "sante--sante-mentale",
	"sante--accompagner-les-traumatismes":                                                     "sante--sante-mentale",
	"sante--prevention-et-acces-aux-soins":                                                    "sante--acces-aux-soins",
	"sante--obtenir-la-prise-en-charge-de-frais-medicaux":                                     "sante--acces-aux-soins",
	"sante--vie-relationnelle-et-affective":                                                   "sante--sante-sexuelle",
	"handicap--faire-reconnaitre-un-handicap":                                                 "sante--constituer-un-dossier-mdph-invalidite",
	"remobilisation--decouvrir-son-potentiel-via-le-sport-et-la-culture":                      "remobilisation--activites-sportives-et-culturelles",
	"remobilisation--restaurer-sa-confiance-son-image-de-soi":                                 "remobilisation--bien-etre-confiance-en-soi",
	"remobilisation--bien-etre":                                                               "remobilisation--bien-etre-confiance-en-soi",
	"remobilisation--participer-a-des-actions-solidaires-ou-de-benevolat":                     "remobilisation--benevolat-action-citoyenne",
	"remobilisation--identifier-ses-competences-et-aptitudes":                                 "choisir-un-metier--identifier-ses-points-forts-et-ses-competences",
	"mobilite--preparer-son-permis-de-conduire-se-reentrainer-a-la-conduite":                  "mobilite--preparer-un-permis",
	"mobilite--acheter-un-vehicule-motorise":                                                  "mobilite--acceder-a-un-vehicule",
	"mobilite--louer-un-vehicule":                                                             "mobilite--acceder-a-un-vehicule",
	"mobilite--apprendre-a-utiliser-un-deux-roues":                                            "mobilite--mobilite-douce-partagee-collective",
	"mobilite--acheter-un-velo":                                                               "mobilite--mobilite-douce-partagee-collective",
	"mobilite--comprendre-et-utiliser-les-transports-en-commun":                               "mobilite--etre-accompagne-dans-son-parcours-mobilite",
	"mobilite--financer-mon-projet-mobilite":                                                  "mobilite--financer-ma-mobilite",
	"mobilite--aides-a-la-reprise-demploi-ou-a-la-formation":                                  "mobilite--financer-ma-mobilite",
	"accompagnement-social-et-professionnel-personnalise--definition-du-projet-professionnel": "choisir-un-metier--confirmer-son-choix-de-metier",
	"se-former--utiliser-le-numerique":                                                        "numerique--maitriser-les-fondamentaux-du-numerique",
}

// v0Categories maps v0 categories absent from v1 to the v1 category that holds their needs.
var v0Categories = map[string]string{
	"acces-aux-droits-et-citoyennete":                     "difficultes-administratives-ou-juridiques",
	"accompagnement-social-et-professionnel-personnalise": "remobilisation",
	"apprendre-francais":                                  "lecture-ecriture-calcul",
	"illettrisme":                                         "lecture-ecriture-calcul",
	"creation-activite":                                   "creer-une-entreprise",
	"gestion-financiere":                                  "difficultes-financieres",
	"emploi":                                              "trouver-un-emploi",
}

// Thematique maps a data·inclusion thématique (v0 or v1) to a Maillage thematique id, "" when
// none fits. v0 "handicap" needs become the public instead (see Publics).
func Thematique(v string) string {
	v = strings.Trim(strings.TrimSpace(v), `"`)
	v = strings.ReplaceAll(v, " ", "-")
	if vocab.Thematiques.Has(v) || vocab.ThematiqueCategories.Has(v) {
		return v
	}
	if t, ok := v0Thematiques[v]; ok {
		return t
	}
	cat, leaf, _ := strings.Cut(v, "--")
	if c, ok := v0Categories[cat]; ok {
		if leaf != "" && vocab.Thematiques.Has(c+"--"+leaf) {
			return c + "--" + leaf
		}
		return c
	}
	if vocab.ThematiqueCategories.Has(cat) {
		return cat
	}
	return ""
}

// v0Profils maps data·inclusion v0 profils to Maillage publics (data·inclusion v1 publics and
// Maillage's finer ones). Profils with no faithful public ("adultes", "locataires",
// "proprietaires") are dropped: a wrong public would exclude people in search.
var v0Profils = map[string][]string{
	"alternants":                         {"actifs"},
	"salaries":                           {"actifs"},
	"beneficiaires-rsa":                  {"beneficiaires-des-minimas-sociaux"},
	"deficience-visuelle":                {"personnes-en-situation-de-handicap"},
	"surdite":                            {"personnes-en-situation-de-handicap"},
	"handicaps-mentaux":                  {"personnes-en-situation-de-handicap"},
	"personnes-handicapees":              {"personnes-en-situation-de-handicap"},
	"handicaps-psychiques":               {"personnes-en-situation-de-handicap", "personnes-en-souffrance-psychique"},
	"demandeurs-demploi":                 {"demandeurs-emploi"},
	"familles-enfants":                   {"familles"},
	"jeunes-16-26":                       {"jeunes"},
	"personnes-de-nationalite-etrangere": {"personnes-exilees"},
	"sans-domicile-fixe":                 {"personnes-sans-abri", "personnes-en-situation-durgence"},
	"seniors-65":                         {"seniors", "personnes-agees"},
	"sortants-de-detention":              {"sortants-de-prison"},
	"victimes":                           {"personnes-victimes-de-violences"},
}

// Publics maps a data·inclusion public (v1) or profil (v0) to Maillage publics.
func Publics(v string) []string {
	v = strings.Trim(strings.TrimSpace(v), `"`)
	if p, ok := v0Profils[v]; ok {
		return p
	}
	if vocab.Publics.Has(v) {
		return []string{v}
	}
	return nil
}

// Cost maps data·inclusion frais (v0 or v1) to Maillage's cost: "payant" when any fee is named,
// "gratuit" when the only values say free (with or without conditions), "" otherwise.
func Cost(frais []string) string {
	cost := ""
	for _, f := range frais {
		switch strings.TrimSpace(f) {
		case "payant", "adhesion", "pass-numerique":
			return "payant"
		case "gratuit", "gratuit-sous-conditions":
			cost = "gratuit"
		}
	}
	return cost
}

// categoryTypes give the dispositif type of a data·inclusion service from its first
// thematique category, when no finer type is known.
var categoryTypes = map[string]string{
	"logement-hebergement": "accompagnement-logement",
	"sante":                "sante",
	"numerique":            "inclusion-numerique",
	"difficultes-administratives-ou-juridiques": "acces-aux-droits",
	"difficultes-financieres":                   "acces-aux-droits",
	"famille":                                   "service-social",
	"mobilite":                                  "mobilite",
	"equipement-et-alimentation":                "aide-materielle",
	"trouver-un-emploi":                         "emploi",
	"choisir-un-metier":                         "emploi",
	"preparer-sa-candidature":                   "emploi",
	"creer-une-entreprise":                      "emploi",
	"se-former":                                 "emploi",
	"remobilisation":                            "emploi",
	"souvrir-a-linternational":                  "emploi",
	"lecture-ecriture-calcul":                   "acces-aux-droits",
}

// typeFromThematiques is the type of the first thematique with a known category, "autre" when none.
func typeFromThematiques(ts []string) string {
	for _, t := range ts {
		c := vocab.Category(t)
		if c == "" {
			c = t
		}
		if typ, ok := categoryTypes[c]; ok {
			return typ
		}
	}
	return "autre"
}

// contacts builds the valid contacts of a record; invalid values are returned as a reason for
// the report, never stored.
func contacts(phone, email, website string) (cs []graph.Contact, dropped []string) {
	if p := clean(phone); p != "" {
		if graph.ValidPhone(p) {
			cs = append(cs, graph.Contact{Kind: "phone", Value: p})
		} else {
			dropped = append(dropped, "téléphone « "+p+" » invalide")
		}
	}
	if m := clean(email); m != "" {
		if graph.ValidEmail(m) {
			cs = append(cs, graph.Contact{Kind: "email", Value: m})
		} else {
			dropped = append(dropped, "courriel « "+m+" » invalide")
		}
	}
	if w := clean(website); w != "" {
		if !strings.HasPrefix(w, "http://") && !strings.HasPrefix(w, "https://") {
			w = "https://" + w
		}
		if graph.ValidURL(w) {
			cs = append(cs, graph.Contact{Kind: "website", Value: w})
		} else {
			dropped = append(dropped, "site web « "+w+" » invalide")
		}
	}
	return cs, dropped
}

// addUnique appends the values of add not yet in list.
func addUnique(list []string, add ...string) []string {
	for _, a := range add {
		if a == "" {
			continue
		}
		found := false
		for _, x := range list {
			if x == a {
				found = true
				break
			}
		}
		if !found {
			list = append(list, a)
		}
	}
	return list
}
