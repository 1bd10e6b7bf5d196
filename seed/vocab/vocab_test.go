package vocab

import (
	"slices"
	"testing"

	"github.com/maillage/maillage/graph"
)

func nodesByID(t *testing.T) map[string]graph.Node {
	t.Helper()
	nodes, err := Nodes()
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]graph.Node{}
	for _, n := range nodes {
		if err := graph.ValidateStored(n); err != nil {
			t.Fatalf("%s: %v", n.NodeMeta().ID, err)
		}
		id := n.NodeMeta().ID
		if byID[id] != nil {
			t.Fatalf("duplicate id %s", id)
		}
		byID[id] = n
	}
	return byID
}

func TestNodesAndEdges(t *testing.T) {
	byID := nodesByID(t)
	kinds := map[graph.Kind]int{}
	vocabularies := map[string]int{}
	for _, n := range byID {
		kinds[n.NodeKind()]++
		switch n := n.(type) {
		case *graph.Public:
			vocabularies[n.Vocabulary]++
			if n.Description == "" {
				t.Errorf("public %s has no description", n.ID)
			}
		case *graph.Thematique:
			if n.Vocabulary != VocabularyDataInclusion {
				t.Errorf("thematique %s vocabulary %q", n.ID, n.Vocabulary)
			}
		}
	}
	if kinds[graph.KindPublic] != 14+len(MaillagePublics) || kinds[graph.KindThematique] != 16+69 || len(byID) != 14+len(MaillagePublics)+85 {
		t.Fatalf("counts %v", kinds)
	}
	if vocabularies[VocabularyDataInclusion] != 14 || vocabularies[VocabularyMaillage] != len(MaillagePublics) {
		t.Fatalf("vocabularies %v", vocabularies)
	}
	edges, err := Edges()
	if err != nil {
		t.Fatal(err)
	}
	if len(edges) != 69 {
		t.Fatalf("%d PART_OF edges, want 69", len(edges))
	}
	for _, e := range edges {
		from, to := byID[e.From], byID[e.To]
		if from == nil || to == nil {
			t.Fatalf("edge %s→%s has a missing end", e.From, e.To)
		}
		if err := graph.ValidateEdge(e, from.NodeKind(), to.NodeKind()); err != nil {
			t.Fatalf("edge %s→%s: %v", e.From, e.To, err)
		}
		if leaf := from.(*graph.Thematique); leaf.Parent != e.To || to.(*graph.Thematique).Parent != "" {
			t.Fatalf("edge %s→%s disagrees with Parent %q", e.From, e.To, leaf.Parent)
		}
	}
	mental, ok := byID["sante--sante-mentale"].(*graph.Thematique)
	if !ok || mental.Name != "Santé mentale" || mental.Parent != "sante" {
		t.Fatalf("sante--sante-mentale: %+v", byID["sante--sante-mentale"])
	}
	if p, ok := byID["personnes-agees"].(*graph.Public); !ok || p.Vocabulary != VocabularyMaillage || p.Name != "Personnes âgées (60 ans et plus)" {
		t.Fatalf("personnes-agees: %+v", byID["personnes-agees"])
	}
	if p, ok := byID["seniors"].(*graph.Public); !ok || p.Vocabulary != VocabularyDataInclusion || p.Name != "Séniors" {
		t.Fatalf("seniors: %+v", byID["seniors"])
	}
}

// The publics the seed documents and search refer to must exist.
func TestPublicsTheSeedNeeds(t *testing.T) {
	byID := nodesByID(t)
	for _, id := range []string{
		"personnes-sans-abri", "personnes-agees", "personnes-sans-titre-de-sejour", "sortants-de-prison",
		"locataires-en-difficulte", "personnes-en-souffrance-psychique", "menages-en-impaye-de-loyer",
		"enfants-proteges-ase", "professionnels", "demandeurs-dasile", "refugies-bpi",
		"personnes-victimes-de-violences", "personnes-avec-addictions", "mineurs-non-accompagnes",
	} {
		if _, ok := byID[id].(*graph.Public); !ok {
			t.Errorf("public %s missing", id)
		}
	}
	for _, p := range MaillagePublics {
		if Publics.Has(p.Slug) {
			t.Errorf("%s duplicates a data·inclusion public", p.Slug)
		}
		for _, di := range p.DataInclusion {
			if !Publics.Has(di) {
				t.Errorf("%s maps to unknown data·inclusion public %s", p.Slug, di)
			}
		}
	}
	if got := DataInclusionPublics("personnes-agees"); !slices.Equal(got, []string{"seniors"}) {
		t.Errorf("personnes-agees exports as %v", got)
	}
	if got := DataInclusionPublics("femmes"); !slices.Equal(got, []string{"femmes"}) {
		t.Errorf("femmes exports as %v", got)
	}
	if got := DataInclusionPublics("locataires-en-difficulte"); got != nil {
		t.Errorf("locataires-en-difficulte exports as %v", got)
	}
	if DataInclusionPublics("inconnu") != nil {
		t.Error("unknown public exported")
	}
}

func TestEnumerations(t *testing.T) {
	for _, c := range []struct {
		v     graph.Vocabulary
		n     int
		slug  string
		label string
	}{
		{Publics, 14, "personnes-exilees", "Personnes exilées"},
		{ThematiqueCategories, 16, "logement-hebergement", "Logement et hébergement"},
		{Thematiques, 69, "sante--addictions", "Addictions"},
		{ModesAccueil, 2, "en-presentiel", "En présentiel"},
		{ModesMobilisation, 4, "telephoner", "Téléphoner"},
		{PersonnesMobilisatrices, 2, "usagers", "Usagers"},
		{Frais, 2, "gratuit", "Gratuit"},
		{TypesDeServices, 6, "accompagnement", "Accompagnement"},
		{ReseauxPorteurs, 108, "", ""},
	} {
		if len(c.v) != c.n || (c.slug != "" && c.v.LabelOf(c.slug) != c.label) {
			t.Errorf("%d terms (want %d), %s → %q", len(c.v), c.n, c.slug, c.v.LabelOf(c.slug))
		}
	}
	// Maillage's closed lists reuse data·inclusion's slugs where they overlap.
	for _, term := range Frais {
		if !graph.Costs.Has(term.Slug) {
			t.Errorf("frais %s is not a graph.Costs slug", term.Slug)
		}
	}
	for _, term := range ModesMobilisation {
		if !graph.AccessModes.Has(term.Slug) {
			t.Errorf("mode de mobilisation %s is not a graph.AccessModes slug", term.Slug)
		}
	}
	if _, err := Enumeration("absente"); err == nil {
		t.Error("a missing enumeration must fail")
	}
}
