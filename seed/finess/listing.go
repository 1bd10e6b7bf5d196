package finess

import (
	"strconv"
	"strings"

	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/seed/geo"
	"github.com/maillage/maillage/seed/vocab"
)

// builder accumulates the listings of the rows kept.
type builder struct {
	geo   *geo.Data
	rep   *Report
	orgs  map[string]*graph.Organisation
	seen  map[string]bool
	nodes []graph.Node
	edges []graph.Edge
}

func meta(id, ref string) graph.Meta {
	return graph.Meta{ID: id, Version: 1, CreatedAt: Extracted, UpdatedAt: Extracted,
		Sources: []graph.Source{{Dataset: "finess", Ref: ref + refSuffix}}}
}

// add turns one source row into a dispositif, its operator and their edges, or counts why not.
func (b *builder) add(r row) {
	eg := r.get("numFinessEge")
	cat := r.get("categorieentiteGeographiqueExercice")
	name := r.get("nomEgeLong")
	if name == "" {
		name = r.get("nomEgeCourt")
	}
	if r.get("etatObjet") != "A" {
		b.rep.SkippedClosed++
		return
	}
	typ, ok := vocab.FINESSCategoryType(cat)
	if !ok {
		b.rep.SkippedOutOfField++
		return
	}
	if b.seen[eg] || strings.HasPrefix(strings.ToUpper(name), "DOUBLON") {
		b.rep.SkippedDuplicate++
		return
	}
	b.seen[eg] = true
	if refined := refineType(cat, typ, name+" "+r.get("nomEgeCourt")); refined != typ {
		typ = refined
		b.rep.Refined++
	}
	d := &graph.Dispositif{
		Meta: meta(DispositifID(eg), eg), Name: name, Type: typ, FINESS: eg, Status: "active",
		StartedOn:   r.get("dateOuverture"),
		Description: "Établissement enregistré au FINESS, catégorie " + cat + " « " + vocab.FINESSCategoryLabel(cat) + " ».",
	}
	var commune *geo.Commune
	d.Address, commune = b.address(r)
	d.Contacts = b.contacts(r)
	ej := r.get("numFinessPm")
	org := b.orgs[OrganisationID(ej)]
	if org == nil {
		org = organisation(r)
	}
	if err := d.Validate(); err != nil {
		b.rep.SkippedInvalid++
		return
	}
	if err := org.Validate(); err != nil {
		b.rep.SkippedInvalid++
		return
	}
	b.orgs[org.ID] = org
	b.nodes = append(b.nodes, d)
	b.rep.ByType[typ]++

	src := &graph.Source{Dataset: "finess", Ref: eg + refSuffix}
	link := func(t graph.RelationType, from, to string, s *graph.Source) {
		b.edges = append(b.edges, graph.Edge{Type: t, From: from, To: to, Source: s, CreatedAt: Extracted})
	}
	link(graph.Operates, org.ID, d.ID, src)
	if commune != nil {
		// FINESS gives no service area: the establishment's own commune (or arrondissement
		// municipal) is the only area known to be covered.
		link(graph.LocatedIn, d.ID, commune.TerritoryID(), src)
		link(graph.Covers, d.ID, commune.TerritoryID(), src)
	}
	imp := implied(cat, typ, name+" "+r.get("nomEgeCourt"))
	why := &graph.Source{Dataset: "maillage", Ref: "déduit de la catégorie FINESS " + cat + " (" + typ + ")"}
	for _, p := range imp.publics {
		link(graph.Serves, d.ID, p, why)
	}
	for _, t := range imp.thematiques {
		link(graph.About, d.ID, t, why)
	}
}

// organisation builds the entité juridique operating an establishment.
func organisation(r row) *graph.Organisation {
	ej := r.get("numFinessPm")
	status := r.get("statutJuridique")
	o := &graph.Organisation{
		Meta: meta(OrganisationID(ej), ej), Name: r.get("denominationPm"), FINESS: ej,
		Type: vocab.FINESSLegalStatusType(status),
	}
	if label := vocab.FINESSLegalStatusLabel(status); label != "" {
		o.Description = "Entité juridique enregistrée au FINESS, statut juridique « " + label + " »."
	}
	return o
}

// address builds the establishment's address and finds its commune in the geography (by its
// current INSEE code, or a former one for communes merged since). Coordinates are kept only
// when they are valid WGS84 degrees: one source row has projected metres in their place.
func (b *builder) address(r row) (*graph.Address, *geo.Commune) {
	a := &graph.Address{
		Street:      strings.Join(strings.Fields(r.get("numeroVoie")+" "+r.get("typeVoie")+" "+r.get("libelleVoie")), " "),
		Complement:  joinNonEmpty(", ", r.get("complementVoie"), r.get("lieuDit")),
		PostalCode:  r.get("codePostal"),
		City:        strings.TrimSpace(strings.TrimPrefix(r.get("ligneAcheminement"), r.get("codePostal"))),
		CommuneCode: r.get("cogCommune"),
	}
	if len(a.PostalCode) != 5 {
		a.PostalCode = ""
	}
	commune := b.geo.Resolve(a.CommuneCode)
	if commune != nil {
		a.CommuneCode = commune.Code
	} else if a.CommuneCode != "" || a.City != "" {
		b.rep.UnknownCommunes++
	}
	x, y := r.get("coordonneeX"), r.get("coordonneeY")
	if x != "" && y != "" {
		lon, errX := strconv.ParseFloat(x, 64)
		lat, errY := strconv.ParseFloat(y, 64)
		if errX == nil && errY == nil && lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90 {
			a.Lat, a.Lon = &lat, &lon
		} else {
			b.rep.InvalidCoordinates++
		}
	}
	return a, commune
}

// contacts returns the phone and e-mail of the source, each only when valid.
func (b *builder) contacts(r row) []graph.Contact {
	var cs []graph.Contact
	if p := r.get("telephone"); p != "" {
		if graph.ValidPhone(p) {
			cs = append(cs, graph.Contact{Kind: "phone", Value: p})
		} else {
			b.rep.InvalidPhones++
		}
	}
	if m := r.get("courriel"); m != "" {
		if graph.ValidEmail(m) {
			cs = append(cs, graph.Contact{Kind: "email", Value: m})
		} else {
			b.rep.InvalidEmails++
		}
	}
	return cs
}

func joinNonEmpty(sep string, parts ...string) string {
	var kept []string
	for _, p := range parts {
		if p != "" {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, sep)
}

// refineType reads the type of an establishment of the catch-all category 219 ("Autre Centre
// d'Accueil", mapped to "hu") from its names, which in the sample say "ACCUEIL DE JOUR",
// "CAJ", "MARAUDE", "PERMANENCE DE RUE", "SIAO 74" or "SERVICE 115". Other categories keep the
// type of their category.
func refineType(cat, typ, names string) string {
	if cat != "219" {
		return typ
	}
	words := " " + strings.ReplaceAll(graph.Slugify(names), "-", " ") + " "
	has := func(s string) bool { return strings.Contains(words, " "+s+" ") }
	switch {
	case has("accueil de jour") || has("centre de jour") || has("caj"):
		return "accueil-de-jour"
	case has("maraude") || has("permanence de rue"):
		return "maraude"
	case has("siao"):
		return "siao"
	case has("115"):
		return "115"
	}
	return typ
}
