package synthetic

// Frequencies below are plausible orders of magnitude for a French directory of social action,
// not measurements: they give the benchmarks a realistic shape (many associations and CCAS, a
// few large public bodies; many generic services, fewer specialised ones).

var orgTypes = []weighted[string]{
	{"association", 45}, {"ccas", 15}, {"etablissement-sante", 7}, {"collectivite", 4}, {"fondation", 4},
	{"bailleur-social", 4}, {"organisme-securite-sociale", 2}, {"entreprise", 8}, {"gip", 2}, {"autre", 9},
}

// dspTypesByOrg says what kinds of dispositifs each kind of organisation runs.
var dspTypesByOrg = map[string][]weighted[string]{
	"association": {{"accueil-de-jour", 8}, {"chrs", 6}, {"chu", 6}, {"hu", 5}, {"maraude", 5}, {"pension-de-famille", 5}, {"iml", 4},
		{"residence-sociale", 3}, {"avdl", 3}, {"asll", 2}, {"cada", 3}, {"huda", 2}, {"caarud", 2}, {"csapa", 2}, {"acces-aux-droits", 6},
		{"emploi", 8}, {"jeunesse", 6}, {"accompagnement-logement", 5}, {"autre", 4}},
	"fondation":                  {{"chrs", 5}, {"pension-de-famille", 4}, {"lhss", 2}, {"lam", 1}, {"act", 2}, {"iml", 3}, {"accueil-de-jour", 3}, {"medico-social", 4}},
	"ccas":                       {{"service-social", 10}, {"acces-aux-droits", 5}, {"accueil-de-jour", 2}, {"hu", 1}, {"accompagnement-logement", 2}},
	"etablissement-sante":        {{"pass", 4}, {"cmp", 6}, {"empp", 3}, {"csapa", 2}, {"lhss", 2}, {"sante", 6}},
	"collectivite":               {{"service-social", 6}, {"asll", 3}, {"protection-enfance", 4}, {"jeunesse", 2}, {"coordination", 2}},
	"bailleur-social":            {{"accompagnement-logement", 5}, {"residence-sociale", 3}, {"iml", 2}},
	"organisme-securite-sociale": {{"acces-aux-droits", 5}, {"accompagnement-logement", 2}, {"service-social", 3}},
	"entreprise":                 {{"emploi", 6}, {"hotel", 3}, {"autre", 2}},
	"gip":                        {{"coordination", 4}, {"maraude", 2}, {"acces-aux-droits", 2}},
	"autre":                      {{"autre", 4}, {"acces-aux-droits", 2}, {"jeunesse", 2}, {"emploi", 2}},
}

// thematiquesByType lists the data·inclusion thematiques a dispositif type is about.
var thematiquesByType = map[string][]string{
	"115":                     {"logement-hebergement--rechercher-une-solution-dhebergement-temporaire"},
	"siao":                    {"logement-hebergement--rechercher-une-solution-dhebergement-temporaire", "logement-hebergement--sinformer-sur-les-demarches-liees-a-lacces-au-logement"},
	"maraude":                 {"remobilisation--lien-social", "sante--acces-aux-soins", "logement-hebergement--rechercher-une-solution-dhebergement-temporaire"},
	"accueil-de-jour":         {"equipement-et-alimentation--alimentation", "equipement-et-alimentation--habillement", "remobilisation--lien-social", "numerique--acceder-a-une-connexion-internet"},
	"hu":                      {"logement-hebergement--rechercher-une-solution-dhebergement-temporaire"},
	"chu":                     {"logement-hebergement--rechercher-une-solution-dhebergement-temporaire"},
	"chrs":                    {"logement-hebergement--rechercher-une-solution-dhebergement-temporaire", "trouver-un-emploi--maintien-dans-lemploi", "difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives"},
	"hotel":                   {"logement-hebergement--rechercher-une-solution-dhebergement-temporaire"},
	"cada":                    {"logement-hebergement--rechercher-une-solution-dhebergement-temporaire", "difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits"},
	"huda":                    {"logement-hebergement--rechercher-une-solution-dhebergement-temporaire"},
	"iml":                     {"logement-hebergement--louer-un-logement", "logement-hebergement--se-maintenir-dans-le-logement"},
	"pension-de-famille":      {"logement-hebergement--louer-un-logement", "remobilisation--lien-social"},
	"residence-sociale":       {"logement-hebergement--louer-un-logement"},
	"asll":                    {"logement-hebergement--se-maintenir-dans-le-logement", "logement-hebergement--reduire-les-impayes-de-loyer"},
	"avdl":                    {"logement-hebergement--se-maintenir-dans-le-logement", "logement-hebergement--louer-un-logement"},
	"accompagnement-logement": {"logement-hebergement--se-maintenir-dans-le-logement", "logement-hebergement--reduire-les-impayes-de-loyer", "difficultes-financieres--ameliorer-sa-gestion-budgetaire"},
	"lhss":                    {"sante--acces-aux-soins"},
	"lam":                     {"sante--acces-aux-soins"},
	"act":                     {"sante--acces-aux-soins", "logement-hebergement--louer-un-logement"},
	"empp":                    {"sante--sante-mentale"},
	"pass":                    {"sante--acces-aux-soins"},
	"cmp":                     {"sante--sante-mentale"},
	"csapa":                   {"sante--addictions"},
	"caarud":                  {"sante--addictions"},
	"sante":                   {"sante--acces-aux-soins", "sante--sante-sexuelle"},
	"medico-social":           {"famille--prise-en-charge-personne-dependante", "sante--constituer-un-dossier-mdph-invalidite"},
	"acces-aux-droits":        {"difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits", "difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives", "numerique--acceder-a-des-services-en-ligne"},
	"service-social":          {"difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives", "difficultes-financieres--prevenir-une-degradation-de-la-situation-financiere", "famille--soutien-a-la-parentalite-et-a-leducation"},
	"justice":                 {"difficultes-administratives-ou-juridiques--prendre-en-compte-une-problematique-judiciaire"},
	"emploi":                  {"trouver-un-emploi--repondre-a-des-offres-demploi", "preparer-sa-candidature--realiser-un-cv-et-ou-une-lettre-de-motivation", "se-former--trouver-sa-formation"},
	"jeunesse":                {"se-former--trouver-sa-formation", "choisir-un-metier--decouvrir-un-metier-ou-un-secteur-dactivite", "remobilisation--activites-sportives-et-culturelles"},
	"protection-enfance":      {"famille--soutien-a-la-parentalite-et-a-leducation", "famille--surmonter-conflits-separation-violence"},
	"coordination":            {"difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives"},
	"autre":                   {"remobilisation--lien-social", "equipement-et-alimentation--alimentation"},
}

// publicsByType lists the publics a dispositif type typically serves.
var publicsByType = map[string][]string{
	"115":                {"personnes-en-situation-durgence", "personnes-sans-abri"},
	"siao":               {"personnes-sans-abri", "personnes-en-situation-durgence"},
	"maraude":            {"personnes-sans-abri", "personnes-avec-addictions", "personnes-agees"},
	"accueil-de-jour":    {"personnes-sans-abri", "tous-publics"},
	"hu":                 {"personnes-sans-abri", "personnes-en-situation-durgence", "familles"},
	"chu":                {"personnes-sans-abri", "personnes-en-situation-durgence", "femmes"},
	"chrs":               {"personnes-sans-abri", "personnes-victimes-de-violences", "sortants-de-prison", "familles"},
	"hotel":              {"familles", "personnes-sans-abri"},
	"cada":               {"demandeurs-dasile", "personnes-exilees"},
	"huda":               {"demandeurs-dasile", "personnes-exilees"},
	"iml":                {"familles", "beneficiaires-des-minimas-sociaux"},
	"pension-de-famille": {"personnes-sans-abri", "personnes-en-souffrance-psychique"},
	"residence-sociale":  {"jeunes", "actifs", "refugies-bpi"},
	"lhss":               {"personnes-sans-abri"},
	"lam":                {"personnes-sans-abri"},
	"act":                {"personnes-en-situation-de-handicap"},
	"empp":               {"personnes-en-souffrance-psychique", "personnes-sans-abri"},
	"pass":               {"personnes-sans-titre-de-sejour", "tous-publics"},
	"cmp":                {"personnes-en-souffrance-psychique"},
	"csapa":              {"personnes-avec-addictions"},
	"caarud":             {"personnes-avec-addictions"},
	"jeunesse":           {"jeunes", "etudiants"},
	"emploi":             {"demandeurs-emploi", "jeunes", "beneficiaires-des-minimas-sociaux"},
	"protection-enfance": {"enfants-proteges-ase", "familles", "mineurs-non-accompagnes"},
	"medico-social":      {"personnes-en-situation-de-handicap", "seniors"},
}

var defaultPublics = []string{"tous-publics", "familles", "femmes", "jeunes", "seniors", "personnes-en-situation-de-handicap", "beneficiaires-des-minimas-sociaux", "residents-qpv-frr"}

// needsSIAO are the types whose places are allocated by the département's SIAO.
var needsSIAO = map[string]bool{"chrs": true, "chu": true, "hu": true, "pension-de-famille": true, "iml": true, "residence-sociale": true, "lhss": true, "lam": true}

var qualifiers = []string{"Les Tilleuls", "L'Escale", "Le Relais", "Les Glycines", "Le Phare", "L'Horizon", "La Boussole", "Les Marronniers",
	"L'Étape", "Le Trait d'union", "La Source", "Les Peupliers", "L'Abri", "Le Pont", "La Clairière", "Les Lilas", "Le Cap", "L'Envol"}

var phrases = []string{
	"Accueil inconditionnel et écoute des personnes en difficulté.",
	"Accompagnement social global vers l'autonomie et l'accès aux droits.",
	"Orientation vers les partenaires du territoire selon la situation.",
	"Entretiens individuels sur rendez-vous et permanences sans rendez-vous.",
	"Aide aux démarches administratives, ouverture et maintien des droits.",
	"Travail en lien étroit avec le SIAO et les services sociaux de secteur.",
	"Hébergement temporaire avec un accompagnement adapté à chaque ménage.",
	"Soutien à la parentalité et à la vie quotidienne.",
	"Accès aux soins en lien avec les professionnels de santé du secteur.",
	"Préparation de l'accès au logement et suivi après l'entrée dans les lieux.",
	"Ateliers collectifs de remobilisation et de lien social.",
	"Interventions à domicile et dans les lieux de vie des personnes.",
	"Équipe pluridisciplinaire de travailleurs sociaux et de professionnels de santé.",
	"Domiciliation, accès à une adresse postale et au courrier.",
	"Distribution alimentaire et aide matérielle ponctuelle.",
	"Médiation avec les bailleurs et prévention des expulsions.",
}
