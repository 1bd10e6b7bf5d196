package resolvers

import (
	"context"
	"slices"
	"strings"

	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/resolvers/generated"
	"github.com/maillage/maillage/resolvers/model"
)

// label returns the label of a slug in a vocabulary, nil for an empty slug.
func label(v graph.Vocabulary, slug string) *string {
	if slug == "" {
		return nil
	}
	l := v.LabelOf(slug)
	return &l
}

func terms(v graph.Vocabulary) []*graph.Term {
	out := make([]*graph.Term, len(v))
	for i := range v {
		out[i] = &v[i]
	}
	return out
}

func (r *Resolver) fundings(ctx context.Context, id string, dir graph.Direction) ([]*model.Funding, error) {
	edges, err := r.visibleEdgesOf(ctx, id, dir, graph.Funds)
	if err != nil {
		return nil, err
	}
	out := make([]*model.Funding, len(edges))
	for i, e := range edges {
		out[i] = &model.Funding{Edge: e}
	}
	return out, nil
}

func (r *Resolver) referrals(ctx context.Context, id string, dir graph.Direction) ([]*model.Referral, error) {
	edges, err := r.visibleEdgesOf(ctx, id, dir, graph.RefersTo)
	if err != nil {
		return nil, err
	}
	out := make([]*model.Referral, len(edges))
	for i, e := range edges {
		out[i] = &model.Referral{Edge: e}
	}
	return out, nil
}

// relations returns id's edges as Relations seen from id.
func (r *Resolver) relations(ctx context.Context, id string, direction *generated.Direction, types []generated.RelationType) ([]*model.Relation, error) {
	dir := graph.Outgoing
	if direction != nil && *direction == generated.DirectionIn {
		dir = graph.Incoming
	}
	ts := make([]graph.RelationType, len(types))
	for i, t := range types {
		ts[i] = graph.RelationType(t)
	}
	edges, err := r.visibleEdgesOf(ctx, id, dir, ts...)
	if err != nil {
		return nil, err
	}
	out := make([]*model.Relation, len(edges))
	for i, e := range edges {
		out[i] = &model.Relation{Edge: e, Seen: id}
	}
	return out, nil
}

// all returns every live node of a small kind (publics, thematiques, instances), by id.
func all[T graph.Node](ctx context.Context, s graph.Store, kind graph.Kind) ([]T, error) {
	var out []T
	err := s.ScanNodes(ctx, []graph.Kind{kind}, func(n graph.Node) error {
		if t, ok := n.(T); ok && !n.NodeMeta().Archived() {
			out = append(out, t)
		}
		return nil
	})
	return out, err
}

// territoryByCode resolves the argument of territory(code): ids pass through; a plain
// code is read by its shape (5 characters: commune, then arrondissement; 2–3: département).
func (r *Resolver) territoryByCode(ctx context.Context, code string) (*graph.Territory, error) {
	code = strings.TrimSpace(code)
	var candidates []string
	switch {
	case strings.EqualFold(code, "fr"):
		candidates = []string{"fr"}
	case strings.Contains(code, "-"):
		candidates = []string{code}
	case len(code) == 5:
		candidates = []string{graph.TerritoryID(graph.LevelCommune, code), graph.TerritoryID(graph.LevelArrondissement, code)}
	case len(code) == 2 || len(code) == 3:
		candidates = []string{graph.TerritoryID(graph.LevelDepartement, code)}
	default:
		return nil, graph.Errorf(graph.CodeBadUserInput, "Code de territoire « %s » non reconnu : donnez un code INSEE (93066, 93, 2A) ou un identifiant (dep-93, reg-11).", code)
	}
	for _, id := range candidates {
		n, err := r.node(ctx, id)
		if graph.IsCode(err, graph.CodeNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if t, ok := n.(*graph.Territory); ok {
			return t, nil
		}
	}
	return nil, graph.NotFound("Territoire", code)
}

// parentLevel is the level of a territory's parent in the administrative tree.
var parentLevel = map[graph.TerritoryLevel]graph.TerritoryLevel{
	graph.LevelRegion:         graph.LevelCountry,
	graph.LevelDepartement:    graph.LevelRegion,
	graph.LevelEPCI:           graph.LevelDepartement,
	graph.LevelEPT:            graph.LevelDepartement,
	graph.LevelCommune:        graph.LevelDepartement,
	graph.LevelArrondissement: graph.LevelCommune,
}

func (r *Resolver) territoryParent(ctx context.Context, t *graph.Territory) (*graph.Territory, error) {
	parents, err := ofKind[*graph.Territory](r.neighbours(ctx, t.ID, graph.Outgoing, graph.PartOf))
	if err != nil || len(parents) == 0 {
		return nil, err
	}
	if want, ok := parentLevel[t.Level]; ok {
		if i := slices.IndexFunc(parents, func(p *graph.Territory) bool { return p.Level == want }); i >= 0 {
			return parents[i], nil
		}
	}
	return parents[0], nil
}

func (r *Resolver) stats(ctx context.Context) (*generated.Stats, error) {
	st, err := r.Store.Stats(ctx)
	if err != nil {
		return nil, err
	}
	out := &generated.Stats{}
	for _, k := range graph.Kinds {
		out.Nodes = append(out.Nodes, &generated.KindCount{Kind: string(k), Count: st.Nodes[k]})
	}
	for _, t := range graph.RelationTypes {
		out.Relations = append(out.Relations, &generated.KindCount{Kind: string(t), Count: st.Edges[t]})
	}
	return out, nil
}

func vocabularies() *generated.Vocabularies {
	levels := make([]string, len(graph.TerritoryLevels))
	for i, l := range graph.TerritoryLevels {
		levels[i] = string(l)
	}
	return &generated.Vocabularies{
		DispositifTypes:   terms(graph.DispositifTypes),
		OrganisationTypes: terms(graph.OrganisationTypes),
		AccessModes:       terms(graph.AccessModes),
		AdminStatuses:     terms(graph.AdminStatuses),
		Genders:           terms(graph.Genders),
		FamilySituations:  terms(graph.FamilySituations),
		Statuses:          terms(graph.Statuses),
		Costs:             terms(graph.Costs),
		ContactKinds:      terms(graph.ContactKinds),
		TerritoryLevels:   levels,
	}
}

// getAs loads id as a T through the loader, NOT_FOUND when missing or of another kind.
func getAs[T graph.Node](ctx context.Context, r *Resolver, id string) (T, error) {
	var zero T
	n, err := r.node(ctx, id)
	if err != nil {
		return zero, err
	}
	t, ok := n.(T)
	if !ok {
		return zero, graph.NotFound(string(zero.NodeKind()), id)
	}
	return t, nil
}

// version converts expectedVersion, which must name a version that was read.
func version(v int) (int64, error) {
	if v < 1 {
		return 0, graph.Errorf(graph.CodeBadUserInput, "« expectedVersion » doit être la version de la fiche que vous avez lue (1 ou plus).")
	}
	return int64(v), nil
}

// create stores a new node of kind T with its first relations (an empty end is the new node).
func create[T graph.Node](ctx context.Context, s graph.Store, n T, links ...graph.Edge) (T, error) {
	var zero T
	out, err := s.Create(ctx, n, links...)
	if err != nil {
		return zero, err
	}
	return out.(T), nil
}

// update applies an input to a copy of the stored node id of kind T and saves it, provided it
// is still at expectedVersion.
func update[T graph.Node](ctx context.Context, s graph.Store, id string, expectedVersion int, apply func(T)) (T, error) {
	var zero T
	v, err := version(expectedVersion)
	if err != nil {
		return zero, err
	}
	stored, err := graph.GetAs[T](ctx, s, id)
	if err != nil {
		return zero, err
	}
	n := graph.CloneNode(stored).(T)
	apply(n)
	out, err := s.Update(ctx, n, v)
	if err != nil {
		return zero, explainConflict(ctx, s, id, v, err)
	}
	return out.(T), nil
}

// setArchived archives or restores the node id of kind T.
func setArchived[T graph.Node](ctx context.Context, s graph.Store, id string, expectedVersion int, archive bool) (T, error) {
	var zero T
	v, err := version(expectedVersion)
	if err != nil {
		return zero, err
	}
	if _, err := graph.GetAs[T](ctx, s, id); err != nil {
		return zero, err
	}
	var n graph.Node
	if archive {
		n, err = s.Archive(ctx, id, v)
	} else {
		n, err = s.Restore(ctx, id, v)
	}
	if err != nil {
		return zero, explainConflict(ctx, s, id, v, err)
	}
	return n.(T), nil
}

// nullIfNotFound answers node(id) for a missing id with null and no error, as Relay expects.
func nullIfNotFound(n graph.Node, err error) (graph.Node, error) {
	if graph.IsCode(err, graph.CodeNotFound) {
		return nil, nil
	}
	return n, err
}
