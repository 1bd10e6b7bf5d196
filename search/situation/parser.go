package situation

import (
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/seed/geo"
)

// Parser reads situations; it holds the gazetteer built from the geography.
type Parser struct {
	geo *geo.Data
	// names maps a folded place name (words joined by single spaces) to its candidates.
	names map[string][]Place
	// maxWords is the longest place name, in words.
	maxWords int
}

// New builds a parser over the geography.
func New(g *geo.Data) *Parser {
	p := &Parser{geo: g, names: map[string][]Place{}}
	add := func(name string, pl Place) {
		key := strings.Join(strings.Fields(fold(name).text), " ")
		if key == "" {
			return
		}
		p.names[key] = append(p.names[key], pl)
		p.maxWords = max(p.maxWords, len(strings.Fields(key)))
	}
	for _, r := range g.Regions {
		add(r.Name, Place{TerritoryID: graph.TerritoryID(graph.LevelRegion, r.Code), Name: r.Name, Level: string(graph.LevelRegion)})
	}
	for _, d := range g.Departements {
		add(d.Name, Place{TerritoryID: graph.TerritoryID(graph.LevelDepartement, d.Code), Name: d.Name, Level: string(graph.LevelDepartement), Departement: d.Code})
	}
	for _, c := range g.Communes {
		if c.Arrondissement() {
			continue
		}
		add(c.Name, Place{TerritoryID: graph.TerritoryID(graph.LevelCommune, c.Code), Name: c.Name, Level: string(graph.LevelCommune), Departement: c.Departement})
	}
	return p
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
			if ru.early() != early {
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
			var ok bool
			if n, ok = wordsValue(f.text[m[6]:m[7]]); !ok {
				continue
			}
		}
		if err != nil || n > 120 {
			continue
		}
		s.Age = &n
		add("age", strconv.Itoa(n), strconv.Itoa(n)+" ans", m[0], m[1])
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
	// "Paris 18e", "Paris 18ème", "Paris XVIIIe" is left out: arrondissements in digits only.
	parisArr = regexp.MustCompile(`\b(paris|lyon|marseille) (\d{1,2}) ?(?:e|eme|er|ere|ieme)?\b`)
	// a département number: "93", "2a", "974"; read only as a standalone token
	depNumber = regexp.MustCompile(`\b(\d{2,3}|2a|2b)\b`)
	postcode  = regexp.MustCompile(`\b(\d{5})\b`)
	word      = regexp.MustCompile(`[a-z0-9]+`)
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

// place reads the place: an arrondissement, a postal code, a département number, or a place
// name (région, département, commune), longest names first.
func (p *Parser) place(s *Situation, f folded, t taken, add func(kind, value, label string, start, end int)) {
	// département numbers written in the text (not read as something else, like "30 ans")
	// decide between homonymous places
	var depsInText []string
	for _, m := range depNumber.FindAllStringSubmatchIndex(f.text, -1) {
		if t.free(m[0], m[1]) {
			depsInText = append(depsInText, strings.ToUpper(f.text[m[2]:m[3]]))
		}
	}
	set := func(pl Place, start, end int) {
		if s.Place != nil {
			return
		}
		s.Place = &pl
		add("place", pl.TerritoryID, pl.Name, start, end)
	}
	for _, m := range parisArr.FindAllStringSubmatchIndex(f.text, -1) {
		n, _ := strconv.Atoi(f.text[m[4]:m[5]])
		base := map[string]string{"paris": "751", "lyon": "6938", "marseille": "132"}[f.text[m[2]:m[3]]]
		code := base + pad(n, 5-len(base))
		if c := p.geo.Commune(code); c != nil && t.free(m[0], m[1]) {
			set(Place{TerritoryID: graph.TerritoryID(graph.LevelArrondissement, code), Name: c.Name, Level: string(graph.LevelArrondissement), Departement: c.Departement}, m[0], m[1])
		}
	}
	for _, m := range postcode.FindAllStringSubmatchIndex(f.text, -1) {
		if !t.free(m[0], m[1]) {
			continue
		}
		var cands []Place
		for _, c := range p.geo.ByPostalCode(f.text[m[2]:m[3]]) {
			level := graph.LevelCommune
			if c.Arrondissement() {
				level = graph.LevelArrondissement
			}
			cands = append(cands, Place{TerritoryID: graph.TerritoryID(level, c.Code), Name: c.Name, Level: string(level), Departement: c.Departement})
		}
		if len(cands) > 0 {
			p.choose(s, f, m[0], m[1], cands, depsInText, set)
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
			key := strings.Join(strings.Fields(f.text[start:end]), " ")
			cands, ok := p.names[key]
			if !ok {
				continue
			}
			if n == 1 && (placeStopwords[key] || len(key) < 3) && !capitalised(f, start) {
				continue
			}
			p.choose(s, f, start, end, cands, depsInText, set)
		}
	}
	for _, m := range depNumber.FindAllStringSubmatchIndex(f.text, -1) {
		code := strings.ToUpper(f.text[m[2]:m[3]])
		if !t.free(m[0], m[1]) {
			continue
		}
		if d := p.geo.Departement(code); d != nil {
			set(Place{TerritoryID: graph.TerritoryID(graph.LevelDepartement, d.Code), Name: d.Name, Level: string(graph.LevelDepartement), Departement: d.Code}, m[0], m[1])
		}
	}
}

// choose keeps one of several candidate places, reporting the ambiguity. A département named
// elsewhere in the text decides; otherwise a metropolitan place, then the most populous.
func (p *Parser) choose(s *Situation, f folded, start, end int, cands []Place, deps []string, set func(Place, int, int)) {
	if len(cands) == 1 {
		set(cands[0], start, end)
		return
	}
	best, reason := p.rank(cands, deps)
	sp := f.span(start, end)
	s.Ambiguities = append(s.Ambiguities, Ambiguity{Span: sp, Text: f.src[sp.Start:sp.End], Candidates: cands, Chosen: best.TerritoryID, Reason: reason})
	set(best, start, end)
}

func (p *Parser) rank(cands []Place, deps []string) (Place, string) {
	for _, dep := range deps {
		for _, c := range cands {
			if strings.EqualFold(c.Departement, dep) {
				return c, "département indiqué dans le texte"
			}
		}
	}
	best := -1
	bestScore := -1
	for i, c := range cands {
		score := 0
		if d := p.geo.Departement(c.Departement); d != nil && d.Zone == "metro" {
			score += 1 << 30
		}
		if c.Level != string(graph.LevelCommune) {
			score += 1 << 29 // a région or département name outranks a homonymous commune
		}
		if cm := p.geo.Commune(strings.TrimPrefix(c.TerritoryID, "com-")); cm != nil {
			score += cm.Population
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
