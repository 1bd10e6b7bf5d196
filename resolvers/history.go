package resolvers

import (
	"context"
	"fmt"
	"github.com/maillage/maillage/auth"
	"slices"
	"strconv"
	"time"

	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/resolvers/generated"
)

// opLabels say each write in French.
var opLabels = map[graph.Op]string{
	graph.OpCreate:  "création",
	graph.OpUpdate:  "modification",
	graph.OpArchive: "archivage",
	graph.OpRestore: "restauration",
	graph.OpLink:    "relation ajoutée",
	graph.OpUnlink:  "relation retirée",
	// A node written by a bulk load: the seed of the reference data, an import, a migration.
	graph.OpBulkLoad: "chargement (données de référence ou import)",
}

// fieldLabels name in French the fields a history shows; others keep their JSON name.
var fieldLabels = map[string]string{
	"name": "nom", "acronyms": "sigles", "type": "type", "description": "description", "missions": "missions",
	"eligibility": "conditions d'accès", "accessModes": "modes d'accès", "accessNotes": "précisions sur l'accès",
	"contacts": "contacts", "address": "adresse", "openingHours": "horaires", "hoursNote": "précisions sur les horaires",
	"capacity": "capacité", "staff": "équipe", "languages": "langues", "cost": "tarif", "status": "statut",
	"lastVerifiedAt": "dernière vérification", "updateFrequencyMonths": "fréquence de vérification",
	"startedOn": "date de début", "finess": "FINESS", "siret": "SIRET", "figures": "chiffres", "sources": "sources",
	"archivedAt": "archivage", "meetings": "réunions",
}

func fieldLabel(f string) string {
	if l, ok := fieldLabels[f]; ok {
		return l
	}
	return f
}

func (r *Resolver) history(ctx context.Context, id string) ([]*graph.Revision, error) {
	if err := r.authorize(ctx, auth.OpReadDrafts, auth.Listing(id)); err != nil {
		return nil, err
	}
	revs, err := r.Store.History(ctx, id)
	if err != nil {
		return nil, err
	}
	out := make([]*graph.Revision, 0, len(revs)+1)
	if load, err := r.loadRevision(ctx, id, revs); err != nil {
		return nil, err
	} else if load != nil {
		out = append(out, load)
	}
	for i := range revs {
		out = append(out, &revs[i])
	}
	return out, nil
}

// loadRevision is the first entry of the history of a node written by a bulk load (seed,
// import, migration), which records no revision: its creation, with the content it was loaded
// with (the Before of its first recorded write, or its current content when it has none).
func (r *Resolver) loadRevision(ctx context.Context, id string, revs []graph.Revision) (*graph.Revision, error) {
	for _, rev := range revs {
		if rev.Op == graph.OpCreate {
			return nil, nil
		}
	}
	n, err := r.Store.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	loaded := n
	for _, rev := range revs {
		if rev.Before != nil {
			if loaded, err = graph.DecodeNode(rev.Kind, rev.Before); err != nil {
				return nil, graph.Internal(err)
			}
			break
		}
	}
	m := loaded.NodeMeta()
	rev, err := graph.NodeRevision(ctx, graph.OpBulkLoad, nil, loaded)
	if err != nil {
		return nil, graph.Internal(err)
	}
	rev.At, rev.Actor, rev.Version = m.CreatedAt, "", m.Version
	return &rev, nil
}

// revert writes back the content a node had at version v, as a new version.
func (r *Resolver) revert(ctx context.Context, id string, v, expectedVersion int) (graph.Node, error) {
	ev, err := version(expectedVersion)
	if err != nil {
		return nil, err
	}
	if err := r.authorize(ctx, auth.OpUpdate, auth.Listing(id)); err != nil {
		return nil, err
	}
	revs, err := r.Store.History(ctx, id)
	if err != nil {
		return nil, err
	}
	old, err := graph.VersionIn(revs, int64(v))
	if err != nil {
		return nil, graph.Internal(err)
	}
	if old == nil {
		return nil, graph.Errorf(graph.CodeNotFound, "La version %d de « %s » n'est pas dans l'historique.", v, id)
	}
	// Archiving is its own operation: a revert restores the content, not the archived state.
	current, err := r.Store.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	old.NodeMeta().ArchivedAt = current.NodeMeta().ArchivedAt
	out, err := r.Store.Update(ctx, old, ev)
	return out, explainConflict(ctx, r.Store, id, ev, err)
}

// verify records that a listing was checked and nothing changed.
func (r *Resolver) verify(ctx context.Context, id string, expectedVersion int) (*graph.Dispositif, error) {
	if err := r.authorize(ctx, auth.OpVerify, auth.Listing(id)); err != nil {
		return nil, err
	}
	now := r.now().UTC().Truncate(time.Microsecond)
	return update(ctx, r.Store, id, expectedVersion, func(d *graph.Dispositif) { d.LastVerifiedAt = &now })
}

// explainConflict adds to a CONFLICT the current version and the writes made since the version
// the caller read, so that the second editor sees the other change instead of losing it.
func explainConflict(ctx context.Context, s graph.Store, id string, read int64, err error) error {
	if !graph.IsCode(err, graph.CodeConflict) {
		return err
	}
	revs, herr := s.History(ctx, id)
	if herr != nil {
		return err
	}
	current := read
	var since []map[string]any
	for _, rev := range revs {
		if rev.Version <= read || rev.After == nil {
			continue
		}
		current = max(current, rev.Version)
		changes, _ := rev.Changes()
		var fields []map[string]any
		for _, c := range changes {
			fields = append(fields, map[string]any{"field": c.Field, "label": fieldLabel(c.Field), "old": string(c.Old), "new": string(c.New), "oldText": readable(c.Field, c.Old), "newText": readable(c.Field, c.New)})
		}
		since = append(since, map[string]any{"version": rev.Version, "at": rev.At, "actor": rev.Actor, "op": string(rev.Op), "changes": fields})
	}
	who := "quelqu'un d'autre"
	if len(since) > 0 {
		if a, _ := since[len(since)-1]["actor"].(string); a != "" {
			who = a
		}
	}
	return &graph.Error{Code: graph.CodeConflict,
		Message: fmt.Sprintf("Cette fiche a été modifiée par %s pendant que vous la modifiiez (version %d, vous aviez lu la version %d) : vos changements n'ont pas été enregistrés. Voyez ses changements, puis reprenez les vôtres sur la version actuelle.", who, current, read),
		Details: map[string]any{"currentVersion": current, "since": since}, Err: err}
}

// staleListings lists the overdue listings of a territory (covering or located in it or in a
// territory inside it), oldest check first.
func (r *Resolver) staleListings(ctx context.Context, territory string, first int) ([]*generated.StaleListing, error) {
	if first < 1 || first > r.MaxPageSize {
		return nil, graph.Errorf(graph.CodeBadUserInput, "« first » doit être compris entre 1 et %d.", r.MaxPageSize)
	}
	if _, err := graph.GetAs[*graph.Territory](ctx, r.Store, territory); err != nil {
		return nil, err
	}
	ids, err := r.listingsIn(ctx, territory)
	if err != nil {
		return nil, err
	}
	nodes, err := r.Store.GetMany(ctx, ids)
	if err != nil {
		return nil, err
	}
	now := r.now()
	var out []*generated.StaleListing
	for _, n := range nodes {
		d, ok := n.(*graph.Dispositif)
		if !ok || d.Archived() || d.Status == "closed" || !d.Stale(now) {
			continue
		}
		out = append(out, &generated.StaleListing{Dispositif: d, VerifiedAt: d.VerifiedAt(), DueAt: d.DueAt(), MonthsSinceVerified: d.MonthsSinceVerified(now)})
	}
	slices.SortStableFunc(out, func(a, b *generated.StaleListing) int {
		if c := a.VerifiedAt.Compare(b.VerifiedAt); c != 0 {
			return c
		}
		return compareStrings(a.Dispositif.ID, b.Dispositif.ID)
	})
	return out[:min(first, len(out))], nil
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func revisionSeq(r *graph.Revision) string { return strconv.FormatUint(r.Seq, 10) }

func revisionRelation(r *graph.Revision) *generated.GraphEdge {
	if r.Edge == nil {
		return nil
	}
	return graphEdge(*r.Edge)
}

func rawOrNil(raw []byte) *string {
	if raw == nil || string(raw) == "null" {
		return nil
	}
	s := string(raw)
	return &s
}
