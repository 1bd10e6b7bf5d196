package graph

import (
	"errors"
	"strings"
	"testing"
)

// TestTextFieldsRefuseControlCharacters: every text field, of every kind of node and of
// relations, refuses control characters (line breaks and tabs but in the fields made for
// several lines) and invalid UTF-8, and every list is capped.
func TestTextFieldsRefuseControlCharacters(t *testing.T) {
	contacts := make([]Contact, 101)
	for i := range contacts {
		contacts[i] = Contact{Kind: "phone", Value: "115"}
	}
	for _, c := range []struct {
		name  string
		valid func() error
		field string
	}{
		{"NUL in a name", func() error { return (&Organisation{Name: "CAF\x00"}).Validate() }, "name"},
		{"escape in a contact's label", func() error {
			return (&Dispositif{Name: "115", Status: "active", Contacts: []Contact{{Kind: "phone", Value: "115", Label: "\x1b[31mrouge"}}}).Validate()
		}, "contacts[0].label"},
		{"line break in an acronym", func() error {
			return (&Dispositif{Name: "SIAO", Status: "active", Acronyms: []string{"SI\nAO"}}).Validate()
		}, "acronyms[0]"},
		{"invalid UTF-8 in a street", func() error {
			return (&Organisation{Name: "CAF", Address: &Address{Street: "rue \xff"}}).Validate()
		}, "address.street"},
		{"C1 control in a source quote", func() error {
			return (&Public{Meta: Meta{Sources: []Source{{Dataset: "user", Quote: "x\u0085y"}}}, Name: "Séniors"}).Validate()
		}, "sources[0].quote"},
		{"NUL in a territory name", func() error { return (&Territory{Name: "Paris\x00", Level: LevelCommune, Code: "75056"}).Validate() }, "name"},
		{"NUL in a notice", func() error {
			return (&Dispositif{Name: "115", Status: "active", Notices: []Notice{{Kind: "message", From: "2026-01-01", Text: "fermé\x00"}}}).Validate()
		}, "notices[0].text"},
		{"101 contacts", func() error { return (&Dispositif{Name: "115", Status: "active", Contacts: contacts}).Validate() }, "contacts"},
		{"a one-line field of 1001 characters", func() error {
			return (&Instance{Name: "CSP", Meetings: nil, Acronyms: []string{strings.Repeat("a", 1001)}}).Validate()
		}, "acronyms[0]"},
		{"NUL in a relation's conditions", func() error {
			return ValidateEdge(Edge{Type: RefersTo, From: "a", To: "b", Conditions: "sur orientation\x00"}, KindDispositif, KindDispositif)
		}, "conditions"},
	} {
		var e *Error
		if err := c.valid(); !errors.As(err, &e) || e.Code != CodeBadUserInput || e.Fields[c.field] == "" {
			t.Errorf("%s: %v, want a BAD_USER_INPUT on %s", c.name, err, c.field)
		}
	}
	// what a listing legitimately holds passes
	d := &Dispositif{Name: "Maraude « Interface »", Status: "active", Description: "Première ligne.\n\n\tDeuxième, après une tabulation.",
		Missions: []string{"Aller vers\nles personnes"}, Eligibility: Eligibility{Conditions: "60 ans et plus\r\nou handicap"},
		Acronyms: []string{"MI"}, Contacts: contacts[:50]}
	if err := d.Validate(); err != nil {
		t.Fatalf("a valid listing: %v", err)
	}
}
