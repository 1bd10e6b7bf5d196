package graph

import (
	"strings"
	"testing"
)

func TestValidSIRET(t *testing.T) {
	for _, tc := range []struct {
		siret string
		ok    bool
	}{
		{"73282932000074", true},    // a real SIRET with a valid Luhn key
		{"73282932000075", false},   // last digit changed
		{"7328293200007", false},    // 13 digits
		{"7328293200007A", false},   // not a digit
		{"35600000000001", true},    // La Poste: sum of digits divisible by 5
		{"35600000000002", false},   // La Poste, wrong sum
		{"732 829 320 00074", true}, // spaces are tolerated
	} {
		if got := ValidSIRET(tc.siret); got != tc.ok {
			t.Errorf("ValidSIRET(%q) = %v, want %v", tc.siret, got, tc.ok)
		}
	}
}

func TestValidPhone(t *testing.T) {
	for _, tc := range []struct {
		phone string
		ok    bool
	}{
		{"03.25.32.65.42", true},
		{"03 25 32 65 42", true},
		{"+33 3 25 32 65 42", true},
		{"115", true},
		{"3919", true},
		{"13 25 32 65 42", false}, // French numbers start with 0
		{"03 25 32 65", false},
		{"+0 3 25", false},
		{"appelez-nous", false},
		{"", false},
	} {
		if got := ValidPhone(tc.phone); got != tc.ok {
			t.Errorf("ValidPhone(%q) = %v, want %v", tc.phone, got, tc.ok)
		}
	}
}

func TestValidEmailAndURL(t *testing.T) {
	if !ValidEmail("contact@example.org") || ValidEmail("Contact <contact@example.org>") || ValidEmail("contact@localhost") || ValidEmail("pas une adresse") {
		t.Error("ValidEmail accepts or rejects the wrong addresses")
	}
	if !ValidURL("https://www.samusocial.paris") || ValidURL("www.samusocial.paris") || ValidURL("ftp://x.org") || ValidURL("https://") {
		t.Error("ValidURL accepts or rejects the wrong URLs")
	}
}

func TestDispositifValidationCollectsFieldErrors(t *testing.T) {
	min, max := 60, 25
	d := &Dispositif{
		Meta:        Meta{ID: "Pas Valide"},
		Status:      "ouvert",
		Eligibility: Eligibility{AgeMin: &min, AgeMax: &max, AdminStatus: "peu-importe"},
		AccessModes: []string{"par-pigeon"},
		Contacts:    []Contact{{Kind: "phone", Value: "12"}, {Kind: "email", Value: "x@"}},
	}
	err := d.Validate()
	if ErrorCode(err) != CodeBadUserInput {
		t.Fatalf("code = %v, want BAD_USER_INPUT (%v)", ErrorCode(err), err)
	}
	e := err.(*Error)
	for _, field := range []string{"id", "name", "status", "eligibility.ageMax", "eligibility.adminStatus", "accessModes", "contacts[0]", "contacts[1]"} {
		if e.Fields[field] == "" {
			t.Errorf("no message for field %s; fields: %v", field, e.Fields)
		}
	}
	if !strings.Contains(e.Fields["eligibility.ageMax"], "inférieur à l'âge minimum") {
		t.Errorf("age message not explicit: %q", e.Fields["eligibility.ageMax"])
	}

	ok := &Dispositif{Name: "Mission Interface", Status: "active", Eligibility: Eligibility{AgeMin: &min}}
	if err := ok.Validate(); err != nil {
		t.Fatalf("valid dispositif rejected: %v", err)
	}
}

func TestRelationAllows(t *testing.T) {
	if !Operates.Allows(KindOrganisation, KindDispositif) || Operates.Allows(KindDispositif, KindOrganisation) {
		t.Error("OPERATES ends")
	}
	if !PartOf.Allows(KindTerritory, KindTerritory) || PartOf.Allows(KindTerritory, KindThematique) {
		t.Error("PART_OF must join two nodes of the same kind")
	}
	if err := ValidateEdge(Edge{Type: Serves, From: "dsp-a", To: "org-b"}, KindDispositif, KindOrganisation); ErrorCode(err) != CodeBadUserInput {
		t.Errorf("SERVES to an organisation accepted: %v", err)
	}
	if err := ValidateEdge(Edge{Type: "LIKES", From: "a", To: "b"}, KindDispositif, KindDispositif); ErrorCode(err) != CodeBadUserInput {
		t.Errorf("unknown relation accepted: %v", err)
	}
}

func TestSlugifyAndIDs(t *testing.T) {
	if got := Slugify("Hébergement d'urgence — Saint-Denis (93)"); got != "hebergement-d-urgence-saint-denis-93" {
		t.Errorf("Slugify = %q", got)
	}
	id := NewID(KindDispositif, "Équipe mobile précarité")
	if !strings.HasPrefix(id, "dsp-equipe-mobile-precarite-") || !ValidID(id) {
		t.Errorf("NewID = %q", id)
	}
	if NewID(KindDispositif, "x") == NewID(KindDispositif, "x") {
		t.Error("NewID is not unique")
	}
	if TerritoryID(LevelDepartement, "2A") != "dep-2a" || TerritoryID(LevelCommune, "93066") != "com-93066" || TerritoryID(LevelSector, "Paris Nord") != "sec-paris-nord" {
		t.Error("TerritoryID")
	}
}

// TestFoldIsSafeConcurrently runs Fold from many goroutines (run under -race to see a data race).
func TestFoldIsSafeConcurrently(t *testing.T) {
	done := make(chan bool)
	for range 8 {
		go func() {
			for range 2000 {
				if got := Fold("Hébergement d'Urgence à Saint-Étienne"); got != "hebergement d'urgence a saint-etienne" {
					t.Errorf("Fold = %q", got)
				}
			}
			done <- true
		}()
	}
	for range 8 {
		<-done
	}
}

func TestRelationLabels(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range RelationTypes {
		l := r.Label()
		if l == string(r) || seen[l] {
			t.Errorf("%s: label %q missing or shared", r, l)
		}
		seen[l] = true
	}
}

func TestContaining(t *testing.T) {
	edges := []Edge{
		{Type: PartOf, From: "com-51144", To: "dep-51"},
		{Type: PartOf, From: "com-51144", To: "epci-200068666"},
		{Type: PartOf, From: "epci-200068666", To: "dep-51"},
		{Type: PartOf, From: "epci-200068666", To: "dep-52"},
		{Type: PartOf, From: "epci-200068559", To: "dep-88"},
		{Type: Covers, From: "dsp-x", To: "dep-52"},
	}
	got := Containing(edges)
	if len(got) != 4 || got[0].To != "dep-51" || got[1].To != "epci-200068666" || got[2].To != "dep-88" || got[3].Type != Covers {
		t.Fatalf("containing edges: %+v", got)
	}
	if !Grouping("epci-200068666") || !Grouping("ept-200057966") || Grouping("dep-52") || Grouping("com-52121") {
		t.Fatal("groupings")
	}
}
