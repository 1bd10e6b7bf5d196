package auth

import (
	"context"
	"fmt"
	"slices"

	"github.com/maillage/maillage/graph"
)

// scope is what a partner or a coordinator owns, and what was read of the graph to decide.
type scope struct {
	g           graph.Store
	role        Role
	userID      string
	orgs        map[string]bool
	territories map[string]bool

	nodes     map[string]graph.Node // nil value: does not exist
	operators map[string][]string   // dispositif → organisations that OPERATE it
	places    map[string][]string   // node → territories it COVERS or is LOCATED_IN, or the commune of its address
	operated  map[string][]string   // organisation → dispositifs it OPERATES (coordinators only)
	parents   map[string][]string   // territory → territories it is PART_OF
	inside    map[string]bool       // memo: territory is one of the coordinator's or inside one
	visiting  map[string]bool
}

func (a *Authorizer) scopeOf(_ context.Context, p Principal) (*scope, error) {
	sc := &scope{g: a.Graph, role: p.Role(), userID: p.UserID(), orgs: map[string]bool{}, territories: map[string]bool{},
		nodes: map[string]graph.Node{}, operators: map[string][]string{}, places: map[string][]string{}, operated: map[string][]string{},
		parents: map[string][]string{}, inside: map[string]bool{}, visiting: map[string]bool{}}
	if p.User != nil {
		for _, o := range p.User.Organisations {
			sc.orgs[o] = true
		}
		for _, t := range p.User.Territories {
			sc.territories[t] = true
		}
	}
	return sc, nil
}

// load reads the nodes, their operators, their places and the territory tree above them, in a
// few batched calls.
func (sc *scope) load(ctx context.Context, ids []string) error {
	ids = uniq(ids)
	if len(ids) == 0 {
		return nil
	}
	nodes, err := sc.g.GetMany(ctx, ids)
	if err != nil {
		return err
	}
	var dispositifs, placed, territories []string
	for i, n := range nodes {
		sc.nodes[ids[i]] = n
		if n == nil {
			continue
		}
		switch n.NodeKind() {
		case graph.KindDispositif:
			dispositifs = append(dispositifs, ids[i])
			placed = append(placed, ids[i])
		case graph.KindOrganisation, graph.KindInstance:
			placed = append(placed, ids[i])
		case graph.KindTerritory:
			territories = append(territories, ids[i])
		}
	}
	if len(dispositifs) > 0 {
		edges, err := sc.g.Edges(ctx, graph.EdgeQuery{IDs: dispositifs, Direction: graph.Incoming, Types: []graph.RelationType{graph.Operates}})
		if err != nil {
			return err
		}
		for _, e := range edges {
			sc.operators[e.To] = append(sc.operators[e.To], e.From)
			placed = append(placed, e.From)
		}
	}
	if sc.role != RoleCoordinator {
		return nil
	}
	// An organisation's territories are derived at every check, never stored: its own places
	// and the areas of the dispositifs it operates (a hospital, a Samusocial declare few
	// places of their own), so that they follow each write of either.
	var orgs []string
	for i, n := range nodes {
		if n != nil && n.NodeKind() == graph.KindOrganisation {
			orgs = append(orgs, ids[i])
		}
	}
	if len(orgs) > 0 {
		edges, err := sc.g.Edges(ctx, graph.EdgeQuery{IDs: orgs, Direction: graph.Outgoing, Types: []graph.RelationType{graph.Operates}})
		if err != nil {
			return err
		}
		for _, e := range edges {
			sc.operated[e.From] = append(sc.operated[e.From], e.To)
			placed = append(placed, e.To)
		}
	}
	if placed = uniq(placed); len(placed) > 0 {
		// The commune of a postal address places a listing as a LOCATED_IN edge would.
		var unread []string
		for _, id := range placed {
			if _, ok := sc.nodes[id]; !ok {
				unread = append(unread, id)
			}
		}
		addressed := map[string]graph.Node{}
		if len(unread) > 0 {
			more, err := sc.g.GetMany(ctx, unread)
			if err != nil {
				return err
			}
			for i, n := range more {
				addressed[unread[i]] = n
			}
		}
		for _, id := range placed {
			n, ok := sc.nodes[id]
			if !ok {
				n = addressed[id]
			}
			if c := addressCommune(n); c != "" {
				sc.places[id] = append(sc.places[id], c)
				territories = append(territories, c)
			}
		}
		edges, err := sc.g.Edges(ctx, graph.EdgeQuery{IDs: placed, Direction: graph.Outgoing, Types: []graph.RelationType{graph.Covers, graph.LocatedIn}})
		if err != nil {
			return err
		}
		for _, e := range edges {
			sc.places[e.From] = append(sc.places[e.From], e.To)
			territories = append(territories, e.To)
		}
	}
	// Walk up PART_OF, one batched call per level (commune → EPCI → département → région).
	seen := map[string]bool{}
	frontier := []string{}
	for _, t := range uniq(territories) {
		seen[t] = true
		frontier = append(frontier, t)
	}
	for len(frontier) > 0 {
		edges, err := sc.g.Edges(ctx, graph.EdgeQuery{IDs: frontier, Direction: graph.Outgoing, Types: []graph.RelationType{graph.PartOf}})
		if err != nil {
			return err
		}
		frontier = nil
		// An intercommunality spanning several départements lies inside none of them.
		for _, e := range graph.Containing(edges) {
			sc.parents[e.From] = append(sc.parents[e.From], e.To)
			if !seen[e.To] {
				seen[e.To] = true
				frontier = append(frontier, e.To)
			}
		}
	}
	return nil
}

// addressCommune is the commune territory id of a listing's postal address, "" when unknown.
func addressCommune(n graph.Node) string {
	var a *graph.Address
	switch n := n.(type) {
	case *graph.Organisation:
		a = n.Address
	case *graph.Dispositif:
		a = n.Address
	}
	if a == nil || a.CommuneCode == "" {
		return ""
	}
	return graph.TerritoryID(graph.LevelCommune, a.CommuneCode)
}

func uniq(ids []string) []string {
	out := slices.Clone(ids)
	slices.Sort(out)
	return slices.Compact(out)
}

// within reports whether territory t is one of the coordinator's territories or inside one.
func (sc *scope) within(t string) bool {
	if v, ok := sc.inside[t]; ok {
		return v
	}
	if sc.territories[t] {
		sc.inside[t] = true
		return true
	}
	if sc.visiting[t] { // a cycle in bad data
		return false
	}
	sc.visiting[t] = true
	v := false
	for _, p := range sc.parents[t] {
		if sc.within(p) {
			v = true
			break
		}
	}
	delete(sc.visiting, t)
	sc.inside[t] = v
	return v
}

// placedWithin reports whether node id covers or is located in one of the coordinator's
// territories (or a territory inside one).
func (sc *scope) placedWithin(id string) bool {
	for _, t := range sc.places[id] {
		if sc.within(t) {
			return true
		}
	}
	return false
}

// owns reports whether the listing id is the principal's: for a partner, one of her
// organisations or a dispositif one of them operates; for a coordinator, a listing that covers
// or is located in its territories, or a dispositif operated by such an organisation.
func (sc *scope) owns(id string) bool {
	n := sc.nodes[id]
	if n == nil {
		return false
	}
	switch sc.role {
	case RolePartner:
		switch n.NodeKind() {
		case graph.KindOrganisation:
			return sc.orgs[id]
		case graph.KindDispositif:
			for _, o := range sc.operators[id] {
				if sc.orgs[o] {
					return true
				}
			}
		}
	case RoleCoordinator:
		switch n.NodeKind() {
		case graph.KindOrganisation:
			if sc.placedWithin(id) {
				return true
			}
			// An organisation also belongs to the territories its dispositifs serve. A
			// dispositif, in turn, is owned through its operator's own places only: the
			// Samusocial de Paris is of the 93 through Mission Interface, its 115 de Paris is not.
			for _, d := range sc.operated[id] {
				if sc.placedWithin(d) {
					return true
				}
			}
			return false
		case graph.KindInstance:
			return sc.placedWithin(id)
		case graph.KindDispositif:
			if sc.placedWithin(id) {
				return true
			}
			for _, o := range sc.operators[id] {
				if sc.placedWithin(o) {
					return true
				}
			}
		}
	}
	return false
}

func isReference(n graph.Node) bool {
	switch n.NodeKind() {
	case graph.KindTerritory, graph.KindPublic, graph.KindThematique:
		return true
	}
	return false
}

// whose is "votre organisation" or "votre territoire".
func (sc *scope) whose() string {
	if sc.role == RoleCoordinator {
		return "votre territoire"
	}
	if len(sc.orgs) > 1 {
		return "vos organisations"
	}
	return "votre organisation"
}

func (sc *scope) forbidden(format string, args ...any) error {
	return graph.Errorf(graph.CodeForbidden, format, args...)
}

// verb is the operation on a listing in French, before its name.
func (op Op) verb() string {
	switch op {
	case OpReadDrafts:
		return "consulter l'historique et les brouillons de"
	case OpVerify:
		return "confirmer la mise à jour de"
	case OpArchive:
		return "archiver"
	case OpRestore:
		return "restaurer"
	case OpLink:
		return "ajouter une relation à"
	case OpUnlink:
		return "retirer une relation de"
	}
	return "modifier"
}

func (sc *scope) missing(id string) error {
	if sc.nodes[id] == nil {
		return graph.NotFound("Fiche", id)
	}
	return nil
}

// decide applies the rules to one target, once the graph is loaded.
func (sc *scope) decide(op Op, t Target) error {
	if err := shapeError(op, t); err != nil {
		return err
	}
	const refMsg = "« %s » fait partie des référentiels (territoires, publics, thématiques) : seule l'administration de Maillage peut les modifier."
	switch op {
	case OpReadDrafts, OpUpdate, OpVerify, OpArchive, OpRestore:
		if err := sc.missing(t.ID); err != nil {
			return err
		}
		n := sc.nodes[t.ID]
		if isReference(n) && op != OpReadDrafts {
			return sc.forbidden(refMsg, n.Label())
		}
		if !sc.owns(t.ID) {
			return sc.forbidden("Vous ne pouvez pas %s « %s » : cette fiche ne relève pas de %s. Adressez-vous à la structure qui la porte ou à la coordination de son territoire.", op.verb(), n.Label(), sc.whose())
		}
		if sc.role == RolePartner && n.NodeKind() == graph.KindOrganisation && (op == OpArchive || op == OpRestore) {
			return sc.forbidden("Seules la coordination du territoire et l'administration peuvent %s une organisation (« %s »).", op.verb(), n.Label())
		}
		return nil

	case OpCreateDispositif:
		if t.Organisation == "" {
			return graph.Errorf(graph.CodeBadUserInput, "Indiquez l'organisation qui porte le nouveau dispositif.")
		}
		if err := sc.missing(t.Organisation); err != nil {
			return err
		}
		n := sc.nodes[t.Organisation]
		if n.NodeKind() != graph.KindOrganisation {
			return graph.Errorf(graph.CodeBadUserInput, "« %s » n'est pas une organisation.", n.Label())
		}
		if !sc.owns(t.Organisation) {
			return sc.forbidden("Vous ne pouvez pas créer de dispositif pour « %s » : cette organisation ne relève pas de %s.", n.Label(), sc.whose())
		}
		return nil

	case OpCreateOrganisation:
		if sc.role != RoleCoordinator {
			return sc.forbidden("Seules la coordination territoriale et l'administration peuvent créer une organisation : adressez-vous à la coordination de votre territoire.")
		}
		if t.Territory == "" {
			return graph.Errorf(graph.CodeBadUserInput, "Indiquez le territoire où se trouve la nouvelle organisation.")
		}
		if err := sc.missing(t.Territory); err != nil {
			return err
		}
		if n := sc.nodes[t.Territory]; n.NodeKind() != graph.KindTerritory || !sc.within(t.Territory) {
			return sc.forbidden("Vous ne pouvez créer une organisation que dans votre territoire, pas à « %s ».", n.Label())
		}
		return nil

	case OpLink, OpUnlink:
		k := *t.Edge
		for _, id := range []string{k.From, k.To} {
			if err := sc.missing(id); err != nil {
				return err
			}
		}
		from, to := sc.nodes[k.From], sc.nodes[k.To]
		if isReference(from) {
			return sc.forbidden(refMsg, from.Label())
		}
		var ok bool
		switch k.Type {
		case graph.Operates:
			// Declaring who operates a dispositif changes who owns it: both ends must be the principal's.
			ok = sc.owns(k.From) && sc.owns(k.To)
			if !ok {
				return sc.forbidden("Vous ne pouvez pas %s entre « %s » et « %s » : l'organisation et le dispositif doivent tous deux relever de %s.", op.verb(), from.Label(), to.Label(), sc.whose())
			}
			return nil
		case graph.PartnersWith:
			ok = sc.owns(k.From) || sc.owns(k.To)
		default:
			ok = sc.owns(k.From)
		}
		if !ok {
			return sc.forbidden("Vous ne pouvez pas %s « %s » : cette fiche ne relève pas de %s.", op.verb(), from.Label(), sc.whose())
		}
		return nil

	case OpInvite:
		if sc.role != RoleCoordinator {
			return sc.forbidden("Seules la coordination territoriale et l'administration peuvent inviter un membre : adressez-vous à la coordination de votre territoire.")
		}
		in := t.Invite
		switch in.Role {
		case RolePartner:
			if in.Organisation == "" {
				return graph.Errorf(graph.CodeBadUserInput, "Indiquez l'organisation dont la personne invitée sera membre.")
			}
			if err := sc.missing(in.Organisation); err != nil {
				return err
			}
			if n := sc.nodes[in.Organisation]; n.NodeKind() != graph.KindOrganisation || !sc.owns(in.Organisation) {
				return sc.forbidden("Vous ne pouvez inviter des membres que dans les organisations de votre territoire, pas à « %s ».", n.Label())
			}
			return nil
		case RoleCoordinator:
			if in.Territory == "" {
				return graph.Errorf(graph.CodeBadUserInput, "Indiquez le territoire que la personne invitée coordonnera.")
			}
			if err := sc.missing(in.Territory); err != nil {
				return err
			}
			if n := sc.nodes[in.Territory]; n.NodeKind() != graph.KindTerritory || !sc.within(in.Territory) {
				return sc.forbidden("Vous ne pouvez inviter une coordination que pour votre territoire, pas pour « %s ».", n.Label())
			}
			return nil
		}
		return sc.forbidden("Seule l'administration de Maillage peut inviter un compte « %s ».", in.Role.Label())

	case OpManageUsers:
		if sc.role == RoleCoordinator && t.User != nil && t.User.Role == RolePartner && len(t.User.Organisations) > 0 {
			all := true
			for _, o := range t.User.Organisations {
				all = all && sc.owns(o)
			}
			if all {
				return nil
			}
		}
		if t.User != nil {
			return sc.forbidden("Vous ne pouvez pas gérer le compte de %s : seule l'administration de Maillage (ou la coordination de son territoire, pour un membre partenaire) le peut.", t.User.Email)
		}
		return sc.forbidden("Seule l'administration de Maillage peut gérer l'ensemble des comptes.")

	case OpManageTokens:
		if t.TokenOwner == sc.userID {
			return nil
		}
		return sc.forbidden("Vous ne pouvez gérer que vos propres jetons d'accès.")
	}
	return fmt.Errorf("opération non traitée : %s", op)
}
