package vocab

// finessTypes maps the FINESS establishment categories that belong to Maillage's field to
// dispositif types. Categories outside the field (hospitals, nursing homes, schools, home care…)
// are left out on purpose: they are not what a social worker looks for in this directory.
var finessTypes = map[string]string{
	"214": "chrs",               // Centre Hébergement & Réinsertion Sociale
	"219": "hu",                 // Autre Centre d'Accueil: in FINESS, the category of emergency shelters (CHU) and similar reception centres for adults and families in difficulty (aggregate 4601)
	"443": "cada",               // Centre Accueil Demandeurs Asile
	"442": "cph",                // Centre Provisoire Hébergement
	"180": "lhss",               // Lits Halte Soins Santé
	"213": "lam",                // Lits d'Accueil Médicalisés
	"165": "act",                // Appartement de Coordination Thérapeutique
	"197": "csapa",              // CSAPA
	"178": "caarud",             // CAARUD
	"608": "emmsp",              // Equipe Mobile Médico-Sociale Précarité
	"258": "pension-de-famille", // Maisons Relais - Pensions de Famille
	"259": "residence-sociale",  // Autre Résidence Sociale
	"156": "cmp",                // Centre Médico-Psychologique
	"425": "sante",              // Centre d'Accueil Thérapeutique à temps partiel (CATTP)
	"124": "sante",              // Centre de Santé
	"223": "sante",              // Protection Maternelle et Infantile
	"230": "sante",              // Etablissement Consultation Protection Infantile
	"637": "sante",              // Centre de Lutte Antituberculeuse
	"638": "sante",              // CeGIDD (information, dépistage, diagnostic)
	"645": "sante",              // Centre de vaccination
	"166": "protection-enfance", // Etablissement d'Accueil Mère-Enfant
	"175": "protection-enfance", // Foyer de l'Enfance
	"177": "protection-enfance", // Maison d'Enfants à Caractère Social
	"643": "protection-enfance", // Service d'évaluation de la minorité et de l'isolement
	"340": "justice",            // Service mandataire judiciaire à la protection des majeurs
	"246": "emploi",             // ESAT
	"247": "emploi",             // Entreprise adaptée
	"411": "emploi",             // Intermédiaire de Placement Social
	"609": "acces-aux-droits",   // Maison Départementale des Personnes Handicapées
}

// FINESSCategoryType returns the dispositif type of a FINESS establishment category, and false
// for categories outside Maillage's field.
func FINESSCategoryType(code string) (string, bool) {
	t, ok := finessTypes[code]
	return t, ok
}

// finessOrgTypes maps FINESS legal statuses (statut juridique of the entité juridique) to
// organisation types; statuses not listed map to "autre".
var finessOrgTypes = map[string]string{
	"01": "etat",
	"02": "collectivite", "03": "collectivite", "04": "collectivite", "05": "collectivite", "06": "collectivite", "07": "collectivite",
	"08": "ccas", "17": "ccas",
	"10": "etablissement-sante", "11": "etablissement-sante", "12": "etablissement-sante", "13": "etablissement-sante",
	"14": "etablissement-sante", "15": "etablissement-sante", "16": "etablissement-sante", "29": "etablissement-sante", "89": "etablissement-sante",
	"24": "bailleur-social",
	"28": "gip",
	"40": "organisme-securite-sociale", "41": "organisme-securite-sociale", "43": "organisme-securite-sociale",
	"60": "association", "61": "association", "62": "association",
	"63": "fondation",
	"71": "entreprise", "72": "entreprise", "73": "entreprise", "75": "entreprise", "77": "entreprise", "78": "entreprise", "91": "entreprise", "95": "entreprise",
}

// FINESSLegalStatusType returns the organisation type of a FINESS legal status.
func FINESSLegalStatusType(code string) string {
	if t, ok := finessOrgTypes[code]; ok {
		return t
	}
	return "autre"
}
