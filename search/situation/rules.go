package situation

import "regexp"

// rule maps phrases (regular expressions over the folded text: lower case, no accents,
// punctuation as spaces) to a criterion. Rules are tried in order and a text span is read
// once: "sans titre de sejour" is read as undocumented before "titre de sejour" could be read
// as a residence permit.
type rule struct {
	kind, value, label string
	re                 *regexp.Regexp
}

func r(kind, value, label string, phrases string) rule {
	re := regexp.MustCompile(`\b(?:` + phrases + `)\b`)
	re.Longest() // "hebergement d urgence" is read whole, not as "hebergement" and words left
	return rule{kind, value, label, re}
}

// Administrative status values follow graph.AdminStatuses' meaning from the person's side.
const (
	StatusUndocumented = "sans-titre-de-sejour"
	StatusAsylum       = "demandeur-asile"
	StatusRefugee      = "bpi"
	StatusRegular      = "titre-de-sejour"
)

var rules = []rule{
	// administrative status — the negative forms first
	r("adminStatus", StatusUndocumented, "Sans titre de séjour",
		`sans papiers?|sans titre de sejour|sans titre|sans droit au sejour|en situation irreguliere|situation irreguliere|irreguliers?|undocumented|without papers|no papers|irregular (?:migrant|status)|illegal (?:immigrant|migrant)|sans papier`),
	r("adminStatus", StatusAsylum, "Demandeur d'asile",
		`demandeu(?:r|se|rs|ses) d ?asile|en demande d asile|asylum seekers?|seeking asylum|asile`),
	r("adminStatus", StatusRefugee, "Réfugié ou bénéficiaire de la protection internationale",
		`refugie(?:e|s|es)?|refugees?|bpi|protection (?:internationale|subsidiaire)|international protection`),
	r("adminStatus", StatusRegular, "Titre de séjour en règle",
		`titre de sejour|carte de sejour|papiers en regle|residence permit|regular status|titre de sejour valide`),

	// situations
	r("situation", "sans-abri", "Sans abri", `sans abri|sans domicile(?: fixe)?|sdf|a la rue|dans la rue|de la rue|dort dehors|homeless|rough sleep(?:er|ing)|sleeping rough|no fixed abode|on the street`),
	r("situation", "sortant-de-prison", "Sortant de prison", `sortant(?:e|s)? de prison|sortie de prison|sort(?:ant|ie) de detention|libere(?:e)? de prison|released from prison|leaving prison|ex (?:offender|prisoner)|prison leaver`),
	r("situation", "victime-de-violences", "Victime de violences", `victimes? de violences?(?: conjugales| intrafamiliales)?|violences? conjugales?|violences? intrafamiliales?|fvv|femmes? battues?|domestic (?:violence|abuse)|victims? of violence|abused`),
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
	r("ageGroup", "mineur", "Mineur (moins de 18 ans)", `mineur(?:e|s|es)?|mna|mineur non accompagne|enfant seul|minors?|unaccompanied (?:minor|child)|under 18`),
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

// ageExpr reads an exact age: "67 ans", "67ans", "67 a", "65-year-old", "aged 65", "age de 67 ans".
var ageExpr = regexp.MustCompile(`\b(?:agee? de |aged |age )?(\d{1,3}) ?(?:ans|an|years? old|year old|years?|yo|yrs?)\b|\baged (\d{1,3})\b`)
