package graph

import "time"

// RelationType is a relation name, spelled as in Neo4j.
type RelationType string

const (
	// Operates: Organisation → Dispositif (the organisation runs it).
	Operates RelationType = "OPERATES"
	// Funds: Organisation → Dispositif|Organisation|Instance {amount (€), year}.
	Funds RelationType = "FUNDS"
	// Mandates: Organisation → Organisation|Dispositif (a mandate of management, a delegation).
	Mandates RelationType = "MANDATES"
	// Coordinates: Organisation|Dispositif|Instance → Dispositif|Organisation|Instance.
	Coordinates RelationType = "COORDINATES"
	// PartnersWith: any actor → any actor (symmetric in meaning, stored once).
	PartnersWith RelationType = "PARTNERS_WITH"
	// MemberOf: Organisation|Dispositif → Instance|Organisation.
	MemberOf RelationType = "MEMBER_OF"
	// RefersTo: Dispositif → Dispositif, a referral pathway {conditions}.
	RefersTo RelationType = "REFERS_TO"
	// RequiresReferralBy: Dispositif → Dispositif|Organisation|Instance: access goes through it.
	RequiresReferralBy RelationType = "REQUIRES_REFERRAL_BY"
	// Covers: Dispositif|Organisation|Instance → Territory (service area).
	Covers RelationType = "COVERS"
	// LocatedIn: Organisation|Dispositif|Instance → Territory (where it is).
	LocatedIn RelationType = "LOCATED_IN"
	// Serves: Dispositif → Public.
	Serves RelationType = "SERVES"
	// About: Dispositif → Thematique.
	About RelationType = "ABOUT"
	// PartOf: Territory → Territory (commune → EPCI, département…), Thematique → Thematique.
	PartOf RelationType = "PART_OF"
)

// RelationTypes lists every relation type, in a stable order.
var RelationTypes = []RelationType{Operates, Funds, Mandates, Coordinates, PartnersWith, MemberOf, RefersTo, RequiresReferralBy, Covers, LocatedIn, Serves, About, PartOf}

var actors = []Kind{KindOrganisation, KindDispositif, KindInstance}

// relationEnds says which kinds each relation may join (from, to).
var relationEnds = map[RelationType][2][]Kind{
	Operates:           {{KindOrganisation}, {KindDispositif}},
	Funds:              {{KindOrganisation}, actors},
	Mandates:           {{KindOrganisation}, {KindOrganisation, KindDispositif}},
	Coordinates:        {actors, actors},
	PartnersWith:       {actors, actors},
	MemberOf:           {actors, {KindInstance, KindOrganisation}},
	RefersTo:           {{KindDispositif}, {KindDispositif}},
	RequiresReferralBy: {{KindDispositif}, actors},
	Covers:             {actors, {KindTerritory}},
	LocatedIn:          {actors, {KindTerritory}},
	Serves:             {{KindDispositif}, {KindPublic}},
	About:              {{KindDispositif}, {KindThematique}},
	PartOf:             {{KindTerritory, KindThematique}, {KindTerritory, KindThematique}},
}

// Valid reports whether r is a known relation type.
func (r RelationType) Valid() bool { _, ok := relationEnds[r]; return ok }

// Allows reports whether r may join a node of kind from to a node of kind to.
func (r RelationType) Allows(from, to Kind) bool {
	ends, ok := relationEnds[r]
	if !ok {
		return false
	}
	if r == PartOf && from != to {
		return false
	}
	return containsKind(ends[0], from) && containsKind(ends[1], to)
}

func containsKind(ks []Kind, k Kind) bool {
	for _, x := range ks {
		if x == k {
			return true
		}
	}
	return false
}

// Edge is a relation between two nodes. At most one edge of a type joins two nodes in a direction.
type Edge struct {
	Type RelationType `json:"type"`
	From string       `json:"from"`
	To   string       `json:"to"`
	// Properties of the relation; only the fields meaningful for its type are set.
	Amount *float64 `json:"amount,omitempty"` // FUNDS, euros
	Year   *int     `json:"year,omitempty"`   // FUNDS, or the year a fact holds
	// Since is when the relation started, as precise as the source says ("2016", "2022-12").
	Since string `json:"since,omitempty"`
	// Role qualifies the relation ("préside", "mandat de gestion", "coordinateur de secteur").
	Role string `json:"role,omitempty"`
	// Conditions of a referral (REFERS_TO, REQUIRES_REFERRAL_BY) in words.
	Conditions string    `json:"conditions,omitempty"`
	Source     *Source   `json:"source,omitempty"`
	CreatedAt  time.Time `json:"createdAt"`
}

// Key identifies an edge.
func (e Edge) Key() EdgeKey { return EdgeKey{Type: e.Type, From: e.From, To: e.To} }

// EdgeKey identifies an edge: its type and its two ends.
type EdgeKey struct {
	Type RelationType `json:"type"`
	From string       `json:"from"`
	To   string       `json:"to"`
}

// Direction selects edges by the side of the node.
type Direction int

const (
	Outgoing Direction = iota
	Incoming
)

// relationLabels say each relation in French, read from → to.
var relationLabels = map[RelationType]string{
	Operates:           "gère",
	Funds:              "finance",
	Mandates:           "mandate",
	Coordinates:        "coordonne",
	PartnersWith:       "est partenaire de",
	MemberOf:           "est membre de",
	RefersTo:           "oriente vers",
	RequiresReferralBy: "accueille sur orientation de",
	Covers:             "intervient sur",
	LocatedIn:          "est situé à",
	Serves:             "s'adresse à",
	About:              "porte sur",
	PartOf:             "fait partie de",
}

// Label is the relation in French, read from → to (« oriente vers »).
func (r RelationType) Label() string {
	if l, ok := relationLabels[r]; ok {
		return l
	}
	return string(r)
}
