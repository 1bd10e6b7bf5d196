package situation

import (
	"regexp"
	"regexp/syntax"
	"strings"
)

// rule maps phrases (regular expressions over the folded text: lower case, no accents,
// punctuation as spaces) to a criterion. Rules are tried in order and a text span is read
// once: "sans titre de sejour" is read as undocumented before "titre de sejour" could be read
// as a residence permit.
type rule struct {
	kind, value, label string
	re                 *regexp.Regexp
	// searchable keeps the phrase among the words the search looks for in the listings (it is
	// taken, so no other rule reads it, but not marked Read): a service type ("CHRS") is also
	// what the listings' type labels say, and the search ranks on it.
	searchable bool
	// caps requires the phrase in capitals in the original text: "PASS", "ACT", "LAM", "MIE"
	// are acronyms, "pass", "act", "lam", "mie" are words.
	caps bool
	// implies lists criteria the phrase also says ("CHRS": a need of shelter; "MNA": a minor).
	implies []implied
	// first: read before the ages (see early).
	first bool
	// needles are strings one of which every match contains (nil: unknown): a rule whose
	// needles are all absent from the text is not run (most rules, for most texts).
	needles []string
}

// mayMatch reports whether the rule can match text.
func (ru rule) mayMatch(text string) bool {
	if ru.needles == nil {
		return true
	}
	for _, n := range ru.needles {
		if strings.Contains(text, n) {
			return true
		}
	}
	return false
}

// needles computes strings one of which every match of re contains, or nil when it cannot
// tell (a match may be made of classes or optional parts only).
func needles(re *syntax.Regexp) []string {
	switch re.Op {
	case syntax.OpLiteral:
		if re.Flags&syntax.FoldCase != 0 {
			return nil
		}
		return []string{string(re.Rune)}
	case syntax.OpCapture, syntax.OpPlus:
		return needles(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min == 0 {
			return nil
		}
		return needles(re.Sub[0])
	case syntax.OpAlternate:
		var out []string
		for _, sub := range re.Sub {
			n := needles(sub)
			if n == nil {
				return nil
			}
			out = append(out, n...)
		}
		return out
	case syntax.OpConcat:
		// the child whose shortest needle is longest
		var best []string
		bestLen := 0
		for _, sub := range re.Sub {
			n := needles(sub)
			if n == nil {
				continue
			}
			shortest := len(n[0])
			for _, x := range n {
				shortest = min(shortest, len(x))
			}
			if shortest > bestLen {
				best, bestLen = n, shortest
			}
		}
		return best
	}
	return nil
}

// needlesOf parses expr for needles of 2 bytes or more.
func needlesOf(expr string) []string {
	re, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		return nil
	}
	n := needles(re.Simplify())
	for _, x := range n {
		if len(x) < 2 {
			return nil
		}
	}
	return n
}

// implied is a criterion a phrase says without naming it.
type implied struct{ kind, value string }

func r(kind, value, label string, phrases string) rule {
	return rx(kind, value, label, `\b(?:`+phrases+`)\b`)
}

func rx(kind, value, label, expr string) rule {
	re := regexp.MustCompile(expr)
	re.Longest() // "hebergement d urgence" is read whole, not as "hebergement" and words left
	return rule{kind: kind, value: value, label: label, re: re, needles: needlesOf(expr)}
}

// typ is a rule reading a service type (a graph.DispositifTypes slug); the words stay searchable.
func typ(value, label, phrases string, implies ...implied) rule {
	ru := r("type", value, label, phrases)
	ru.searchable, ru.implies = true, implies
	return ru
}

// acronym is typ for an acronym that is also a common word: read only in capitals.
func acronym(value, label, phrases string, implies ...implied) rule {
	ru := typ(value, label, phrases, implies...)
	ru.caps = true
	return ru
}

// early rules are read before the ages: negations ("sans enfant 50 ans" is no child of 50),
// then who comes with the person, whose ages are not the person's.
func (ru rule) early() bool { return ru.first }

// searchable keeps a rule's words among those the search looks for: acronyms of publics that
// listings carry in their names ("DIS MNA 92", "CHU FVV").
func searchable(ru rule) rule {
	ru.searchable = true
	return ru
}

// beforeAges marks a rule as read before the ages.
func beforeAges(ru rule) rule {
	ru.first = true
	return ru
}

// criterionValue is the value a criterion shows: a stage of an asylum claim is its own value
// though its administrative status is shared.
func (ru rule) criterionValue() string { return ru.value }

func (ru rule) with(implies ...implied) rule {
	ru.implies = append(ru.implies, implies...)
	return ru
}

var (
	needShelter = implied{"need", "hebergement"}
	needCare    = implied{"need", "soins"}
	needHousing = implied{"need", "logement"}
	needWork    = implied{"need", "emploi"}
	needRights  = implied{"need", "droits"}
	minor       = implied{"ageGroup", "mineur"}
)

// Administrative status values follow graph.AdminStatuses' meaning from the person's side.
const (
	StatusUndocumented = "sans-titre-de-sejour"
	StatusAsylum       = "demandeur-asile"
	StatusRefugee      = "bpi"
	StatusRegular      = "titre-de-sejour"
)

// Stages of an asylum claim (Situation.AsylumStage). Each is its own criterion; for what a
// listing accepts, a claim in progress (normal, Dublin, appeal) is an asylum seeker's status and
// a rejected claim leaves the person without a residence permit.
const (
	StageDublin   = "procedure-dublin"
	StageAppeal   = "recours-cnda"
	StageRejected = "deboute"
)

// stages maps a stage to the administrative status it gives, and says it in French.
var stages = map[string]struct{ status, label string }{
	StageDublin:   {StatusAsylum, "Demandeur d'asile en procédure Dublin"},
	StageAppeal:   {StatusAsylum, "Demandeur d'asile en recours devant la CNDA"},
	StageRejected: {StatusUndocumented, "Débouté du droit d'asile"},
}

// StageStatus returns the administrative status a stage of an asylum claim gives, and false
// for an unknown stage.
func StageStatus(stage string) (string, bool) {
	st, ok := stages[stage]
	return st.status, ok
}

// people who come with the person: their words (a child's age, "sa mère", "her son") say nothing
// of the person. Read before the ages, the gender and the family rules.
const (
	// numbers of children, possessives
	companionDet = `(?:(?:avec|et) )?(?:son |sa |ses |mon |ma |mes |leur |leurs |un |une |des |deux |trois |quatre |cinq |\d+ )?`
	childWords   = `(?:enfants?|fils|filles?|bebes?|nourrissons?|petits? enfants?|ados?|adolescent(?:e|s|es)?)`
	ageNumber    = `(?:\d{1,2}|` + numberWords + `(?: (?:et )?` + numberWords + `)*)`
	childAges    = ageNumber + `(?: ans?| mois)?(?: ?(?:,|et) ` + ageNumber + `(?: ans?| mois)?)* (?:ans?|mois)`
	enChildDet   = `with (?:a |an |her |his |their |my |one |two |three |four |\d+ )?`
	enChild      = `(?:children|child|kids?|babies|baby|sons?|daughters?|toddlers?|infants?|newborn|teenagers?)`
	enChildAge   = `(?:` + ageNumber + `(?: |-)(?:years?|months?|yr)(?: |-)old )`
)

// companionRe reads a child who comes with the person, with an age (the age is the child's).
var companionRe = `\b(?:` + companionDet + childWords + `(?: (?:age|agee|ages|agees))?(?: de| d)? ` + childAges + `|` +
	enChildDet + enChildAge + `?` + enChild + `(?: (?:aged|of) ` + ageNumber + `(?: (?:years?|months?)(?: old)?)?)?(?: (?:and|,) ` + ageNumber + `(?: (?:years?|months?)(?: old)?)?)*` + `)\b`

var rules = []rule{
	// negations are criteria: the words they negate are read with them
	beforeAges(r("adminStatus", StatusUndocumented, "Sans titre de séjour",
		`(?:(?:il |elle |qui )?n (?:a|ont) )?(?:pas|plus|aucun) (?:de |d )?(?:papiers?|titres? de sejour|titres?|carte de sejour|droit au sejour)|`+
			`(?:has |have )?(?:no|without(?: a)?|doesn t have(?: a)?|does not have(?: a)?|don t have(?: a)?) (?:papers|documents|residence (?:permit|card)|legal status|visa)`)),
	beforeAges(r("family", "personne-seule", "Sans enfant",
		`(?:(?:il |elle |qui )?n (?:a|ont) )?(?:pas|plus|aucun) (?:d |de )?(?:enfants?|famille|gosses)|sans (?:enfants?|famille)|`+
			`(?:has |have )?(?:no|without(?: any)?|doesn t have(?: any)?|does not have(?: any)?) (?:children|child|kids?|family)|childless`)),
	// who comes with the person: a child with an age (the age is the child's), an adult relative
	beforeAges(rx("family", "famille-avec-enfants", "Avec enfant(s)", companionRe)),
	r("family", "couple", "En couple",
		`avec (?:son |sa )(?:mari|epoux|epouse|conjointe?|compagnon|compagne|concubine?|partenaire|femme)|with (?:her|his|their) (?:husband|wife|partner|spouse)`),
	beforeAges(rx("companion", "", "",
		`\b(?:avec (?:son |sa |ses |leur |leurs )(?:mere|pere|parents|grand mere|grand pere|soeur|frere|tante|oncle)|with (?:her|his|their) (?:mother|father|parents|sister|brother|grandmother|grandfather|aunt|uncle))\b`)),

	// where the person sleeps when hosted by others: "sa famille", "des amis" here are not
	// the family the person comes with
	r("situation", "heberge-chez-des-tiers", "Hébergé chez des tiers",
		`(?:hebergee?s?|loge(?:e|s|es)?|dort|vit) (?:chez (?:des |un |une |ses |sa |son |de la )?(?:tiers|amie?s?|proches?|connaissances?|famille|compatriotes?|cousine?s?|parents?)|par (?:des |un |une |sa |son |ses |de la )?(?:tiers|amie?s?|proches?|famille))|`+
			`chez des tiers|hebergement (?:chez (?:des )?tiers|familial|amical)|sofa surfing|couch surfing|(?:staying|living|sleeping) (?:with|at) (?:friends|family|relatives|a friend s)|sleeping on (?:a )?(?:friend s )?(?:sofa|couch)`),

	// service types (graph.DispositifTypes); the words stay searchable
	typ("pension-de-famille", "Pension de famille, maison relais", `pensions? de famille|maisons? relais|residence accueil`, needHousing),
	typ("accueil-de-jour", "Accueil de jour", `accueils? de jour|day (?:centre|center)s?|drop in (?:centre|center)`),
	// the open data's own types (graph.DispositifTypes): a word of the trade names the most
	// specific type, never the generic family it belongs to (« mission locale » is not every
	// employment listing)
	typ("mission-locale", "Mission locale", `missions? locales?`, needWork),
	typ("france-travail", "France Travail (ex-Pôle emploi)", `france travail|pole emploi|agences? (?:pour l|de l|nationale pour l) emploi|anpe|job cent(?:re|er)s?|jobcent(?:re|er)s?|employment (?:office|agency)`, needWork),
	typ("france-services", "France services", `(?:maisons? |espaces? |guichets? )?france services?|msap|maisons? de (?:services au public|service public)`, needRights),
	typ("clic", "CLIC", `clic|centres? locaux? d information et de coordination(?: gerontologique)?`),
	typ("mdph", "MDPH", `mdph|maisons? departementales? des personnes handicapees`, needRights),
	typ("cidff", "CIDFF", `cidff?|centres? d information sur les droits des femmes(?: et des familles)?`, needRights),
	typ("adil", "ADIL", `adil|agences? departementales? d information sur le logement`, needHousing),
	typ("point-justice", "Point-justice, maison de justice et du droit", `points? justice|points? d acces au droit|maisons? de (?:la )?justice et du droit|mjd|cdad|conseils? departementaux? de l acces au droit|permanences? juridiques?|legal advice (?:centre|center|clinic)s?`, needRights),
	typ("information-jeunesse", "Information jeunesse (CIJ, BIJ, PIJ)", `cij|bij|pij|(?:centres?|bureaux?|points?) (?:d )?information jeunesse|information jeunesse|youth information(?: (?:centre|center|point)s?)?`),
	typ("cio", "CIO", `cio|centres? d information et d orientation`),
	typ("point-info-famille", "Point info famille", `points? info(?:rmation)? familles?`),
	// food aid is a need, not a type: the type « aide matérielle » also holds clothes and
	// furniture, and a food need is met by listings of many types (accueils de jour, CCAS)
	searchable(r("need", "alimentation", "Alimentation", `aide alimentaire|banques? alimentaires?|epiceries? (?:sociales?|solidaires?)|distributions? alimentaires?|colis alimentaires?|restaurants? (?:sociaux?|solidaires?)|food banks?|food parcels?|soup kitchens?|food pantr(?:y|ies)`)),
	typ("maraude", "Maraude, équipe mobile d'aller-vers", `maraudes?|street outreach|outreach team`),
	typ("chrs", "CHRS", `chrs|centres? d hebergement et de reinsertion sociale`, needShelter),
	typ("chu", "CHU", `chu|centres? d hebergement d urgence`, needShelter),
	typ("huda", "HUDA", `huda|prahda|hebergement d urgence (?:pour |des )?demandeurs d asile`, needShelter),
	typ("cada", "CADA", `cada|centres? d accueil (?:de |pour |des )?demandeurs d asile`, needShelter),
	typ("cph", "CPH", `cph|centres? provisoires? d hebergement`, needShelter),
	typ("lhss", "LHSS", `lhss|lits? halte soins? sante`, needCare),
	acronym("lam", "LAM", `lam`, needCare),
	typ("lam", "LAM", `lits? d accueil medicalises?`, needCare),
	acronym("act", "ACT", `act`, needCare),
	typ("act", "ACT", `appartements? de coordination therapeutique`, needCare),
	typ("medico-social", "EHPAD", `ehpad|maisons? de retraite|nursing homes?|care homes?`),
	acronym("pass", "PASS", `pass`, needCare),
	typ("pass", "PASS", `permanences? d acces aux soins(?: de sante)?`, needCare),
	typ("csapa", "CSAPA", `csapa`, needCare),
	typ("caarud", "CAARUD", `caarud`, needCare),
	typ("empp", "EMPP", `empp|equipes? mobiles? psychiatrie precarite`, needCare),
	typ("pmi", "PMI", `pmi|protection maternelle et infantile`, needCare),
	typ("siao", "SIAO", `siao|service integre d accueil et d orientation`),
	// not « samusocial »: the Samusocial de Paris is an operator, whose services are of many types
	typ("115", "115", `115`, needShelter),
	// a person followed by the SPIP is under a court's decision, not asking for the SPIP: read
	// before the type (the public « personnes sortant de détention » covers the détenus and
	// every specific judicial status, as data·inclusion's « situation juridique spécifique »)
	r("situation", "sortant-de-prison", "Sous main de justice (détenu, sortant de prison, probation)",
		`(?:placee?s? )?sous main de justice|ppsmj|(?:ex|anciens?|anciennes?) detenue?s?|detenue?s?|incarceree?s?|incarceration|`+
			`(?:suivie?s?|accompagnee?s?) (?:par|au) (?:le )?spip|liberation conditionnelle|amenagement de peine|bracelet electronique|sursis probatoire|`+
			`sort(?:ira|i)? de prison|(?:est |etait )?en prison|on probation|on parole|parolee?s?|in prison|ex convicts?|former (?:inmates?|prisoners?)`),
	typ("justice", "SPIP", `spip|service penitentiaire d insertion et de probation`),
	typ("justice", "PJJ", `pjj|protection judiciaire de la jeunesse`),

	// a CCAS/CIAS is the commune's (or intercommunality's) social action office: an organisation
	// whose services are filed under many types; the word is a need of rights (aides facultatives,
	// domiciliation, instruction of claims: CASF art. L123-5) and stays searchable for their names
	searchable(r("need", "droits", "Accès aux droits", `ccas|cias|centres? (?:communa(?:l|ux)|intercommuna(?:l|ux)) d action sociale`)),

	// the paperwork of a claim is a need of access to rights, read before the benefit it names:
	// « demande de RSA » is a claim, not a person already receiving the RSA
	r("need", "droits", "Accès aux droits",
		`(?:(?:faire|deposer|remplir|monter|constituer|refaire) (?:une |un |la |le |sa |son |ses |leur |des |les )?)?(?:demandes?|dossiers?) (?:de |d |du |pour (?:le |la |l |les )?|a la |aupres de la )?(?:rsa|caf|apl|aah|als|alf|prime d activite|allocations?(?: familiales| logement)?|css|cmu|ame|retraite|mdph|logement social|hlm)|`+
			`(?:faire|deposer|remplir|monter|constituer|refaire) (?:une |un |la |le |sa |son |ses |leur |des |les )?(?:demandes?|dossiers?|formulaires?)|dossiers? administratifs?|`+
			`(?:ouvrir|ouverture (?:de |des )|faire valoir|recuperer) (?:ses |des |leurs |les |mes )?droits|papiers a refaire|refaire (?:ses |des |les |mes |leurs )?papiers|`+
			`fill(?:ing)? (?:in|out) (?:a |the |an |his |her |their )?(?:forms?|application)|appl(?:y|ying) for (?:benefits|welfare|housing benefit|universal credit|rsa|aah|apl)|claim(?:ing)? benefits|benefit claims?`),

	// publics and situations of the trade
	searchable(r("situation", "mineur-non-accompagne", "Mineur non accompagné (MNA)",
		`mna|mineurs? non accompagnes?|mineurs? isoles? etrangers?|mineures? non accompagnees?|unaccompanied (?:foreign )?(?:minors?|child(?:ren)?)|separated child(?:ren)?`).with(minor)),
	func() rule {
		ru := r("situation", "mineur-non-accompagne", "Mineur non accompagné (MNA)", `mie`).with(minor)
		ru.caps, ru.searchable = true, true
		return ru
	}(),
	r("situation", "recours-dalo", "Recours DALO (droit au logement opposable)", `dalo|droit au logement opposable|reconnue? prioritaire dalo`).with(needHousing),
	r("situation", "recours-daho", "Recours DAHO (droit à l'hébergement opposable)", `daho|droit a l hebergement opposable`).with(needShelter),
	r("situation", "ase", "Aide sociale à l'enfance (ASE)", `(?:sortante?s? de l |suivie? par l |pris en charge par l |confiee? a l |ancien(?:ne)? de l )?ase|aide sociale a l enfance|enfants? places?|jeunes? majeurs? (?:de l )?ase|care leavers?|foster care`),
	r("situation", "beneficiaire-rsa", "Bénéficiaire du RSA", `(?:beneficiaires? (?:du |de )?|allocataires? (?:du )?|au )?rsa|revenu de solidarite active`),

	// administrative status and the stages of an asylum claim — the negative forms first
	r("adminStatus", StatusUndocumented, "Sans titre de séjour",
		`sans papiers?|sans titre de sejour|sans titre|sans droit au sejour|en situation irreguliere|situation irreguliere|irreguliers?|undocumented|without papers|no papers|irregular (?:migrant|status)|illegal (?:immigrant|migrant)|sans papier`),
	r("adminStatus", StageRejected, "Débouté du droit d'asile",
		`deboute(?:e|s|es)?(?: (?:du droit d ?asile|de (?:sa |leur )?demande d asile|de l asile))?|demande d asile rejetee|rejected asylum seekers?|asylum (?:claim|application) (?:rejected|refused)|failed asylum seekers?`),
	r("adminStatus", StageDublin, "Demandeur d'asile en procédure Dublin",
		`(?:en )?procedure dublin|dubline(?:e|s|es)?|sous dublin|dublin (?:procedure|case|transfer)`),
	r("adminStatus", StageAppeal, "Demandeur d'asile en recours devant la CNDA",
		`(?:en )?recours (?:devant la |a la )?cnda|cnda|asylum appeal|appealing (?:the |an |their |his |her )?asylum (?:decision|refusal)`),
	r("adminStatus", StatusAsylum, "Demandeur d'asile",
		`demandeu(?:r|se|rs|ses) d ?asile|en demande d asile|asylum seekers?|seeking asylum|asile`),
	r("adminStatus", StatusRefugee, "Réfugié ou bénéficiaire de la protection internationale",
		`refugie(?:e|s|es)?|refugees?|bpi|protection (?:internationale|subsidiaire)|international protection`),
	r("adminStatus", StatusRegular, "Titre de séjour en règle",
		`titre de sejour|carte de sejour|papiers en regle|residence permit|regular status|titre de sejour valide`),

	// situations
	r("situation", "sans-abri", "Sans abri", `sans abri|(?:mise?s?|jetee?s?) (?:a la porte|dehors)|(?:kicked|thrown) out|sans domicile(?: fixe)?|sdf|(?:vit|dort|dormant) (?:dans (?:sa |une |un )?(?:voiture|tente|parking|gare|cage d escalier)|sous (?:une )?tente|dans la rue|dehors)|sleeps? (?:in (?:a |her |his )?(?:car|tent)|outside|outdoors)|no fixed address|no home|a la rue|dans la rue|de la rue|dort dehors|homeless|rough sleep(?:er|ing)|sleeping rough|no fixed abode|on the street`),
	r("situation", "sortant-de-prison", "Sortant de prison", `sortant(?:e|s)? de prison|sortie de prison|sort(?:ant|ie) de detention|libere(?:e)? de prison|released from prison|leaving prison|ex (?:offender|prisoner)|prison leaver`),
	searchable(r("situation", "victime-de-violences", "Victime de violences", `fvv`)),
	r("situation", "victime-de-violences", "Victime de violences", `victimes? de violences?(?: conjugales| intrafamiliales)?|violences? conjugales?|violences? intrafamiliales?|femmes? battues?|domestic (?:violence|abuse)|victims? of violence|abused`),
	r("situation", "troubles-psychiques", "Troubles psychiques", `troubles? psychi(?:ques|atriques)|souffrance psychique|maladie mentale|pathologie psychiatrique|sante mentale|psychiatri(?:que|e)|mental (?:health|illness|disorder)|psychiatric`),
	r("situation", "addiction", "Addiction", `addictions?|addict(?:e|s)?|toxicomanes?|toxicomanie|alcooli(?:que|sme)|drogues?|usagers? de drogues?|drug (?:user|use|addiction)|alcohol(?:ism|ic)?|substance (?:use|abuse)`),
	r("situation", "handicap", "Handicap", `handicap(?:e|ee|es|ees)?|en situation de handicap|personnes? handicapees?|disabled|disabilit(?:y|ies)|wheelchair`),

	// family
	r("family", "femme-enceinte", "Femme enceinte", `enceinte|grossesse|pregnant|pregnancy`),
	r("family", "famille-avec-enfants", "Avec enfant(s)", `avec (?:ses |son |sa |un |une |deux |trois |quatre |\d+ )?(?:enfants?|bebes?|fils|fille)|avec enfants?|familles?|mere isolee|pere isole|parent isole|with (?:a |an |her |his |their |two |three |\d+ )?(?:children|child|kids|kid|baby|babies)|single (?:mother|father|parent)|family`),
	r("family", "couple", "En couple", `en couple|couple|with (?:her|his) (?:partner|husband|wife)|married couple`),
	r("family", "personne-seule", "Personne seule", `personne seule|isolee?|seule?|alone|single (?:man|woman|person)`),

	// gender
	r("gender", "femme", "Femme", `femmes?|madame|mme|dame|mere|jeune fille|woman|women|female|mother|lady|girl`),
	r("gender", "homme", "Homme", `hommes?|monsieur|mr|pere|jeune homme|man|men|male|father|guy|boy`),

	// age groups (exact ages are read separately)
	r("ageGroup", "personne-agee", "Personne âgée (60 ans et plus)", `personnes? agees?|agee?s?|seniors?|vieill(?:e|es|ard|ards)|retraite(?:e|s|es)?|elderly|older (?:person|people|man|woman|adult)|old (?:man|woman|person|people)|pensioner`),
	r("ageGroup", "mineur", "Mineur (moins de 18 ans)", `mineur(?:e|s|es)?|enfant seul|minors?|under 18`),
	r("ageGroup", "jeune", "Jeune (16 à 25 ans)", `jeunes?|jeune majeur|young (?:person|people|adult|man|woman)|youth|teenager`),

	// needs
	r("need", "hebergement", "Hébergement", `hebergements?|heberger|mise a l abri|mettre a l abri|abri pour la nuit|dormir|nuitees?|place d hebergement|hebergement d urgence|shelter|accommodation|a bed|somewhere to sleep|place to stay|emergency housing`),
	r("need", "logement", "Logement", `logements?|loger|appartement|relogement|expulsion|impayes? de loyer|loyer|housing|flat|apartment|tenancy|eviction|rent arrears`),
	r("need", "soins", "Soins", `soins?|sante|medecin|medical|hopital|infirmi(?:er|ere)|health|healthcare|care|doctor|medical care|treatment|nurse`),
	r("need", "droits", "Accès aux droits", `droits?|acces aux droits|papiers|regularisation|demarches administratives|juridique|juriste|avocat|domiciliation|legal|rights|lawyer|paperwork|benefits`),
	r("need", "emploi", "Emploi", `emploi|travail|travailler|job|insertion professionnelle|formation|work|employment|training`),
	r("need", "alimentation", "Alimentation", `alimentation|alimentaire|manger|nourriture|repas|colis|food|meal|meals|eat`),
	r("need", "accompagnement", "Accompagnement social", `accompagnement|accompagner|suivi social|assistante? sociale?|travailleur social|social worker|support|casework`),
}

// framing reads the words that frame a question rather than describe the person ("qui aide une
// personne…", "je cherche", "who helps", "someone"): read, with no criterion, so that they are
// not searched as words of the listings (nearly every listing says "personne"; few say
// "cherche", and those would be the only results). Tried after the rules, which read "personne
// âgée", "personne seule" or "aide alimentaire" first; a bare "aide" ("aide à domicile") stays
// a word.
var framing = r("frame", "", "",
	`qui (?:peut |pourrait |pourra )?(?:aide(?:r|nt)?|accueille(?:r|nt)?|heberge(?:r|nt)?|prend(?:re)? en charge|s occupe(?:r)? d)|`+
		`(?:ou|comment) (?:orienter|adresser|envoyer)|(?:je |j |on |nous )?(?:re)?cherch(?:e|ons|ent)|`+
		`(?:(?:j )?ai |a |avons )?besoin d(?: aide| un| une|e)?|aide pour|`+
		`(?:une |la |cette |d une )?personne|quelqu un|`+
		`who (?:can |could |will )?(?:help(?:s)?|take(?:s)? in|house(?:s)?|assist(?:s)?)|where (?:can|could|to) (?:i |we )?(?:send|refer)|`+
		`(?:i am |i m |we are |we re )?looking for|(?:i |we )?(?:need(?:s)?|needing)|help (?:for|with)|`+
		`(?:a |the |this )?person|someone|somebody`)

// ageExpr reads an exact age: "67 ans", "67ans", "67 a", "65-year-old", "aged 65", "age de 67 ans",
// "soixante-cinq ans", "sixty-five years old".
var ageExpr = regexp.MustCompile(`\b(?:agee? de |aged |age )?(\d{1,3}) ?(?:ans|an|years? old|year old|years?|yo|yrs?)\b|\baged (\d{1,3})\b|` +
	`\b(?:agee? de |aged |age )?(` + numberWords + `(?: (?:et |and )?` + numberWords + `)*) (?:ans|years? old|year old|years?)\b|` +
	`\baged (` + numberWords + `(?: (?:and )?` + numberWords + `)*)\b`)

// personAge reads a bare number after a word for the person as an age ("single man, 40",
// "homme, 52"): only the number is the age, the word stays for the gender.
var personAge = regexp.MustCompile(`\b(?:man|woman|homme|femme|person|personne|monsieur|madame|mr|mrs|male|female|guy|lady|boy|girl|garcon|fille|seul|seule|single|father|mother|pere|mere|dad|mum|mom|parent|husband|wife|mari|epouse)\s+(\d{2})\b`)

// duration reads the words before a number that make it a time, not an age ("depuis 2 ans").
var duration = regexp.MustCompile(`\b(?:depuis|il y a|pendant|durant|since|for|dans) $`)
