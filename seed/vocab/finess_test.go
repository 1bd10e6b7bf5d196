package vocab

import (
	"testing"

	"github.com/maillage/maillage/graph"
)

func TestFINESSCategoryType(t *testing.T) {
	for code, want := range map[string]string{
		"214": "chrs", "219": "hu", "443": "cada", "442": "cph", "180": "lhss", "213": "lam", "165": "act",
		"197": "csapa", "178": "caarud", "608": "emmsp", "258": "pension-de-famille", "259": "residence-sociale",
		"156": "cmp", "411": "protection-enfance",
	} {
		if got, ok := FINESSCategoryType(code); !ok || got != want {
			t.Errorf("FINESS %s → %q, want %q", code, got, want)
		}
	}
	for _, code := range []string{"500", "355", "354", "300", "183", "620", "", "999"} {
		if typ, ok := FINESSCategoryType(code); ok {
			t.Errorf("FINESS %s (%s) is outside the directory's field, got %q", code, FINESSCategoryLabel(code), typ)
		}
	}
	cats, err := finessCategories()
	if err != nil {
		t.Fatal(err)
	}
	if len(cats) != 312 {
		t.Fatalf("%d categories, want 312", len(cats))
	}
	for _, code := range FINESSCategoryCodes() {
		typ, _ := FINESSCategoryType(code)
		if !graph.DispositifTypes.Has(typ) {
			t.Errorf("FINESS %s maps to unknown type %q", code, typ)
		}
		if c, ok := cats[code]; !ok || c.ended != "" {
			t.Errorf("FINESS %s is not an open category of the nomenclature (%+v)", code, c)
		}
	}
	if got := FINESSCategoryLabel("214"); got != "Centre Hébergement & Réinsertion Sociale (C.H.R.S.)" {
		t.Errorf("label of 214: %q", got)
	}
	if FINESSCategoryLabel("999") != "" {
		t.Error("unknown category has a label")
	}
}

func TestFINESSLegalStatusType(t *testing.T) {
	for code, want := range map[string]string{
		"01": "etat", "02": "collectivite", "03": "collectivite", "17": "ccas", "08": "ccas", "13": "etablissement-sante",
		"24": "bailleur-social", "28": "gip", "40": "organisme-securite-sociale", "60": "association", "61": "association",
		"62": "association", "63": "fondation", "73": "entreprise", "95": "entreprise", "91": "entreprise",
		"19": "autre", "47": "autre", "42": "autre", "70": "autre", "99": "autre", "": "autre",
	} {
		if got := FINESSLegalStatusType(code); got != want {
			t.Errorf("statut %s (%s) → %q, want %q", code, FINESSLegalStatusLabel(code), got, want)
		}
	}
	st, err := finessStatuses()
	if err != nil {
		t.Fatal(err)
	}
	if len(st) != 69 {
		t.Fatalf("%d legal statuses, want 69", len(st))
	}
	for code := range st {
		if typ := FINESSLegalStatusType(code); !graph.OrganisationTypes.Has(typ) {
			t.Errorf("statut %s maps to unknown type %q", code, typ)
		}
	}
	if got := FINESSLegalStatusLabel("61"); got != "Association Loi 1901 Reconnue d'Utilité Publique" {
		t.Errorf("label of 61: %q", got)
	}
}
