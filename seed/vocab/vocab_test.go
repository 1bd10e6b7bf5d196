package vocab

import (
	"testing"

	"github.com/maillage/maillage/graph"
)

func TestNodesAndEdges(t *testing.T) {
	nodes, err := Nodes()
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[graph.Kind]int{}
	ids := map[string]graph.Kind{}
	for _, n := range nodes {
		if err := graph.ValidateStored(n); err != nil {
			t.Fatalf("%s: %v", n.NodeMeta().ID, err)
		}
		if _, dup := ids[n.NodeMeta().ID]; dup {
			t.Fatalf("duplicate id %s", n.NodeMeta().ID)
		}
		ids[n.NodeMeta().ID] = n.NodeKind()
		kinds[n.NodeKind()]++
	}
	if kinds[graph.KindPublic] != 14+len(MaillagePublics) || kinds[graph.KindThematique] != 16+69 {
		t.Fatalf("counts %v", kinds)
	}
	edges, err := Edges()
	if err != nil {
		t.Fatal(err)
	}
	if len(edges) != 69 {
		t.Fatalf("%d PART_OF edges, want 69", len(edges))
	}
	for _, e := range edges {
		if ids[e.From] != graph.KindThematique || ids[e.To] != graph.KindThematique {
			t.Fatalf("edge %s→%s does not join two thematiques", e.From, e.To)
		}
	}
	if ids["sante--sante-mentale"] != graph.KindThematique || ids["personnes-agees"] != graph.KindPublic || ids["seniors"] != graph.KindPublic {
		t.Fatal("expected ids missing")
	}
}

func TestFINESSMapping(t *testing.T) {
	for code, want := range map[string]string{"214": "chrs", "443": "cada", "180": "lhss", "608": "emmsp", "258": "pension-de-famille"} {
		if got, ok := FINESSCategoryType(code); !ok || got != want {
			t.Errorf("FINESS %s → %q, want %q", code, got, want)
		}
	}
	if _, ok := FINESSCategoryType("500"); ok {
		t.Error("EHPAD (500) is outside the directory's field")
	}
	for code := range finessTypes {
		if typ, _ := FINESSCategoryType(code); !graph.DispositifTypes.Has(typ) {
			t.Errorf("FINESS %s maps to unknown type %q", code, typ)
		}
	}
	for code, typ := range finessOrgTypes {
		if !graph.OrganisationTypes.Has(typ) {
			t.Errorf("statut %s maps to unknown type %q", code, typ)
		}
	}
	if FINESSLegalStatusType("61") != "association" || FINESSLegalStatusType("99") != "autre" {
		t.Error("legal status mapping")
	}
}
