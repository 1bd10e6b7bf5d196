package finess

import (
	"testing"

	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/seed/geo"
	"github.com/maillage/maillage/seed/vocab"
)

func TestLoad(t *testing.T) {
	g, err := geo.Load()
	if err != nil {
		t.Fatal(err)
	}
	nodes, edges, rep, err := Load(g)
	if err != nil {
		t.Fatal(err)
	}
	t.Log(rep)
	if rep.Rows != 1753 || rep.Closed != 912 || rep.Kept+rep.OutOfField != 841 {
		t.Fatalf("report %+v", rep)
	}
	known := map[string]graph.Kind{}
	for _, n := range g.Nodes() {
		known[n.NodeMeta().ID] = graph.KindTerritory
	}
	vn, _ := vocab.Nodes()
	for _, n := range vn {
		known[n.NodeMeta().ID] = n.NodeKind()
	}
	byID := map[string]graph.Node{}
	for _, n := range nodes {
		if err := graph.ValidateStored(n); err != nil {
			t.Fatalf("%s: %v", n.NodeMeta().ID, err)
		}
		byID[n.NodeMeta().ID] = n
		known[n.NodeMeta().ID] = n.NodeKind()
	}
	for _, e := range edges {
		if err := graph.ValidateEdge(e, known[e.From], known[e.To]); err != nil {
			t.Fatalf("edge %s %s→%s: %v", e.Type, e.From, e.To, err)
		}
	}
	// A real row: the CHRS of ORSAC in Ambérieu-en-Bugey.
	d, ok := byID["dsp-finess-010789840"].(*graph.Dispositif)
	if !ok {
		t.Fatal("CHRS ORSAC missing")
	}
	if d.Type != "chrs" || d.Address.PostalCode != "01500" || d.Address.CommuneCode != "01004" || *d.Address.Lat != 45.954981 ||
		len(d.Contacts) != 1 || d.Contacts[0].Value != "0474381539" || d.Eligibility.AgeMin != nil {
		t.Fatalf("CHRS ORSAC: %+v %+v", d, d.Address)
	}
	if o, ok := byID["org-finess-010783009"].(*graph.Organisation); !ok || o.Name != "ORSAC" || o.Type != "association" {
		t.Fatalf("ORSAC organisation: %+v", byID["org-finess-010783009"])
	}
	if rep.DroppedCoordinates > 1 {
		t.Errorf("%d coordinates dropped; the provenance notes one swapped row", rep.DroppedCoordinates)
	}
}
