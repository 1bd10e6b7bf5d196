package vocab

// MaillagePublic is a public Maillage distinguishes that data·inclusion's 14 publics do not name.
type MaillagePublic struct {
	Slug, Label, Description string
	// DataInclusion are the data·inclusion publics that contain it, used when a listing is
	// exported to the data·inclusion schema; empty when none fits without distortion.
	DataInclusion []string
}

// MaillagePublics are the profiles search must tell apart (BRIEF scenario 1: age, papers,
// street) and that the source documents name: Mission Interface (60+, sans abri, droit des
// étrangers), SIAO 52 (permanence at the Maison d'arrêt), LOGISENS (tenants in difficulty,
// psychic suffering), PDALHPD (rent arrears), DASES (families under ASE), and the FINESS
// categories that are defined by their public (CADA, CPH, CSAPA, évaluation des mineurs
// non accompagnés).
var MaillagePublics = []MaillagePublic{
	{"personnes-sans-abri", "Personnes sans abri ou sans domicile",
		"Personnes à la rue, en hébergement d'urgence ou sans logement personnel.",
		[]string{"personnes-en-situation-durgence"}},
	{"personnes-agees", "Personnes âgées (60 ans et plus)",
		"Personnes de 60 ans et plus ; plus précis que « séniors » pour l'éligibilité par âge.",
		[]string{"seniors"}},
	{"demandeurs-dasile", "Demandeurs d'asile",
		"Personnes dont la demande d'asile est en cours d'instruction.",
		[]string{"personnes-exilees"}},
	{"refugies-bpi", "Réfugiés et bénéficiaires de la protection internationale",
		"Personnes ayant obtenu le statut de réfugié ou la protection subsidiaire (BPI).",
		[]string{"personnes-exilees"}},
	{"personnes-sans-titre-de-sejour", "Personnes sans titre de séjour",
		"Personnes étrangères sans droit au séjour reconnu (« sans papiers »).",
		[]string{"personnes-exilees"}},
	{"sortants-de-prison", "Personnes sortant de détention",
		"Personnes détenues préparant leur sortie ou sorties de prison, dont celles suivies par le SPIP.",
		[]string{"personnes-en-situation-juridique-specifique"}},
	{"personnes-victimes-de-violences", "Personnes victimes de violences",
		"Victimes de violences conjugales ou intrafamiliales, dont les femmes victimes de violences (FVV).",
		[]string{"personnes-en-situation-durgence"}},
	{"personnes-en-souffrance-psychique", "Personnes en souffrance psychique",
		"Personnes souffrant de troubles psychiques ou d'une pathologie psychiatrique, diagnostiquée ou non.",
		nil},
	{"personnes-avec-addictions", "Personnes confrontées à une addiction",
		"Usagers de drogues, d'alcool ou d'autres produits, et personnes ayant une addiction sans produit.",
		nil},
	{"locataires-en-difficulte", "Locataires en difficulté",
		"Ménages dont le maintien dans le logement est menacé (troubles de voisinage, incurie, dette, procédure d'expulsion).",
		nil},
	{"menages-en-impaye-de-loyer", "Ménages en impayé de loyer",
		"Ménages ayant une dette de loyer ou de charges.",
		nil},
	{"enfants-proteges-ase", "Enfants et familles suivis par l'aide sociale à l'enfance",
		"Mineurs, jeunes majeurs et familles pris en charge au titre de l'aide sociale à l'enfance (ASE).",
		[]string{"familles"}},
	{"mineurs-non-accompagnes", "Mineurs non accompagnés",
		"Mineurs étrangers isolés, en évaluation de leur minorité ou pris en charge par l'ASE.",
		[]string{"personnes-exilees", "jeunes"}},
	{"professionnels", "Professionnels de l'accompagnement",
		"Services qui s'adressent aux intervenants sociaux, médico-sociaux et de santé (appui, conseil, supervision, coordination).",
		nil},
}

// DataInclusionPublics returns the data·inclusion publics a public maps to on export: itself
// for a data·inclusion public, the containing ones for a Maillage public, nil when unknown or
// when none fits.
func DataInclusionPublics(slug string) []string {
	for _, p := range MaillagePublics {
		if p.Slug == slug {
			return p.DataInclusion
		}
	}
	if Publics.Has(slug) {
		return []string{slug}
	}
	return nil
}
