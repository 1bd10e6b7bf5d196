// Package situation reads a social worker's free text, in French or English ("homme 67 ans
// sans papiers Saint-Denis", "who helps a 65-year-old undocumented person in 93"), into
// structured criteria: age, administrative status, gender, family, situations, needs and place,
// the place resolved against the real geography. It is deterministic (rules, no model), and
// every criterion carries the span of text it was read from, so the app can show what was
// understood and let the user correct it.
package situation

// Span is a byte range of the original text.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Criterion is one thing understood, with where it was read.
type Criterion struct {
	// Kind is age, ageGroup, adminStatus, gender, family, situation, need, type or place.
	Kind string `json:"kind"`
	// Value is a slug (or the age in years, or a territory id).
	Value string `json:"value"`
	// Label says it in French.
	Label string `json:"label"`
	Span  Span   `json:"span"`
	Text  string `json:"text"`
}

// Place is a resolved territory.
type Place struct {
	TerritoryID string `json:"territoryId"`
	Name        string `json:"name"`
	Level       string `json:"level"`
	Departement string `json:"departement,omitempty"`
}

// Ambiguity is a piece of text that names several places; Chosen is the one kept.
type Ambiguity struct {
	Span       Span    `json:"span"`
	Text       string  `json:"text"`
	Candidates []Place `json:"candidates"`
	Chosen     string  `json:"chosen"`
	Reason     string  `json:"reason"`
}

// Situation is what the parser understood.
type Situation struct {
	// Age is an exact age; AgeMin/AgeMax bound it when only a group is known ("personne âgée").
	Age         *int   `json:"age,omitempty"`
	AgeMin      *int   `json:"ageMin,omitempty"`
	AgeMax      *int   `json:"ageMax,omitempty"`
	AdminStatus string `json:"adminStatus,omitempty"`
	// AsylumStage is the stage of an asylum claim when the text says it (StageDublin,
	// StageAppeal, StageRejected); AdminStatus then holds the status it gives.
	AsylumStage string   `json:"asylumStage,omitempty"`
	Gender      string   `json:"gender,omitempty"`
	Family      []string `json:"family,omitempty"`
	Situations  []string `json:"situations,omitempty"`
	Needs       []string `json:"needs,omitempty"`
	// Types are the service types asked for (graph.DispositifTypes slugs: "chrs", "115"…).
	Types []string `json:"types,omitempty"`
	Place *Place   `json:"place,omitempty"`
	// Criteria lists everything understood, in the order of the text.
	Criteria    []Criterion `json:"criteria"`
	Ambiguities []Ambiguity `json:"ambiguities,omitempty"`
	// Read lists every span of the text the parser read, kept as a criterion or not (a second
	// value of a single-valued criterion, a value said twice: "famille avec enfants"): the
	// words outside them are what the search looks for in the listings' text.
	Read []Span `json:"-"`
}
