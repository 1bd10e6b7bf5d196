package coverage

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/maillage/maillage/graph"
)

// DispositifRef names a dispositif in a report.
type DispositifRef struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Type   string `json:"type,omitempty"`
	Status string `json:"status"`
}

func dref(d *dispositif) DispositifRef {
	return DispositifRef{ID: d.id, Name: d.name, Type: d.typ, Status: d.status}
}

// ActorRef names an organisation, an instance or a dispositif acting as operator or referrer.
type ActorRef struct {
	ID   string     `json:"id"`
	Kind graph.Kind `json:"kind"`
	Name string     `json:"name"`
}

// Issue is a dispositif a diagnostic points at, with the reason in French.
type Issue struct {
	Dispositif DispositifRef `json:"dispositif"`
	Reason     string        `json:"reason"`
}

// DeadEnd statuses.
const (
	// DeadEndConfirmed: every referrer is known to be absent from the territory (or closed).
	DeadEndConfirmed = "impasse"
	// DeadEndUnknown: no referrer is known to be present, and some have no territory on record.
	DeadEndUnknown = "a-verifier"
)

// DeadEnd is a dispositif whose access requires a referral (REQUIRES_REFERRAL_BY) that no
// referrer present in the territory can make.
type DeadEnd struct {
	Dispositif DispositifRef `json:"dispositif"`
	Referrers  []ActorRef    `json:"referrers"`
	Status     string        `json:"status"`
	Reason     string        `json:"reason"`
}

// SinglePoint is a value (public, thématique, type) whose whole offer in the territory is
// operated by one organisation: if it stops, nothing is left.
type SinglePoint struct {
	Value        Value           `json:"value"`
	Organisation ActorRef        `json:"organisation"`
	Dispositifs  []DispositifRef `json:"dispositifs"`
	Reason       string          `json:"reason"`
}

// SingleGateway is a dispositif reachable only on referral by one actor.
type SingleGateway struct {
	Dispositif DispositifRef `json:"dispositif"`
	Referrer   ActorRef      `json:"referrer"`
	Reason     string        `json:"reason"`
}

// Basis of a staleness date.
const (
	BasisVerified = "derniere-verification" // LastVerifiedAt
	BasisUpdated  = "mise-a-jour"           // UpdatedAt, for a listing never verified
)

// StaleListing is a listing not verified within the expected frequency.
type StaleListing struct {
	Dispositif DispositifRef `json:"dispositif"`
	// Reference is the date the listing was last verified or, never verified, last updated.
	Reference time.Time `json:"reference"`
	Basis     string    `json:"basis"`
	Reason    string    `json:"reason"`
}

// Staleness sums up how up to date the listings are.
type Staleness struct {
	// Months is the expected frequency; Threshold the date before which a listing is stale.
	Months    int       `json:"months"`
	Threshold time.Time `json:"threshold"`
	// Total listings examined, Stale among them (never verified, or verified before Threshold),
	// NeverVerified (no LastVerifiedAt). Share is Stale / Total, VerifiedShare the share of
	// listings verified within the period; both nil when there is none.
	Total         int            `json:"total"`
	Stale         int            `json:"stale"`
	NeverVerified int            `json:"neverVerified"`
	Share         *float64       `json:"share,omitempty"`
	VerifiedShare *float64       `json:"verifiedShare,omitempty"`
	Listings      []StaleListing `json:"listings"`
}

// DiagnosticsReport is the graph diagnostics of a territory's offer.
type DiagnosticsReport struct {
	Territory TerritoryRef `json:"territory"`
	Now       time.Time    `json:"now"`
	// Dispositifs is the number of dispositifs examined: those reaching the territory (not
	// archived, not closed) and those located in it with no service area.
	Dispositifs int `json:"dispositifs"`
	// NoOperator: no live organisation OPERATES them.
	NoOperator []Issue `json:"noOperator"`
	// Isolated: no REFERS_TO or REQUIRES_REFERRAL_BY, in or out.
	Isolated []Issue `json:"isolated"`
	// DeadEnds: access requires a referral nobody in the territory makes.
	DeadEnds []DeadEnd `json:"deadEnds"`
	// SingleOperator: values offered in the territory by one organisation only.
	SingleOperator []SinglePoint `json:"singleOperator"`
	// SingleReferrer: dispositifs reachable only on referral by one actor.
	SingleReferrer []SingleGateway `json:"singleReferrer"`
	// NoServiceArea: located in the territory, with no COVERS: not counted in the coverage.
	NoServiceArea []Issue   `json:"noServiceArea"`
	Stale         Staleness `json:"stale"`
	// Summary is one French sentence per diagnostic, with its count.
	Summary []string `json:"summary"`
}

// Diagnostics examines the dispositifs of a territory: operators, referral links, dead ends,
// single points of failure and staleness (against opts.Now, opts.StaleAfterMonths).
func Diagnostics(ctx context.Context, st graph.Store, territoryID string, opts Options) (*DiagnosticsReport, error) {
	s, err := loadScoped(ctx, st, territoryID)
	if err != nil {
		return nil, err
	}
	return s.diagnostics(territoryID, opts.withNow(st))
}

func (s *snapshot) diagnostics(territoryID string, opts Options) (*DiagnosticsReport, error) {
	sc, err := s.scope(territoryID, opts.RowLevel)
	if err != nil {
		return nil, err
	}
	now := opts.Now
	rep := &DiagnosticsReport{Territory: ref(sc.root), Now: now,
		NoOperator: []Issue{}, Isolated: []Issue{}, DeadEnds: []DeadEnd{}, SingleOperator: []SinglePoint{},
		SingleReferrer: []SingleGateway{}, NoServiceArea: []Issue{}}
	reaching := sc.reaching()
	var ds []*dispositif
	for _, r := range reaching {
		ds = append(ds, r.d)
	}
	for _, d := range sc.withoutArea() {
		ds = append(ds, d)
		rep.NoServiceArea = append(rep.NoServiceArea, Issue{Dispositif: dref(d),
			Reason: "Situé dans le territoire mais sans zone d'intervention renseignée (aucune relation « " + graph.Covers.Label() + " ») : il n'est compté dans aucune couverture."})
	}
	slices.SortFunc(ds, func(a, b *dispositif) int { return strings.Compare(a.id, b.id) })
	rep.Dispositifs = len(ds)
	for _, d := range ds {
		if len(s.liveOperators(d)) == 0 {
			rep.NoOperator = append(rep.NoOperator, Issue{Dispositif: dref(d),
				Reason: "Aucune organisation opératrice renseignée (aucune relation « " + graph.Operates.Label() + " ») : on ne sait pas qui porte ce dispositif."})
		}
		if len(d.refersOut)+len(d.refersIn)+len(d.requires)+len(d.requiredBy) == 0 {
			rep.Isolated = append(rep.Isolated, Issue{Dispositif: dref(d),
				Reason: "Aucun lien d'orientation : il n'oriente vers aucun dispositif, aucun ne l'oriente, et son accès ne passe par aucun prescripteur renseigné."})
		}
		if len(d.requires) > 0 {
			if de, ok := sc.deadEnd(d); ok {
				rep.DeadEnds = append(rep.DeadEnds, de)
			}
		}
		if len(d.requires) == 1 && !s.archived(d.requires[0]) { // an archived one: a dead end
			r := s.actorRef(d.requires[0])
			rep.SingleReferrer = append(rep.SingleReferrer, SingleGateway{Dispositif: dref(d), Referrer: r,
				Reason: fmt.Sprintf("Accessible uniquement sur orientation de « %s » : sans elle, pas d'accès.", r.Name)})
		}
	}
	rep.SingleOperator = sc.singleOperators(reaching)
	rep.Stale = staleness(ds, now, opts.staleAfter())
	rep.Summary = summary(rep)
	return rep, nil
}

// liveOperators returns the operators of a dispositif that exist and are not archived.
func (s *snapshot) liveOperators(d *dispositif) []string {
	var out []string
	for _, o := range d.operators {
		if a := s.actors[o]; a != nil && !a.archived {
			out = append(out, o)
		}
	}
	slices.Sort(out)
	return out
}

// archived reports whether an actor or a dispositif is archived: a report never names it (an
// archived listing is seen only by those who may edit it).
func (s *snapshot) archived(id string) bool {
	if a := s.actors[id]; a != nil {
		return a.archived
	}
	if d := s.disp[id]; d != nil {
		return d.archived
	}
	return false
}

func (s *snapshot) actorRef(id string) ActorRef {
	if a := s.actors[id]; a != nil {
		return ActorRef{ID: id, Kind: a.kind, Name: a.name}
	}
	if d := s.disp[id]; d != nil {
		return ActorRef{ID: id, Kind: graph.KindDispositif, Name: d.name}
	}
	return ActorRef{ID: id, Name: id}
}

// presence says whether a referrer intervenes in the scope: 1 present, 0 unknown (no
// territory on record), -1 absent or closed.
func (sc *scope) presence(id string) (int, string) {
	s := sc.snap
	var covers, located []string
	switch {
	case s.disp[id] != nil:
		d := s.disp[id]
		if !live(d) || temporarilyClosed(d) {
			return -1, "fermé"
		}
		covers, located = d.covers, d.located
	case s.actors[id] != nil:
		a := s.actors[id]
		if a.archived {
			return -1, "archivé"
		}
		covers, located = a.covers, a.located
	default:
		return -1, "introuvable"
	}
	if len(covers)+len(located) == 0 {
		return 0, "sans territoire renseigné"
	}
	for _, area := range append(slices.Clone(covers), located...) {
		if sc.touch(area).in {
			return 1, ""
		}
	}
	var where []string
	for _, area := range append(slices.Clone(covers), located...) {
		if t := s.terr[area]; t != nil {
			where = append(where, t.name)
		} else {
			where = append(where, area)
		}
	}
	slices.Sort(where)
	where = slices.Compact(where)
	return -1, "intervient hors du territoire (" + strings.Join(where, ", ") + ")"
}

func (sc *scope) deadEnd(d *dispositif) (DeadEnd, bool) {
	de := DeadEnd{Dispositif: dref(d)}
	unknown := false
	var why []string
	for _, r := range slices.Sorted(slices.Values(d.requires)) {
		if sc.snap.archived(r) {
			why = append(why, "un prescripteur archivé")
			continue
		}
		ar := sc.snap.actorRef(r)
		de.Referrers = append(de.Referrers, ar)
		p, note := sc.presence(r)
		if p > 0 {
			return DeadEnd{}, false
		}
		if p == 0 {
			unknown = true
		}
		why = append(why, fmt.Sprintf("« %s » : %s", ar.Name, note))
	}
	if de.Referrers == nil {
		de.Referrers = []ActorRef{}
	}
	if unknown {
		de.Status = DeadEndUnknown
		de.Reason = fmt.Sprintf("L'accès passe obligatoirement par une orientation, et aucun prescripteur n'est connu comme présent dans le territoire « %s » (%s) : à vérifier.", sc.root.name, strings.Join(why, " ; "))
	} else {
		de.Status = DeadEndConfirmed
		de.Reason = fmt.Sprintf("Impasse : l'accès passe obligatoirement par une orientation qu'aucun acteur du territoire « %s » ne peut faire (%s).", sc.root.name, strings.Join(why, " ; "))
	}
	return de, true
}

// singleOperators finds, per public, thématique and type, the values whose active offer in the
// territory is operated by one organisation only. A value with a dispositif whose operator is
// unknown is not judged.
func (sc *scope) singleOperators(reaching []reach) []SinglePoint {
	s := sc.snap
	out := []SinglePoint{}
	for _, dim := range []Dimension{DimPublic, DimThematique, DimType} {
		type agg struct {
			ds      []*dispositif
			ops     map[string]bool
			unknown bool
		}
		byVal := map[string]*agg{}
		for _, r := range reaching {
			d := r.d
			if temporarilyClosed(d) {
				continue
			}
			ops := s.liveOperators(d)
			for _, v := range s.values(d, dim) {
				if v == "" {
					continue
				}
				a := byVal[v]
				if a == nil {
					a = &agg{ops: map[string]bool{}}
					byVal[v] = a
				}
				a.ds = append(a.ds, d)
				if len(ops) == 0 {
					a.unknown = true
				}
				for _, o := range ops {
					a.ops[o] = true
				}
			}
		}
		vals := make([]string, 0, len(byVal))
		for v := range byVal {
			vals = append(vals, v)
		}
		order := map[string]int{}
		for i, v := range s.vocabulary(dim) {
			order[v] = i
		}
		slices.SortFunc(vals, func(a, b string) int {
			oa, okA := order[a]
			ob, okB := order[b]
			if okA && okB {
				return oa - ob
			}
			if okA != okB {
				if okA {
					return -1
				}
				return 1
			}
			return strings.Compare(a, b)
		})
		for _, v := range vals {
			a := byVal[v]
			if a.unknown || len(a.ops) != 1 {
				continue
			}
			var org string
			for o := range a.ops {
				org = o
			}
			sp := SinglePoint{Value: Value{Dimension: dim, Value: v, Label: s.valueLabel(dim, v)}, Organisation: s.actorRef(org)}
			for _, d := range a.ds {
				sp.Dispositifs = append(sp.Dispositifs, dref(d))
			}
			sp.Reason = fmt.Sprintf("Toute l'offre recensée %s dans le territoire (%s) dépend d'une seule organisation : « %s ».",
				valuePhrase(sp.Value), plural(len(a.ds), "dispositif"), sp.Organisation.Name)
			out = append(out, sp)
		}
	}
	return out
}

func staleness(ds []*dispositif, now time.Time, months int) Staleness {
	st := Staleness{Months: months, Threshold: graph.AddMonths(now, -months), Total: len(ds), Listings: []StaleListing{}}
	for _, d := range ds {
		ref, basis := d.updated, BasisUpdated
		if d.lastVerified != nil {
			ref, basis = *d.lastVerified, BasisVerified
		} else {
			st.NeverVerified++
		}
		// A listing never verified is to verify, whatever its age (graph.Dispositif.Stale).
		if basis == BasisVerified && now.Before(graph.AddMonths(ref, months)) {
			continue // not yet due (the same month arithmetic as a listing's own due date)
		}
		st.Stale++
		l := StaleListing{Dispositif: dref(d), Reference: ref, Basis: basis}
		if basis == BasisVerified {
			l.Reason = fmt.Sprintf("Dernière vérification le %s, il y a plus de %d mois.", frDate(ref), months)
		} else {
			l.Reason = fmt.Sprintf("Jamais vérifiée par son organisation (dernière mise à jour le %s).", frDate(ref))
		}
		st.Listings = append(st.Listings, l)
	}
	if st.Total > 0 {
		x := float64(st.Stale) / float64(st.Total)
		st.Share = &x
		v := float64(st.Total-st.Stale) / float64(st.Total)
		st.VerifiedShare = &v
	}
	slices.SortFunc(st.Listings, func(a, b StaleListing) int {
		if c := a.Reference.Compare(b.Reference); c != 0 {
			return c
		}
		return strings.Compare(a.Dispositif.ID, b.Dispositif.ID)
	})
	return st
}

func frDate(t time.Time) string { return t.Format("02/01/2006") }

func summary(r *DiagnosticsReport) []string {
	n := r.Dispositifs
	out := []string{
		fmt.Sprintf("%s examiné%s dans le territoire « %s ».", plural(n, "dispositif"), pluralS(n), r.Territory.Name),
		fmt.Sprintf("Sans opérateur renseigné : %d sur %d.", len(r.NoOperator), n),
		fmt.Sprintf("Isolés (aucun lien d'orientation) : %d sur %d.", len(r.Isolated), n),
		fmt.Sprintf("Impasses d'orientation : %d (dont %d à vérifier).", len(r.DeadEnds), countStatus(r.DeadEnds, DeadEndUnknown)),
		fmt.Sprintf("Offre dépendant d'une seule organisation : %d valeur%s (public, thématique ou type).", len(r.SingleOperator), pluralS(len(r.SingleOperator))),
		fmt.Sprintf("Accessibles sur orientation d'un seul acteur : %d.", len(r.SingleReferrer)),
		fmt.Sprintf("Sans zone d'intervention renseignée : %d.", len(r.NoServiceArea)),
	}
	s := r.Stale
	line := fmt.Sprintf("Fiches à vérifier (jamais vérifiées, ou pas depuis %d mois au %s) : %d sur %d", s.Months, frDate(r.Now), s.Stale, s.Total)
	if s.Share != nil {
		line += " (" + fmtPercent(*s.Share) + ")"
	}
	line += fmt.Sprintf(", dont %d jamais vérifiée%s par leur organisation.", s.NeverVerified, pluralS(s.NeverVerified))
	verified := fmt.Sprintf("Fiches vérifiées dans les %d derniers mois : %d sur %d", s.Months, s.Total-s.Stale, s.Total)
	if s.VerifiedShare != nil {
		verified += " (" + fmtPercent(*s.VerifiedShare) + ")"
	}
	return append(out, line, verified+".")
}

func countStatus(des []DeadEnd, status string) int {
	n := 0
	for _, d := range des {
		if d.Status == status {
			n++
		}
	}
	return n
}
