package situation

import (
	"strconv"

	"github.com/maillage/maillage/graph"
)

// labelOf finds the French label of a criterion value in the rules.
func labelOf(kind, value string) string {
	for _, r := range rules {
		if r.kind == kind && r.value == value {
			return r.label
		}
	}
	return value
}

// Describe fills Criteria from the fields when the situation was given as structured criteria
// rather than read from text (those criteria have no span: Text is empty).
func (s *Situation) Describe() {
	if len(s.Criteria) > 0 {
		return
	}
	add := func(kind, value, label string) {
		s.Criteria = append(s.Criteria, Criterion{Kind: kind, Value: value, Label: label})
	}
	if s.Gender != "" {
		add("gender", s.Gender, labelOf("gender", s.Gender))
	}
	switch {
	case s.Age != nil:
		add("age", strconv.Itoa(*s.Age), strconv.Itoa(*s.Age)+" ans")
	case s.AgeMin != nil && *s.AgeMin >= 60:
		add("ageGroup", "personne-agee", labelOf("ageGroup", "personne-agee"))
	case s.AgeMax != nil && *s.AgeMax < 18:
		add("ageGroup", "mineur", labelOf("ageGroup", "mineur"))
	case s.AgeMin != nil || s.AgeMax != nil:
		add("ageGroup", "jeune", labelOf("ageGroup", "jeune"))
	}
	switch {
	case s.AsylumStage != "":
		add("adminStatus", s.AsylumStage, stages[s.AsylumStage].label)
	case s.AdminStatus != "":
		add("adminStatus", s.AdminStatus, labelOf("adminStatus", s.AdminStatus))
	}
	for _, v := range s.Family {
		add("family", v, labelOf("family", v))
	}
	for _, v := range s.Situations {
		add("situation", v, labelOf("situation", v))
	}
	for _, v := range s.Needs {
		add("need", v, labelOf("need", v))
	}
	for _, v := range s.Types {
		add("type", v, graph.DispositifTypes.LabelOf(v))
	}
	if s.Place != nil {
		add("place", s.Place.TerritoryID, s.Place.Name)
	}
}
