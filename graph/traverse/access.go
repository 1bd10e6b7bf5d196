package traverse

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/maillage/maillage/graph"
)

// maxAccessSteps bounds an access path (the dispositif included).
const maxAccessSteps = 5

// AccessStep is one step on the way to a dispositif: any one of Options is enough.
type AccessStep struct {
	Options     []string
	Description string
	// Relation is RequiresReferralBy (the next step accepts only these referrers), RefersTo
	// (these refer onwards, one way among others) or empty for the dispositif itself.
	Relation   graph.RelationType
	Conditions string
}

// AccessPath is how a person reaches a dispositif, from the first contact to the dispositif.
type AccessPath struct {
	Dispositif *graph.Dispositif
	// Direct is true when the dispositif requires no referral.
	Direct bool
	Steps  []AccessStep
}

// Access builds the steps to reach a dispositif, walking back from it: the referrers it
// requires (REQUIRES_REFERRAL_BY), then theirs, and at the first step that requires none, the
// dispositifs that refer to it (REFERS_TO), which the person may go through. Only what the
// graph says is shown: no relation, no step.
func Access(ctx context.Context, s graph.Store, id string) (AccessPath, error) {
	// On a store that can (graph.AroundReader), the steps' reads are read ahead in one round
	// trip; the walk below runs over them.
	s = readAhead(ctx, s, graph.AroundQuery{ID: id, Depth: maxAccessSteps - 1,
		OutTypes: []graph.RelationType{graph.RequiresReferralBy}, InTypes: []graph.RelationType{graph.RefersTo}})
	d, err := graph.GetAs[*graph.Dispositif](ctx, s, id)
	if err != nil {
		return AccessPath{}, err
	}
	ap := AccessPath{Dispositif: d, Direct: true}
	steps := []AccessStep{{Options: []string{id}}}
	seen := map[string]bool{id: true}
	current := []string{id}
	for len(steps) < maxAccessSteps {
		// Both relations in one call (one round trip on Neo4j); referrers count only when no
		// referral is required.
		found, err := graph.EdgesBatch(ctx, s, []graph.EdgeQuery{
			{IDs: current, Direction: graph.Outgoing, Types: []graph.RelationType{graph.RequiresReferralBy}},
			{IDs: current, Direction: graph.Incoming, Types: []graph.RelationType{graph.RefersTo}},
		})
		if err != nil {
			return AccessPath{}, err
		}
		required, referrers := found[0], found[1]
		rel, edges, ends := graph.RequiresReferralBy, required, func(e graph.Edge) string { return e.To }
		if len(required) == 0 {
			rel, edges, ends = graph.RefersTo, referrers, func(e graph.Edge) string { return e.From }
		} else if len(steps) == 1 {
			ap.Direct = false
		}
		st := AccessStep{Relation: rel}
		var conditions []string
		for _, e := range edges {
			if o := ends(e); !seen[o] {
				seen[o] = true
				st.Options = append(st.Options, o)
				if e.Conditions != "" && !slices.Contains(conditions, e.Conditions) {
					conditions = append(conditions, e.Conditions)
				}
			}
		}
		if len(st.Options) == 0 {
			break
		}
		st.Conditions = strings.Join(conditions, " ; ")
		steps = append(steps, st)
		current = st.Options
	}
	slices.Reverse(steps)
	if err := describe(ctx, s, steps); err != nil {
		return AccessPath{}, err
	}
	ap.Steps = steps
	return ap, nil
}

// describe writes each step's description in French, naming the step it leads to.
func describe(ctx context.Context, s graph.Store, steps []AccessStep) error {
	var ids []string
	for _, st := range steps {
		ids = append(ids, st.Options...)
	}
	nodes, err := s.GetMany(ctx, ids)
	if err != nil {
		return err
	}
	names := map[string]string{}
	for i, n := range nodes {
		if n != nil {
			names[ids[i]] = n.Label()
		}
	}
	label := func(opts []string) string {
		var ns []string
		for _, o := range opts {
			ns = append(ns, "« "+names[o]+" »")
		}
		return strings.Join(ns, " ou ")
	}
	for i := range steps {
		st := &steps[i]
		switch st.Relation {
		case graph.RequiresReferralBy:
			st.Description = fmt.Sprintf("Passage obligatoire : %s accueille sur orientation de %s.", label(steps[i+1].Options), label(st.Options))
		case graph.RefersTo:
			st.Description = fmt.Sprintf("Orientation possible : %s oriente vers %s.", label(st.Options), label(steps[i+1].Options))
		default:
			st.Description = fmt.Sprintf("Accueil par %s.", label(st.Options))
		}
	}
	return nil
}
