package graph_test

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/seed/documents"
	"github.com/maillage/maillage/seed/finess"
	"github.com/maillage/maillage/seed/geo"
	"github.com/maillage/maillage/seed/synthetic"
)

// TestDecodeNodeAsEncodingJSON checks that DecodeNode (encoding/json/v2) reads back what the
// stores write (encoding/json) exactly as encoding/json would: every node of the real seed data,
// of a synthetic dataset, and a dispositif with every field set, escapes and edge values.
func TestDecodeNodeAsEncodingJSON(t *testing.T) {
	g, err := geo.Load()
	if err != nil {
		t.Fatal(err)
	}
	var nodes []graph.Node
	docs, _, err := documents.Load()
	if err != nil {
		t.Fatal(err)
	}
	nodes = append(nodes, docs...)
	fin, _, _, err := finess.Load(g)
	if err != nil {
		t.Fatal(err)
	}
	nodes = append(nodes, fin...)
	size, err := synthetic.ParseSize("tiny")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := synthetic.Generate(synthetic.PlacesFromGeo(g), size, 7, func(b graph.Batch) error {
		nodes = append(nodes, b.Nodes...)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	nodes = append(nodes, fullDispositif())

	kinds := map[graph.Kind]int{}
	for _, n := range nodes {
		data, err := json.Marshal(n)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := graph.NewNode(n.NodeKind())
		if err := json.Unmarshal(data, want); err != nil {
			t.Fatal(err)
		}
		got, err := graph.DecodeNode(n.NodeKind(), data)
		if err != nil {
			t.Fatalf("%s: %v", data, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("decoded differently from encoding/json:\n%s\ngot  %#v\nwant %#v", data, got, want)
		}
		kinds[n.NodeKind()]++
	}
	for _, k := range []graph.Kind{graph.KindOrganisation, graph.KindDispositif, graph.KindInstance} {
		if kinds[k] == 0 {
			t.Errorf("no %s checked: %v", k, kinds)
		}
	}
}

func TestDecodeNodeRejectsCorruptData(t *testing.T) {
	for _, data := range []string{`{"id":`, `[]`, `{"id":1}`} {
		if _, err := graph.DecodeNode(graph.KindDispositif, []byte(data)); err == nil {
			t.Errorf("%s decoded without error", data)
		}
	}
}

func fullDispositif() *graph.Dispositif {
	zero, three := 0, 3
	at := time.Date(2026, 3, 4, 5, 6, 7, 890, time.FixedZone("", 3600))
	return &graph.Dispositif{
		Meta: graph.Meta{ID: "dsp-tout", Version: 12, CreatedAt: at, UpdatedAt: at.Add(time.Hour), ArchivedAt: &at,
			Sources: []graph.Source{{Dataset: "user", Ref: "ligne 3"}}, Synthetic: true},
		Name: "Accueil « L'Étape » \u2028 <b>&</b> \"guillemets\" \\ 🏠", Acronyms: []string{"AE", ""},
		Type: "chrs", Description: "Ligne 1\nLigne 2\t\u0001", Missions: []string{},
		Eligibility: graph.Eligibility{AgeMin: &zero, AgeMax: &zero, AdminStatus: "sans-titre",
			Genders: []string{"femme"}, FamilySituations: []string{"avec-enfants"}, Conditions: "Sur orientation du SIAO"},
		AccessModes: []string{"orientation-siao"}, AccessNotes: "Appeler le 115",
		Contacts:     []graph.Contact{{Kind: "phone", Value: "115", Label: "Urgence"}},
		Address:      &graph.Address{},
		OpeningHours: "24/7", HoursNote: "Fermé le 25 décembre",
		Staff: []graph.StaffLine{}, Languages: []string{"fr", "ar"}, Cost: "gratuit", Status: "temporarily_closed",
		LastVerifiedAt: &at, UpdateFrequencyMonths: &three, StartedOn: "2017-05", FINESS: "930000000",
		Figures: []graph.Figure{{Label: "places", Value: 12.5}},
	}
}

// TestSameKindType: a CHU asked for finds listings filed as hébergement d'urgence (FINESS files
// its CHU so) and the other way round; other types stay apart.
func TestSameKindType(t *testing.T) {
	for _, c := range []struct {
		asked, got string
		want       bool
	}{
		{"chu", "chu", true}, {"chu", "hu", true}, {"hu", "chu", true},
		{"chu", "chrs", false}, {"hu", "hotel", false}, {"cada", "huda", false},
	} {
		if got := graph.SameKindType(c.asked, c.got); got != c.want {
			t.Errorf("SameKindType(%s, %s) = %v", c.asked, c.got, got)
		}
	}
}
