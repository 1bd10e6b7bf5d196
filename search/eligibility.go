package search

import (
	"fmt"
	"math/bits"
	"slices"
	"strings"

	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/search/situation"
)

// Reason is one criterion of a result: met, unknown (the listing does not say) or unmet.
type Reason struct {
	// Criterion is place, age, adminStatus, gender, family, public, need or status.
	Criterion string `json:"criterion"`
	Message   string `json:"message"`
}

// Fit is how a dispositif fits a situation.
type Fit struct {
	Matched, Unknown, Unmet []Reason
	// Specialised counts the publics of the situation the dispositif is made for.
	Specialised int
}

// Eligible reports whether nothing known rules the dispositif out.
func (f Fit) Eligible() bool { return len(f.Unmet) == 0 }

// area is the place of the situation: its id, name, the territories containing it and the
// territories inside it that listings may name (sectors of a city).
type area struct {
	id, name  string
	ancestors map[string]string // id → name, the place included
	// inside are the territories lying inside the place (sectors of a city, its arrondissements,
	// a département's communes): a listing covering one of them covers a part of the place.
	inside map[string]string
	// sectors are the named sectors of a territory containing the place whose members are
	// unknown (no PART_OF child): the place may or may not lie in them.
	sectors map[string]string
	// parts names what the place's parent is made of ("arrondissements", "communes"), for the
	// sectors' reason.
	parts string
}

// coverage tells how a covered territory relates to the place: it contains it
// (placeMatched), lies inside it (placePartial), is a sector of a territory containing it
// whose members are unknown (placeSector), or none (placeUnknown).
func (a *area) coverage(territory string) int {
	if _, ok := a.ancestors[territory]; ok {
		return placeMatched
	}
	if _, ok := a.inside[territory]; ok {
		return placePartial
	}
	if _, ok := a.sectors[territory]; ok {
		return placeSector
	}
	return placeUnknown
}

// publicsOf maps what the parser understood to the publics a listing may declare.
func publicsOf(s situation.Situation) []string {
	var out []string
	for _, sit := range s.Situations {
		out = append(out, map[string][]string{
			"sans-abri":            {"personnes-sans-abri"},
			"sortant-de-prison":    {"sortants-de-prison"},
			"victime-de-violences": {"personnes-victimes-de-violences"},
			"troubles-psychiques":  {"personnes-en-souffrance-psychique"},
			"addiction":            {"personnes-avec-addictions"},
			"handicap":             {"personnes-en-situation-de-handicap"},
			// read by the parser since issue 19 (words of the trade)
			"mineur-non-accompagne": {"mineurs-non-accompagnes"},
			"ase":                   {"enfants-proteges-ase"},
		}[sit]...)
	}
	if s.Age != nil && *s.Age >= 60 || s.AgeMin != nil && *s.AgeMin >= 60 {
		out = append(out, "personnes-agees", "seniors")
	}
	if s.Age != nil && *s.Age >= 16 && *s.Age <= 25 || s.AgeMin != nil && *s.AgeMin == 16 {
		out = append(out, "jeunes")
	}
	switch s.AdminStatus {
	case situation.StatusUndocumented:
		out = append(out, "personnes-sans-titre-de-sejour")
	case situation.StatusAsylum:
		out = append(out, "demandeurs-dasile", "personnes-exilees")
	case situation.StatusRefugee:
		out = append(out, "refugies-bpi", "personnes-exilees")
	}
	// a pregnant woman is of the public « familles » (the PMI, protection maternelle et
	// infantile, follows pregnancies: CSP art. L2112-2)
	if slices.Contains(s.Family, "famille-avec-enfants") || slices.Contains(s.Family, "femme-enceinte") {
		out = append(out, "familles")
	}
	if s.Gender == "femme" {
		out = append(out, "femmes")
	}
	return out
}

// excludes reports whether what is known of the person rules out a public a listing is made
// for: a minors' or young people's service for an adult of 40, the elderly's for a 30-year-old,
// families' (ASE) for a single adult, women's for a man. Publics it does not know stay
// possible.
func excludes(s situation.Situation, public string) bool {
	lo, hi := s.AgeMin, s.AgeMax
	if s.Age != nil {
		lo, hi = s.Age, s.Age
	}
	single := slices.Contains(s.Family, "personne-seule") && !slices.Contains(s.Family, "famille-avec-enfants") && !slices.Contains(s.Family, "femme-enceinte")
	switch public {
	case "personnes-agees", "seniors":
		return hi != nil && *hi < 60
	case "jeunes":
		return lo != nil && *lo > 30
	case "mineurs-non-accompagnes":
		return lo != nil && *lo >= 18
	case "familles", "enfants-proteges-ase":
		return single && (lo == nil || *lo >= 18)
	case "femmes":
		return s.Gender == "homme"
	}
	return false
}

// conditionPublics are publics that are a condition of access when a listing names them: the
// person must be of one of them (age, disability), whatever else the listing names.
var conditionPublics = []string{"personnes-agees", "seniors", "personnes-en-situation-de-handicap"}

// conditionsOf returns the condition publics among publics.
func conditionsOf(publics []string) []string {
	var out []string
	for _, p := range publics {
		if slices.Contains(conditionPublics, p) {
			out = append(out, p)
		}
	}
	return out
}

// described reports whether the text describes the person (an age, or who comes with them: a
// couple, a child, a pregnancy): then a listing whose condition publics the person is of none
// of is not an answer, since an age of 60 or a disability is what a worker says first when it is the case, as a child would be (see
// adultWithoutChild). The company words never make the person one of those publics: a parent
// with a baby is the same one person, neither old nor disabled for having company.
func described(s situation.Situation) bool {
	aged := s.Age != nil || s.AgeMin != nil || s.AgeMax != nil
	company := slices.Contains(s.Family, "famille-avec-enfants") || slices.Contains(s.Family, "couple") || slices.Contains(s.Family, "femme-enceinte")
	return aged || company
}

// adultWithoutChild reports whether the situation is of an adult (an age of 18 or more known)
// whose text says nothing of a family, a child or a pregnancy, nor of child welfare.
func adultWithoutChild(s situation.Situation) bool {
	lo := s.AgeMin
	if s.Age != nil {
		lo = s.Age
	}
	return lo != nil && *lo >= 18 && len(s.Family) == 0 && !slices.Contains(s.Situations, "ase") && !slices.Contains(s.Situations, "mineur-non-accompagne")
}

// onlyFamiliesWithChildren reports whether a listing's family restriction admits only
// families with children.
func onlyFamiliesWithChildren(family []string) bool {
	for _, f := range family {
		if f != "famille-avec-enfants" {
			return false
		}
	}
	return len(family) > 0
}

// excludedPublics lists the publics of ids that the situation rules out.
func excludedPublics(s situation.Situation, ids []string) []string {
	var out []string
	for _, p := range ids {
		if excludes(s, p) {
			out = append(out, p)
		}
	}
	return out
}

// needThemes maps a need to the thematique categories (or leaves) that answer it.
var needThemes = map[string][]string{
	"hebergement":    {"logement-hebergement--rechercher-une-solution-dhebergement-temporaire", "logement-hebergement"},
	"logement":       {"logement-hebergement"},
	"soins":          {"sante"},
	"droits":         {"difficultes-administratives-ou-juridiques"},
	"emploi":         {"trouver-un-emploi", "preparer-sa-candidature", "se-former", "choisir-un-metier"},
	"alimentation":   {"equipement-et-alimentation"},
	"accompagnement": {"difficultes-administratives-ou-juridiques", "logement-hebergement--se-maintenir-dans-le-logement"},
}

func answersNeed(thematiques []string, need string) bool {
	for _, t := range thematiques {
		for _, want := range needThemes[need] {
			if t == want || strings.HasPrefix(t, want+"--") {
				return true
			}
		}
	}
	return false
}

var needLabels = map[string]string{"hebergement": "l'hébergement", "logement": "le logement", "soins": "les soins",
	"droits": "l'accès aux droits", "emploi": "l'emploi", "alimentation": "l'alimentation", "accompagnement": "l'accompagnement social"}

// needOrder lists the needs in the order of the bits of entry.Needs.
var needOrder = func() []string {
	var out []string
	for n := range needThemes {
		out = append(out, n)
	}
	slices.Sort(out)
	return out
}()

func needBit(n string) uint8 { return needBits[n] }

// needBits gives each need its bit of entry.Needs (a map: evaluate looks the needs asked up
// for every candidate, and a scan of needOrder's strings was a measurable share of a search).
var needBits = bitsOf(needOrder)

// bitsOf numbers names as bits, in their order.
func bitsOf(names []string) map[string]uint8 {
	m := make(map[string]uint8, len(names))
	for i, n := range names {
		m[n] = 1 << i
	}
	return m
}

// fit is the outcome of evaluate: the counts ranking needs and, when explaining, the reasons.
type fit struct {
	Fit
	explain          bool
	matched, unknown int
	needs            int  // matched needs
	asked            int  // matched criteria of what was asked (not the place nor the status)
	unmet            bool // some criterion is unmet (status included)
	unmetOther       bool // some criterion other than the status is unmet
	unmetKinds       uint8
	// place is how the listing covers the place (placeMatched…), placeUnknown without one.
	place int
	// generic is set for the generic entry points (115, SIAO).
	generic bool
}

// criterionBits numbers the criteria that can rule a listing out, for counting which one
// ruled out most (the ways forward when nothing fits).
var criterionBits = []string{"age", "adminStatus", "gender", "family", "public", "need", "place", "type"}

// criterionBit is crit's bit (0 for a criterion that rules nothing out); fit.add calls it for
// every unmet criterion of every candidate, hence a map rather than a scan of the names.
func criterionBit(crit string) uint8 { return criterionBitOf[crit] }

var criterionBitOf = bitsOf(criterionBits)

// needOrType are the criteria whose unmet still leaves a listing among the other services of
// the place (it answers another need, or is of another type).
var needOrType = criterionBit("need") | criterionBit("type")

const (
	listMatched = iota
	listUnknown
	listUnmet
)

// add records a reason; its message is only built when explaining (a search evaluates
// thousands of candidates and explains only the page it returns).
func (f *fit) add(list int, crit string, msg func() string) {
	switch list {
	case listMatched:
		f.matched++
		if crit == "need" {
			f.needs++
		}
		if crit != "place" && crit != "status" {
			f.asked++
		}
	case listUnknown:
		f.unknown++
	case listUnmet:
		f.unmet = true
		f.unmetOther = f.unmetOther || crit != "status"
		f.unmetKinds |= criterionBit(crit)
	}
	if !f.explain {
		return
	}
	r := Reason{crit, msg()}
	switch list {
	case listMatched:
		f.Matched = append(f.Matched, r)
	case listUnknown:
		f.Unknown = append(f.Unknown, r)
	case listUnmet:
		f.Unmet = append(f.Unmet, r)
	}
}

// How the place is known to be covered when evaluate is called: placeUnknown lets it check
// the covered territories; a search that found the dispositif through the territory it
// covers already knows.
const (
	placeUnknown = iota
	placeMatched
	placePartial
	placeSector
)

// evaluate checks a dispositif against a situation; it never presents an unknown as met.
// h is the entry's hot part: the entry e itself is only read when the check needs more (or
// when explaining). wanted is publicsOf(s), wp the same as bits (nil: compare the ids);
// publicNames names publics (only read when explaining).
func evaluate(h *hot, e *entry, s situation.Situation, place *area, placeHint int, wanted []string, wp *wantedPublics, publicNames map[string]string, explain bool) fit {
	f := fit{explain: explain, generic: h.flags&hotGeneric != 0}
	switch h.status {
	case statusTemporarilyClosed:
		f.add(listUnmet, "status", func() string { return "Fermé temporairement" })
	case statusClosed:
		f.add(listUnmet, "status", func() string { return "Fermé définitivement" })
	}
	if place != nil {
		how := placeHint
		if how == placeUnknown || explain {
			// the best relation of its covered territories to the place
			how = placeUnknown
			for _, c := range e.Covers {
				if k := place.coverage(c); k != placeUnknown && (how == placeUnknown || k < how) {
					how = k
				}
			}
		}
		f.place = how
		// names lists the listing's covered territories of one relation to the place
		names := func(k int, of map[string]string) string {
			var parts []string
			for _, c := range e.Covers {
				if place.coverage(c) == k {
					parts = append(parts, of[c])
				}
			}
			return strings.Join(parts, ", ")
		}
		switch how {
		case placeMatched:
			f.add(listMatched, "place", func() string { return "Couvre " + names(placeMatched, place.ancestors) })
		case placePartial:
			f.add(listUnknown, "place", func() string {
				return fmt.Sprintf("Couvre une partie de %s : %s ; vérifier que la personne s'y trouve", place.name, names(placePartial, place.inside))
			})
		case placeSector:
			f.add(listUnknown, "place", func() string {
				word := "Secteur"
				if n := names(placeSector, place.sectors); strings.Contains(n, ", ") {
					word = "Secteurs"
				}
				return fmt.Sprintf("%s %s : %s non précisés ; vérifier le secteur de %s", word, names(placeSector, place.sectors), place.parts, place.name)
			})
		default:
			f.add(listUnmet, "place", func() string { return "Ne couvre pas " + place.name })
		}
	}
	ageText := func() string {
		switch {
		case h.ageMin != noAge && h.ageMax != noAge:
			return fmt.Sprintf("de %d à %d ans", h.ageMin, h.ageMax)
		case h.ageMin != noAge:
			return fmt.Sprintf("%d ans et plus", h.ageMin)
		default:
			return fmt.Sprintf("jusqu'à %d ans", h.ageMax)
		}
	}
	lo, hi := s.AgeMin, s.AgeMax
	if s.Age != nil {
		lo, hi = s.Age, s.Age
	}
	if lo != nil || hi != nil {
		minK, maxK := h.ageMin != noAge, h.ageMax != noAge
		amin, amax := int(h.ageMin), int(h.ageMax)
		switch {
		case !minK && !maxK:
			f.add(listUnknown, "age", func() string { return "Âge accueilli non précisé" })
		case (hi != nil && minK && *hi < amin) || (lo != nil && maxK && *lo > amax):
			f.add(listUnmet, "age", func() string { return "Accueille les personnes " + ageText() })
		case (!minK || lo != nil && *lo >= amin) && (!maxK || hi != nil && *hi <= amax):
			f.add(listMatched, "age", func() string { return "Accueille les personnes " + ageText() })
		default:
			f.add(listUnknown, "age", func() string { return "Accueille les personnes " + ageText() + " : à vérifier selon l'âge exact" })
		}
	}
	if s.AdminStatus != "" {
		admin := h.adminStatus(e)
		switch {
		case admin == "":
			f.add(listUnknown, "adminStatus", func() string { return "Situation administrative exigée non précisée" })
		case accepts(s.AdminStatus, admin):
			f.add(listMatched, "adminStatus", func() string { return graph.AdminStatuses.LabelOf(admin) })
			if admin == "tous" && s.AdminStatus != situation.StatusUndocumented {
				// « toute situation administrative » opens the door to a person without papers
				// (whom most services turn away): for anyone else it says nothing of what the
				// service is for, so it is shown but is not a reason to present it as an answer
				f.asked--
			}
		case s.AdminStatus == situation.StatusAsylum && admin == "sejour-regulier":
			f.add(listUnknown, "adminStatus", func() string { return "Séjour régulier exigé : à vérifier pour une demande d'asile en cours" })
		default:
			f.add(listUnmet, "adminStatus", func() string { return "Réservé : " + graph.AdminStatuses.LabelOf(admin) })
		}
	}
	if s.Gender != "" && h.flags&hotGenders != 0 {
		if slices.Contains(e.Genders, s.Gender) {
			f.add(listMatched, "gender", func() string { return "Accueille : " + strings.ToLower(graph.Genders.LabelOf(s.Gender)) })
		} else {
			f.add(listUnmet, "gender", func() string { return "Réservé : " + strings.ToLower(graph.Genders.LabelOf(e.Genders[0])) })
		}
	}
	if len(s.Family) > 0 && h.flags&hotFamily != 0 {
		ok := false
		for _, fam := range s.Family {
			ok = ok || slices.Contains(e.Family, fam)
		}
		if ok {
			f.add(listMatched, "family", func() string { return "Situation familiale accueillie" })
		} else {
			f.add(listUnmet, "family", func() string { return "Réservé : " + strings.ToLower(graph.FamilySituations.LabelOf(e.Family[0])) })
		}
	}
	if h.flags&hotFamily != 0 && adultWithoutChild(s) && onlyFamiliesWithChildren(e.Family) {
		// A listing reserved to families with children, for an adult whose text mentions no
		// child (« homme 45 ans hébergement Paris »): the search describes one person, and a
		// child would have been said; not an answer.
		f.add(listUnmet, "family", func() string { return "Réservé aux familles avec enfants : aucun enfant mentionné" })
	}
	// A listing whose publics (not « tous publics ») are a condition of access (homeless people who are 60 or older or
	// disabled: Mission Interface) is not opened by the other publics it names (its homeless
	// people): the person must be of one of its condition publics. For a described person who is
	// of none, it is not an answer (see described).
	if wp != nil && h.flags&hotPublics != 0 && !explain {
		if c := h.pubMask & wp.cond; c != 0 && c&wp.wanted == 0 && h.pubMask&wp.all == 0 {
			f.add(listUnmet, "public", nil)
		}
	} else if described(s) && len(conditionsOf(e.Publics)) > 0 && !slices.Contains(e.Publics, "tous-publics") && !slices.ContainsFunc(conditionsOf(e.Publics), func(p string) bool { return slices.Contains(wanted, p) }) {
		f.add(listUnmet, "public", func() string {
			var names []string
			for _, p := range conditionsOf(e.Publics) {
				names = append(names, strings.ToLower(publicNames[p]))
			}
			return "Réservé aux " + strings.Join(names, ", ") + " : la situation décrite n'en relève pas"
		})
	}
	if wp != nil && h.flags&hotPublics != 0 && !explain {
		// the same counts as below, on bits
		n := bits.OnesCount64(h.pubMask & wp.wanted)
		f.Specialised += n
		for range n {
			f.add(listMatched, "public", nil)
		}
		if others := h.pubMask &^ wp.wanted &^ wp.all; others != 0 {
			if n == 0 && h.pubMask&wp.all == 0 && others&^wp.excluded == 0 {
				f.add(listUnmet, "public", nil)
			} else {
				f.add(listUnknown, "public", nil)
			}
		}
	} else {
		for _, p := range wanted {
			if slices.Contains(e.Publics, p) {
				f.Specialised++
				f.add(listMatched, "public", func() string { return "S'adresse aux " + strings.ToLower(publicNames[p]) })
			}
		}
		// A listing made only for publics the person is known not to belong to (families for a
		// single adult, minors for an adult) rules them out.
		ruledOut := f.Specialised == 0 && len(e.Publics) > 0 && !slices.Contains(e.Publics, "tous-publics") &&
			len(excludedPublics(s, e.Publics)) == len(e.Publics)
		if ruledOut {
			f.add(listUnmet, "public", func() string {
				var names []string
				for _, p := range e.Publics {
					names = append(names, strings.ToLower(publicNames[p]))
				}
				return "Réservé : " + strings.Join(names, ", ")
			})
		}
		// The publics the listing is made for that the situation is not known to belong to may
		// restrict it: say so rather than keep silent.
		for _, p := range e.Publics {
			if ruledOut {
				break
			}
			if p != "tous-publics" && !slices.Contains(wanted, p) {
				f.add(listUnknown, "public", func() string {
					var others []string
					for _, p := range e.Publics {
						if p != "tous-publics" && !slices.Contains(wanted, p) {
							others = append(others, strings.ToLower(publicNames[p]))
						}
					}
					return "Public visé : " + strings.Join(others, ", ") + " ; à vérifier"
				})
				break
			}
		}
	}
	if f.generic && slices.Contains(s.Situations, "sans-abri") {
		// the 115 and the SIAO are, by law, where a person without a roof turns in every
		// département (veille sociale, CASF art. L345-2), whatever publics their listing names
		f.add(listMatched, "situation", func() string { return "Point d'entrée de la veille sociale pour les personnes sans abri" })
	}
	if len(s.Types) > 0 {
		// a type asked for: the listings of another type are not answers (when none of that
		// type is known in the place, nothing fits and the ways forward say so)
		switch {
		case slices.ContainsFunc(s.Types, func(t string) bool { return graph.SameKindType(t, e.Type) }):
			f.add(listMatched, "type", func() string { return "Type demandé : " + graph.DispositifTypes.LabelOf(e.Type) })
		case e.Type == "":
			f.add(listUnknown, "type", func() string { return "Type de dispositif non précisé" })
		default:
			f.add(listUnmet, "type", func() string {
				var labels []string
				for _, t := range s.Types {
					labels = append(labels, graph.DispositifTypes.LabelOf(t))
				}
				return "N'est pas du type demandé (" + strings.Join(labels, ", ") + ")"
			})
		}
	}
	answered := false
	for _, n := range s.Needs {
		if h.needs&needBit(n) != 0 {
			answered = true
			f.add(listMatched, "need", func() string { return "Répond à un besoin : " + needLabels[n] })
		}
	}
	if len(s.Needs) > 0 && !answered {
		// A listing whose thématiques answer none of the needs asked is not an answer; one that
		// names no thématique may.
		list := listUnknown
		if h.flags&hotThemes != 0 {
			list = listUnmet
		}
		f.add(list, "need", func() string {
			var labels []string
			for _, n := range s.Needs {
				labels = append(labels, needLabels[n])
			}
			if list == listUnknown {
				return "Besoins auxquels il répond non précisés"
			}
			return "Ne répond pas au besoin : " + strings.Join(labels, ", ")
		})
	}
	return f
}

// accepts reports whether a listing's administrative status accepts the situation's (a switch:
// it runs for every candidate of a search).
func accepts(situationStatus, listingStatus string) bool {
	if listingStatus == "tous" {
		return true
	}
	switch situationStatus {
	case situation.StatusAsylum:
		return listingStatus == "demandeurs-asile" || listingStatus == "demandeurs-asile-et-bpi"
	case situation.StatusRefugee:
		return listingStatus == "bpi" || listingStatus == "demandeurs-asile-et-bpi" || listingStatus == "sejour-regulier"
	case situation.StatusRegular:
		return listingStatus == "sejour-regulier"
	}
	return false // undocumented: "tous" only
}
