package resolvers

import (
	"context"

	"github.com/maillage/maillage/auth"
	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/resolvers/generated"
	"github.com/maillage/maillage/resolvers/model"
)

// The writes of the API: each asks the authorizer first (auth decides who may do what), then
// writes through the store, which records the history with the actor of the context.

func (r *Resolver) createOrganisation(ctx context.Context, input generated.OrganisationInput) (*graph.Organisation, error) {
	var located string
	if input.Address != nil && input.Address.CommuneCode != "" {
		located = graph.TerritoryID(graph.LevelCommune, input.Address.CommuneCode)
	}
	if err := r.authorize(ctx, auth.OpCreateOrganisation, auth.Target{Territory: located}); err != nil {
		return nil, err
	}
	o := &graph.Organisation{}
	applyOrganisation(o, input)
	setString(&o.ID, input.ID)
	var links []graph.Edge
	if located != "" { // where it is located decides which coordinator keeps it
		links = append(links, graph.Edge{Type: graph.LocatedIn, To: located})
	}
	return create(ctx, r.Store, o, links...)
}

func (r *Resolver) createDispositif(ctx context.Context, input generated.DispositifInput) (*graph.Dispositif, error) {
	if err := hoursFromRules(&input); err != nil {
		return nil, err
	}
	var operator string
	setString(&operator, input.Operator)
	if err := r.authorize(ctx, auth.OpCreateDispositif, auth.Target{Organisation: operator}); err != nil {
		return nil, err
	}
	if operator != "" {
		if _, err := graph.GetAs[*graph.Organisation](ctx, r.Store, operator); err != nil {
			return nil, err
		}
	}
	d := &graph.Dispositif{Status: "active"}
	applyDispositif(d, input)
	setString(&d.ID, input.ID)
	var links []graph.Edge
	if operator != "" { // its operator decides which partners edit it: written with it
		links = append(links, graph.Edge{Type: graph.Operates, From: operator})
	}
	return create(ctx, r.Store, d, links...)
}

func updateListing[T graph.Node](ctx context.Context, r *Resolver, id string, expectedVersion int, apply func(T)) (T, error) {
	if err := r.authorize(ctx, auth.OpUpdate, auth.Listing(id)); err != nil {
		var zero T
		return zero, err
	}
	return update(ctx, r.Store, id, expectedVersion, apply)
}

func archiveListing[T graph.Node](ctx context.Context, r *Resolver, id string, expectedVersion int, archive bool) (T, error) {
	op := auth.OpRestore
	if archive {
		op = auth.OpArchive
	}
	if err := r.authorize(ctx, op, auth.Listing(id)); err != nil {
		var zero T
		return zero, err
	}
	return setArchived[T](ctx, r.Store, id, expectedVersion, archive)
}

func (r *Resolver) updateDispositif(ctx context.Context, id string, expectedVersion int, input generated.DispositifInput) (*graph.Dispositif, error) {
	if err := hoursFromRules(&input); err != nil {
		return nil, err
	}
	return updateListing(ctx, r, id, expectedVersion, func(d *graph.Dispositif) { applyDispositif(d, input) })
}

func (r *Resolver) link(ctx context.Context, input generated.LinkInput) (*model.Relation, error) {
	e := edgeFromInput(input)
	if err := r.authorize(ctx, auth.OpLink, auth.Relation(e.Key())); err != nil {
		return nil, err
	}
	e, err := r.Store.Link(ctx, e)
	if err != nil {
		return nil, err
	}
	return &model.Relation{Edge: e, Seen: e.From}, nil
}

func (r *Resolver) unlink(ctx context.Context, k graph.EdgeKey) (bool, error) {
	if err := r.authorize(ctx, auth.OpUnlink, auth.Relation(k)); err != nil {
		return false, err
	}
	if err := r.Store.Unlink(ctx, k); err != nil {
		return false, err
	}
	return true, nil
}
