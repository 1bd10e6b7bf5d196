package opendata

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/graph/hours"
	"github.com/maillage/maillage/seed/geo"
)

// HSDS 3.0 objects (Open Referral), the fields Maillage fills. Ids are UUIDs derived from
// Maillage ids (UUID), so that they are stable from one export to the next.
type hsdsService struct {
	ID                   string          `json:"id"`
	Name                 string          `json:"name"`
	Description          string          `json:"description,omitempty"`
	Email                string          `json:"email,omitempty"`
	URL                  string          `json:"url,omitempty"`
	Status               string          `json:"status"`
	ApplicationProcess   string          `json:"application_process,omitempty"`
	FeesDescription      string          `json:"fees_description,omitempty"`
	EligibilityDesc      string          `json:"eligibility_description,omitempty"`
	MinimumAge           *int            `json:"minimum_age,omitempty"`
	MaximumAge           *int            `json:"maximum_age,omitempty"`
	LastModified         string          `json:"last_modified"`
	Organization         *hsdsOrg        `json:"organization,omitempty"`
	Phones               []hsdsPhone     `json:"phones"`
	Schedules            []hsdsSchedule  `json:"schedules"`
	ServiceAreas         []hsdsArea      `json:"service_areas"`
	ServiceAtLocations   []hsdsSAL       `json:"service_at_locations"`
	Languages            []hsdsLanguage  `json:"languages"`
	Attributes           []hsdsAttribute `json:"attributes"`
	OrganizationID       string          `json:"organization_id,omitempty"`
	AlternateName        string          `json:"alternate_name,omitempty"`
	InterpretationServic string          `json:"interpretation_services,omitempty"`
}

type hsdsOrg struct {
	ID          string      `json:"id"`
	Name        string      `json:"name"`
	Description string      `json:"description"`
	Email       string      `json:"email,omitempty"`
	Website     string      `json:"website,omitempty"`
	Phones      []hsdsPhone `json:"phones"`
}

type hsdsPhone struct {
	ID          string `json:"id"`
	Number      string `json:"number"`
	Description string `json:"description,omitempty"`
}

type hsdsSchedule struct {
	ID          string   `json:"id"`
	ServiceID   string   `json:"service_id,omitempty"`
	Freq        string   `json:"freq,omitempty"`
	Byday       string   `json:"byday,omitempty"`
	OpensAt     string   `json:"opens_at,omitempty"`
	ClosesAt    string   `json:"closes_at,omitempty"`
	Timezone    *float64 `json:"timezone,omitempty"`
	Description string   `json:"description,omitempty"`
}

type hsdsArea struct {
	ID          string `json:"id"`
	ServiceID   string `json:"service_id,omitempty"`
	Name        string `json:"name,omitempty"`
	Description string `json:"description,omitempty"`
	URI         string `json:"uri,omitempty"`
}

type hsdsSAL struct {
	ID       string       `json:"id"`
	Location hsdsLocation `json:"location"`
}

type hsdsLocation struct {
	ID           string        `json:"id"`
	LocationType string        `json:"location_type"`
	Name         string        `json:"name,omitempty"`
	Latitude     *float64      `json:"latitude,omitempty"`
	Longitude    *float64      `json:"longitude,omitempty"`
	Addresses    []hsdsAddress `json:"addresses"`
}

type hsdsAddress struct {
	ID            string `json:"id"`
	Address1      string `json:"address_1"`
	Address2      string `json:"address_2,omitempty"`
	City          string `json:"city"`
	StateProvince string `json:"state_province"`
	PostalCode    string `json:"postal_code"`
	Country       string `json:"country"`
	AddressType   string `json:"address_type"`
}

type hsdsLanguage struct {
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
	Code string `json:"code,omitempty"`
}

type hsdsAttribute struct {
	ID             string `json:"id"`
	LinkID         string `json:"link_id,omitempty"`
	LinkType       string `json:"link_type,omitempty"`
	Value          string `json:"value,omitempty"`
	TaxonomyTermID string `json:"taxonomy_term_id"`
}

// ExportHSDS writes the published listings as HSDS 3.0 services, each complete (organization,
// phones, schedules, locations with addresses, service areas, thematiques and publics as
// attributes), in a JSON array.
func ExportHSDS(ctx context.Context, s graph.Store, w io.Writer, departement func(commune string) string) (int, error) {
	aw := newArrayWriter(w, "[", "]")
	err := ScanListings(ctx, s, func(l Listing) error {
		return aw.add(hsdsServiceOf(l, departement))
	})
	if err != nil {
		return aw.n, err
	}
	return aw.n, aw.finish()
}

var hsdsStatus = map[string]string{"active": "active", "temporarily_closed": "temporarily closed", "closed": "defunct"}

func hsdsServiceOf(l Listing, departement func(string) string) hsdsService {
	d := l.D
	sid := UUID(d.ID)
	sv := hsdsService{ID: sid, Name: d.Name, Description: d.Description, Status: hsdsStatus[d.Status],
		Email: firstContact(d.Contacts, "email"), URL: firstContact(d.Contacts, "website"),
		ApplicationProcess: d.AccessNotes, EligibilityDesc: d.Eligibility.Conditions,
		MinimumAge: d.Eligibility.AgeMin, MaximumAge: d.Eligibility.AgeMax,
		LastModified: d.UpdatedAt.UTC().Format("2006-01-02T15:04:05.000Z"),
		Phones:       []hsdsPhone{}, Schedules: []hsdsSchedule{}, ServiceAreas: []hsdsArea{}, ServiceAtLocations: []hsdsSAL{},
		Languages: []hsdsLanguage{}, Attributes: []hsdsAttribute{}}
	if sv.Status == "" {
		sv.Status = "active"
	}
	switch d.Cost {
	case "gratuit":
		sv.FeesDescription = "Gratuit"
	case "payant":
		sv.FeesDescription = "Payant"
	}
	for i, c := range d.Contacts {
		if c.Kind == "phone" {
			sv.Phones = append(sv.Phones, hsdsPhone{ID: UUID(fmt.Sprintf("%s/phone/%d", d.ID, i)), Number: c.Value, Description: c.Label})
		}
	}
	if o := l.Operator; o != nil {
		org := &hsdsOrg{ID: UUID(o.ID), Name: o.Name, Description: o.Description, Email: firstContact(o.Contacts, "email"),
			Website: firstContact(o.Contacts, "website"), Phones: []hsdsPhone{}}
		if org.Description == "" {
			org.Description = o.Name
		}
		for i, c := range o.Contacts {
			if c.Kind == "phone" {
				org.Phones = append(org.Phones, hsdsPhone{ID: UUID(fmt.Sprintf("%s/phone/%d", o.ID, i)), Number: c.Value})
			}
		}
		sv.Organization, sv.OrganizationID = org, org.ID
	}
	if d.OpeningHours != "" {
		if sch, err := hours.Parse(d.OpeningHours); err == nil {
			for i, r := range sch.Rules {
				if r.Off || r.PublicHolidays {
					continue
				}
				byday := strings.ToUpper(strings.Join(r.DayCodes(), ","))
				for j, sp := range r.Spans {
					sv.Schedules = append(sv.Schedules, hsdsSchedule{ID: UUID(fmt.Sprintf("%s/schedule/%d/%d", d.ID, i, j)), ServiceID: sid,
						Freq: "WEEKLY", Byday: byday, OpensAt: sp.Opens(), ClosesAt: sp.Closes(), Description: d.OpeningHours})
				}
			}
		}
		if len(sv.Schedules) == 0 {
			sv.Schedules = append(sv.Schedules, hsdsSchedule{ID: UUID(d.ID + "/schedule"), ServiceID: sid, Description: d.OpeningHours})
		}
	} else if d.HoursNote != "" {
		sv.Schedules = append(sv.Schedules, hsdsSchedule{ID: UUID(d.ID + "/schedule"), ServiceID: sid, Description: d.HoursNote})
	}
	if a := d.Address; a != nil {
		loc := hsdsLocation{ID: UUID(d.ID + "/location"), LocationType: "physical", Name: d.Name, Latitude: a.Lat, Longitude: a.Lon, Addresses: []hsdsAddress{}}
		if a.Street != "" && a.City != "" && a.PostalCode != "" {
			loc.Addresses = append(loc.Addresses, hsdsAddress{ID: UUID(d.ID + "/address"), Address1: a.Street, Address2: a.Complement, City: a.City,
				StateProvince: departement(a.CommuneCode), PostalCode: a.PostalCode, Country: "FR", AddressType: "physical"})
		}
		sv.ServiceAtLocations = append(sv.ServiceAtLocations, hsdsSAL{ID: UUID(d.ID + "/sal"), Location: loc})
	}
	for _, t := range l.Areas {
		sv.ServiceAreas = append(sv.ServiceAreas, hsdsArea{ID: UUID(d.ID + "/area/" + t), ServiceID: sid, Name: t,
			Description: "Territoire couvert (code Maillage ; INSEE : " + zoneCode(t) + ")"})
	}
	for _, v := range append(append([]string{}, l.Thematiques...), l.Publics...) {
		sv.Attributes = append(sv.Attributes, hsdsAttribute{ID: UUID(d.ID + "/attr/" + v), LinkID: sid, LinkType: "service", Value: v, TaxonomyTermID: UUID("taxonomy/" + v)})
	}
	for i, lang := range d.Languages {
		sv.Languages = append(sv.Languages, hsdsLanguage{ID: UUID(fmt.Sprintf("%s/lang/%d", d.ID, i)), Name: lang})
	}
	return sv
}

// DepartementNames returns the function HSDS exports use for state_province: the name of the
// département of a commune ("Seine-Saint-Denis"), "France" when unknown.
func DepartementNames(g *geo.Data) func(commune string) string {
	return func(code string) string {
		if c := g.Resolve(code); c != nil {
			if d := g.Departement(c.Departement); d != nil {
				return d.Name
			}
		}
		return "France"
	}
}
