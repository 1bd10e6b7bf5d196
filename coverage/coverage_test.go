package coverage_test

import (
	"context"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/maillage/maillage/coverage"
	"github.com/maillage/maillage/graph"
)

// The figures below were checked by hand against the seeded data: the source documents
// (seed/documents/data, from ../shared/seeds) and the FINESS sample.
//
//   - Haute-Marne (dep-52, 168,331 inhabitants, 426 communes): the SIAO 52 and the 115 of the
//     Haute-Marne both COVER dep-52 (document 001); the only FINESS listing is the centre de
//     lutte contre la tuberculose of the CH de Chaumont (com-52121). Document 001 gives the
//     SIAO a team of five people but no places and no ETP: no capacity is declared.
//   - Cantal (dep-15, 144,196 inhabitants, 250 communes): the LOGISENS mobile team (document
//     002) covers the Cantal and five communes, 1.70 ETP, access through the cellule
//     d'orientation; a Croix-Rouge centre de soins infirmiers at Aurillac (com-15014, 26,214).
//   - Seine-Saint-Denis (dep-93, 39 communes): Mission Interface (personnes âgées, handicap,
//     document 000) and Interlogement 93 cover dep-93; seven FINESS listings in five communes.
//   - Paris (dep-75, one commune, 20 arrondissements): the 115 and the SIAO Paris cover
//     com-75056, Mission Interface covers the four named sectors (which arrondissements they
//     hold is not in the data), fourteen FINESS listings in arrondissements, the nuitées
//     hôtelières ASE require a referral by the DASES, whose territory is not on record.

var ctx = context.Background()

func col(t *testing.T, m *coverage.Matrix, key string) int {
	t.Helper()
	for i, c := range m.Columns {
		if c.Key == key {
			return i
		}
	}
	t.Fatalf("no column %q", key)
	return -1
}

func row(t *testing.T, m *coverage.Matrix, id string) coverage.Row {
	t.Helper()
	for _, r := range m.Rows {
		if r.Territory.ID == id {
			return r
		}
	}
	t.Fatalf("no row %q", id)
	return coverage.Row{}
}

func listingIDs(t *testing.T, st graph.Store, territory string, dims []coverage.Dimension, rowID, key string) []string {
	t.Helper()
	ls, err := coverage.Listings(ctx, st, territory, dims, rowID, key, coverage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, l := range ls {
		out = append(out, l.Dispositif.ID)
	}
	return out
}

func issueIDs(is []coverage.Issue) []string {
	var out []string
	for _, i := range is {
		out = append(out, i.Dispositif.ID)
	}
	return out
}

func findGap(r *coverage.GapsReport, kind coverage.GapKind, dim coverage.Dimension, value string) *coverage.Gap {
	for i := range r.Gaps {
		g := &r.Gaps[i]
		if g.Kind == kind && g.Value.Dimension == dim && g.Value.Value == value {
			return g
		}
	}
	return nil
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

var byType = []coverage.Dimension{coverage.DimType}
var byPublic = []coverage.Dimension{coverage.DimPublic}

func TestHauteMarneCoverage(t *testing.T) {
	st := seeded(t)
	m, err := coverage.Coverage(ctx, st, "dep-52", byType, coverage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if m.Territory.Name != "Haute-Marne" || *m.Territory.Population != 168331 || m.RowLevel != graph.LevelCommune || len(m.Rows) != 426 {
		t.Fatalf("territory %+v, rows %d at %s", m.Territory, len(m.Rows), m.RowLevel)
	}
	if got := listingIDs(t, st, "dep-52", byType, "", ""); !slices.Equal(got, []string{"dsp-115-52", "dsp-finess-520005869", "dsp-siao-52"}) {
		t.Fatalf("dispositifs reaching dep-52: %v", got)
	}
	if m.Total.Dispositifs != 3 || m.Total.Places != nil || m.Total.ETP != nil || m.Total.PlacesDeclared != 0 || m.Total.PlacesPer10k != nil {
		t.Errorf("total %+v: three dispositifs, no declared capacity", m.Total)
	}
	for key, n := range map[string]int{"siao": 1, "115": 1, "sante": 1, "chrs": 0, "lhss": 0} {
		if got := m.Totals[col(t, m, key)]; got.Dispositifs != n || got.Gap != (n == 0) {
			t.Errorf("column %s: %+v, want %d", key, got, n)
		}
	}
	// Every commune has the SIAO and the 115 (they cover the département); Chaumont also has
	// the CH's centre, which covers Chaumont only.
	for _, r := range m.Rows {
		want := 2
		if r.Territory.ID == "com-52121" {
			want = 3
		}
		if r.Total.Dispositifs != want || r.Total.Partial != 0 {
			t.Fatalf("%s: %+v, want %d", r.Territory.Name, r.Total, want)
		}
		if c := r.Cells[col(t, m, "siao")]; c.Dispositifs != 1 || c.Gap {
			t.Fatalf("%s siao %+v", r.Territory.Name, c)
		}
	}
	chaumont := row(t, m, "com-52121")
	if c := chaumont.Cells[col(t, m, "sante")]; c.Dispositifs != 1 || c.Partial != 0 {
		t.Errorf("Chaumont santé %+v", c)
	}
	if c := row(t, m, "com-52448").Cells[col(t, m, "sante")]; !c.Gap {
		t.Errorf("Saint-Dizier santé should be a gap: %+v", c)
	}
	if got := listingIDs(t, st, "dep-52", byType, "com-52121", "sante"); !slices.Equal(got, []string{"dsp-finess-520005869"}) {
		t.Errorf("Chaumont × santé listings %v", got)
	}
	if !strings.Contains(strings.Join(m.Notes, " "), "0 dispositif sur 3 déclare un nombre de places") {
		t.Errorf("notes do not say capacity is unknown: %v", m.Notes)
	}
	// By public: the sans-abri are served in every commune (SIAO, 115), the sortants de prison
	// by the SIAO (its permanence at the maison d'arrêt); the CH's centre declares no public.
	p, err := coverage.Coverage(ctx, st, "dep-52", byPublic, coverage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for key, n := range map[string]int{"personnes-sans-abri": 2, "sortants-de-prison": 1, "personnes-en-situation-durgence": 1, "personnes-agees": 0, "": 1} {
		if got := p.Totals[col(t, p, key)].Dispositifs; got != n {
			t.Errorf("public %q: %d, want %d", key, got, n)
		}
	}
	if c := p.Columns[len(p.Columns)-1]; !c.Unknown || c.Label != "non renseigné" {
		t.Errorf("last column %+v, want the unknown public", c)
	}
	// Two dimensions: only the combinations offered become columns.
	pt, err := coverage.Coverage(ctx, st, "dep-52", []coverage.Dimension{coverage.DimPublic, coverage.DimThematique}, coverage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if c := pt.Totals[col(t, pt, "personnes-sans-abri|logement-hebergement")]; c.Dispositifs != 2 {
		t.Errorf("sans-abri × logement %+v", c)
	}
	if c := pt.Totals[col(t, pt, "|sante")]; c.Dispositifs != 1 {
		t.Errorf("public non renseigné × santé %+v", c)
	}
}

func TestHauteMarneGaps(t *testing.T) {
	st := seeded(t)
	r, err := coverage.Gaps(ctx, st, "dep-52", coverage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Gaps) == 0 || !slices.Equal(r.Dimensions, []coverage.Dimension{coverage.DimPublic, coverage.DimThematique, coverage.DimType}) {
		t.Fatalf("%d gaps on %v", len(r.Gaps), r.Dimensions)
	}
	// The needs the source documents name come first, then the population concerned.
	for i, g := range r.Gaps {
		named := len(g.NamedBy) > 0
		if g.Rank != i+1 || g.Reason == "" || g.PriorityReason == "" {
			t.Fatalf("gap %d unexplained: %+v", i, g)
		}
		if i > 0 {
			prev := r.Gaps[i-1]
			prevNamed := len(prev.NamedBy) > 0
			if named && !prevNamed || named == prevNamed && g.Score > prev.Score {
				t.Fatalf("gap %d out of order: %+v after %+v", i, g, prev)
			}
		}
	}
	if first := r.Gaps[0]; first.Value.Value != "familles" || !slices.Equal(first.NamedBy, []string{"003", "004"}) || first.Priority != coverage.PriorityHigh {
		t.Errorf("first gap %+v, want the families, named by the documents 003 and 004", first)
	}
	agees := findGap(r, coverage.GapAbsent, coverage.DimPublic, "personnes-agees")
	if agees == nil || agees.Priority != coverage.PriorityHigh || agees.PriorityReason != "Besoin nommé par le document source 000 ; 100 % de la population concernée (168 331 habitants)." {
		t.Errorf("personnes âgées gap %+v", agees)
	}
	if actifs := findGap(r, coverage.GapAbsent, coverage.DimPublic, "actifs"); actifs == nil || actifs.Priority != coverage.PriorityMedium || actifs.Rank <= agees.Rank {
		t.Errorf("the « Actifs », named by no document, come before the elderly: %+v", actifs)
	}
	if r.PriorityRule == "" {
		t.Error("the priority rule is not explained")
	}
	// No CHRS, no LHSS in the data for the Haute-Marne: the whole territory lacks them.
	chrs := findGap(r, coverage.GapAbsent, coverage.DimType, "chrs")
	if chrs == nil || chrs.Priority != coverage.PriorityMedium || chrs.Population != 168331 ||
		chrs.Reason != "Aucun dispositif recensé de type « Centre d'hébergement et de réinsertion sociale (CHRS) » dans le territoire « Haute-Marne »." {
		t.Errorf("CHRS gap %+v", chrs)
	}
	if findGap(r, coverage.GapAbsent, coverage.DimType, "lhss") == nil || findGap(r, coverage.GapAbsent, coverage.DimPublic, "personnes-agees") == nil {
		t.Error("no LHSS or personnes âgées gap")
	}
	// Nothing is missing where the SIAO and the 115 are.
	for _, v := range []string{"siao", "115"} {
		for _, k := range []coverage.GapKind{coverage.GapAbsent, coverage.GapUncovered} {
			if g := findGap(r, k, coverage.DimType, v); g != nil {
				t.Errorf("unexpected gap %+v", g)
			}
		}
	}
	if g := findGap(r, coverage.GapUncovered, coverage.DimPublic, "personnes-sans-abri"); g != nil {
		t.Errorf("sans-abri are covered everywhere: %+v", g)
	}
	// Santé only at Chaumont: 425 communes without, 147,504 inhabitants (168,331 - 20,827).
	sante := findGap(r, coverage.GapUncovered, coverage.DimThematique, "sante")
	if sante == nil || len(sante.Territories) != 425 || sante.Population != 168331-20827 || sante.Priority != coverage.PriorityHigh {
		t.Fatalf("santé gap %+v", sante)
	}
	if sante.Territories[0].ID != "com-52448" { // Saint-Dizier, the most populous without
		t.Errorf("first territory %+v", sante.Territories[0])
	}
	for _, want := range []string{"dans 425 communes sur 426", "147 504 habitants", "88 % de la population", "Saint-Dizier", "offre présente seulement à Chaumont"} {
		if !strings.Contains(sante.Reason, want) {
			t.Errorf("reason %q lacks %q", sante.Reason, want)
		}
	}
	if !strings.Contains(strings.Join(r.Notes, " "), "aucun dispositif ne déclare de places") {
		t.Errorf("notes %v", r.Notes)
	}
	again, err := coverage.Gaps(ctx, st, "dep-52", coverage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(r, again) {
		t.Error("two runs differ")
	}
}

func TestHauteMarneDiagnostics(t *testing.T) {
	st := seeded(t)
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	d, err := coverage.Diagnostics(ctx, st, "dep-52", coverage.Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if d.Dispositifs != 3 {
		t.Fatalf("%d dispositifs", d.Dispositifs)
	}
	// The 115 is coordinated by the SIAO, but the document names no operator for it.
	if got := issueIDs(d.NoOperator); !slices.Equal(got, []string{"dsp-115-52"}) {
		t.Errorf("no operator: %v", got)
	}
	// 115 → SIAO is a referral; the CH's centre has none.
	if got := issueIDs(d.Isolated); !slices.Equal(got, []string{"dsp-finess-520005869"}) {
		t.Errorf("isolated: %v", got)
	}
	if len(d.DeadEnds) != 0 || len(d.SingleReferrer) != 0 || len(d.NoServiceArea) != 0 {
		t.Errorf("dead ends %v, single referrer %v, no area %v", d.DeadEnds, d.SingleReferrer, d.NoServiceArea)
	}
	found := false
	for _, sp := range d.SingleOperator {
		if sp.Value.Dimension == coverage.DimType && sp.Value.Value == "siao" {
			found = sp.Organisation.ID == "org-la-passerelle" && strings.Contains(sp.Reason, "« La Passerelle »")
		}
		if sp.Value.Value == "logement-hebergement" {
			t.Errorf("logement: the 115 has no known operator, it cannot be judged: %+v", sp)
		}
	}
	if !found {
		t.Errorf("SIAO depends on La Passerelle only: %+v", d.SingleOperator)
	}
	// Seeded listings are never verified: all three are to verify, however recent their load.
	if d.Stale.Stale != 3 || d.Stale.NeverVerified != 3 || d.Stale.Total != 3 || *d.Stale.Share != 1 || *d.Stale.VerifiedShare != 0 {
		t.Errorf("stale %+v", d.Stale)
	}
	if l := d.Stale.Listings[0]; l.Basis != coverage.BasisUpdated || !strings.Contains(l.Reason, "Jamais vérifiée par son organisation") {
		t.Errorf("a listing never verified: %+v", l)
	}
	if s := strings.Join(d.Summary, "\n"); !strings.Contains(s, "Fiches vérifiées dans les 6 derniers mois : 0 sur 3 (0 %).") {
		t.Errorf("summary lacks the share verified: %s", s)
	}
	if s := strings.Join(d.Summary, "\n"); !strings.Contains(s, "Sans opérateur renseigné : 1 sur 3.") || !strings.Contains(s, "Isolés (aucun lien d'orientation) : 1 sur 3.") {
		t.Errorf("summary %s", s)
	}
}

// TestVerifiedShare: once its organisation verifies the SIAO 52, the Haute-Marne has one
// listing in three verified within the period, until six months later.
func TestVerifiedShare(t *testing.T) {
	st := fresh(t)
	n, err := st.Get(ctx, "dsp-siao-52")
	if err != nil {
		t.Fatal(err)
	}
	d := n.(*graph.Dispositif)
	checked := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	d.LastVerifiedAt = &checked
	if _, err := st.Update(ctx, d, d.Version); err != nil {
		t.Fatal(err)
	}
	at := func(now time.Time) coverage.Staleness {
		t.Helper()
		r, err := coverage.Diagnostics(ctx, st, "dep-52", coverage.Options{Now: now})
		if err != nil {
			t.Fatal(err)
		}
		return r.Stale
	}
	if s := at(time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)); s.Stale != 2 || s.NeverVerified != 2 || !near(*s.VerifiedShare, 1.0/3) {
		t.Errorf("the day after the check: %+v", s)
	}
	if s := at(time.Date(2027, 6, 1, 0, 0, 0, 0, time.UTC)); s.Stale != 3 || *s.VerifiedShare != 0 {
		t.Errorf("six months after the check: %+v", s)
	}
}

func TestCantal(t *testing.T) {
	st := seeded(t)
	m, err := coverage.Coverage(ctx, st, "dep-15", byPublic, coverage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Rows) != 250 || m.Total.Dispositifs != 2 || *m.Territory.Population != 144196 {
		t.Fatalf("rows %d, total %+v, territory %+v", len(m.Rows), m.Total, m.Territory)
	}
	// LOGISENS: 1.70 ETP over the Cantal, 0.118 ETP per 10,000 inhabitants.
	perTenK := 1.7 * 10000 / 144196
	tot := m.Totals[col(t, m, "locataires-en-difficulte")]
	if tot.Dispositifs != 1 || tot.ETP == nil || !near(*tot.ETP, 1.7) || tot.ETPDeclared != 1 || !near(*tot.ETPPer10k, perTenK) || tot.Places != nil {
		t.Errorf("locataires en difficulté %+v", tot)
	}
	// Its capacity is spread over the Cantal's population: Aurillac gets its share, and the
	// same ratio per 10,000 as the département.
	aurillac := row(t, m, "com-15014")
	c := aurillac.Cells[col(t, m, "locataires-en-difficulte")]
	if c.Dispositifs != 1 || c.Partial != 0 || !near(*c.ETP, 1.7) || !near(*c.ETPAllocated, 1.7*26214/144196) || !near(*c.ETPPer10k, perTenK) {
		t.Errorf("Aurillac %+v", c)
	}
	if aurillac.Total.Dispositifs != 2 { // + the Croix-Rouge centre de soins infirmiers
		t.Errorf("Aurillac total %+v", aurillac.Total)
	}
	if c := row(t, m, "com-15187").Total; c.Dispositifs != 1 { // Saint-Flour: LOGISENS only
		t.Errorf("Saint-Flour %+v", c)
	}
	d, err := coverage.Diagnostics(ctx, st, "dep-15", coverage.Options{Now: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	// The cellule d'orientation covers the Cantal: no dead end, but a single gateway.
	if len(d.DeadEnds) != 0 || len(d.NoOperator) != 0 {
		t.Errorf("dead ends %+v, no operator %+v", d.DeadEnds, d.NoOperator)
	}
	if len(d.SingleReferrer) != 1 || d.SingleReferrer[0].Dispositif.ID != "dsp-equipe-mobile-precarite-logisens" || d.SingleReferrer[0].Referrer.ID != "ins-cellule-orientation-logisens" {
		t.Errorf("single referrer %+v", d.SingleReferrer)
	}
	if got := issueIDs(d.Isolated); !slices.Equal(got, []string{"dsp-finess-150781888"}) {
		t.Errorf("isolated %v", got)
	}
	g, err := coverage.Gaps(ctx, st, "dep-15", coverage.Options{By: byType})
	if err != nil {
		t.Fatal(err)
	}
	if gg := findGap(g, coverage.GapUncovered, coverage.DimType, "sante"); gg == nil || len(gg.Territories) != 249 || !strings.Contains(gg.Reason, "offre présente seulement à Aurillac") {
		t.Errorf("santé gap %+v", gg)
	}
	if gg := findGap(g, coverage.GapUncovered, coverage.DimType, "emmsp"); gg != nil {
		t.Errorf("LOGISENS covers the whole Cantal: %+v", gg)
	}
}

func TestSeineSaintDenis(t *testing.T) {
	st := seeded(t)
	m, err := coverage.Coverage(ctx, st, "dep-93", byPublic, coverage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Rows) != 39 || m.Total.Dispositifs != 10 || m.Unallocated != nil {
		t.Fatalf("rows %d, total %+v", len(m.Rows), m.Total)
	}
	// Mission Interface covers the 93 since late 2022: 60+ are served in every commune.
	for _, r := range m.Rows {
		if c := r.Cells[col(t, m, "personnes-agees")]; c.Dispositifs != 1 || c.Partial != 0 {
			t.Fatalf("%s personnes âgées %+v", r.Territory.Name, c)
		}
	}
	if c := m.Totals[col(t, m, "personnes-sans-titre-de-sejour")]; c.Dispositifs != 2 {
		t.Errorf("sans titre de séjour %+v", c)
	}
	// Saint-Denis: Interlogement 93 and the two Mission Interface services.
	if c := row(t, m, "com-93066").Total; c.Dispositifs != 3 {
		t.Errorf("Saint-Denis %+v", c)
	}
	g, err := coverage.Gaps(ctx, st, "dep-93", coverage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if gg := findGap(g, coverage.GapUncovered, coverage.DimPublic, "personnes-agees"); gg != nil {
		t.Errorf("personnes âgées are covered: %+v", gg)
	}
	mna := findGap(g, coverage.GapUncovered, coverage.DimPublic, "mineurs-non-accompagnes")
	if mna == nil || len(mna.Territories) != 38 || !strings.Contains(mna.Reason, "offre présente seulement à Bobigny") {
		t.Errorf("mineurs non accompagnés %+v", mna)
	}
	d, err := coverage.Diagnostics(ctx, st, "dep-93", coverage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := issueIDs(d.NoOperator); !slices.Equal(got, []string{"dsp-interlogement-93"}) {
		t.Errorf("no operator %v", got)
	}
	if len(d.Isolated) != 7 || slices.Contains(issueIDs(d.Isolated), "dsp-mission-interface-personnes-agees") {
		t.Errorf("isolated %v (Interlogement refers to Mission Interface)", issueIDs(d.Isolated))
	}
}

func TestParis(t *testing.T) {
	st := seeded(t)
	m, err := coverage.Coverage(ctx, st, "dep-75", byPublic, coverage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// Paris is one commune: rows go down to its 20 arrondissements.
	if m.RowLevel != graph.LevelArrondissement || len(m.Rows) != 20 || m.Total.Dispositifs != 18 {
		t.Fatalf("level %s, rows %d, total %+v", m.RowLevel, len(m.Rows), m.Total)
	}
	// The 115 covers the commune, hence every arrondissement.
	for _, r := range m.Rows {
		if c := r.Cells[col(t, m, "personnes-en-situation-durgence")]; c.Dispositifs < 1 || c.Partial != 0 {
			t.Fatalf("%s urgence %+v", r.Territory.Name, c)
		}
	}
	// Mission Interface covers the four sectors, whose arrondissements are not in the data: it
	// is counted in the territory and in the unallocated zone, in no arrondissement.
	if m.Unallocated == nil || m.Unallocated.Total.Dispositifs != 2 || m.Unallocated.Total.Partial != 2 {
		t.Fatalf("unallocated %+v", m.Unallocated)
	}
	pa := col(t, m, "personnes-agees")
	if m.Totals[pa].Dispositifs != 1 || row(t, m, "arr-75118").Cells[pa].Dispositifs != 0 {
		t.Errorf("personnes âgées total %+v", m.Totals[pa])
	}
	g, err := coverage.Gaps(ctx, st, "dep-75", coverage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	gg := findGap(g, coverage.GapUncovered, coverage.DimPublic, "personnes-agees")
	if gg == nil || len(gg.Territories) != 20 || !strings.Contains(gg.Reason, "aucun des arrondissements n'est couvert ; 1 dispositif couvre une partie non précisée du territoire (secteur).") {
		t.Errorf("personnes âgées gap %+v", gg)
	}
	// At the level of the commune, the sectors reach Paris partially.
	c, err := coverage.Coverage(ctx, st, "dep-75", byPublic, coverage.Options{RowLevel: graph.LevelCommune})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Rows) != 1 || c.Unallocated != nil {
		t.Fatalf("rows %d, unallocated %+v", len(c.Rows), c.Unallocated)
	}
	if cell := c.Rows[0].Cells[col(t, c, "personnes-agees")]; cell.Dispositifs != 1 || cell.Partial != 1 {
		t.Errorf("Paris personnes âgées %+v", cell)
	}
	d, err := coverage.Diagnostics(ctx, st, "dep-75", coverage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// The nuitées hôtelières ASE are reached only on referral by the DASES, whose territory is
	// not on record: a possible dead end, to check.
	if len(d.DeadEnds) != 1 {
		t.Fatalf("dead ends %+v", d.DeadEnds)
	}
	de := d.DeadEnds[0]
	if de.Dispositif.ID != "dsp-nuitees-hotelieres-ase-paris" || de.Status != coverage.DeadEndUnknown || de.Referrers[0].ID != "org-dases-paris" ||
		!strings.Contains(de.Reason, "sans territoire renseigné") {
		t.Errorf("dead end %+v", de)
	}
	if got := issueIDs(d.NoOperator); !slices.Equal(got, []string{"dsp-siao-paris"}) {
		t.Errorf("no operator %v", got)
	}
}

func TestCommuneAndFrance(t *testing.T) {
	st := seeded(t)
	m, err := coverage.Coverage(ctx, st, "com-93066", byPublic, coverage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Rows) != 0 || m.Total.Dispositifs != 3 || m.Unallocated != nil {
		t.Errorf("Saint-Denis: rows %d, total %+v", len(m.Rows), m.Total)
	}
	f, err := coverage.Coverage(ctx, st, "fr", byType, coverage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if f.RowLevel != graph.LevelRegion || len(f.Rows) != 26 {
		t.Fatalf("France: %d rows at %s", len(f.Rows), f.RowLevel)
	}
	// A commune's dispositif counts in its région's row, partially.
	idf := row(t, f, "reg-11")
	if idf.Total.Dispositifs < 18+10 || idf.Total.Partial != idf.Total.Dispositifs {
		t.Errorf("Île-de-France %+v", idf.Total)
	}
	if _, err := coverage.Coverage(ctx, st, "dep-52", byType, coverage.Options{RowLevel: graph.LevelRegion}); graph.ErrorCode(err) != graph.CodeBadUserInput {
		t.Errorf("régions under a département: %v", err)
	}
	if _, err := coverage.Coverage(ctx, st, "dep-999", byType, coverage.Options{}); graph.ErrorCode(err) != graph.CodeNotFound {
		t.Errorf("unknown territory: %v", err)
	}
	if _, err := coverage.Coverage(ctx, st, "dsp-siao-52", byType, coverage.Options{}); graph.ErrorCode(err) != graph.CodeBadUserInput {
		t.Errorf("not a territory: %v", err)
	}
	for in, want := range map[string]string{"52": "dep-52", "2A": "dep-2a", "93066": "com-93066", "reg-44": "reg-44", "France": "fr", "dep-75": "dep-75"} {
		if got, err := coverage.ResolveTerritory(ctx, st, in); err != nil || got != want {
			t.Errorf("resolve %q: %q, %v", in, got, err)
		}
	}
	if _, err := coverage.ResolveTerritory(ctx, st, "99"); graph.ErrorCode(err) != graph.CodeNotFound {
		t.Errorf("resolve 99: %v", err)
	}
	if d, err := coverage.ParseDimension("SOUS_THEMATIQUE"); err != nil || d != coverage.DimSousThematique {
		t.Errorf("parse: %v %v", d, err)
	}
}

// TestServiceMatchesStore checks that the in-memory Service gives exactly what the
// package-level functions read from the store.
func TestServiceMatchesStore(t *testing.T) {
	st := seeded(t)
	svc := coverage.NewService(st)
	now := coverage.Options{Now: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)}
	for _, id := range []string{"dep-52", "dep-15", "dep-93", "dep-75", "com-93066", "reg-44"} {
		for _, dims := range [][]coverage.Dimension{byPublic, byType, {coverage.DimPublic, coverage.DimSousThematique}} {
			a, err := coverage.Coverage(ctx, st, id, dims, coverage.Options{})
			if err != nil {
				t.Fatal(err)
			}
			b, err := svc.Coverage(ctx, id, dims, coverage.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(a, b) {
				t.Errorf("%s %v: Service and store differ", id, dims)
			}
		}
		a, _ := coverage.Gaps(ctx, st, id, coverage.Options{})
		b, err := svc.Gaps(ctx, id, coverage.Options{})
		if err != nil || !reflect.DeepEqual(a, b) {
			t.Errorf("%s gaps differ (%v)", id, err)
		}
		c, _ := coverage.Diagnostics(ctx, st, id, now)
		d, err := svc.Diagnostics(ctx, id, now)
		if err != nil || !reflect.DeepEqual(c, d) {
			t.Errorf("%s diagnostics differ (%v)", id, err)
		}
	}
}

func intp(i int) *int { return &i }

// TestCapacityGapsAndServiceFollowsWrites adds two CHRS with places to the real Haute-Marne,
// checks the capacity gap, and that a Service sees writes (and archiving) made after it
// started.
func TestCapacityGapsAndServiceFollowsWrites(t *testing.T) {
	st := fresh(t)
	svc := coverage.NewService(st)
	m, err := svc.Coverage(ctx, "dep-52", byType, coverage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if c := m.Totals[col(t, m, "chrs")]; c.Dispositifs != 0 {
		t.Fatalf("chrs before %+v", c)
	}
	add := func(id, name, commune string, places int) {
		t.Helper()
		d := &graph.Dispositif{Meta: graph.Meta{ID: id}, Name: name, Type: "chrs", Status: "active", Capacity: graph.Capacity{Places: intp(places)}}
		if _, err := st.Create(ctx, d); err != nil {
			t.Fatal(err)
		}
		for _, e := range []graph.Edge{
			{Type: graph.Covers, From: id, To: commune},
			{Type: graph.LocatedIn, From: id, To: commune},
			{Type: graph.Operates, From: "org-la-passerelle", To: id},
		} {
			if _, err := st.Link(ctx, e); err != nil {
				t.Fatal(err)
			}
		}
	}
	add("dsp-test-chrs-chaumont", "CHRS de test à Chaumont", "com-52121", 40)
	add("dsp-test-chrs-saint-dizier", "CHRS de test à Saint-Dizier", "com-52448", 2)

	m, err = svc.Coverage(ctx, "dep-52", byType, coverage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	tot := m.Totals[col(t, m, "chrs")]
	avg := 42.0 * 10000 / 168331
	if tot.Dispositifs != 2 || *tot.Places != 42 || tot.PlacesDeclared != 2 || !near(*tot.PlacesPer10k, avg) {
		t.Fatalf("chrs after %+v", tot)
	}
	if c := row(t, m, "com-52448").Cells[col(t, m, "chrs")]; *c.Places != 2 || !near(*c.PlacesPer10k, 2.0*10000/22858) {
		t.Errorf("Saint-Dizier %+v", c)
	}
	g, err := svc.Gaps(ctx, "dep-52", coverage.Options{By: byType})
	if err != nil {
		t.Fatal(err)
	}
	low := findGap(g, coverage.GapLowCapacity, coverage.DimType, "chrs")
	if low == nil || len(low.Territories) != 1 || low.Territories[0].ID != "com-52448" || low.Population != 22858 ||
		!strings.Contains(low.Reason, "Saint-Dizier (0,87)") || !strings.Contains(low.Reason, "(2,50 places pour 10 000 habitants") {
		t.Errorf("low capacity %+v", low)
	}
	if findGap(g, coverage.GapAbsent, coverage.DimType, "chrs") != nil || findGap(g, coverage.GapUncovered, coverage.DimType, "chrs") == nil {
		t.Error("chrs is now offered at Chaumont and Saint-Dizier only")
	}
	// The package-level function reads the same.
	direct, err := coverage.Gaps(ctx, st, "dep-52", coverage.Options{By: byType})
	if err != nil || !reflect.DeepEqual(g, direct) {
		t.Errorf("Service and store differ after writes (%v)", err)
	}
	// Archived: out of the offer.
	n, err := st.Get(ctx, "dsp-test-chrs-saint-dizier")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Archive(ctx, n.NodeMeta().ID, n.NodeMeta().Version); err != nil {
		t.Fatal(err)
	}
	m, err = svc.Coverage(ctx, "dep-52", byType, coverage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if c := m.Totals[col(t, m, "chrs")]; c.Dispositifs != 1 || *c.Places != 40 {
		t.Errorf("after archiving %+v", c)
	}
	// Unlinked operator: the Chaumont CHRS has none left.
	if err := st.Unlink(ctx, graph.EdgeKey{Type: graph.Operates, From: "org-la-passerelle", To: "dsp-test-chrs-chaumont"}); err != nil {
		t.Fatal(err)
	}
	d, err := svc.Diagnostics(ctx, "dep-52", coverage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := issueIDs(d.NoOperator); !slices.Equal(got, []string{"dsp-115-52", "dsp-test-chrs-chaumont"}) {
		t.Errorf("no operator after unlink %v", got)
	}
}

// TestServiceConcurrent runs reports while the store is written to and a Follow loop applies
// the changes (run with -race).
func TestServiceConcurrent(t *testing.T) {
	st := fresh(t)
	svc := coverage.NewService(st)
	fctx, cancel := context.WithCancel(ctx)
	followed := make(chan error, 1)
	go func() { followed <- svc.Follow(fctx, func(err error) { t.Error(err) }) }()
	done := make(chan struct{})
	errs := make(chan error, 4)
	for i := 0; i < 2; i++ {
		go func() {
			for {
				select {
				case <-done:
					errs <- nil
					return
				default:
				}
				if _, err := svc.Coverage(ctx, "dep-52", byType, coverage.Options{}); err != nil {
					errs <- err
					return
				}
				if _, err := svc.Diagnostics(ctx, "dep-52", coverage.Options{}); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	for i := 0; i < 5; i++ {
		id := "dsp-test-concurrent-" + string(rune('a'+i))
		if _, err := st.Create(ctx, &graph.Dispositif{Meta: graph.Meta{ID: id}, Name: "Test " + id, Type: "hu", Status: "active"}); err != nil {
			t.Fatal(err)
		}
		if _, err := st.Link(ctx, graph.Edge{Type: graph.Covers, From: id, To: "dep-52"}); err != nil {
			t.Fatal(err)
		}
	}
	close(done)
	for i := 0; i < 2; i++ {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	m, err := svc.Coverage(ctx, "dep-52", byType, coverage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if c := m.Totals[col(t, m, "hu")]; c.Dispositifs != 5 {
		t.Errorf("hu %+v", c)
	}
	cancel()
	if err := <-followed; err != context.Canceled {
		t.Errorf("follow: %v", err)
	}
}
