package resolvers_test

import (
	"strings"
	"testing"
	"time"

	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/graph/clocktest"
	"github.com/maillage/maillage/resolvers"
)

func TestOpenNow(t *testing.T) {
	paris, _ := time.LoadLocation("Europe/Paris")
	clock := clocktest.New(time.Date(2026, 12, 1, 10, 0, 0, 0, paris)) // a Tuesday
	a := newAPIWithClock(t, clock.Clock(), resolvers.Options{})
	const create = `mutation($in: DispositifInput!) { createDispositif(input: $in) { id openNow } }`
	type created struct {
		CreateDispositif struct {
			ID      string
			OpenNow *bool
		}
	}
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
		clock.Set(when)
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

func TestHoursRulesAndNotices(t *testing.T) {
	paris, _ := time.LoadLocation("Europe/Paris")
	clock := clocktest.New(time.Date(2026, 12, 1, 10, 0, 0, 0, paris)) // a Tuesday
	a := newAPIWithClock(t, clock.Clock(), resolvers.Options{})
	const fields = `id version openingHours openNow closedNow hours { osm alwaysOpen rules { days off label spans { opens closes } } } notices { kind from to text } currentNotices { kind text }`
	type listing struct {
		ID, OpeningHours string
		Version          int
		OpenNow          *bool
		ClosedNow        bool
		Hours            struct {
			Osm   string
			Rules []struct {
				Days  []string
				Label string
			}
		}
		Notices        []struct{ Kind, From string }
		CurrentNotices []struct{ Kind, Text string }
	}
	var c struct{ CreateDispositif listing }
	a.ok(true, `mutation($in: DispositifInput!) { createDispositif(input: $in) { `+fields+` } }`, map[string]any{"in": map[string]any{
		"name": "Accueil de jour", "status": "active",
		"hoursRules": []any{
			map[string]any{"days": []string{"mo", "tu", "we", "th", "fr"}, "spans": []any{map[string]any{"opens": "09:00", "closes": "12:00"}, map[string]any{"opens": "14:00", "closes": "17:00"}}},
			map[string]any{"days": []string{"ph"}, "off": true},
		},
		"notices": []any{
			map[string]any{"kind": "closure", "from": "2026-12-24", "to": "2026-12-26"},
			map[string]any{"kind": "message", "from": "2026-11-30", "to": "2026-12-06", "text": "Accueil réduit cette semaine : pas de douches."},
		},
	}}, &c)
	d := c.CreateDispositif
	if d.OpeningHours != "Mo-Fr 09:00-12:00,14:00-17:00; PH off" || d.Hours.Osm != d.OpeningHours || len(d.Hours.Rules) != 2 ||
		d.Hours.Rules[0].Label != "du lundi au vendredi : 9 h – 12 h, 14 h – 17 h" || d.Hours.Rules[1].Days[0] != "ph" {
		t.Fatalf("hours from rules: %+v", d)
	}
	if d.OpenNow == nil || !*d.OpenNow || d.ClosedNow || len(d.Notices) != 2 || len(d.CurrentNotices) != 1 || d.CurrentNotices[0].Kind != "message" {
		t.Fatalf("Tuesday 1 December: %+v", d)
	}
	// During the temporary closure (24–26 December, a Thursday at 10:00), the service is closed.
	clock.Set(time.Date(2026, 12, 24, 10, 0, 0, 0, paris))
	var got struct{ Dispositif listing }
	a.ok(false, `query($id: ID!) { dispositif(id: $id) { `+fields+` } }`, map[string]any{"id": d.ID}, &got)
	if got.Dispositif.OpenNow == nil || *got.Dispositif.OpenNow || !got.Dispositif.ClosedNow || len(got.Dispositif.CurrentNotices) != 1 || got.Dispositif.CurrentNotices[0].Kind != "closure" {
		t.Fatalf("during the closure: %+v", got.Dispositif)
	}
	clock.Set(time.Date(2026, 12, 28, 10, 0, 0, 0, paris)) // the Monday after
	a.ok(false, `query($id: ID!) { dispositif(id: $id) { `+fields+` } }`, map[string]any{"id": d.ID}, &got)
	if got.Dispositif.OpenNow == nil || !*got.Dispositif.OpenNow || got.Dispositif.ClosedNow || len(got.Dispositif.CurrentNotices) != 0 {
		t.Fatalf("after the closure: %+v", got.Dispositif)
	}

	// Bad rules and notices: field messages, nothing written.
	upd := `mutation($v: Int!, $in: DispositifInput!) { updateDispositif(id: "` + d.ID + `", expectedVersion: $v, input: $in) { version } }`
	e := a.fails(true, graph.CodeBadUserInput, upd, map[string]any{"v": 1, "in": map[string]any{"hoursRules": []any{map[string]any{"days": []string{"lu"}}}}})
	if f, _ := e.Extensions["fields"].(map[string]any); f["hoursRules"] == nil {
		t.Fatalf("bad day: %+v", e)
	}
	e = a.fails(true, graph.CodeBadUserInput, upd, map[string]any{"v": 1, "in": map[string]any{"notices": []any{
		map[string]any{"kind": "closure", "from": "2026-12-26", "to": "2026-12-24"}, map[string]any{"kind": "message", "from": "demain"}}}})
	f, _ := e.Extensions["fields"].(map[string]any)
	if f["notices.to"] == nil || f["notices.from"] == nil {
		t.Fatalf("bad notices: %+v", e)
	}
	a.ok(false, `query($id: ID!) { dispositif(id: $id) { `+fields+` } }`, map[string]any{"id": d.ID}, &got)
	if got.Dispositif.Version != 1 {
		t.Fatalf("a refused update was written: version %d", got.Dispositif.Version)
	}
}
