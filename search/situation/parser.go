package situation

import (
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/blevesearch/bleve/v2/search"

	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/seed/geo"
)

// Parser reads situations; it holds the gazetteer built from the geography.
type Parser struct {
	geo *geo.Data
	// names maps a folded place name (words joined by single spaces, abbreviations written
	// out) to its candidates: official names, former names and the short forms of cities.
	names map[string][]candidate
	// maxWords is the longest place name, in words.
	maxWords int
	// fuzzy buckets the folded names of 5 letters or more by first letter and length, for
	// typos.
	fuzzy map[fuzzyKey][]string
}

// candidate is a place a name may mean, and how the name says it.
type candidate struct {
	Place
	// how is "" for the official name, or formerName, shortForm.
	how string
}

const (
	formerName = "ancien nom"
	shortForm  = "nom usuel"
)

type fuzzyKey struct {
	first byte
	n     int
}

// New builds a parser over the geography.
func New(g *geo.Data) *Parser {
	p := &Parser{geo: g, names: map[string][]candidate{}, fuzzy: map[fuzzyKey][]string{}}
	for _, r := range g.Regions {
		c := candidate{Place: Place{TerritoryID: graph.TerritoryID(graph.LevelRegion, r.Code), Name: r.Name, Level: string(graph.LevelRegion)}}
		p.add(r.Name, c)
		p.addWithoutArticle(r.Name, c)
	}
	for _, d := range g.Departements {
		c := candidate{Place: Place{TerritoryID: graph.TerritoryID(graph.LevelDepartement, d.Code), Name: d.Name, Level: string(graph.LevelDepartement), Departement: d.Code}}
		p.add(d.Name, c)
		p.addWithoutArticle(d.Name, c)
	}
	for _, c := range g.Communes {
		if c.Arrondissement() {
			continue
		}
		pl := Place{TerritoryID: graph.TerritoryID(graph.LevelCommune, c.Code), Name: c.Name, Level: string(graph.LevelCommune), Departement: c.Departement}
		p.add(c.Name, candidate{Place: pl})
		if c.Population >= 10000 {
			if short := shortName(c.Name); short != "" {
				p.add(short, candidate{Place: pl, how: shortForm})
			}
			p.addWithoutArticle(c.Name, candidate{Place: pl}) // "au Havre", "Plessis-Trévise"
		}
	}
	for _, f := range g.FormerNames {
		if c := g.Commune(f.Commune); c != nil {
			p.add(f.Name, candidate{Place: Place{TerritoryID: graph.TerritoryID(graph.LevelCommune, c.Code), Name: c.Name, Level: string(graph.LevelCommune), Departement: c.Departement}, how: formerName})
		}
	}
	return p
}

// AddPlaces adds named places the geography does not hold, such as the operational sectors of
// a city ("Paris Nord"), so that the parser reads them.
func (p *Parser) AddPlaces(pls ...Place) {
	for _, pl := range pls {
		p.add(pl.Name, candidate{Place: pl})
		// in English too: "Paris North"
		words := strings.Fields(fold(pl.Name).text)
		english := false
		for i, w := range words {
			if en, ok := compassEnglish[w]; ok {
				words[i], english = en, true
			}
		}
		if english {
			p.add(strings.Join(words, " "), candidate{Place: pl})
		}
	}
}

var compassEnglish = map[string]string{"nord": "north", "sud": "south", "est": "east", "ouest": "west", "centre": "centre"}

// addWithoutArticle adds a name without its article: people write "Réunion" for "La Réunion",
// "au Havre" (à le Havre), "Plessis-Trévise".
func (p *Parser) addWithoutArticle(name string, c candidate) {
	words := strings.Fields(fold(name).text)
	if len(words) > 1 && (words[0] == "la" || words[0] == "le" || words[0] == "les" || words[0] == "l") {
		c.how = shortForm
		p.add(strings.Join(words[1:], " "), c)
	}
}

func (p *Parser) add(name string, c candidate) {
	key := nameKey(strings.Fields(fold(name).text))
	if key == "" {
		return
	}
	for _, x := range p.names[key] {
		if x.TerritoryID == c.TerritoryID {
			return // a former name equal to the current one, a short form equal to a name
		}
	}
	if _, ok := p.names[key]; !ok && len(key) >= 5 {
		k := fuzzyKey{key[0], len(key)}
		p.fuzzy[k] = append(p.fuzzy[k], key)
	}
	p.names[key] = append(p.names[key], c)
	p.maxWords = max(p.maxWords, len(strings.Fields(key)))
}

// abbreviations people write in place names.
var abbreviations = map[string]string{"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes", "mt": "mont", "s": "sur", "ss": "sous"}

// nameKey joins folded words into a gazetteer key, abbreviations written out ("st maur" →
// "saint maur", "chalons s marne" → "chalons sur marne"; "s" only inside a name).
func nameKey(words []string) string {
	out := make([]string, len(words))
	for i, w := range words {
		if full, ok := abbreviations[w]; ok && (w != "s" && w != "ss" || i > 0 && i < len(words)-1) {
			w = full
		}
		out[i] = w
	}
	return strings.Join(out, " ")
}

// linking words end a city's short form: "Saint-Maur-des-Fossés" is "Saint-Maur",
// "Boulogne-sur-Mer" "Boulogne".
var linking = map[string]bool{"sur": true, "sous": true, "en": true, "les": true, "lez": true, "de": true, "des": true, "du": true, "la": true, "le": true, "aux": true, "d": true, "l": true, "et": true}

// shortName is the name people use for a city with a long name: the words before the first
// linking word ("Nogent-sur-Marne" → "Nogent"), or the first of two joined names
// ("Charleville-Mézières" → "Charleville"); "" when there is none.
func shortName(name string) string {
	words := strings.Fields(fold(name).text)
	if len(words) < 2 {
		return ""
	}
	n := slices.IndexFunc(words, func(w string) bool { return linking[w] })
	switch {
	case n > 0:
	case n < 0 && len(words) == 2:
		n = 1
	default:
		return ""
	}
	short := strings.Join(words[:n], " ")
	if short == "saint" || short == "sainte" || len(short) < 3 {
		return ""
	}
	return short
}

// taken marks the bytes of the folded text already read, so a phrase is read once.
type taken []bool

func (t taken) free(start, end int) bool { return !slices.Contains(t[start:end], true) }

func (t taken) take(start, end int) {
	for i := start; i < end; i++ {
		t[i] = true
	}
}

// maxInput bounds the text read: a situation is a sentence, not a document.
const maxInput = 2000

// Parse reads text.
func (p *Parser) Parse(text string) Situation {
	if len(text) > maxInput {
		text = text[:maxInput]
	}
	f := fold(text)
	t := make(taken, len(f.text))
	var s Situation
	read := func(start, end int) Span {
		t.take(start, end)
		sp := f.span(start, end)
		s.Read = append(s.Read, sp)
		return sp
	}
	add := func(kind, value, label string, start, end int) {
		sp := read(start, end)
		s.Criteria = append(s.Criteria, Criterion{Kind: kind, Value: value, Label: label, Span: sp, Text: text[sp.Start:sp.End]})
	}
	applyRule := func(ru rule, start, end int) {
		if ru.caps && !upper(f, start, end) {
			return
		}
		if ru.kind == "companion" {
			read(start, end) // who comes with the person: nothing about the person
			return
		}
		if !s.apply(ru) {
			read(start, end) // a second value of a single-valued criterion, or one said twice: read, not kept
			return
		}
		sp := f.span(start, end)
		t.take(start, end)
		if !ru.searchable {
			s.Read = append(s.Read, sp)
		}
		s.Criteria = append(s.Criteria, Criterion{Kind: ru.kind, Value: ru.criterionValue(), Label: ru.label, Span: sp, Text: text[sp.Start:sp.End]})
		for _, im := range ru.implies {
			if imr := (rule{kind: im.kind, value: im.value, label: labelOf(im.kind, im.value)}); s.apply(imr) {
				s.Criteria = append(s.Criteria, Criterion{Kind: im.kind, Value: im.value, Label: imr.label, Span: sp, Text: text[sp.Start:sp.End]})
			}
		}
	}
	runRules := func(early bool) {
		for _, ru := range rules {
			if ru.early() != early || !ru.mayMatch(f.text) {
				continue
			}
			for _, m := range ru.re.FindAllStringIndex(f.text, -1) {
				if t.free(m[0], m[1]) {
					applyRule(ru, m[0], m[1])
				}
			}
		}
	}
	// who comes with the person first: "avec son fils de 3 ans" is not a 3-year-old
	runRules(true)
	// exact ages next: "67 ans" must not be read as the département 67
	for _, m := range ageExpr.FindAllStringSubmatchIndex(f.text, -1) {
		if !t.free(m[0], m[1]) || s.Age != nil || duration.MatchString(f.text[:m[0]]) {
			continue // "depuis 2 ans", "for 3 years": a time, not an age
		}
		var n int
		var err error
		switch {
		case m[2] >= 0:
			n, err = strconv.Atoi(f.text[m[2]:m[3]])
		case m[4] >= 0:
			n, err = strconv.Atoi(f.text[m[4]:m[5]])
		default:
			g := 6
			if m[6] < 0 {
				g = 8 // "aged thirty-five"
			}
			var ok bool
			if n, ok = wordsValue(f.text[m[g]:m[g+1]]); !ok {
				continue
			}
		}
		if err != nil || n > 120 {
			continue
		}
		s.Age = &n
		add("age", strconv.Itoa(n), strconv.Itoa(n)+" ans", m[0], m[1])
	}
	if s.Age == nil {
		if m := personAge.FindStringSubmatchIndex(f.text); m != nil && t.free(m[2], m[3]) {
			if n, err := strconv.Atoi(f.text[m[2]:m[3]]); err == nil && n >= 16 {
				s.Age = &n
				add("age", strconv.Itoa(n), strconv.Itoa(n)+" ans", m[2], m[3])
			}
		}
	}
	runRules(false)
	for _, m := range framing.re.FindAllStringIndex(f.text, -1) {
		if t.free(m[0], m[1]) {
			read(m[0], m[1])
		}
	}
	p.place(&s, f, t, add)
	slices.SortFunc(s.Criteria, func(a, b Criterion) int { return a.Span.Start - b.Span.Start })
	return s
}

// apply records a rule's value; it reports false when the criterion already has a value.
func (s *Situation) apply(ru rule) bool {
	switch ru.kind {
	case "adminStatus":
		if s.AdminStatus != "" {
			return false
		}
		s.AdminStatus = ru.value
		if st, ok := stages[ru.value]; ok {
			s.AdminStatus, s.AsylumStage = st.status, ru.value
		}
	case "gender":
		if s.Gender != "" {
			return false
		}
		s.Gender = ru.value
	case "type":
		return appendNew(&s.Types, ru.value)
	case "ageGroup":
		if s.Age != nil || s.AgeMin != nil || s.AgeMax != nil {
			return false
		}
		switch ru.value {
		case "personne-agee":
			s.AgeMin = intp(60)
		case "mineur":
			s.AgeMax = intp(17)
		case "jeune":
			s.AgeMin, s.AgeMax = intp(16), intp(25)
		}
	case "family":
		return appendNew(&s.Family, ru.value)
	case "situation":
		return appendNew(&s.Situations, ru.value)
	case "need":
		return appendNew(&s.Needs, ru.value)
	}
	return true
}

func appendNew(list *[]string, v string) bool {
	if slices.Contains(*list, v) {
		return false
	}
	*list = append(*list, v)
	return true
}

func intp(i int) *int { return &i }

var (
	// "Paris 18e", "Paris 18ème", "Paris 11th"; "Paris XVIIIe" is left out: arrondissements in digits only.
	parisArr = regexp.MustCompile(`\b(paris|lyon|marseille) (\d{1,2}) ?(?:e|eme|er|ere|ieme|th|st|nd|rd)?(?: arrondissement| arr| arrt)?\b`)
	// "18e arrondissement", "11th arrondissement (of Paris)", "arrondissement 11"
	arrFirst = regexp.MustCompile(`\b(?:(\d{1,2}) ?(?:e|eme|er|ere|ieme|th|st|nd|rd)? (?:arrondissement|arr|arrt)|arrondissement (\d{1,2}))(?: (?:de |of |du )?(paris|lyon|marseille))?\b`)
	// a département number: "93", "2a", "974"; read only as a standalone token
	depNumber = regexp.MustCompile(`\b(\d{2,3}|2a|2b)\b`)
	// words before a misspelt place
	typoPrep  = regexp.MustCompile(`\b(?:a|au|in|at|near|pres de|commune de|ville de)\s+$`)
	otherCity = regexp.MustCompile(`\b(lyon|marseille)\b`)
	postcode  = regexp.MustCompile(`\b(\d{5})\b`)
	word      = regexp.MustCompile(`[a-z0-9]+`)
	// words before a place: a common noun that is also a commune ("cours") is a place after them
	placePrep = regexp.MustCompile(`\b(?:a|au|aux|in|at|near|pres de|pres d|autour de|around|from|de la ville de|commune de|ville de)\s+$`)
	// words around a common noun that make it one: "le cours", "cours de français", "des cours"
	determiner = regexp.MustCompile(`\b(?:le|la|les|l|un|une|des|du|en|plusieurs|quelques|tous|toutes|deux|trois|mon|ma|mes|ton|ta|tes|son|sa|ses|notre|nos|votre|vos|leur|leurs|ce|cet|cette|ces|the|a|an|some|my|his|her|their|our|your)\s+$`)
	complement = regexp.MustCompile(`^\s+(?:de|d|du|des|pour|of|for|en|a)\b`)
)

// placeStopwords are words that are also commune names but mean something else in a
// situation ("à la rue", "vers", "bar"…); they name a place only with a capital letter.
var placeStopwords = map[string]bool{
	"rue": true, "vers": true, "bar": true, "eu": true, "y": true, "sans": true, "mer": true, "bourg": true,
	"ville": true, "bay": true, "bus": true, "port": true, "pont": true, "plan": true, "prix": true, "sainte": true,
	"saint": true, "saints": true, "la": true, "le": true, "les": true, "orange": true, "aide": true, "dame": true,
	"mars": true, "mai": true, "jeune": true, "homme": true, "femme": true, "mere": true, "pere": true, "aube": true,
	"ain": true, "lot": true, "cher": true, "nord": true, "gard": true, "var": true, "tarn": true, "oise": true,
	"marne": true, "eure": true, "loire": true, "indre": true, "charente": true, "allier": true, "doubs": true,
}

// placeMatch is a piece of text naming one or several places.
type placeMatch struct {
	start, end int
	cands      []candidate
	// explicit: a number or code (arrondissement, postal code, département number), not a name
	explicit bool
	how      string // how the text names it when not by its name: a typo corrected
	chosen   candidate
	reason   string
}

// levelRank orders places from the most specific.
func levelRank(level string) int {
	switch graph.TerritoryLevel(level) {
	case graph.LevelArrondissement:
		return 0
	case graph.LevelSector, graph.LevelCommune:
		return 1
	case graph.LevelEPT, graph.LevelEPCI:
		return 2
	case graph.LevelDepartement:
		return 3
	case graph.LevelRegion:
		return 4
	}
	return 5
}

// place reads the place. Every piece of text naming a place is found first (arrondissements,
// postal codes, names longest first, département numbers, then typos); each is resolved with
// the others as context (a département named or numbered, nearness to the other places); the
// most specific is the place, and those containing it (the département after a commune:
// "Saint-Denis 93", "Saint-Denis (Réunion)") are read with it.
func (p *Parser) place(s *Situation, f folded, t taken, add func(kind, value, label string, start, end int)) {
	var ms []placeMatch
	claim := func(m placeMatch) {
		t.take(m.start, m.end)
		ms = append(ms, m)
	}
	arr := func(city string, n, start, end int) {
		base := map[string]string{"paris": "751", "lyon": "6938", "marseille": "132"}[city]
		code := base + pad(n, 5-len(base))
		if c := p.geo.Commune(code); c != nil && c.Arrondissement() && t.free(start, end) {
			claim(placeMatch{start: start, end: end, explicit: true, cands: []candidate{{Place: Place{TerritoryID: graph.TerritoryID(graph.LevelArrondissement, code), Name: c.Name, Level: string(graph.LevelArrondissement), Departement: c.Departement}}}})
		}
	}
	for _, m := range parisArr.FindAllStringSubmatchIndex(f.text, -1) {
		n, _ := strconv.Atoi(f.text[m[4]:m[5]])
		arr(f.text[m[2]:m[3]], n, m[0], m[1])
	}
	for _, m := range arrFirst.FindAllStringSubmatchIndex(f.text, -1) {
		g := 2
		if m[2] < 0 {
			g = 4
		}
		n, _ := strconv.Atoi(f.text[m[g]:m[g+1]])
		city := "paris" // "le 18e arrondissement" without a city is Paris's, unless another is named
		if m[6] >= 0 {
			city = f.text[m[6]:m[7]]
		} else if c := otherCity.FindString(f.text); c != "" {
			city = c
		}
		arr(city, n, m[0], m[1])
	}
	for _, m := range postcode.FindAllStringSubmatchIndex(f.text, -1) {
		if !t.free(m[0], m[1]) {
			continue
		}
		var cands []candidate
		for _, c := range p.geo.ByPostalCode(f.text[m[2]:m[3]]) {
			level := graph.LevelCommune
			if c.Arrondissement() {
				level = graph.LevelArrondissement
			}
			cands = append(cands, candidate{Place: Place{TerritoryID: graph.TerritoryID(level, c.Code), Name: c.Name, Level: string(level), Departement: c.Departement}})
		}
		if len(cands) > 0 {
			claim(placeMatch{start: m[0], end: m[1], cands: cands, explicit: true})
		}
	}
	// place names, longest first
	words := word.FindAllStringIndex(f.text, -1)
	for n := min(p.maxWords, len(words)); n >= 1; n-- {
		for i := 0; i+n <= len(words); i++ {
			start, end := words[i][0], words[i+n-1][1]
			if !t.free(start, end) {
				continue
			}
			key := nameKey(strings.Fields(f.text[start:end]))
			cands, ok := p.names[key]
			if !ok {
				continue
			}
			if n == 1 && !p.nameHere(f, key, start, end) {
				continue
			}
			claim(placeMatch{start: start, end: end, cands: cands})
		}
	}
	for _, m := range depNumber.FindAllStringSubmatchIndex(f.text, -1) {
		if !t.free(m[0], m[1]) {
			continue
		}
		if d := p.geo.Departement(strings.ToUpper(f.text[m[2]:m[3]])); d != nil {
			claim(placeMatch{start: m[0], end: m[1], explicit: true, cands: []candidate{{Place: Place{TerritoryID: graph.TerritoryID(graph.LevelDepartement, d.Code), Name: d.Name, Level: string(graph.LevelDepartement), Departement: d.Code}}}})
		}
	}
	// a misspelt name is looked for only when no place but a département number was read
	if !slices.ContainsFunc(ms, func(m placeMatch) bool { return !m.explicit || m.cands[0].Level != string(graph.LevelDepartement) }) {
		ms = append(ms, p.typos(f, t, words)...)
	}
	if len(ms) == 0 {
		return
	}
	// the context: départements named or numbered, and places with one candidate
	// (each match's context is the other matches)
	for i := range ms {
		var deps []string
		var anchors []*geo.Commune
		for j, m := range ms {
			if j == i {
				continue
			}
			for _, c := range m.cands {
				switch c.Level {
				case string(graph.LevelDepartement):
					deps = append(deps, c.Departement)
				case string(graph.LevelRegion):
					deps = append(deps, p.regionDeps(c.TerritoryID)...)
				}
			}
			if len(m.cands) == 1 {
				if cm := p.geo.Commune(territoryCode(m.cands[0].TerritoryID)); cm != nil {
					anchors = append(anchors, cm)
				}
			}
		}
		ms[i].chosen, ms[i].reason = p.rank(ms[i].cands, deps, anchors)
	}
	best := 0
	for i, m := range ms {
		if levelRank(m.chosen.Level) < levelRank(ms[best].chosen.Level) || levelRank(m.chosen.Level) == levelRank(ms[best].chosen.Level) && m.start < ms[best].start {
			best = i
		}
	}
	pm := ms[best]
	pl := pm.chosen.Place
	s.Place = &pl
	label := pl.Name
	add("place", pl.TerritoryID, label, pm.start, pm.end)
	if len(pm.cands) > 1 || pm.chosen.how != "" || pm.how != "" {
		sp := f.span(pm.start, pm.end)
		amb := Ambiguity{Span: sp, Text: f.src[sp.Start:sp.End], Chosen: pl.TerritoryID, Reason: pm.reason}
		for _, c := range pm.cands {
			amb.Candidates = append(amb.Candidates, c.Place)
		}
		if pm.how != "" {
			amb.Reason = pm.how + " ; " + amb.Reason
		}
		s.Ambiguities = append(s.Ambiguities, amb)
	}
	// the places containing it qualify it ("Saint-Denis 93"); the others are places too, not
	// words the listings should contain ("entre Chaumont et Langres"): all are read
	for i, m := range ms {
		if i != best {
			s.Read = append(s.Read, f.span(m.start, m.end))
		}
	}
}

// nameHere reports whether a one-word name found at start is meant as a place: a word that is
// also a common noun ("cours de français", "le cours", "prise en charge") is a place only when
// the text says so ("à Cours", "in Cours") or capitalises it inside a sentence; in lower case,
// only the name of a town of some size, with no article before it or complement after it.
func (p *Parser) nameHere(f folded, key string, start, end int) bool {
	if placePrep.MatchString(f.text[:start]) {
		return true
	}
	capital := capitalised(f, start) && strings.TrimSpace(f.text[:start]) != ""
	if (placeStopwords[key] || len(key) < 3) && !capital {
		return false
	}
	if capital {
		return true
	}
	// in lower case, a word that names a small commune is more likely a word ("prise en
	// charge" is not Chargé): a town of 5,000 people or more, a département or a région only
	known := false
	for _, c := range p.names[key] {
		cm := p.geo.Commune(territoryCode(c.TerritoryID))
		known = known || c.Level != string(graph.LevelCommune) || cm != nil && cm.Population >= 5000
	}
	return known && !determiner.MatchString(f.text[:start]) && !complement.MatchString(f.text[end:])
}

// typos reads a place name misspelt by one edit (two for names of 9 letters or more), in a
// word written as a place: capitalised inside the sentence, hyphenated, or after "à", "in"….
// The first letter is trusted.
func (p *Parser) typos(f folded, t taken, words [][]int) []placeMatch {
	var out []placeMatch
	for n := min(3, len(words)); n >= 1; n-- {
		for i := 0; i+n <= len(words); i++ {
			start, end := words[i][0], words[i+n-1][1]
			if !t.free(start, end) {
				continue
			}
			key := nameKey(strings.Fields(f.text[start:end]))
			if len(key) < 5 || n > 1 && determiner.MatchString(strings.Fields(key)[0]+" ") && !capitalised(f, start) {
				continue // "la gare" is not "La Garde"
			}
			// a capitalised word followed by another is a name (« Mission Interface », « Marie
			// Dupont »), not a misspelt place, unless the text says a place comes
			if !typoPrep.MatchString(f.text[:start]) && i+n < len(words) && capitalised(f, start) && capitalised(f, words[i+n][0]) {
				continue
			}
			// an initial capital says little at the start of the text: a long word only
			if !typoPrep.MatchString(f.text[:start]) && !(capitalised(f, start) && (strings.TrimSpace(f.text[:start]) != "" || len(key) >= 7)) && !(n > 1 && strings.Contains(f.src[f.orig[start]:f.orig[end]], "-")) {
				continue
			}
			maxEdits := 1
			if len(key) >= 9 {
				maxEdits = 2
			}
			bestD, bestKeys := maxEdits+1, []string(nil)
			for l := len(key) - maxEdits; l <= len(key)+maxEdits; l++ {
				for _, k := range p.fuzzy[fuzzyKey{key[0], l}] {
					if d, ok := search.LevenshteinDistanceMax(key, k, maxEdits); !ok && d <= maxEdits {
						switch {
						case d < bestD:
							bestD, bestKeys = d, []string{k}
						case d == bestD:
							bestKeys = append(bestKeys, k)
						}
					}
				}
			}
			if bestKeys == nil {
				continue
			}
			var cands []candidate
			for _, k := range bestKeys {
				cands = append(cands, p.names[k]...)
			}
			t.take(start, end)
			out = append(out, placeMatch{start: start, end: end, cands: cands, how: "faute de frappe corrigée"})
		}
	}
	return out
}

// regionDeps lists the départements of a région.
func (p *Parser) regionDeps(id string) []string {
	var out []string
	for _, d := range p.geo.Departements {
		if graph.TerritoryID(graph.LevelRegion, d.Region) == id {
			out = append(out, d.Code)
		}
	}
	return out
}

// territoryCode is the geography's code of a territory id: upper case, as INSEE writes the
// codes of Corsica ("com-2a004" is 2A004; a lower-case code found no commune, so Ajaccio lost
// its population and was read as a place only when capitalised inside the sentence).
func territoryCode(id string) string {
	if i := strings.IndexByte(id, '-'); i >= 0 {
		id = id[i+1:]
	}
	return strings.ToUpper(id)
}

// rank keeps one of a name's candidates: a département named or numbered in the text decides;
// then nearness to the other places named; then a région or département over a homonymous
// commune, a metropolitan place, and the most populous, a former name or a short form counting for
// a tenth of its population (Charleville-Mézières for "Charleville", not Nogent-sur-Marne for
// "Nogent").
func (p *Parser) rank(cands []candidate, deps []string, anchors []*geo.Commune) (candidate, string) {
	if len(cands) == 1 {
		reason := ""
		if cands[0].how != "" {
			reason = cands[0].how + " de " + cands[0].Name
		}
		return cands[0], reason
	}
	for _, dep := range deps {
		found := -1
		for i, c := range cands {
			// the most specific in the département: "Paris 75011" is the 11th arrondissement
			if strings.EqualFold(c.Departement, dep) && c.Level != string(graph.LevelDepartement) && (found < 0 || levelRank(c.Level) < levelRank(cands[found].Level)) {
				found = i
			}
		}
		if found >= 0 {
			return cands[found], "département indiqué dans le texte"
		}
	}
	if len(anchors) > 0 {
		best, bestD := -1, math.Inf(1)
		for i, c := range cands {
			cm := p.geo.Commune(territoryCode(c.TerritoryID))
			if cm == nil || !cm.HasCentre {
				continue
			}
			for _, a := range anchors {
				if a.HasCentre && a.Code != cm.Code {
					if d := math.Hypot(cm.Lat-a.Lat, (cm.Lon-a.Lon)*math.Cos(a.Lat*math.Pi/180)); d < bestD {
						best, bestD = i, d
					}
				}
			}
		}
		if best >= 0 {
			return cands[best], "le plus proche des autres lieux nommés"
		}
	}
	best, bestScore := -1, -1
	for i, c := range cands {
		score := 0
		if c.Level != string(graph.LevelCommune) {
			score += 1 << 30 // a région or département name outranks a homonymous commune ("La Réunion")
		}
		if d := p.geo.Departement(c.Departement); d != nil && d.Zone == "metro" {
			score += 1 << 29
		}
		if cm := p.geo.Commune(territoryCode(c.TerritoryID)); cm != nil {
			pop := cm.Population
			if c.how != "" {
				pop /= 10
			}
			score += pop
		}
		if score > bestScore {
			best, bestScore = i, score
		}
	}
	return cands[best], "plusieurs lieux portent ce nom : le plus peuplé de métropole est retenu"
}

// upper reports whether the original text of a folded span has no lower-case letter.
func upper(f folded, start, end int) bool {
	sp := f.span(start, end)
	return strings.ToUpper(f.src[sp.Start:sp.End]) == f.src[sp.Start:sp.End]
}

// capitalised reports whether the original text has a capital letter where the folded word
// at start begins.
func capitalised(f folded, start int) bool {
	o := f.orig[start]
	return o < len(f.src) && f.src[o] >= 'A' && f.src[o] <= 'Z' || strings.ContainsAny(f.src[o:min(o+2, len(f.src))], "ÀÂÉÈÊÎÔÛÇ")
}

func pad(n, width int) string {
	s := strconv.Itoa(n)
	for len(s) < width {
		s = "0" + s
	}
	return s
}
