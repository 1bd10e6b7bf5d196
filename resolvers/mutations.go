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
	created, err := create(ctx, r.Store, o)
	if err != nil || located == "" {
		return created, err
	}
	// Where it is located decides which coordinator keeps it.
	if _, err := r.Store.Link(ctx, graph.Edge{Type: graph.LocatedIn, From: created.ID, To: located}); err != nil && !graph.IsCode(err, graph.CodeNotFound) {
		return nil, err
	}
	return created, nil
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
	created, err := create(ctx, r.Store, d)
	if err != nil || operator == "" {
		return created, err
	}
	if _, err := r.Store.Link(ctx, graph.Edge{Type: graph.Operates, From: operator, To: created.ID}); err != nil {
		return nil, err
	}
	return created, nil
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
