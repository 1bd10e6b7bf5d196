// Package hours reads, writes and evaluates opening hours in the OpenStreetMap opening_hours
// syntax, the one data·inclusion uses ("Mo-Fr 08:30-12:00,14:00-17:00; Sa 09:00-12:00; PH off",
// "24/7"), so that the app can say "ouvert maintenant" and a listing's hours can be exported as
// they are exchanged.
//
// No maintained Go implementation of the syntax could be used here (the Go module proxy these
// machines reach serves none), so this package implements the part social services use: weekday
// selectors and ranges, public holidays (PH, French ones), time spans including spans past
// midnight, "off"/"closed", 24/7, and the rule that a later rule replaces earlier ones on the
// days it names. Anything else (months, weeks, sunrise…) is refused with a clear message rather
// than guessed, and the caller shows the text as it is.
package hours

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // Europe/Paris must resolve on machines without a system zone database
	"unicode"
)

// Schedule is a parsed opening_hours value.
type Schedule struct {
	Rules []Rule
}

// Rule is one ";"-separated rule: the days it applies to and what it says about them.
type Rule struct {
	// Days[0] is Monday … Days[6] Sunday; PublicHolidays selects French public holidays.
	Days           [7]bool
	PublicHolidays bool
	// Off closes the selected days; otherwise Spans are the opening times (empty: all day).
	Off   bool
	Spans []Span
}

// Span is an opening time in minutes from midnight; To may exceed 24 h (past midnight).
type Span struct {
	From, To int
}

var dayNames = []string{"Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"}

// ParseError says where and why a value could not be read.
type ParseError struct {
	Value  string
	Reason string
}

func (e *ParseError) Error() string {
	return fmt.Sprintf("horaires « %s » illisibles : %s", e.Value, e.Reason)
}

// Parse reads an opening_hours value.
func Parse(s string) (Schedule, error) {
	value := strings.TrimSpace(s)
	if value == "" {
		return Schedule{}, &ParseError{s, "la valeur est vide"}
	}
	var sch Schedule
	for _, raw := range strings.Split(value, ";") {
		raw = strings.TrimSpace(raw)
		if raw == "" {
			continue
		}
		r, err := parseRule(raw)
		if err != nil {
			return Schedule{}, &ParseError{s, err.Error()}
		}
		sch.Rules = append(sch.Rules, r)
	}
	if len(sch.Rules) == 0 {
		return Schedule{}, &ParseError{s, "aucune règle"}
	}
	return sch, nil
}

func parseRule(raw string) (Rule, error) {
	if raw == "24/7" {
		return Rule{Days: allDays(), Spans: []Span{{0, 24 * 60}}}, nil
	}
	var r Rule
	rest := raw
	// Day selectors come first: "Mo-Fr,Sa,PH".
	if sel, after, ok := cutSelector(rest); ok {
		for _, part := range strings.Split(sel, ",") {
			if err := r.addDays(part); err != nil {
				return Rule{}, err
			}
		}
		rest = strings.TrimSpace(after)
	} else {
		r.Days = allDays()
	}
	switch strings.ToLower(rest) {
	case "":
		r.Spans = []Span{{0, 24 * 60}}
		return r, nil
	case "off", "closed":
		r.Off = true
		return r, nil
	case "open":
		r.Spans = []Span{{0, 24 * 60}}
		return r, nil
	}
	for _, part := range strings.Split(rest, ",") {
		sp, err := parseSpan(strings.TrimSpace(part))
		if err != nil {
			return Rule{}, err
		}
		r.Spans = append(r.Spans, sp)
	}
	return r, nil
}

// cutSelector splits "Mo-Fr,Sa 08:00-12:00" into its day selector and the rest.
func cutSelector(s string) (sel, rest string, ok bool) {
	end := strings.IndexAny(s, " \t")
	head := s
	if end >= 0 {
		head, rest = s[:end], s[end+1:]
	}
	// A word other than off/closed/open is a day selector, checked by addDays, so that "Lu-Ve"
	// is reported as an unknown day rather than a bad time.
	switch strings.ToLower(head) {
	case "off", "closed", "open":
		return "", s, false
	}
	if head == "" || !unicode.IsLetter(rune(head[0])) {
		return "", s, false
	}
	return head, rest, true
}

func indexDay(d string) int {
	for i, n := range dayNames {
		if n == d {
			return i
		}
	}
	return -1
}

func (r *Rule) addDays(part string) error {
	if part == "PH" {
		r.PublicHolidays = true
		return nil
	}
	from, to, isRange := strings.Cut(part, "-")
	a := indexDay(from)
	if a < 0 {
		return fmt.Errorf("jour inconnu « %s » (Mo, Tu, We, Th, Fr, Sa, Su ou PH)", from)
	}
	if !isRange {
		r.Days[a] = true
		return nil
	}
	b := indexDay(to)
	if b < 0 {
		return fmt.Errorf("jour inconnu « %s » (Mo, Tu, We, Th, Fr, Sa, Su)", to)
	}
	for i := a; ; i = (i + 1) % 7 { // ranges may wrap the weekend: Fr-Mo
		r.Days[i] = true
		if i == b {
			break
		}
	}
	return nil
}

func parseSpan(s string) (Span, error) {
	from, to, ok := strings.Cut(s, "-")
	if !ok {
		return Span{}, fmt.Errorf("« %s » n'est pas une plage horaire (08:30-12:00)", s)
	}
	a, err := parseClock(from)
	if err != nil {
		return Span{}, err
	}
	b, err := parseClock(to)
	if err != nil {
		return Span{}, err
	}
	if a >= 24*60 {
		return Span{}, fmt.Errorf("« %s » : une ouverture ne commence pas à 24:00", s)
	}
	if b <= a { // past midnight: 22:00-02:00
		b += 24 * 60
	}
	return Span{a, b}, nil
}

func parseClock(s string) (int, error) {
	h, m, ok := strings.Cut(strings.TrimSpace(s), ":")
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if !ok || err1 != nil || err2 != nil || len(m) != 2 || hh < 0 || hh > 24 || mm < 0 || mm > 59 || hh == 24 && mm != 0 {
		return 0, fmt.Errorf("heure invalide « %s » (HH:MM)", s)
	}
	return hh*60 + mm, nil
}

func allDays() [7]bool { return [7]bool{true, true, true, true, true, true, true} }

// String writes the schedule back in the opening_hours syntax, canonically.
func (s Schedule) String() string {
	var rules []string
	for _, r := range s.Rules {
		rules = append(rules, r.String())
	}
	return strings.Join(rules, "; ")
}

// String writes one rule.
func (r Rule) String() string {
	if r.Days == allDays() && !r.PublicHolidays && !r.Off && len(r.Spans) == 1 && r.Spans[0] == (Span{0, 24 * 60}) {
		return "24/7"
	}
	var sel []string
	if r.Days != allDays() || r.PublicHolidays {
		for i := 0; i < 7; {
			if !r.Days[i] {
				i++
				continue
			}
			j := i
			for j+1 < 7 && r.Days[j+1] {
				j++
			}
			switch {
			case j == i:
				sel = append(sel, dayNames[i])
			case j == i+1:
				sel = append(sel, dayNames[i], dayNames[j])
			default:
				sel = append(sel, dayNames[i]+"-"+dayNames[j])
			}
			i = j + 1
		}
		if r.PublicHolidays {
			sel = append(sel, "PH")
		}
	}
	var times string
	switch {
	case r.Off:
		times = "off"
	case len(r.Spans) == 1 && r.Spans[0] == (Span{0, 24 * 60}):
		times = "00:00-24:00"
	default:
		var ss []string
		for _, sp := range r.Spans {
			ss = append(ss, clock(sp.From)+"-"+clock(sp.To%(24*60)+boolInt(sp.To == 24*60)*24*60))
		}
		times = strings.Join(ss, ",")
	}
	return strings.TrimSpace(strings.Join(sel, ",") + " " + times)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func clock(m int) string { return fmt.Sprintf("%02d:%02d", m/60, m%60) }

// Paris is the time zone opening hours are read in.
var Paris = mustZone("Europe/Paris")

func mustZone(name string) *time.Location {
	l, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return l
}

// OpenAt reports whether the schedule is open at t (read in Paris time). A span past midnight
// keeps the place open into the next morning.
func (s Schedule) OpenAt(t time.Time) bool {
	t = t.In(Paris)
	minute := t.Hour()*60 + t.Minute()
	if spansOpen(s.spansOf(t), minute) {
		return true
	}
	// The previous day's spans past midnight.
	return spansOpen(s.spansOf(t.AddDate(0, 0, -1)), minute+24*60)
}

// spansOf returns the opening spans the schedule gives the date of t. On a public holiday,
// when some rule names PH, only the rules naming PH count (whatever their order: "PH off" is
// how a service says it closes on holidays); otherwise the day's weekday rules count, the last
// one deciding.
func (s Schedule) spansOf(t time.Time) []Span {
	day := (int(t.Weekday()) + 6) % 7 // Monday first
	holidayRules := IsPublicHoliday(t) && s.namesHolidays()
	var spans []Span
	for _, r := range s.Rules {
		if holidayRules && !r.PublicHolidays || !holidayRules && !r.Days[day] {
			continue
		}
		if r.Off {
			spans = nil
		} else {
			spans = r.Spans
		}
	}
	return spans
}

func (s Schedule) namesHolidays() bool {
	for _, r := range s.Rules {
		if r.PublicHolidays {
			return true
		}
	}
	return false
}

func spansOpen(spans []Span, minute int) bool {
	for _, sp := range spans {
		if minute >= sp.From && minute < sp.To {
			return true
		}
	}
	return false
}

// IsPublicHoliday reports whether the date of t (in Paris) is a public holiday in metropolitan
// France: the eight fixed ones and Easter Monday, Ascension and Whit Monday.
func IsPublicHoliday(t time.Time) bool {
	t = t.In(Paris)
	y, m, d := t.Date()
	switch {
	case m == time.January && d == 1, m == time.May && (d == 1 || d == 8), m == time.July && d == 14,
		m == time.August && d == 15, m == time.November && (d == 1 || d == 11), m == time.December && d == 25:
		return true
	}
	easter := Easter(y)
	date := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	for _, offset := range []int{1, 39, 50} {
		if date.Equal(easter.AddDate(0, 0, offset)) {
			return true
		}
	}
	return false
}

// Easter is Easter Sunday of year y (Gregorian calendar, anonymous algorithm), at 00:00 UTC.
func Easter(y int) time.Time {
	a, b, c := y%19, y/100, y%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return time.Date(y, time.Month(month), day, 0, 0, 0, 0, time.UTC)
}

// dayCodes are the lower-case day codes of the API (mo … su), ph for public holidays.
var dayCodes = []string{"mo", "tu", "we", "th", "fr", "sa", "su"}

// DayCodes lists the days a rule applies to, ph last.
func (r Rule) DayCodes() []string {
	var out []string
	for i, on := range r.Days {
		if on {
			out = append(out, dayCodes[i])
		}
	}
	if r.PublicHolidays {
		out = append(out, "ph")
	}
	return out
}

// AlwaysOpen reports a 24/7 schedule.
func (s Schedule) AlwaysOpen() bool { return len(s.Rules) == 1 && s.Rules[0].String() == "24/7" }

// Opens and Closes write a span's ends as HH:MM.
func (sp Span) Opens() string  { return clock(sp.From) }
func (sp Span) Closes() string { return clock(sp.To%(24*60) + boolInt(sp.To == 24*60)*24*60) }

var dayNamesFR = []string{"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"}

// Label says a rule in French: « du lundi au vendredi : 9 h – 12 h, 14 h – 17 h ».
func (r Rule) Label() string {
	if r.String() == "24/7" {
		return "24 h/24, 7 j/7"
	}
	var parts []string
	for i := 0; i < 7; {
		if !r.Days[i] {
			i++
			continue
		}
		j := i
		for j+1 < 7 && r.Days[j+1] {
			j++
		}
		switch {
		case j == i:
			parts = append(parts, "le "+dayNamesFR[i])
		case j == i+1:
			parts = append(parts, "le "+dayNamesFR[i], "le "+dayNamesFR[j])
		default:
			parts = append(parts, "du "+dayNamesFR[i]+" au "+dayNamesFR[j])
		}
		i = j + 1
	}
	if r.Days == allDays() {
		parts = []string{"tous les jours"}
	}
	if r.PublicHolidays {
		parts = append(parts, "les jours fériés")
	}
	days := strings.Join(parts, ", ")
	switch {
	case r.Off:
		return days + " : fermé"
	case len(r.Spans) == 1 && r.Spans[0] == (Span{0, 24 * 60}):
		return days + " : toute la journée"
	}
	var spans []string
	for _, sp := range r.Spans {
		spans = append(spans, frClock(sp.From)+" – "+frClock(sp.To%(24*60)))
	}
	return days + " : " + strings.Join(spans, ", ")
}

func frClock(m int) string {
	if m%60 == 0 {
		return fmt.Sprintf("%d h", m/60)
	}
	return fmt.Sprintf("%d h %02d", m/60, m%60)
}

// RuleInput is a rule as a form gives it: day codes (mo … su, ph), closed or opening spans.
type RuleInput struct {
	Days  []string
	Off   bool
	Spans [][2]string // opens, closes as HH:MM
}

// FromRules builds a schedule from form rules, checked as Parse checks text.
func FromRules(in []RuleInput) (Schedule, error) {
	var s Schedule
	for i, ri := range in {
		var r Rule
		for _, d := range ri.Days {
			switch k := slices.Index(dayCodes, strings.ToLower(d)); {
			case strings.EqualFold(d, "ph"):
				r.PublicHolidays = true
			case k >= 0:
				r.Days[k] = true
			default:
				return Schedule{}, &ParseError{d, fmt.Sprintf("règle %d : jour inconnu (mo, tu, we, th, fr, sa, su ou ph)", i+1)}
			}
		}
		if r.Days == [7]bool{} && !r.PublicHolidays {
			return Schedule{}, &ParseError{"", fmt.Sprintf("règle %d : aucun jour choisi", i+1)}
		}
		r.Off = ri.Off
		for _, sp := range ri.Spans {
			span, err := parseSpan(sp[0] + "-" + sp[1])
			if err != nil {
				return Schedule{}, &ParseError{sp[0] + "-" + sp[1], fmt.Sprintf("règle %d : %v", i+1, err)}
			}
			r.Spans = append(r.Spans, span)
		}
		if !r.Off && len(r.Spans) == 0 {
			r.Spans = []Span{{0, 24 * 60}}
		}
		s.Rules = append(s.Rules, r)
	}
	if len(s.Rules) == 0 {
		return Schedule{}, &ParseError{"", "aucune règle"}
	}
	return s, nil
}
