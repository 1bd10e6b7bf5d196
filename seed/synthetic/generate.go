package synthetic

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/maillage/maillage/graph"
)

func intp(i int) *int { return &i }

// organisations emits the public bodies of each département and région (funders), then the
// other organisations placed by population.
func (g *generator) organisations() error {
	g.deps = map[string]*depState{}
	g.orgsByDep = map[string][]orgRef{}
	regions := map[string]string{}
	depPlace := map[string]int{}
	for i, p := range g.places {
		if _, ok := depPlace[p.Departement]; !ok || g.places[depPlace[p.Departement]].Population < p.Population {
			depPlace[p.Departement] = i // the most populous commune hosts the département's bodies
		}
	}
	for d := range depPlace {
		g.depCodes = append(g.depCodes, d)
	}
	slices.Sort(g.depCodes)
	for _, d := range g.depCodes {
		p := g.places[depPlace[d]]
		st := &depState{}
		g.deps[d] = st
		ars, ok := regions[p.Region]
		if !ok {
			ars = g.nextOrg()
			regions[p.Region] = ars
			if err := g.addOrg(ars, "agence-sante", "Agence régionale de santé (région "+p.Region+")", depPlace[d], graph.TerritoryID(graph.LevelRegion, p.Region)); err != nil {
				return err
			}
		}
		st.ars = ars
		st.etat = g.nextOrg()
		if err := g.addOrg(st.etat, "etat", "Direction départementale de l'emploi, du travail et des solidarités ("+d+")", depPlace[d], graph.TerritoryID(graph.LevelDepartement, d)); err != nil {
			return err
		}
		st.cd = g.nextOrg()
		if err := g.addOrg(st.cd, "collectivite", "Conseil départemental ("+d+")", depPlace[d], graph.TerritoryID(graph.LevelDepartement, d)); err != nil {
			return err
		}
	}
	for g.orgSeq < g.size.Organisations {
		i := g.place()
		typ := pick(g.rng, orgTypes)
		id := g.nextOrg()
		name := orgName(typ, g.rng.IntN(len(qualifiers)), g.places[i].Name)
		cover := graph.TerritoryID(graph.LevelCommune, g.places[i].CommuneCode)
		if typ == "collectivite" || g.rng.IntN(10) == 0 {
			cover = graph.TerritoryID(graph.LevelDepartement, g.places[i].Departement)
		}
		if err := g.addOrg(id, typ, name, i, cover); err != nil {
			return err
		}
		g.orgsByDep[g.places[i].Departement] = append(g.orgsByDep[g.places[i].Departement], orgRef{id, typ, i})
	}
	return nil
}

func orgName(typ string, q int, commune string) string {
	switch typ {
	case "ccas":
		return "CCAS de " + commune
	case "collectivite":
		return "Commune de " + commune
	case "etablissement-sante":
		return "Centre hospitalier " + qualifiers[q] + " — " + commune
	case "bailleur-social":
		return "Habitat " + qualifiers[q] + " — " + commune
	case "fondation":
		return "Fondation " + qualifiers[q]
	}
	return "Association " + qualifiers[q] + " — " + commune
}

func (g *generator) addOrg(id, typ, name string, place int, cover string) error {
	p := g.places[place]
	o := &graph.Organisation{Meta: g.meta(id), Name: name, Type: typ, Address: g.address(p),
		Contacts: g.contacts(), Description: g.description()}
	return g.add(o,
		g.edge(graph.LocatedIn, id, graph.TerritoryID(graph.LevelCommune, p.CommuneCode)),
		g.edge(graph.Covers, id, cover))
}

func (g *generator) address(p Place) *graph.Address {
	a := &graph.Address{Street: fmt.Sprintf("%d rue %s", 1+g.rng.IntN(120), qualifiers[g.rng.IntN(len(qualifiers))]), City: p.Name, CommuneCode: p.CommuneCode}
	if p.HasCentre {
		lat, lon := p.Lat+(g.rng.Float64()-0.5)*0.02, p.Lon+(g.rng.Float64()-0.5)*0.02
		a.Lat, a.Lon = &lat, &lon
	}
	return a
}

// contacts returns fictitious contacts only: the 01 99 00 xx xx range and example.org.
func (g *generator) contacts() []graph.Contact {
	n := g.rng.IntN(10000)
	return []graph.Contact{
		{Kind: "phone", Value: fmt.Sprintf("01 99 00 %02d %02d", n/100, n%100), Label: "Accueil"},
		{Kind: "email", Value: fmt.Sprintf("contact-%06d@example.org", g.rng.IntN(1000000))},
	}
}

func (g *generator) description() string {
	n := 3 + g.rng.IntN(3)
	parts := make([]string, n)
	for i := range parts {
		parts[i] = phrases[g.rng.IntN(len(phrases))]
	}
	return strings.Join(parts, " ")
}

// dispositifs emits the SIAO and 115 of each département, then dispositifs run by the
// organisations, each with its relations.
func (g *generator) dispositifs() error {
	for _, d := range g.depCodes {
		st := g.deps[d]
		dep := graph.TerritoryID(graph.LevelDepartement, d)
		st.siao = g.nextDsp()
		siao := &graph.Dispositif{Meta: g.meta(st.siao), Name: "SIAO (" + d + ")", Acronyms: []string{"SIAO"}, Type: "siao", Status: "active",
			Description: g.description(), AccessModes: []string{"orientation-professionnel"}, OpeningHours: "Mo-Fr 09:00-17:00", Contacts: g.contacts()}
		if err := g.add(siao, g.edge(graph.Operates, st.etat, st.siao), g.edge(graph.Covers, st.siao, dep), g.fund(st.etat, st.siao)); err != nil {
			return err
		}
		line := g.nextDsp()
		l := &graph.Dispositif{Meta: g.meta(line), Name: "115 (" + d + ")", Acronyms: []string{"115"}, Type: "115", Status: "active",
			Description: g.description(), AccessModes: []string{"telephoner", "acces-direct"}, OpeningHours: "24/7", Contacts: []graph.Contact{{Kind: "phone", Value: "115"}}}
		if err := g.add(l, g.edge(graph.Operates, st.etat, line), g.edge(graph.Covers, line, dep), g.edge(graph.Coordinates, st.siao, line),
			g.edge(graph.RefersTo, line, st.siao)); err != nil {
			return err
		}
		st.dispositifs = append(st.dispositifs, st.siao, line)
	}
	for g.dspSeq < g.size.Dispositifs {
		i := g.place()
		p := g.places[i]
		orgs := g.orgsByDep[p.Departement]
		if len(orgs) == 0 {
			continue
		}
		op := orgs[g.rng.IntN(len(orgs))]
		if err := g.dispositif(op, p); err != nil {
			return err
		}
	}
	return nil
}

func (g *generator) fund(from, to string) graph.Edge {
	e := g.edge(graph.Funds, from, to)
	amount := float64(5000 * (1 + g.rng.IntN(60)))
	e.Amount, e.Year = &amount, intp(2022+g.rng.IntN(4))
	return e
}

func (g *generator) dispositif(op orgRef, p Place) error {
	st := g.deps[p.Departement]
	typ := pick(g.rng, dspTypesByOrg[op.typ])
	id := g.nextDsp()
	d := &graph.Dispositif{Meta: g.meta(id), Type: typ, Status: "active", Description: g.description(), Contacts: g.contacts(),
		Address: g.address(p), Eligibility: g.eligibility(typ)}
	d.Name = graph.DispositifTypes.LabelOf(typ)
	if k := strings.Index(d.Name, " ("); k > 0 {
		d.Name = d.Name[:k]
	}
	d.Name += " " + qualifiers[g.rng.IntN(len(qualifiers))] + " — " + p.Name
	switch x := g.rng.IntN(100); {
	case x < 3:
		d.Status = "temporarily_closed"
	case x < 5:
		d.Status = "closed"
	}
	verified := Reference.Add(-time.Duration(g.rng.IntN(3*365*24)) * time.Hour)
	if g.rng.IntN(5) > 0 {
		d.LastVerifiedAt = &verified
	}
	d.AccessModes = []string{pick(g.rng, []weighted[string]{{"acces-direct", 4}, {"orientation-professionnel", 4}, {"sur-rendez-vous", 3}, {"via-siao-115", 1}})}
	if needsSIAO[typ] {
		d.AccessModes = []string{"via-siao-115"}
	}
	if g.rng.IntN(3) == 0 {
		places := 5 + g.rng.IntN(80)
		d.Capacity.Places = &places
	}
	if g.rng.IntN(2) == 0 {
		d.OpeningHours = pick(g.rng, []weighted[string]{{"Mo-Fr 09:00-12:00,14:00-17:00", 5}, {"Mo-Fr 08:30-17:30", 3}, {"24/7", 2}, {"Tu,Th 14:00-17:00", 1}})
	}
	edges := []graph.Edge{
		g.edge(graph.Operates, op.id, id),
		g.edge(graph.LocatedIn, id, graph.TerritoryID(graph.LevelCommune, p.CommuneCode)),
		g.edge(graph.Covers, id, g.coverage(p)),
	}
	if g.rng.IntN(10) == 0 { // a second operator from the same département
		orgs := g.orgsByDep[p.Departement]
		if o2 := orgs[g.rng.IntN(len(orgs))]; o2.id != op.id {
			edges = append(edges, g.edge(graph.Operates, o2.id, id))
		}
	}
	for _, pub := range g.some(publicsByType[typ], defaultPublics) {
		edges = append(edges, g.edge(graph.Serves, id, pub))
	}
	for _, t := range g.some(thematiquesByType[typ], nil) {
		edges = append(edges, g.edge(graph.About, id, t))
	}
	if g.rng.IntN(5) < 2 {
		funder := []string{st.etat, st.cd, st.ars}[g.rng.IntN(3)]
		edges = append(edges, g.fund(funder, id))
	}
	if needsSIAO[typ] {
		edges = append(edges, g.edge(graph.RequiresReferralBy, id, st.siao))
		r := g.edge(graph.RefersTo, st.siao, id)
		r.Conditions = "orientation après évaluation par le SIAO"
		edges = append(edges, r)
	} else if len(st.dispositifs) > 0 && g.rng.IntN(5) == 0 {
		edges = append(edges, g.edge(graph.RefersTo, id, st.dispositifs[g.rng.IntN(len(st.dispositifs))]))
	}
	if len(st.dispositifs) > 0 && g.rng.IntN(6) == 0 {
		if other := st.dispositifs[g.rng.IntN(len(st.dispositifs))]; other != id {
			edges = append(edges, g.edge(graph.PartnersWith, id, other))
		}
	}
	st.dispositifs = append(st.dispositifs, id)
	return g.add(d, edges...)
}

// coverage draws the service area: mostly the commune, sometimes wider.
func (g *generator) coverage(p Place) string {
	switch x := g.rng.IntN(100); {
	case x < 60 || (x < 75 && p.EPCI == ""):
		return graph.TerritoryID(graph.LevelCommune, p.CommuneCode)
	case x < 75:
		return graph.TerritoryID(graph.LevelEPCI, p.EPCI)
	case x < 95:
		return graph.TerritoryID(graph.LevelDepartement, p.Departement)
	default:
		return graph.TerritoryID(graph.LevelRegion, p.Region)
	}
}

// some returns 1 or (one time in three) 2 distinct entries of preferred, or of fallback when
// preferred is empty.
func (g *generator) some(preferred, fallback []string) []string {
	from := preferred
	if len(from) == 0 {
		from = fallback
	}
	if len(from) == 0 {
		return nil
	}
	first := g.rng.IntN(len(from))
	out := []string{from[first]}
	if len(from) > 1 && g.rng.IntN(3) == 0 {
		out = append(out, from[(first+1+g.rng.IntN(len(from)-1))%len(from)])
	}
	return out
}

// eligibility draws realistic conditions: often unknown, age bounds for youth and elderly
// services, administrative status for asylum accommodation.
func (g *generator) eligibility(typ string) graph.Eligibility {
	var e graph.Eligibility
	switch typ {
	case "jeunesse":
		e.AgeMin, e.AgeMax = intp(16), intp(25)
	case "cada", "huda":
		e.AdminStatus = "demandeurs-asile"
	case "chrs", "chu", "hu", "lhss", "lam":
		e.AgeMin = intp(18)
		if g.rng.IntN(2) == 0 {
			e.AdminStatus = "tous"
		}
	case "protection-enfance":
		e.AgeMax = intp(21)
	case "medico-social":
		if g.rng.IntN(2) == 0 {
			e.AgeMin = intp(60)
		}
	case "emploi", "iml", "residence-sociale":
		if g.rng.IntN(2) == 0 {
			e.AdminStatus = "sejour-regulier"
		}
	}
	if g.rng.IntN(20) == 0 {
		e.Genders = []string{pick(g.rng, []weighted[string]{{"femme", 3}, {"homme", 1}})}
	}
	return e
}
