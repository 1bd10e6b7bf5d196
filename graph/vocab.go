package graph

import (
	"slices"
	"strings"
)

// Term is one value of a closed vocabulary: a slug and its French label.
type Term struct {
	Slug  string `json:"slug"`
	Label string `json:"label"`
}

// Vocabulary is an ordered closed list of terms.
type Vocabulary []Term

// Has reports whether slug belongs to the vocabulary.
func (v Vocabulary) Has(slug string) bool {
	for _, t := range v {
		if t.Slug == slug {
			return true
		}
	}
	return false
}

// LabelOf returns the label of slug, or slug itself when unknown.
func (v Vocabulary) LabelOf(slug string) string {
	for _, t := range v {
		if t.Slug == slug {
			return t.Label
		}
	}
	return slug
}

// AccessModes say how a person gets access to a dispositif. The first four are Maillage's own
// (BRIEF scenario 1); the others are data·inclusion v1 "modes de mobilisation".
var AccessModes = Vocabulary{
	{"acces-direct", "Accès direct, sans orientation"},
	{"via-siao-115", "Par le SIAO ou le 115"},
	{"orientation-professionnel", "Sur orientation d'un professionnel"},
	{"sur-rendez-vous", "Sur rendez-vous"},
	{"commission", "Après examen en commission ou cellule d'orientation"},
	{"telephoner", "Téléphoner"},
	{"envoyer-un-courriel", "Envoyer un courriel"},
	{"se-presenter", "Se présenter"},
	{"utiliser-lien-mobilisation", "Utiliser le lien de mobilisation"},
}

// AdminStatuses say which administrative situations (droit au séjour) a dispositif accepts.
var AdminStatuses = Vocabulary{
	{"tous", "Toute situation administrative, y compris sans titre de séjour"},
	{"sejour-regulier", "Séjour régulier exigé (titre de séjour, nationalité française ou UE)"},
	{"demandeurs-asile", "Demandeurs d'asile uniquement"},
	{"bpi", "Bénéficiaires de la protection internationale (réfugiés, protection subsidiaire)"},
	{"demandeurs-asile-et-bpi", "Demandeurs d'asile et bénéficiaires de la protection internationale"},
}

// Genders a dispositif may be restricted to.
var Genders = Vocabulary{
	{"femme", "Femmes"},
	{"homme", "Hommes"},
}

// FamilySituations a dispositif may be restricted to.
var FamilySituations = Vocabulary{
	{"personne-seule", "Personne seule"},
	{"couple", "Couple sans enfant"},
	{"famille-avec-enfants", "Famille avec enfant(s)"},
	{"femme-enceinte", "Femme enceinte"},
	{"parent-isole", "Parent isolé"},
}

// Statuses of a dispositif.
var Statuses = Vocabulary{
	{"active", "En activité"},
	{"temporarily_closed", "Fermé temporairement"},
	{"closed", "Fermé définitivement"},
}

// Costs, aligned on data·inclusion v1 "frais".
var Costs = Vocabulary{
	{"gratuit", "Gratuit"},
	{"payant", "Payant"},
}

// ContactKinds are the kinds of Contact.
var ContactKinds = Vocabulary{
	{"phone", "Téléphone"},
	{"email", "Courriel"},
	{"website", "Site web"},
}

// OrganisationTypes classify organisations.
var OrganisationTypes = Vocabulary{
	{"association", "Association"},
	{"fondation", "Fondation"},
	{"gip", "Groupement d'intérêt public"},
	{"etat", "Service de l'État"},
	{"agence-sante", "Agence régionale de santé"},
	{"collectivite", "Collectivité territoriale"},
	{"ccas", "Centre communal ou intercommunal d'action sociale"},
	{"organisme-securite-sociale", "Organisme de sécurité sociale (CAF, CPAM…)"},
	{"etablissement-sante", "Établissement de santé"},
	{"bailleur-social", "Bailleur social"},
	{"justice", "Juridiction ou service de la justice"},
	{"entreprise", "Entreprise"},
	{"autre", "Autre"},
}

// sameKindTypes are dispositif types that name one kind of service, once generically and once
// by its establishment: a CHU is a centre d'hébergement d'urgence (BRIEF glossary: HU, CHU), and
// FINESS files its CHU as hébergement d'urgence. Asking for one finds the other.
var sameKindTypes = [][]string{{"hu", "chu"}}

// SameKindType tells whether a listing of type got is of the kind of service type asked names.
func SameKindType(asked, got string) bool {
	if asked == got {
		return true
	}
	for _, family := range sameKindTypes {
		if slices.Contains(family, asked) && slices.Contains(family, got) {
			return true
		}
	}
	return false
}

// DispositifTypes classify dispositifs, from the BRIEF's families (AHI, adapted housing, housing
// support, médico-social, mobile teams, health, rights, employment, youth) and FINESS categories.
var DispositifTypes = Vocabulary{
	{"115", "Numéro d'urgence sociale (115)"},
	{"siao", "Service intégré d'accueil et d'orientation (SIAO)"},
	{"maraude", "Maraude, équipe mobile d'aller-vers"},
	{"accueil-de-jour", "Accueil de jour"},
	{"hu", "Hébergement d'urgence (HU)"},
	{"chu", "Centre d'hébergement d'urgence (CHU)"},
	{"chrs", "Centre d'hébergement et de réinsertion sociale (CHRS)"},
	{"hi", "Hébergement d'insertion (HI)"},
	{"hotel", "Nuitées hôtelières"},
	{"cada", "Centre d'accueil de demandeurs d'asile (CADA)"},
	{"huda", "Hébergement d'urgence pour demandeurs d'asile (HUDA)"},
	{"cph", "Centre provisoire d'hébergement (CPH)"},
	{"iml", "Intermédiation locative (IML)"},
	{"pension-de-famille", "Pension de famille, maison relais"},
	{"residence-sociale", "Résidence sociale"},
	{"asll", "Accompagnement social lié au logement (ASLL)"},
	{"avdl", "Accompagnement vers et dans le logement (AVDL)"},
	{"accompagnement-logement", "Autre accompagnement lié au logement"},
	{"lhss", "Lits halte soins santé (LHSS)"},
	{"lam", "Lits d'accueil médicalisés (LAM)"},
	{"act", "Appartements de coordination thérapeutique (ACT)"},
	{"emmsp", "Équipe mobile médico-sociale précarité"},
	{"empp", "Équipe mobile psychiatrie précarité (EMPP)"},
	{"pass", "Permanence d'accès aux soins de santé (PASS)"},
	{"cmp", "Centre médico-psychologique (CMP)"},
	{"csapa", "Centre de soins, d'accompagnement et de prévention en addictologie (CSAPA)"},
	{"caarud", "Centre d'accueil et d'accompagnement à la réduction des risques pour usagers de drogues (CAARUD)"},
	{"sante", "Autre service de santé"},
	{"medico-social", "Autre établissement ou service médico-social"},
	{"acces-aux-droits", "Accès aux droits, aide juridique"},
	{"service-social", "Service social de droit commun"},
	{"justice", "Justice, SPIP, PJJ"},
	{"emploi", "Emploi, insertion professionnelle"},
	{"jeunesse", "Jeunesse"},
	{"protection-enfance", "Protection de l'enfance"},
	{"coordination", "Coordination, observatoire, appui aux acteurs"},
	// Types of the national open datasets (France services, annuaire de l'administration,
	// referentials of the Missions locales and France Travail, data·inclusion).
	{"france-services", "France services, maison de services au public (MSAP)"},
	{"mission-locale", "Mission locale"},
	{"france-travail", "Agence France Travail (ex-Pôle emploi)"},
	{"pmi", "Protection maternelle et infantile (PMI)"},
	{"clic", "Centre local d'information et de coordination gérontologique (CLIC)"},
	{"mdph", "Maison départementale des personnes handicapées (MDPH)"},
	{"cidff", "Centre d'information sur les droits des femmes et des familles (CIDFF)"},
	{"adil", "Agence départementale d'information sur le logement (ADIL)"},
	{"point-justice", "Maison de justice et du droit, point-justice, permanence juridique"},
	{"information-jeunesse", "Information jeunesse (CIJ, BIJ, PIJ)"},
	{"cio", "Centre d'information et d'orientation (CIO)"},
	{"point-info-famille", "Point info famille"},
	{"inclusion-numerique", "Inclusion numérique, aide aux démarches en ligne"},
	{"mobilite", "Mobilité"},
	{"aide-materielle", "Aide alimentaire et matérielle"},
	{"autre", "Autre"},
}

// NoticeKinds are the kinds of a Notice.
var NoticeKinds = Vocabulary{
	{NoticeClosure, "Fermeture temporaire"},
	{NoticeMessage, "Annonce"},
}

// datasets name the origins of the facts (Source.Dataset) in French.
var datasets = Vocabulary{
	{"finess", "FINESS"},
	{"geo", "INSEE, Code officiel géographique"},
	{"data-inclusion", "data·inclusion"},
	{"france-services", "ANCT, liste des France services"},
	{"annuaire-2019", "Annuaire de l'administration (Service-Public.fr), 2019"},
	{"referentiel-ml", "Référentiel des Missions locales (i-milo)"},
	{"referentiel-ft", "Référentiel des agences Pôle emploi / France Travail"},
	{"synthetic", "Jeu synthétique (mesures de performance)"},
	{"user", "Saisie"},
	{"import", "Import"},
	{"maillage", "Maillage (vocabulaire et déductions)"},
	{"annuaire-2019", "Annuaire de l'administration (DILA, 2019)"},
	{"france-services", "France services (ANCT)"},
	{"referentiel-ml", "Référentiel des missions locales"},
	{"referentiel-ft", "Référentiel des agences France Travail"},
}

// DatasetLabel names the origin of a fact in French: « document source 001 » for a seed
// document, the dataset's name otherwise.
func DatasetLabel(d string) string {
	if n, ok := strings.CutPrefix(d, "seed-doc:"); ok {
		return "document source " + n
	}
	return datasets.LabelOf(d)
}
