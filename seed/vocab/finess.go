package vocab

// finessTypes maps the FINESS establishment categories (nomenclature cs1500106, see
// seed/data/finess/PROVENANCE.md) that belong to Maillage's field to dispositif types.
// Categories outside the field (hospitals, nursing homes, disability services, schools, home
// care…) are left out on purpose: they are not what a social worker looks for in this
// directory, and importing them would bury the few relevant listings.
var finessTypes = map[string]string{
	// Accueil, hébergement, insertion (aggregate 4601 "Etablissements pour Adultes et Familles
	// en Difficulté") and logement adapté (4607).
	"214": "chrs", // Centre Hébergement & Réinsertion Sociale (C.H.R.S.)
	// 219 "Autre Centre d'Accueil" is the catch-all of 4601 for what is not a CHRS. In the real
	// sample most of its establishments are emergency shelters (CHU, abris de nuit, hôtel
	// social, places diffuses à l'hôtel), next to a few accueils de jour, maraudes, one SIAO and
	// one 115. "hu" (hébergement d'urgence, the function) fits the majority and, unlike "chu",
	// also covers places that are not a centre; seed/finess refines the type from the
	// establishment's name when the name says accueil de jour, maraude, SIAO or 115.
	"219": "hu",
	"443": "cada",               // Centre Accueil Demandeurs Asile (C.A.D.A.)
	"442": "cph",                // Centre Provisoire Hébergement (C.P.H.), for refugees
	"258": "pension-de-famille", // Maisons Relais - Pensions de Famille
	"259": "residence-sociale",  // Autre Résidence Sociale (hors Maison Relais, Pension de Famille)

	// Médico-social for people in precarity (aggregate 4604).
	"180": "lhss",   // Lits Halte Soins Santé (L.H.S.S.)
	"213": "lam",    // Lits d'Accueil Médicalisés (L.A.M.)
	"165": "act",    // Appartement de Coordination Thérapeutique (A.C.T.)
	"197": "csapa",  // Centre soins accompagnement prévention addictologie (CSAPA)
	"178": "caarud", // C.A.A.R.U.D.
	"608": "emmsp",  // Equipe Mobile Médico-Sociale Précarité

	// Mental health (1111) and primary care a person can walk into (2201, 2202, 2206).
	"156": "cmp",   // Centre Médico-Psychologique (C.M.P.)
	"425": "sante", // Centre d'Accueil Thérapeutique à temps partiel (C.A.T.T.P.)
	"124": "sante", // Centre de Santé
	// FINESS files both under aggregate 2202 « Etablissements de PMI et de Planification
	// Familiale »: they are of the open data's PMI type, which the word « PMI » asks for.
	"223": "pmi",   // Protection Maternelle et Infantile (P.M.I.)
	"230": "pmi",   // Etablissement Consultation Protection Infantile
	"637": "sante", // Centre de Lutte Antituberculeuse (CLAT)
	"638": "sante", // CeGIDD (information, dépistage, diagnostic)
	"645": "sante", // Centre de vaccination

	// Aide sociale à l'enfance (4501) and services for unaccompanied minors (4504).
	"166": "protection-enfance", // Etablissement d'Accueil Mère-Enfant
	"175": "protection-enfance", // Foyer de l'Enfance
	"177": "protection-enfance", // Maison d'Enfants à Caractère Social (MECS)
	"411": "protection-enfance", // Intermédiaire de Placement Social (an ASE placement service, not employment)
	"643": "protection-enfance", // Service d'évaluation de la minorité et de l'isolement
	"644": "protection-enfance", // Etablissement de mise à l'abri des personnes se déclarant MNA

	// Rights and protection.
	"340": "justice", // Service mandataire judiciaire à la protection des majeurs (MJPM, mandated by a judge)
	"609": "mdph",    // Maison Départementale des Personnes Handicapées (MDPH)

	// Sheltered employment (4302), kept because data·inclusion imports ESAT too.
	"246": "emploi", // Etablissement et Service d'Aide par le Travail (E.S.A.T.)
	"247": "emploi", // Entreprise adaptée
}

// FINESSCategoryType returns the dispositif type (a graph.DispositifTypes slug) of a FINESS
// establishment category code ("214" → "chrs"), and false for categories outside Maillage's
// field.
func FINESSCategoryType(code string) (dispositifType string, ok bool) {
	t, ok := finessTypes[code]
	return t, ok
}

// FINESSCategoryCodes returns the FINESS category codes in Maillage's field.
func FINESSCategoryCodes() []string {
	codes := make([]string, 0, len(finessTypes))
	for c := range finessTypes {
		codes = append(codes, c)
	}
	return codes
}
