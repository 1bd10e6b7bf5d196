package resolvers_test

import (
	"strings"
	"testing"
	"time"

	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/resolvers"
)

func TestOpenNow(t *testing.T) {
	var clock time.Time
	a := newAPI(t, resolvers.Options{Now: func() time.Time { return clock }})
	paris, _ := time.LoadLocation("Europe/Paris")
	const create = `mutation($in: DispositifInput!) { createDispositif(input: $in) { id openNow } }`
	type created struct {
		CreateDispositif struct {
			ID      string
			OpenNow *bool
		}
	}
	clock = time.Date(2026, 12, 1, 10, 0, 0, 0, paris) // a Tuesday
	var office, closed, unknown created
	a.ok(true, create, map[string]any{"in": map[string]any{"name": "Permanence sociale", "status": "active", "openingHours": "Mo-Fr 08:30-17:00; PH off"}}, &office)
	a.ok(true, create, map[string]any{"in": map[string]any{"name": "Accueil fermé pour travaux", "status": "temporarily_closed", "openingHours": "24/7"}}, &closed)
	a.ok(true, create, map[string]any{"in": map[string]any{"name": "Horaires inconnus", "status": "active"}}, &unknown)
	if o := office.CreateDispositif.OpenNow; o == nil || !*o {
		t.Fatalf("office hours on a Tuesday at 10:00: %v, want open", o)
	}
	if o := closed.CreateDispositif.OpenNow; o == nil || *o {
		t.Fatalf("temporarily closed: %v, want false", o)
	}
	if o := unknown.CreateDispositif.OpenNow; o != nil {
		t.Fatalf("no hours: %v, want null", *o)
	}
	var got struct{ Dispositif struct{ OpenNow *bool } }
	for when, want := range map[time.Time]bool{
		time.Date(2026, 12, 5, 10, 0, 0, 0, paris):  false, // Saturday
		time.Date(2026, 12, 25, 10, 0, 0, 0, paris): false, // Christmas, PH off
		time.Date(2026, 12, 1, 16, 59, 0, 0, paris): true,
		time.Date(2026, 12, 1, 17, 0, 0, 0, paris):  false,
	} {
		clock = when
		a.ok(false, `query($id: ID!) { dispositif(id: $id) { openNow } }`, map[string]any{"id": office.CreateDispositif.ID}, &got)
		if got.Dispositif.OpenNow == nil || *got.Dispositif.OpenNow != want {
			t.Errorf("at %s: %v, want %v", when, got.Dispositif.OpenNow, want)
		}
	}

	// Hours that cannot be read are refused, with the field and a French message, and nothing
	// is written.
	e := a.fails(true, graph.CodeBadUserInput, create, map[string]any{"in": map[string]any{"name": "Mauvais horaires", "status": "active", "openingHours": "Lu-Ve 9h-17h"}})
	fields, _ := e.Extensions["fields"].(map[string]any)
	msg, _ := fields["openingHours"].(string)
	if !strings.Contains(msg, "jour inconnu « Lu »") {
		t.Fatalf("field message for openingHours: %+v", e)
	}
	var list struct{ Dispositifs struct{ TotalCount int } }
	a.ok(false, `{ dispositifs(filter: {text: "Mauvais horaires"}) { totalCount } }`, nil, &list)
	if list.Dispositifs.TotalCount != 0 {
		t.Fatal("a refused listing was written")
	}
}
