package resolvers_test

import (
	"context"
	"testing"

	"github.com/maillage/maillage/graph/teststore"
	"github.com/maillage/maillage/seed"
)

// TestAccessLeadsSomewhere: the access path says whether a contact is known on the way to a
// dispositif (its own, its operators', those of the actors of its steps) and, when none is,
// names the SIAO and the 115 of its département.
func TestAccessLeadsSomewhere(t *testing.T) {
	ctx := context.Background()
	s := teststore.Open(t)
	if _, err := seed.Real(ctx, s, seed.Options{}); err != nil {
		t.Fatal(err)
	}
	a := newAPIWithSearch(t, &api{store: &countingStore{Store: s}}, searchService(t, s))

	type dispositif struct{ ID string }
	var ap struct {
		AccessPath struct {
			ContactsKnown bool
			Fallback      *struct {
				Departement *struct{ ID string }
				Siao        []dispositif
				Urgence     []dispositif
				Number115   string
			}
		}
	}
	const q = `query($id: ID!) { accessPath(dispositif: $id) { contactsKnown fallback { departement { id } siao { id } urgence { id } number115 } } }`

	// the SIAO of the Haute-Marne has its phone: no fallback
	a.ok(false, q, map[string]any{"id": "dsp-siao-52"}, &ap)
	if !ap.AccessPath.ContactsKnown || ap.AccessPath.Fallback != nil {
		t.Errorf("SIAO 52, whose phone is known: %+v", ap.AccessPath)
	}

	// Mission Interface: no contact known for it, its operator or who orients to it; its
	// département's SIAO and 115 are named, and the 115 is given anyway
	a.ok(false, q, map[string]any{"id": "dsp-mission-interface-personnes-agees"}, &ap)
	fb := ap.AccessPath.Fallback
	if ap.AccessPath.ContactsKnown || fb == nil {
		t.Fatalf("Mission Interface, no contact on the way: %+v", ap.AccessPath)
	}
	if fb.Departement == nil || fb.Number115 != "115" {
		t.Fatalf("Mission Interface's fallback: %+v", fb)
	}
	t.Logf("Mission Interface: fallback in %s: %+v", fb.Departement.ID, fb)
	ids := map[string]bool{}
	for _, d := range append(fb.Siao, fb.Urgence...) {
		ids[d.ID] = true
	}
	// the SIAO listings of the documents, by département
	siao := map[string]string{"dep-75": "dsp-siao-paris", "dep-93": "dsp-interlogement-93"}[fb.Departement.ID]
	if siao == "" || !ids[siao] {
		t.Errorf("the SIAO of %s is not named: %+v", fb.Departement.ID, fb)
	}
	if len(ids) == 0 {
		t.Errorf("no SIAO nor 115 named for %s: %+v", fb.Departement.ID, fb)
	}
}
