package resolvers

import (
	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/graph/hours"
	"github.com/maillage/maillage/resolvers/generated"
)

// The apply* functions copy an input onto a node: a nil field keeps the node's value, a
// non-nil one replaces it (an empty string or list clears it). On create the node is new, so
// "keep" means "leave empty".

func setString(dst *string, src *string) {
	if src != nil {
		*dst = *src
	}
}

func setList[T any](dst *[]T, src []T) {
	if src != nil {
		*dst = src
	}
}

// values turns gqlgen's []*T into []T, keeping nil (keep) distinct from empty (clear).
func values[T any](src []*T) []T {
	if src == nil {
		return nil
	}
	out := make([]T, 0, len(src))
	for _, p := range src {
		if p != nil {
			out = append(out, *p)
		}
	}
	return out
}

func sources(src []*graph.Source) []graph.Source {
	s := values(src)
	for i := range s {
		if s[i].Dataset == "" {
			s[i].Dataset = "user"
		}
	}
	return s
}

func applyOrganisation(o *graph.Organisation, in generated.OrganisationInput) {
	setString(&o.Name, in.Name)
	setList(&o.Acronyms, in.Acronyms)
	setString(&o.Type, in.Type)
	setString(&o.Description, in.Description)
	setString(&o.SIRET, in.Siret)
	setString(&o.FINESS, in.Finess)
	if in.Address != nil {
		o.Address = in.Address
	}
	setList(&o.Contacts, values(in.Contacts))
	setList(&o.Figures, values(in.Figures))
	setList(&o.Sources, sources(in.Sources))
}

func applyDispositif(d *graph.Dispositif, in generated.DispositifInput) {
	setString(&d.Name, in.Name)
	setList(&d.Acronyms, in.Acronyms)
	setString(&d.Type, in.Type)
	setString(&d.Description, in.Description)
	setList(&d.Missions, in.Missions)
	if in.Eligibility != nil {
		d.Eligibility = *in.Eligibility
	}
	setList(&d.AccessModes, in.AccessModes)
	setString(&d.AccessNotes, in.AccessNotes)
	setList(&d.Contacts, values(in.Contacts))
	if in.Address != nil {
		d.Address = in.Address
	}
	setString(&d.OpeningHours, in.OpeningHours)
	setString(&d.HoursNote, in.HoursNote)
	if in.Notices != nil {
		d.Notices = values(in.Notices)
	}
	if in.Capacity != nil {
		d.Capacity = *in.Capacity
	}
	setList(&d.Staff, values(in.Staff))
	setList(&d.Languages, in.Languages)
	setString(&d.Cost, in.Cost)
	setString(&d.Status, in.Status)
	if in.LastVerifiedAt != nil {
		t := in.LastVerifiedAt.UTC()
		d.LastVerifiedAt = &t
	}
	if in.UpdateFrequencyMonths != nil {
		d.UpdateFrequencyMonths = in.UpdateFrequencyMonths
	}
	setString(&d.StartedOn, in.StartedOn)
	setString(&d.FINESS, in.Finess)
	setList(&d.Figures, values(in.Figures))
	setList(&d.Sources, sources(in.Sources))
}

func edgeFromInput(in generated.LinkInput) graph.Edge {
	e := graph.Edge{Type: graph.RelationType(in.Type), From: in.From, To: in.To, Amount: in.Amount, Year: in.Year}
	setString(&e.Since, in.Since)
	setString(&e.Role, in.Role)
	setString(&e.Conditions, in.Conditions)
	if in.Source != nil {
		s := *in.Source
		if s.Dataset == "" {
			s.Dataset = "user"
		}
		e.Source = &s
	}
	return e
}

// intOr is an optional argument's value, or def when it is absent.
func intOr(v *int, def int) int {
	if v == nil {
		return def
	}
	return *v
}

// hoursFromRules writes the weekly rules of a form as openingHours, which then replaces any
// openingHours text given with them.
func hoursFromRules(in *generated.DispositifInput) error {
	if in.HoursRules == nil {
		return nil
	}
	if len(in.HoursRules) == 0 {
		empty := ""
		in.OpeningHours = &empty
		return nil
	}
	rules := make([]hours.RuleInput, len(in.HoursRules))
	for i, r := range in.HoursRules {
		rules[i] = hours.RuleInput{Days: r.Days, Off: r.Off != nil && *r.Off}
		for _, sp := range r.Spans {
			rules[i].Spans = append(rules[i].Spans, [2]string{sp.Opens, sp.Closes})
		}
	}
	sch, err := hours.FromRules(rules)
	if err != nil {
		var v graph.ValidationErrors
		v.Add("hoursRules", err.Error())
		return v.Err()
	}
	osm := sch.String()
	in.OpeningHours = &osm
	return nil
}
