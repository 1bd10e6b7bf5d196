package resolvers

import (
	"encoding/json"
	"testing"
)

// TestReadable: the values a history shows read in French, with the vocabularies' labels.
func TestReadable(t *testing.T) {
	for _, c := range []struct{ field, raw, want string }{
		{"contacts", `[{"kind":"phone","value":"03 25 32 65 42","label":"Accueil"}]`, "Type : téléphone, numéro ou adresse : 03 25 32 65 42, libellé : Accueil"},
		{"accessModes", `["via-siao-115","sur-rendez-vous"]`, "par le SIAO ou le 115 ; sur rendez-vous"},
		{"eligibility", `{"ageMin":60,"adminStatus":"tous","genders":["femme"]}`, "Âge minimum : 60, situation administrative : toute situation administrative, y compris sans titre de séjour, genre : femmes"},
		{"type", `"siao"`, "service intégré d'accueil et d'orientation (SIAO)"},
		{"capacity", `{"etp":2.5}`, "ETP : 2,5"},
		{"sources", `[{"dataset":"seed-doc:001"}]`, "Origine : document source 001"},
		{"notices", `[{"kind":"closure","from":"2026-12-20"}]`, "Type : fermeture temporaire, du : 2026-12-20"},
		{"name", `null`, ""},
	} {
		got := readable(c.field, json.RawMessage(c.raw))
		if got != c.want {
			t.Errorf("%s %s: %q, want %q", c.field, c.raw, got, c.want)
		}
	}
}
