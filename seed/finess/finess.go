// Package finess turns the real FINESS sample (FINESS-Structures, 13 August 2026) into listings:
// each open establishment of a category in Maillage's field becomes a Dispositif, operated by its
// entité juridique as an Organisation.
//
// FINESS states identity, category, address and sometimes a phone or e-mail; it says nothing of
// eligibility, access or service area, so those stay unknown. The establishment's commune is the
// only area known: it is recorded as both LOCATED_IN and COVERS.
package finess

import (
	"encoding/csv"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/seed/data"
	"github.com/maillage/maillage/seed/geo"
	"github.com/maillage/maillage/seed/vocab"
)

const file = "finess-structures-echantillon-20260813-ege.csv"

// Extracted is the date of the FINESS extract; listings carry it as their timestamps.
var Extracted = time.Date(2026, 8, 13, 0, 0, 0, 0, time.UTC)

// implied lists the publics and thematiques a FINESS category implies by definition, so that a
// listing with no other information can still be found by need.
var implied = map[string]struct{ publics, thematiques []string }{
	"214": {[]string{"personnes-sans-abri"}, []string{"logement-hebergement--rechercher-une-solution-dhebergement-temporaire"}},
	"219": {[]string{"personnes-sans-abri"}, []string{"logement-hebergement--rechercher-une-solution-dhebergement-temporaire"}},
	"443": {[]string{"demandeurs-dasile"}, []string{"logement-hebergement--rechercher-une-solution-dhebergement-temporaire"}},
	"442": {[]string{"refugies-bpi"}, []string{"logement-hebergement--rechercher-une-solution-dhebergement-temporaire"}},
	"180": {[]string{"personnes-sans-abri"}, []string{"sante--acces-aux-soins"}},
	"213": {[]string{"personnes-sans-abri"}, []string{"sante--acces-aux-soins"}},
	"165": {nil, []string{"sante--acces-aux-soins"}},
	"197": {[]string{"personnes-avec-addictions"}, []string{"sante--addictions"}},
	"178": {[]string{"personnes-avec-addictions"}, []string{"sante--addictions"}},
	"608": {nil, []string{"sante--acces-aux-soins"}},
	"258": {nil, []string{"logement-hebergement--louer-un-logement"}},
	"156": {nil, []string{"sante--sante-mentale"}},
	"425": {nil, []string{"sante--sante-mentale"}},
	"643": {[]string{"mineurs-non-accompagnes"}, nil},
}

// Report counts what Load did with the sample's rows.
type Report struct {
	Rows, Kept, Closed, OutOfField, Organisations                     int
	DroppedPhones, DroppedEmails, DroppedCoordinates, UnknownCommunes int
}

func (r Report) String() string {
	return fmt.Sprintf("%d lignes, %d établissements retenus, %d fermés, %d hors champ ; %d organisations ; écartés : %d téléphones, %d courriels, %d coordonnées invalides, %d communes inconnues",
		r.Rows, r.Kept, r.Closed, r.OutOfField, r.Organisations, r.DroppedPhones, r.DroppedEmails, r.DroppedCoordinates, r.UnknownCommunes)
}

func meta(id, ref string) graph.Meta {
	return graph.Meta{ID: id, Version: 1, CreatedAt: Extracted, UpdatedAt: Extracted,
		Sources: []graph.Source{{Dataset: "finess", Ref: ref + " (FINESS-Structures, 2026-08-13)"}}}
}

// Load reads the sample and returns the listings, their operators and their relations.
func Load(g *geo.Data) ([]graph.Node, []graph.Edge, Report, error) {
	var rep Report
	f, err := data.FINESS.Open("finess/" + file)
	if err != nil {
		return nil, nil, rep, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	header, err := r.Read()
	if err != nil {
		return nil, nil, rep, err
	}
	col := map[string]int{}
	for i, h := range header {
		col[h] = i
	}
	orgs := map[string]*graph.Organisation{}
	var nodes []graph.Node
	var edges []graph.Edge
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, rep, fmt.Errorf("%s: %w", file, err)
		}
		rep.Rows++
		v := func(name string) string { return strings.TrimSpace(rec[col[name]]) }
		if v("etatObjet") != "A" {
			rep.Closed++
			continue
		}
		cat := v("categorieentiteGeographiqueExercice")
		typ, ok := vocab.FINESSCategoryType(cat)
		if !ok {
			rep.OutOfField++
			continue
		}
		rep.Kept++
		ej := v("numFinessPm")
		orgID := "org-finess-" + strings.ToLower(ej)
		if orgs[orgID] == nil {
			orgs[orgID] = &graph.Organisation{Meta: meta(orgID, "entité juridique "+ej), Name: v("denominationPm"),
				Type: vocab.FINESSLegalStatusType(v("statutJuridique")), FINESS: ej}
		}
		eg := v("numFinessEge")
		id := "dsp-finess-" + strings.ToLower(eg)
		name := v("nomEgeLong")
		if name == "" {
			name = v("nomEgeCourt")
		}
		d := &graph.Dispositif{Meta: meta(id, "établissement "+eg), Name: name, Type: typ, FINESS: eg, Status: "active",
			StartedOn: v("dateOuverture"), Description: "Établissement FINESS, catégorie " + cat + "."}
		d.Address = address(v, &rep)
		if p := v("telephone"); p != "" {
			if graph.ValidPhone(p) {
				d.Contacts = append(d.Contacts, graph.Contact{Kind: "phone", Value: p})
			} else {
				rep.DroppedPhones++
			}
		}
		if m := v("courriel"); m != "" {
			if graph.ValidEmail(m) {
				d.Contacts = append(d.Contacts, graph.Contact{Kind: "email", Value: m})
			} else {
				rep.DroppedEmails++
			}
		}
		nodes = append(nodes, d)
		src := &graph.Source{Dataset: "finess", Ref: "établissement " + eg}
		edges = append(edges, graph.Edge{Type: graph.Operates, From: orgID, To: id, Source: src, CreatedAt: Extracted})
		if c := v("cogCommune"); c != "" && g.Commune(c) != nil {
			level := graph.LevelCommune
			if g.Commune(c).Arrondissement() {
				level = graph.LevelArrondissement
			}
			tid := graph.TerritoryID(level, c)
			edges = append(edges,
				graph.Edge{Type: graph.LocatedIn, From: id, To: tid, Source: src, CreatedAt: Extracted},
				graph.Edge{Type: graph.Covers, From: id, To: tid, Source: src, CreatedAt: Extracted})
		} else {
			rep.UnknownCommunes++
		}
		for _, p := range implied[cat].publics {
			edges = append(edges, graph.Edge{Type: graph.Serves, From: id, To: p, Source: &graph.Source{Dataset: "maillage", Ref: "implicite par la catégorie FINESS " + cat}, CreatedAt: Extracted})
		}
		for _, t := range implied[cat].thematiques {
			edges = append(edges, graph.Edge{Type: graph.About, From: id, To: t, Source: &graph.Source{Dataset: "maillage", Ref: "implicite par la catégorie FINESS " + cat}, CreatedAt: Extracted})
		}
	}
	ids := make([]string, 0, len(orgs))
	for id := range orgs {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		nodes = append(nodes, orgs[id])
	}
	rep.Organisations = len(orgs)
	return nodes, edges, rep, nil
}

// address builds the establishment's address; coordinates are kept only when they are valid
// WGS84 (one source row has projected metres in the longitude column).
func address(v func(string) string, rep *Report) *graph.Address {
	street := strings.Join(strings.Fields(v("numeroVoie")+" "+v("typeVoie")+" "+v("libelleVoie")), " ")
	a := &graph.Address{Street: street, Complement: v("complementVoie"), PostalCode: v("codePostal"), CommuneCode: v("cogCommune")}
	if _, city, ok := strings.Cut(v("ligneAcheminement"), " "); ok && strings.HasPrefix(v("ligneAcheminement"), a.PostalCode) {
		a.City = city
	} else {
		a.City = v("ligneAcheminement")
	}
	if len(a.PostalCode) != 5 {
		a.PostalCode = ""
	}
	lon, err1 := strconv.ParseFloat(v("coordonneeX"), 64)
	lat, err2 := strconv.ParseFloat(v("coordonneeY"), 64)
	if err1 == nil && err2 == nil {
		if lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90 {
			a.Lat, a.Lon = &lat, &lon
		} else {
			rep.DroppedCoordinates++
		}
	}
	return a
}
