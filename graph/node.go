package graph

import (
	"encoding/json"
	"fmt"
	"time"

	jsonv2 "github.com/go-json-experiment/json"
)

// Kind is a node label, spelled as in Neo4j.
type Kind string

const (
	KindOrganisation Kind = "Organisation"
	KindDispositif   Kind = "Dispositif"
	KindTerritory    Kind = "Territory"
	KindPublic       Kind = "Public"
	KindThematique   Kind = "Thematique"
	// KindInstance is a coordination body: comité stratégique partenarial, cellule d'orientation, CLSM…
	KindInstance Kind = "Instance"
)

// Kinds lists every node kind, in a stable order.
var Kinds = []Kind{KindOrganisation, KindDispositif, KindTerritory, KindPublic, KindThematique, KindInstance}

// kindLabels name each kind in French, with its article.
var kindLabels = map[Kind]string{
	KindOrganisation: "une organisation", KindDispositif: "un dispositif", KindTerritory: "un territoire",
	KindPublic: "un public", KindThematique: "une thématique", KindInstance: "une instance de coordination",
}

// Label is the kind in French, with its article (« un dispositif »).
func (k Kind) Label() string {
	if l, ok := kindLabels[k]; ok {
		return l
	}
	return string(k)
}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool {
	for _, x := range Kinds {
		if x == k {
			return true
		}
	}
	return false
}

// Source says where a fact comes from. Seeded facts name their source document; data typed in by
// a person names no document (the history says who).
type Source struct {
	// Dataset identifies the origin: "seed-doc:000" … "seed-doc:004", "finess", "geo",
	// "data-inclusion", "synthetic", "user", "import".
	Dataset string `json:"dataset"`
	// Ref is a precise reference inside the dataset (a FINESS number, a section title, a URL).
	Ref string `json:"ref,omitempty"`
	// Quote is the passage of the source the fact was taken from, when it helps to check it.
	Quote string `json:"quote,omitempty"`
	// Date is the date of the source's data (YYYY-MM-DD: a data·inclusion date_maj, the date of
	// an open-data extract), so users see how old a fact is; empty when the source gives none.
	Date string `json:"date,omitempty"`
}

// Review kinds: a source says something else than a field a person edited after the source's
// date; a record is absent from a complete re-import of its source.
const (
	ReviewDifference = "difference"
	ReviewWithdrawn  = "withdrawn"
)

// Review is a point an import raises for the coordinator instead of overwriting a person's
// edit or deleting a listing: « la source indique … ». Accepting a difference writes the
// source's value; dismissing it keeps the edit. Either way the review stays, resolved, so that
// a later import does not raise the same point again.
type Review struct {
	Kind string `json:"kind"`
	// Dataset and Ref name the source record, Date the date of its data.
	Dataset string `json:"dataset"`
	Ref     string `json:"ref,omitempty"`
	Date    string `json:"date,omitempty"`
	// Field is the JSON name of the field that differs ("contacts", "openingHours").
	Field string `json:"field,omitempty"`
	// Value is the source's value of the field, as JSON.
	Value json.RawMessage `json:"value,omitempty"`
	// Text says it in French for the coordinator.
	Text string    `json:"text"`
	At   time.Time `json:"at"`
	// Resolution is "accepted" or "dismissed" once a coordinator decided, empty while open.
	Resolution string     `json:"resolution,omitempty"`
	ResolvedAt *time.Time `json:"resolvedAt,omitempty"`
}

// Review resolutions.
const (
	ReviewAccepted  = "accepted"
	ReviewDismissed = "dismissed"
)

// OpenReviews returns the indexes of the reviews still waiting for a decision.
func (m *Meta) OpenReviews() []int {
	var out []int
	for i, r := range m.Reviews {
		if r.Resolution == "" {
			out = append(out, i)
		}
	}
	return out
}

// Meta is carried by every node.
type Meta struct {
	// ID is stable and URL-safe: lowercase letters, digits and '-'.
	ID string `json:"id"`
	// Version starts at 1 and is incremented by the store on every write.
	Version   int64     `json:"version"`
	CreatedAt time.Time `json:"createdAt"`
	UpdatedAt time.Time `json:"updatedAt"`
	// ArchivedAt is set when the node is archived (never deleted); nil when live.
	ArchivedAt *time.Time `json:"archivedAt,omitempty"`
	Sources    []Source   `json:"sources,omitempty"`
	// Reviews are the differences and withdrawals imports raised, waiting for a coordinator.
	Reviews []Review `json:"reviews,omitempty"`
	// Synthetic marks generated benchmark data, never to be mixed with real listings unnoticed.
	Synthetic bool `json:"synthetic,omitempty"`
}

// Archived reports whether the node is archived.
func (m *Meta) Archived() bool { return m.ArchivedAt != nil }

// Node is implemented by every node type.
type Node interface {
	NodeMeta() *Meta
	NodeKind() Kind
	// Label is the human name of the node (organisation name, dispositif name, territory name…).
	Label() string
	// Validate checks the node's own fields (not its relations) and returns a BAD_USER_INPUT *Error.
	Validate() error
}

// Figure is a number reported by a source: "800 personnes âgées rencontrées en 2022".
type Figure struct {
	Label  string  `json:"label"`
	Value  float64 `json:"value"`
	Unit   string  `json:"unit,omitempty"`
	Year   int     `json:"year,omitempty"`
	Source *Source `json:"source,omitempty"`
}

// Contact is one way to reach an organisation or a dispositif.
type Contact struct {
	// Kind is "phone", "email" or "website".
	Kind  string `json:"kind"`
	Value string `json:"value"`
	// Label says what the contact is for ("Accueil", "115", "Coordinatrice SIAO").
	Label string `json:"label,omitempty"`
}

// Address is a postal address with, when known, its coordinates (WGS84).
type Address struct {
	Street      string   `json:"street,omitempty"`
	Complement  string   `json:"complement,omitempty"`
	PostalCode  string   `json:"postalCode,omitempty"`
	City        string   `json:"city,omitempty"`
	CommuneCode string   `json:"communeCode,omitempty"`
	Lat         *float64 `json:"lat,omitempty"`
	Lon         *float64 `json:"lon,omitempty"`
}

// StaffLine is one line of a team's composition: "1 infirmier (0,80 ETP)".
type StaffLine struct {
	Role  string   `json:"role"`
	Count *float64 `json:"count,omitempty"`
	ETP   *float64 `json:"etp,omitempty"`
}

// Organisation is an operator or legal entity: association, service de l'État, collectivité,
// hôpital, bailleur, fondation…
type Organisation struct {
	Meta
	Name     string   `json:"name"`
	Acronyms []string `json:"acronyms,omitempty"`
	// Type is a slug from OrganisationTypes.
	Type        string    `json:"type,omitempty"`
	Description string    `json:"description,omitempty"`
	SIRET       string    `json:"siret,omitempty"`
	FINESS      string    `json:"finess,omitempty"`
	Address     *Address  `json:"address,omitempty"`
	Contacts    []Contact `json:"contacts,omitempty"`
	Figures     []Figure  `json:"figures,omitempty"`
}

func (o *Organisation) NodeMeta() *Meta { return &o.Meta }
func (o *Organisation) NodeKind() Kind  { return KindOrganisation }
func (o *Organisation) Label() string   { return o.Name }

// Dispositif is a service or scheme: the unit people search for.
type Dispositif struct {
	Meta
	Name     string   `json:"name"`
	Acronyms []string `json:"acronyms,omitempty"`
	// Type is a slug from DispositifTypes ("chrs", "siao", "iml", "emmsp"…).
	Type        string `json:"type,omitempty"`
	Description string `json:"description,omitempty"`
	// Missions lists what the dispositif does, one sentence each.
	Missions    []string    `json:"missions,omitempty"`
	Eligibility Eligibility `json:"eligibility"`
	// AccessModes are slugs from AccessModes.
	AccessModes []string `json:"accessModes,omitempty"`
	// AccessNotes explains in words how to get access, when the source says more than the modes.
	AccessNotes string    `json:"accessNotes,omitempty"`
	Contacts    []Contact `json:"contacts,omitempty"`
	Address     *Address  `json:"address,omitempty"`
	// OpeningHours uses the OpenStreetMap opening_hours syntax ("Mo-Fr 08:30-17:00", "24/7"),
	// as data·inclusion does.
	OpeningHours string `json:"openingHours,omitempty"`
	// HoursNote is free text about hours the syntax cannot say.
	HoursNote string      `json:"hoursNote,omitempty"`
	Capacity  Capacity    `json:"capacity"`
	Staff     []StaffLine `json:"staff,omitempty"`
	Languages []string    `json:"languages,omitempty"`
	// Cost is "gratuit", "payant" or empty when unknown (data·inclusion frais).
	Cost string `json:"cost,omitempty"`
	// Status is "active", "temporarily_closed" or "closed".
	Status         string     `json:"status"`
	LastVerifiedAt *time.Time `json:"lastVerifiedAt,omitempty"`
	// Notices are temporary closures and messages with their dates.
	Notices []Notice `json:"notices,omitempty"`
	// UpdateFrequencyMonths is how often the listing should be checked; DefaultUpdateFrequency
	// when nil.
	UpdateFrequencyMonths *int `json:"updateFrequencyMonths,omitempty"`
	// StartedOn is when the dispositif started, as precise as the source says ("2017-05", "2022").
	StartedOn string   `json:"startedOn,omitempty"`
	FINESS    string   `json:"finess,omitempty"`
	Figures   []Figure `json:"figures,omitempty"`
}

func (d *Dispositif) NodeMeta() *Meta { return &d.Meta }
func (d *Dispositif) NodeKind() Kind  { return KindDispositif }
func (d *Dispositif) Label() string   { return d.Name }

// Eligibility says who a dispositif serves. A nil or empty field means the listing does not say
// (unknown), never "anyone": search reports it as unknown.
type Eligibility struct {
	AgeMin *int `json:"ageMin,omitempty"`
	AgeMax *int `json:"ageMax,omitempty"`
	// AdminStatus is a slug from AdminStatuses: which administrative situations are accepted.
	AdminStatus string `json:"adminStatus,omitempty"`
	// Genders accepted ("femme", "homme"); empty = not said.
	Genders []string `json:"genders,omitempty"`
	// FamilySituations accepted, slugs from FamilySituations; empty = not said.
	FamilySituations []string `json:"familySituations,omitempty"`
	// Conditions are other conditions in words.
	Conditions string `json:"conditions,omitempty"`
}

// Capacity is what a dispositif declares it can offer.
type Capacity struct {
	Places *int     `json:"places,omitempty"`
	ETP    *float64 `json:"etp,omitempty"`
	// Note qualifies the figures ("environ 30 ménages").
	Note string `json:"note,omitempty"`
}

// Territory is a node of the French administrative geography or a named sector.
type Territory struct {
	Meta
	// Level is one of the TerritoryLevel constants.
	Level TerritoryLevel `json:"level"`
	// Code is the official code: INSEE for régions, départements and communes, SIREN for
	// EPCI and EPT, "FR" for France, a slug for sectors.
	Code        string   `json:"code"`
	Name        string   `json:"name"`
	PostalCodes []string `json:"postalCodes,omitempty"`
	Population  *int     `json:"population,omitempty"`
	Lat         *float64 `json:"lat,omitempty"`
	Lon         *float64 `json:"lon,omitempty"`
	// EPCIType is CC, CA, CU, METRO… for EPCI.
	EPCIType string `json:"epciType,omitempty"`
	// FormerCodes are historical INSEE codes of merged communes.
	FormerCodes []string `json:"formerCodes,omitempty"`
}

func (t *Territory) NodeMeta() *Meta { return &t.Meta }
func (t *Territory) NodeKind() Kind  { return KindTerritory }
func (t *Territory) Label() string   { return t.Name }

// TerritoryLevel is the kind of territory.
type TerritoryLevel string

const (
	LevelCountry     TerritoryLevel = "pays"
	LevelRegion      TerritoryLevel = "region"
	LevelDepartement TerritoryLevel = "departement"
	LevelEPCI        TerritoryLevel = "epci"
	LevelEPT         TerritoryLevel = "ept"
	LevelCommune     TerritoryLevel = "commune"
	// LevelArrondissement is an arrondissement municipal of Paris, Lyon or Marseille.
	LevelArrondissement TerritoryLevel = "arrondissement"
	// LevelSector is a named operational sector ("Paris Nord").
	LevelSector TerritoryLevel = "secteur"
)

// TerritoryLevels lists the levels, from the widest.
var TerritoryLevels = []TerritoryLevel{LevelCountry, LevelRegion, LevelDepartement, LevelEPCI, LevelEPT, LevelCommune, LevelArrondissement, LevelSector}

// TerritoryID returns the node id of a territory from its level and code: "fr", "reg-11",
// "dep-93", "epci-200054781", "ept-200057867", "com-93066", "arr-75118", "sec-paris-nord".
func TerritoryID(level TerritoryLevel, code string) string {
	switch level {
	case LevelCountry:
		return "fr"
	case LevelRegion:
		return "reg-" + lowerASCII(code)
	case LevelDepartement:
		return "dep-" + lowerASCII(code)
	case LevelEPCI:
		return "epci-" + code
	case LevelEPT:
		return "ept-" + code
	case LevelCommune:
		return "com-" + lowerASCII(code)
	case LevelArrondissement:
		return "arr-" + code
	default:
		return "sec-" + Slugify(code)
	}
}

// Public is a target profile, aligned on data·inclusion "publics" (the slug is the id).
type Public struct {
	Meta
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	// Vocabulary names the vocabulary the slug comes from ("data-inclusion-v1", "maillage").
	Vocabulary string `json:"vocabulary,omitempty"`
}

func (p *Public) NodeMeta() *Meta { return &p.Meta }
func (p *Public) NodeKind() Kind  { return KindPublic }
func (p *Public) Label() string   { return p.Name }

// Thematique is a need or category, aligned on data·inclusion "thématiques" (the slug is the id;
// "logement-hebergement--etre-heberge" has the parent category "logement-hebergement").
type Thematique struct {
	Meta
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	// Parent is the id of the category of a leaf thematique; empty for a category.
	Parent     string `json:"parent,omitempty"`
	Vocabulary string `json:"vocabulary,omitempty"`
}

func (t *Thematique) NodeMeta() *Meta { return &t.Meta }
func (t *Thematique) NodeKind() Kind  { return KindThematique }
func (t *Thematique) Label() string   { return t.Name }

// Instance is a coordination body: comité stratégique partenarial, cellule d'orientation, CLSM…
type Instance struct {
	Meta
	Name        string   `json:"name"`
	Acronyms    []string `json:"acronyms,omitempty"`
	Description string   `json:"description,omitempty"`
	// Missions lists the body's objectives or work axes, one per entry.
	Missions []string `json:"missions,omitempty"`
	// Meetings records known meetings ("2023-01-26, salle Louise Michel, préfecture").
	Meetings []string `json:"meetings,omitempty"`
}

func (i *Instance) NodeMeta() *Meta { return &i.Meta }
func (i *Instance) NodeKind() Kind  { return KindInstance }
func (i *Instance) Label() string   { return i.Name }

// NewNode returns an empty node of the given kind.
func NewNode(k Kind) (Node, error) {
	switch k {
	case KindOrganisation:
		return &Organisation{}, nil
	case KindDispositif:
		return &Dispositif{}, nil
	case KindTerritory:
		return &Territory{}, nil
	case KindPublic:
		return &Public{}, nil
	case KindThematique:
		return &Thematique{}, nil
	case KindInstance:
		return &Instance{}, nil
	}
	return nil, Errorf(CodeBadUserInput, "Type de nœud inconnu : « %s ».", k)
}

// DecodeNode decodes the JSON of a node of kind k.
//
// Nodes are encoded with encoding/json and decoded with its successor (encoding/json/v2, as
// the go-json-experiment module): decoding is on every read path (a search page decodes its 20
// results, the reports and the index read the whole graph) and v2 decodes a dispositif about 3×
// faster with fewer allocations. What encoding/json writes decodes to the same node by both
// (TestDecodeNodeAsEncodingJSON): exact field names, valid UTF-8, no duplicate keys.
func DecodeNode(k Kind, data []byte) (Node, error) {
	n, err := NewNode(k)
	if err != nil {
		return nil, err
	}
	if err := jsonv2.Unmarshal(data, n); err != nil {
		return nil, fmt.Errorf("decode %s: %w", k, err)
	}
	return n, nil
}

// CloneNode returns a deep copy of n (through JSON, which is what every store persists).
func CloneNode(n Node) Node {
	data, err := json.Marshal(n)
	if err != nil {
		panic(fmt.Sprintf("graph: marshal %s: %v", n.NodeKind(), err))
	}
	c, err := DecodeNode(n.NodeKind(), data)
	if err != nil {
		panic(fmt.Sprintf("graph: clone %s: %v", n.NodeKind(), err))
	}
	return c
}
