package search

import (
	"fmt"
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

// listing is what eligibility needs of a dispositif besides its own fields.
type listing struct {
	d           *graph.Dispositif
	covers      []string
	publics     []string
	thematiques []string
}

// area is the place of the situation: its id, name, the territories containing it and the
// territories inside it that listings may name (sectors of a city).
type area struct {
	id, name  string
	ancestors map[string]string // id → name, the place included
	inside    map[string]string
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
	if slices.Contains(s.Family, "famille-avec-enfants") {
		out = append(out, "familles")
	}
	if s.Gender == "femme" {
		out = append(out, "femmes")
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

// evaluate checks a listing against a situation; it never presents an unknown as met.
func evaluate(l listing, s situation.Situation, place *area, publicNames map[string]string) Fit {
	var f Fit
	d := l.d
	add := func(list *[]Reason, crit, format string, args ...any) {
		*list = append(*list, Reason{crit, fmt.Sprintf(format, args...)})
	}
	switch d.Status {
	case "temporarily_closed":
		add(&f.Unmet, "status", "Fermé temporairement")
	case "closed":
		add(&f.Unmet, "status", "Fermé définitivement")
	}
	if place != nil {
		covered := ""
		for _, c := range l.covers {
			if name, ok := place.ancestors[c]; ok {
				covered = name
				break
			}
		}
		var parts []string
		for _, c := range l.covers {
			if name, ok := place.inside[c]; ok {
				parts = append(parts, name)
			}
		}
		switch {
		case covered != "":
			add(&f.Matched, "place", "Couvre %s", covered)
		case len(parts) > 0:
			add(&f.Unknown, "place", "Couvre une partie de %s (%s) : vérifier le secteur", place.name, strings.Join(parts, ", "))
		default:
			add(&f.Unmet, "place", "Ne couvre pas %s", place.name)
		}
	}
	e := d.Eligibility
	ageText := func() string {
		switch {
		case e.AgeMin != nil && e.AgeMax != nil:
			return fmt.Sprintf("de %d à %d ans", *e.AgeMin, *e.AgeMax)
		case e.AgeMin != nil:
			return fmt.Sprintf("%d ans et plus", *e.AgeMin)
		default:
			return fmt.Sprintf("jusqu'à %d ans", *e.AgeMax)
		}
	}
	lo, hi := s.AgeMin, s.AgeMax
	if s.Age != nil {
		lo, hi = s.Age, s.Age
	}
	if lo != nil || hi != nil {
		switch {
		case e.AgeMin == nil && e.AgeMax == nil:
			add(&f.Unknown, "age", "Âge accueilli non précisé")
		case (hi != nil && e.AgeMin != nil && *hi < *e.AgeMin) || (lo != nil && e.AgeMax != nil && *lo > *e.AgeMax):
			add(&f.Unmet, "age", "Accueille les personnes %s", ageText())
		case (e.AgeMin == nil || lo != nil && *lo >= *e.AgeMin) && (e.AgeMax == nil || hi != nil && *hi <= *e.AgeMax):
			add(&f.Matched, "age", "Accueille les personnes %s", ageText())
		default:
			add(&f.Unknown, "age", "Accueille les personnes %s : à vérifier selon l'âge exact", ageText())
		}
	}
	if s.AdminStatus != "" {
		accepted := map[string]map[string]bool{
			situation.StatusUndocumented: {"tous": true},
			situation.StatusAsylum:       {"tous": true, "demandeurs-asile": true, "demandeurs-asile-et-bpi": true},
			situation.StatusRefugee:      {"tous": true, "bpi": true, "demandeurs-asile-et-bpi": true, "sejour-regulier": true},
			situation.StatusRegular:      {"tous": true, "sejour-regulier": true},
		}[s.AdminStatus]
		switch {
		case e.AdminStatus == "":
			add(&f.Unknown, "adminStatus", "Situation administrative exigée non précisée")
		case accepted[e.AdminStatus]:
			add(&f.Matched, "adminStatus", "%s", graph.AdminStatuses.LabelOf(e.AdminStatus))
		case s.AdminStatus == situation.StatusAsylum && e.AdminStatus == "sejour-regulier":
			add(&f.Unknown, "adminStatus", "Séjour régulier exigé : à vérifier pour une demande d'asile en cours")
		default:
			add(&f.Unmet, "adminStatus", "Réservé : %s", graph.AdminStatuses.LabelOf(e.AdminStatus))
		}
	}
	if s.Gender != "" && len(e.Genders) > 0 {
		if slices.Contains(e.Genders, s.Gender) {
			add(&f.Matched, "gender", "Accueille : %s", strings.ToLower(graph.Genders.LabelOf(s.Gender)))
		} else {
			add(&f.Unmet, "gender", "Réservé : %s", strings.ToLower(graph.Genders.LabelOf(e.Genders[0])))
		}
	}
	if len(s.Family) > 0 && len(e.FamilySituations) > 0 {
		ok := false
		for _, fam := range s.Family {
			ok = ok || slices.Contains(e.FamilySituations, fam)
		}
		if ok {
			add(&f.Matched, "family", "Situation familiale accueillie")
		} else {
			add(&f.Unmet, "family", "Réservé : %s", strings.ToLower(graph.FamilySituations.LabelOf(e.FamilySituations[0])))
		}
	}
	wanted := publicsOf(s)
	for _, p := range wanted {
		if slices.Contains(l.publics, p) {
			f.Specialised++
			add(&f.Matched, "public", "S'adresse aux %s", strings.ToLower(publicNames[p]))
		}
	}
	// The publics the listing is made for that the situation is not known to belong to may
	// restrict it: say so rather than keep silent.
	var others []string
	for _, p := range l.publics {
		if p != "tous-publics" && !slices.Contains(wanted, p) {
			others = append(others, strings.ToLower(publicNames[p]))
		}
	}
	if len(others) > 0 {
		add(&f.Unknown, "public", "Public visé : %s ; à vérifier", strings.Join(others, ", "))
	}
	for _, n := range s.Needs {
		if answersNeed(l.thematiques, n) {
			add(&f.Matched, "need", "Répond à un besoin : %s", needLabels[n])
		}
	}
	return f
}
