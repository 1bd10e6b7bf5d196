package opendata

import (
	"context"
	"io"
	"strings"

	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/seed/vocab"
)

// DISource is the data·inclusion "source" of Maillage's exports.
const DISource = "maillage"

// diStructure and diService are the data·inclusion schema v1 objects (fields Maillage knows).
type diStructure struct {
	Source      string  `json:"source"`
	ID          string  `json:"id"`
	Nom         string  `json:"nom"`
	DateMaj     string  `json:"date_maj"`
	Description *string `json:"description"`
	Siret       *string `json:"siret"`
	Telephone   *string `json:"telephone"`
	Courriel    *string `json:"courriel"`
	SiteWeb     *string `json:"site_web"`
	diAddressOut
	HorairesAccueil *string `json:"horaires_accueil"`
}

type diService struct {
	Source            string   `json:"source"`
	StructureID       string   `json:"structure_id"`
	ID                string   `json:"id"`
	Nom               string   `json:"nom"`
	Description       string   `json:"description"`
	DateMaj           string   `json:"date_maj"`
	Thematiques       []string `json:"thematiques"`
	Publics           []string `json:"publics"`
	Frais             *string  `json:"frais"`
	ModesMobilisation []string `json:"modes_mobilisation"`
	MobilisablePar    []string `json:"mobilisable_par"`
	ConditionsAcces   *string  `json:"conditions_acces"`
	Telephone         *string  `json:"telephone"`
	Courriel          *string  `json:"courriel"`
	diAddressOut
	HorairesAccueil *string  `json:"horaires_accueil"`
	ZoneEligibilite []string `json:"zone_eligibilite"`
}

func opt(s string) *string {
	if s = strings.TrimSpace(s); s == "" {
		return nil
	}
	return &s
}

// diName fits a name to the schema's 3 to 150 characters.
func diName(s string) string {
	s = cut(strings.TrimSpace(s), 150)
	for len([]rune(s)) < 3 {
		s += "_"
	}
	return s
}

func diDescription(s string) *string {
	s = cut(strings.TrimSpace(s), 10000)
	if len([]rune(s)) < 5 {
		return nil
	}
	return &s
}

// diAddressOut is the exported address part of a structure and of a service (the JSON fields are the
// same in both, flattened into each by encoding/json).
type diAddressOut struct {
	Adresse       *string  `json:"adresse"`
	ComplementAdr *string  `json:"complement_adresse"`
	CodePostal    *string  `json:"code_postal"`
	CodeInsee     *string  `json:"code_insee"`
	Commune       *string  `json:"commune"`
	Latitude      *float64 `json:"latitude"`
	Longitude     *float64 `json:"longitude"`
}

func diAddressOf(a *graph.Address) diAddressOut {
	if a == nil {
		return diAddressOut{}
	}
	return diAddressOut{opt(a.Street), opt(a.Complement), opt(a.PostalCode), opt(a.CommuneCode), opt(a.City), a.Lat, a.Lon}
}

// orphanStructureID is the structure a listing without a known operator is exported under:
// data·inclusion requires one for every service.
func orphanStructureID(d *graph.Dispositif) string { return "structure-" + d.ID }

// ExportDIStructures writes the data·inclusion v1 structures (a JSON array): the published
// organisations operating at least one published listing, and one structure per listing
// without a known operator (named after it).
func ExportDIStructures(ctx context.Context, s graph.Store, w io.Writer) (int, error) {
	aw := newArrayWriter(w, "[", "]")
	seen := map[string]bool{}
	err := ScanListings(ctx, s, func(l Listing) error {
		if o := l.Operator; o != nil {
			if seen[o.ID] {
				return nil
			}
			seen[o.ID] = true
			st := diStructure{Source: DISource, ID: o.ID, Nom: diName(o.Name), DateMaj: date(o.UpdatedAt), Description: diDescription(o.Description),
				Siret: opt(o.SIRET), Telephone: opt(firstContact(o.Contacts, "phone")), Courriel: opt(firstContact(o.Contacts, "email")), SiteWeb: opt(firstContact(o.Contacts, "website"))}
			st.diAddressOut = diAddressOf(o.Address)
			return aw.add(st)
		}
		d := l.D
		st := diStructure{Source: DISource, ID: orphanStructureID(d), Nom: diName(d.Name), DateMaj: date(d.UpdatedAt),
			Telephone: opt(firstContact(d.Contacts, "phone")), Courriel: opt(firstContact(d.Contacts, "email")), SiteWeb: opt(firstContact(d.Contacts, "website"))}
		st.diAddressOut = diAddressOf(d.Address)
		return aw.add(st)
	})
	if err != nil {
		return aw.n, err
	}
	return aw.n, aw.finish()
}

// ExportDIServices writes the published listings as data·inclusion v1 services (a JSON array).
func ExportDIServices(ctx context.Context, s graph.Store, w io.Writer) (int, error) {
	aw := newArrayWriter(w, "[", "]")
	err := ScanListings(ctx, s, func(l Listing) error {
		return aw.add(diServiceOf(l))
	})
	if err != nil {
		return aw.n, err
	}
	return aw.n, aw.finish()
}

func diServiceOf(l Listing) diService {
	d := l.D
	sv := diService{Source: DISource, ID: d.ID, Nom: diName(d.Name), DateMaj: date(d.UpdatedAt),
		Telephone: opt(firstContact(d.Contacts, "phone")), Courriel: opt(firstContact(d.Contacts, "email")),
		Frais: opt(d.Cost), ConditionsAcces: opt(d.Eligibility.Conditions), HorairesAccueil: opt(d.OpeningHours)}
	if l.Operator != nil {
		sv.StructureID = l.Operator.ID
	} else {
		sv.StructureID = orphanStructureID(d)
	}
	if desc := diDescription(d.Description); desc != nil {
		sv.Description = *desc
	} else {
		sv.Description = graph.DispositifTypes.LabelOf(d.Type) + " : " + d.Name
	}
	sv.diAddressOut = diAddressOf(d.Address)
	for _, t := range l.Thematiques {
		if vocab.Thematiques.Has(t) {
			sv.Thematiques = addUnique(sv.Thematiques, t)
		}
	}
	for _, p := range l.Publics {
		sv.Publics = addUnique(sv.Publics, vocab.DataInclusionPublics(p)...)
	}
	for _, m := range d.AccessModes {
		if vocab.ModesMobilisation.Has(m) {
			sv.ModesMobilisation = addUnique(sv.ModesMobilisation, m)
		}
		switch m {
		case "orientation-professionnel", "via-siao-115", "commission":
			sv.MobilisablePar = addUnique(sv.MobilisablePar, "professionnels")
		case "acces-direct", "telephoner", "se-presenter", "envoyer-un-courriel", "sur-rendez-vous":
			sv.MobilisablePar = addUnique(sv.MobilisablePar, "usagers")
		}
	}
	for _, a := range l.Areas {
		if code := zoneCode(a); code != "" {
			sv.ZoneEligibilite = addUnique(sv.ZoneEligibilite, code)
		}
	}
	return sv
}

// zoneCode turns a territory id into a data·inclusion zone code: commune INSEE code,
// département code, EPCI SIREN, or "france".
func zoneCode(id string) string {
	switch {
	case id == "fr":
		return "france"
	case strings.HasPrefix(id, "com-"), strings.HasPrefix(id, "arr-"):
		return strings.ToUpper(id[4:])
	case strings.HasPrefix(id, "dep-"):
		return strings.ToUpper(id[4:])
	case strings.HasPrefix(id, "epci-"), strings.HasPrefix(id, "ept-"):
		return id[strings.Index(id, "-")+1:]
	}
	return ""
}
