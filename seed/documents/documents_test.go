package documents

import (
	"strings"
	"testing"

	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/seed/geo"
	"github.com/maillage/maillage/seed/vocab"
)

// fixture loads the documents with the geography and vocabularies they reference.
type fixture struct {
	byID  map[string]graph.Node
	edges []graph.Edge
}

func load(t *testing.T) fixture {
	t.Helper()
	nodes, edges, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	f := fixture{byID: map[string]graph.Node{}, edges: edges}
	g, err := geo.Load()
	if err != nil {
		t.Fatal(err)
	}
	vn, err := vocab.Nodes()
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range append(g.Nodes(), vn...) {
		f.byID[n.NodeMeta().ID] = n
	}
	for _, n := range nodes {
		if err := graph.ValidateStored(n); err != nil {
			t.Fatalf("%s: %v", n.NodeMeta().ID, err)
		}
		if f.byID[n.NodeMeta().ID] != nil {
			t.Fatalf("id %s is taken", n.NodeMeta().ID)
		}
		for _, s := range n.NodeMeta().Sources {
			if !strings.HasPrefix(s.Dataset, "seed-doc:") || s.Ref == "" {
				t.Fatalf("%s: source %+v", n.NodeMeta().ID, s)
			}
		}
		f.byID[n.NodeMeta().ID] = n
	}
	return f
}

func TestEveryNodeAndEdgeIsValidAndSourced(t *testing.T) {
	f := load(t)
	seen := map[graph.EdgeKey]bool{}
	for _, e := range f.edges {
		from, to := f.byID[e.From], f.byID[e.To]
		if from == nil || to == nil {
			t.Fatalf("edge %s %s→%s: unknown end", e.Type, e.From, e.To)
		}
		if err := graph.ValidateEdge(e, from.NodeKind(), to.NodeKind()); err != nil {
			t.Fatalf("edge %s %s→%s: %v", e.Type, e.From, e.To, err)
		}
		if e.Source == nil || !strings.HasPrefix(e.Source.Dataset, "seed-doc:") || e.Source.Quote == "" {
			t.Fatalf("edge %s %s→%s has no quoted source", e.Type, e.From, e.To)
		}
		if seen[e.Key()] {
			t.Fatalf("edge %s %s→%s twice", e.Type, e.From, e.To)
		}
		seen[e.Key()] = true
	}
	docs, err := Documents()
	if err != nil || len(docs) != 5 {
		t.Fatalf("documents: %v %v", docs, err)
	}
}

// edgesOf returns the ends of the edges of type t from (out) or to (in) id.
func (f fixture) out(id string, t graph.RelationType) map[string]graph.Edge {
	m := map[string]graph.Edge{}
	for _, e := range f.edges {
		if e.From == id && e.Type == t {
			m[e.To] = e
		}
	}
	return m
}

func (f fixture) in(id string, t graph.RelationType) map[string]graph.Edge {
	m := map[string]graph.Edge{}
	for _, e := range f.edges {
		if e.To == id && e.Type == t {
			m[e.From] = e
		}
	}
	return m
}

func figure(n graph.Node, label string) *graph.Figure {
	var figs []graph.Figure
	switch v := n.(type) {
	case *graph.Dispositif:
		figs = v.Figures
	case *graph.Organisation:
		figs = v.Figures
	}
	for i := range figs {
		if strings.Contains(figs[i].Label, label) {
			return &figs[i]
		}
	}
	return nil
}

func TestMissionInterface(t *testing.T) {
	f := load(t)
	pa := f.byID["dsp-mission-interface-personnes-agees"].(*graph.Dispositif)
	h := f.byID["dsp-mission-interface-handicap"].(*graph.Dispositif)
	if *pa.Eligibility.AgeMin != 60 || pa.Eligibility.AdminStatus != "tous" || h.Eligibility.AgeMin != nil {
		t.Fatalf("eligibility: %+v / %+v", pa.Eligibility, h.Eligibility)
	}
	for _, d := range []*graph.Dispositif{pa, h} {
		covers := f.out(d.ID, graph.Covers)
		for _, s := range []string{"sec-paris-nord", "sec-paris-sud", "sec-paris-est", "sec-paris-ouest", "dep-93"} {
			if _, ok := covers[s]; !ok {
				t.Errorf("%s does not cover %s", d.ID, s)
			}
		}
		if covers["dep-93"].Since != "fin 2022" {
			t.Errorf("93 extension date: %+v", covers["dep-93"])
		}
		if _, ok := f.in(d.ID, graph.Operates)["org-samusocial-de-paris"]; !ok {
			t.Errorf("%s not operated by the Samusocial", d.ID)
		}
		if len(d.AccessModes) != 1 || d.AccessModes[0] != "orientation-professionnel" || !strings.Contains(d.AccessNotes, "urgence sociale") {
			t.Errorf("access: %v %q", d.AccessModes, d.AccessNotes)
		}
	}
	for label, want := range map[string]float64{"personnes âgées rencontrées": 800, "sorties pérennes": 95, "régularisées": 18} {
		if fig := figure(pa, label); fig == nil || fig.Value != want || fig.Year != 2022 || fig.Source.Quote == "" {
			t.Errorf("figure %q: %+v", label, fig)
		}
	}
	if fig := figure(h, "handicap rencontrées"); fig == nil || fig.Value != 300 || fig.Year != 2022 {
		t.Errorf("figure 300: %+v", fig)
	}
	if !strings.Contains(pa.Description, "juriste") || pa.Staff[3].Role != "juriste en droit des étrangers (depuis 2022)" {
		t.Errorf("lawyer: %+v", pa.Staff)
	}
	if _, ok := f.in(pa.ID, graph.PartnersWith)["org-conseil-departemental-93"]; !ok {
		t.Error("the Conseil départemental 93 asked for the extension")
	}
	if _, ok := f.out("sec-paris-nord", graph.PartOf)["com-75056"]; !ok {
		t.Error("Paris Nord is not part of Paris")
	}
	for _, n := range f.byID {
		if d, ok := n.(*graph.Dispositif); ok && strings.HasPrefix(d.ID, "dsp-mission-interface") && len(d.Contacts) != 0 {
			t.Errorf("%s: contacts invented: %+v", d.ID, d.Contacts)
		}
	}
}

func TestSIAO52(t *testing.T) {
	f := load(t)
	siao := f.byID["dsp-siao-52"].(*graph.Dispositif)
	if siao.OpeningHours != "Mo-Fr 08:30-17:00" || !strings.Contains(siao.HoursNote, "24h/24") {
		t.Fatalf("hours %q / %q", siao.OpeningHours, siao.HoursNote)
	}
	line := f.byID["dsp-115-52"].(*graph.Dispositif)
	if line.OpeningHours != "24/7" || figure(line, "appels au 115").Value != 2482 || figure(siao, "demandes").Value != 1412 {
		t.Fatalf("115 / figures: %+v %+v", line, siao.Figures)
	}
	total := 0.0
	for _, s := range siao.Staff {
		total += *s.Count
	}
	if total != 5 || siao.Contacts[0].Value != "03.25.32.65.42" {
		t.Fatalf("team %v contacts %v", siao.Staff, siao.Contacts)
	}
	if _, ok := f.out(siao.ID, graph.LocatedIn)["com-52121"]; !ok {
		t.Error("SIAO 52 is in Chaumont")
	}
	if _, ok := f.out(siao.ID, graph.PartnersWith)["org-maison-arret-chaumont"]; !ok {
		t.Error("permanence at the maison d'arrêt")
	}
	csp := f.byID["ins-csp-siao-52"].(*graph.Instance)
	if len(csp.Missions) != 4 || !strings.HasPrefix(csp.Missions[1], "Axe 1") || !strings.Contains(csp.Meetings[0], "2023-01-26") {
		t.Fatalf("CSP: %+v", csp)
	}
	if f.in(csp.ID, graph.Coordinates)["org-prefecture-haute-marne"].Role != "préside" {
		t.Error("the État presides the CSP")
	}
	for _, org := range []string{"org-ars-grand-est", "org-ddetspp-52"} {
		if _, ok := f.in("ins-ists-52", graph.Coordinates)[org]; !ok {
			t.Errorf("%s does not coordinate the ISTS instance", org)
		}
	}
	ists := f.byID["ins-ists-52"].(*graph.Instance)
	if !strings.Contains(strings.Join(ists.Missions, " "), "LHSS, LAM et ACT") {
		t.Error("ARS/DDETSPP roles")
	}
	tour := f.byID["ins-tour-horizon-52"].(*graph.Instance)
	if len(tour.Missions) != 10 || tour.Missions[2] != "Justice & droit" {
		t.Errorf("tour d'horizon families: %v", tour.Missions)
	}
}

func TestLOGISENS(t *testing.T) {
	f := load(t)
	id := "dsp-equipe-mobile-precarite-logisens"
	funds := f.in(id, graph.Funds)
	sum := 0.0
	for _, e := range funds {
		sum += *e.Amount
		if *e.Year != 2017 {
			t.Errorf("funding year %d", *e.Year)
		}
	}
	if sum != 140000 || *funds["org-etat"].Amount != 70000 || *funds["org-logisens"].Amount != 40000 ||
		*funds["org-ars-auvergne-rhone-alpes"].Amount != 20000 || *funds["org-conseil-departemental-15"].Amount != 10000 {
		t.Fatalf("funding: %v", funds)
	}
	d := f.byID[id].(*graph.Dispositif)
	etp := 0.0
	for _, s := range d.Staff {
		etp += *s.ETP
	}
	if len(d.Staff) != 5 || etp < 1.6999 || etp > 1.7001 {
		t.Fatalf("team: %+v", d.Staff)
	}
	if !strings.Contains(d.Eligibility.Conditions, "souffrance psychique") || d.Address.City != "" {
		t.Fatalf("eligibility/address: %+v %+v", d.Eligibility, d.Address)
	}
	if _, ok := f.out(id, graph.RequiresReferralBy)["ins-cellule-orientation-logisens"]; !ok {
		t.Error("cellule d'orientation")
	}
	covers := f.out(id, graph.Covers)
	for _, c := range []string{"dep-15", "com-15014", "com-15012", "com-15094", "com-15187", "com-15162"} {
		if _, ok := covers[c]; !ok {
			t.Errorf("LOGISENS team does not cover %s", c)
		}
	}
	partners := f.out("org-logisens", graph.PartnersWith)
	for _, p := range []string{"org-ars-auvergne-rhone-alpes", "org-ch-aurillac", "org-conseil-departemental-15", "org-ddcspp-15", "org-ddt-15", "org-ccas-aurillac", "org-ccas-saint-flour"} {
		if _, ok := partners[p]; !ok {
			t.Errorf("partner %s missing", p)
		}
	}
}

func TestPDALHPDAndDASES(t *testing.T) {
	f := load(t)
	if _, ok := f.in("dsp-asll-pdalhpd-orientation-2", graph.Operates)["org-departement-pdalhpd-orientation-2"]; !ok {
		t.Error("ASLL by the Département")
	}
	if _, ok := f.in("dsp-avdl-pdalhpd-orientation-2", graph.Operates)["org-fondation-armee-du-salut"]; !ok {
		t.Error("AVDL by the Fondation de l'Armée du Salut")
	}
	if f.in("dsp-iml-pdalhpd-orientation-2", graph.Operates)["org-fondation-armee-du-salut"].Since != "2016" {
		t.Error("IML since 2016")
	}
	if len(f.out("dsp-asll-pdalhpd-orientation-2", graph.Covers)) != 0 {
		t.Error("the PDALHPD's département is unknown: no coverage may be invented")
	}
	pd := f.byID["ins-pdalhpd-orientation-2"].(*graph.Instance)
	if !strings.Contains(pd.Missions[5], "référent unique") {
		t.Error("référent unique SIAO")
	}
	if f.in("org-samusocial-de-paris", graph.Mandates)["org-dases-paris"].Role == "" {
		t.Error("mandat de gestion DASES → Samusocial")
	}
	if figure(f.byID["dsp-115-paris"], "nuitées").Value != 30000 {
		t.Error("30 000 nuitées")
	}
	sam := f.byID["org-samusocial-de-paris"].NodeMeta()
	if len(sam.Sources) != 2 || sam.Sources[1].Dataset != "seed-doc:004" {
		t.Errorf("Samusocial sources: %+v", sam.Sources)
	}
	if _, ok := f.in("dsp-nuitees-hotelieres-ase-paris", graph.PartnersWith)["org-casvp"]; !ok {
		t.Error("CASVP")
	}
}
