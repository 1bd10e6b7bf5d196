package graph

import (
	"fmt"
	"net/mail"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/maillage/maillage/graph/hours"
)

const (
	maxNameLen        = 300
	maxDescriptionLen = 20000
)

func validateMeta(v *ValidationErrors, m *Meta) {
	if m.ID != "" && !ValidID(m.ID) {
		v.Add("id", fmt.Sprintf("l'identifiant « %s » ne doit contenir que des lettres minuscules sans accent, des chiffres et des tirets (120 caractères au plus)", m.ID))
	}
}

func validateName(v *ValidationErrors, field, name string) {
	switch {
	case strings.TrimSpace(name) == "":
		v.Add(field, "le nom est obligatoire")
	case utf8.RuneCountInString(name) > maxNameLen:
		v.Add(field, fmt.Sprintf("le nom ne doit pas dépasser %d caractères", maxNameLen))
	}
}

func validateDescription(v *ValidationErrors, field, s string) {
	if utf8.RuneCountInString(s) > maxDescriptionLen {
		v.Add(field, fmt.Sprintf("la description ne doit pas dépasser %d caractères", maxDescriptionLen))
	}
}

func validateTerm(v *ValidationErrors, field, what string, voc Vocabulary, slug string) {
	if slug != "" && !voc.Has(slug) {
		v.Add(field, fmt.Sprintf("%s « %s » inconnu", what, slug))
	}
}

func validateContacts(v *ValidationErrors, contacts []Contact) {
	for i, c := range contacts {
		field := fmt.Sprintf("contacts[%d]", i)
		switch c.Kind {
		case "phone":
			if !ValidPhone(c.Value) {
				v.Add(field, fmt.Sprintf("le numéro de téléphone « %s » n'est pas valide (exemples : 03 25 32 65 42, +33 3 25 32 65 42, 115)", c.Value))
			}
		case "email":
			if !ValidEmail(c.Value) {
				v.Add(field, fmt.Sprintf("l'adresse électronique « %s » n'est pas valide", c.Value))
			}
		case "website":
			if !ValidURL(c.Value) {
				v.Add(field, fmt.Sprintf("l'adresse web « %s » n'est pas valide (elle doit commencer par https:// ou http://)", c.Value))
			}
		default:
			v.Add(field, fmt.Sprintf("type de contact « %s » inconnu (téléphone, courriel ou site web)", c.Kind))
		}
	}
}

func validateAddress(v *ValidationErrors, a *Address) {
	if a == nil {
		return
	}
	if a.PostalCode != "" && !isDigits(a.PostalCode, 5) {
		v.Add("address.postalCode", fmt.Sprintf("le code postal « %s » doit compter 5 chiffres", a.PostalCode))
	}
	if a.Lat != nil && (*a.Lat < -90 || *a.Lat > 90) {
		v.Add("address.lat", "la latitude doit être comprise entre -90 et 90")
	}
	if a.Lon != nil && (*a.Lon < -180 || *a.Lon > 180) {
		v.Add("address.lon", "la longitude doit être comprise entre -180 et 180")
	}
}

// Validate checks an organisation.
func (o *Organisation) Validate() error {
	var v ValidationErrors
	validateMeta(&v, &o.Meta)
	validateName(&v, "name", o.Name)
	validateDescription(&v, "description", o.Description)
	validateTerm(&v, "type", "type d'organisation", OrganisationTypes, o.Type)
	if o.SIRET != "" && !ValidSIRET(o.SIRET) {
		v.Add("siret", fmt.Sprintf("le SIRET « %s » n'est pas valide (14 chiffres, clé de contrôle incorrecte)", o.SIRET))
	}
	if o.FINESS != "" && !ValidFINESS(o.FINESS) {
		v.Add("finess", fmt.Sprintf("le numéro FINESS « %s » doit compter 9 caractères", o.FINESS))
	}
	validateAddress(&v, o.Address)
	validateContacts(&v, o.Contacts)
	validateText(&v, o)
	return v.Err()
}

// Validate checks a dispositif.
func (d *Dispositif) Validate() error {
	var v ValidationErrors
	validateMeta(&v, &d.Meta)
	validateName(&v, "name", d.Name)
	validateDescription(&v, "description", d.Description)
	validateTerm(&v, "type", "type de dispositif", DispositifTypes, d.Type)
	switch {
	case d.Status == "":
		v.Add("status", "le statut est obligatoire (active, temporarily_closed ou closed)")
	case !Statuses.Has(d.Status):
		v.Add("status", fmt.Sprintf("statut « %s » inconnu (active, temporarily_closed ou closed)", d.Status))
	}
	e := d.Eligibility
	if e.AgeMin != nil && (*e.AgeMin < 0 || *e.AgeMin > 120) {
		v.Add("eligibility.ageMin", "l'âge minimum doit être compris entre 0 et 120 ans")
	}
	if e.AgeMax != nil && (*e.AgeMax < 0 || *e.AgeMax > 120) {
		v.Add("eligibility.ageMax", "l'âge maximum doit être compris entre 0 et 120 ans")
	}
	if e.AgeMin != nil && e.AgeMax != nil && *e.AgeMin > *e.AgeMax {
		v.Add("eligibility.ageMax", fmt.Sprintf("l'âge maximum (%d ans) est inférieur à l'âge minimum (%d ans)", *e.AgeMax, *e.AgeMin))
	}
	validateTerm(&v, "eligibility.adminStatus", "statut administratif", AdminStatuses, e.AdminStatus)
	for _, g := range e.Genders {
		validateTerm(&v, "eligibility.genders", "genre", Genders, g)
	}
	for _, f := range e.FamilySituations {
		validateTerm(&v, "eligibility.familySituations", "situation familiale", FamilySituations, f)
	}
	for _, m := range d.AccessModes {
		validateTerm(&v, "accessModes", "mode d'accès", AccessModes, m)
	}
	validateTerm(&v, "cost", "tarif", Costs, d.Cost)
	validateNotices(&v, d.Notices)
	if f := d.UpdateFrequencyMonths; f != nil && (*f < 1 || *f > 36) {
		v.Add("updateFrequencyMonths", "la fréquence de vérification doit être comprise entre 1 et 36 mois")
	}
	if d.OpeningHours != "" {
		if _, err := hours.Parse(d.OpeningHours); err != nil {
			v.Add("openingHours", err.Error()+" ; format OpenStreetMap attendu, par exemple « Mo-Fr 09:00-12:00,14:00-17:00; PH off » ou « 24/7 »")
		}
	}
	if d.Capacity.Places != nil && *d.Capacity.Places < 0 {
		v.Add("capacity.places", "le nombre de places ne peut pas être négatif")
	}
	if d.Capacity.ETP != nil && *d.Capacity.ETP < 0 {
		v.Add("capacity.etp", "le nombre d'ETP ne peut pas être négatif")
	}
	for i, s := range d.Staff {
		if strings.TrimSpace(s.Role) == "" {
			v.Add(fmt.Sprintf("staff[%d].role", i), "chaque ligne de l'équipe doit nommer une fonction")
		}
		if (s.ETP != nil && *s.ETP < 0) || (s.Count != nil && *s.Count < 0) {
			v.Add(fmt.Sprintf("staff[%d]", i), "les effectifs ne peuvent pas être négatifs")
		}
	}
	if d.FINESS != "" && !ValidFINESS(d.FINESS) {
		v.Add("finess", fmt.Sprintf("le numéro FINESS « %s » doit compter 9 caractères", d.FINESS))
	}
	validateAddress(&v, d.Address)
	validateContacts(&v, d.Contacts)
	validateText(&v, d)
	return v.Err()
}

// Validate checks a territory.
func (t *Territory) Validate() error {
	var v ValidationErrors
	validateMeta(&v, &t.Meta)
	validateName(&v, "name", t.Name)
	known := false
	for _, l := range TerritoryLevels {
		known = known || l == t.Level
	}
	if !known {
		v.Add("level", fmt.Sprintf("niveau de territoire « %s » inconnu", t.Level))
	}
	if strings.TrimSpace(t.Code) == "" {
		v.Add("code", "le code du territoire est obligatoire")
	}
	if t.Population != nil && *t.Population < 0 {
		v.Add("population", "la population ne peut pas être négative")
	}
	validateText(&v, t)
	return v.Err()
}

func validateVocabularyNode(n Node, name, description string) error {
	var v ValidationErrors
	validateMeta(&v, n.NodeMeta())
	validateName(&v, "name", name)
	validateDescription(&v, "description", description)
	validateText(&v, n)
	return v.Err()
}

// Validate checks a public.
func (p *Public) Validate() error { return validateVocabularyNode(p, p.Name, p.Description) }

// Validate checks a thematique.
func (t *Thematique) Validate() error { return validateVocabularyNode(t, t.Name, t.Description) }

// Validate checks an instance.
func (i *Instance) Validate() error { return validateVocabularyNode(i, i.Name, i.Description) }

// ValidateEdge checks a relation against the kinds of its two ends.
func ValidateEdge(e Edge, fromKind, toKind Kind) error {
	var v ValidationErrors
	switch {
	case !e.Type.Valid():
		v.Add("type", fmt.Sprintf("type de relation « %s » inconnu", e.Type))
	case e.From == e.To:
		v.Add("to", "une relation ne peut pas relier un nœud à lui-même")
	case !e.Type.Allows(fromKind, toKind):
		v.Add("type", fmt.Sprintf("la relation « %s » ne peut pas aller d'%s vers %s", e.Type.Label(), fromKind.Label(), toKind.Label()))
	}
	if e.Amount != nil && *e.Amount < 0 {
		v.Add("amount", "le montant ne peut pas être négatif")
	}
	if e.Year != nil && (*e.Year < 1900 || *e.Year > 2100) {
		v.Add("year", "l'année doit être comprise entre 1900 et 2100")
	}
	validateText(&v, e)
	return v.Err()
}

// ValidSIRET reports whether s is 14 digits with a valid Luhn key (La Poste's SIRETs, SIREN
// 356000000, use the sum-of-digits rule instead).
func ValidSIRET(s string) bool {
	s = strings.ReplaceAll(s, " ", "")
	if !isDigits(s, 14) {
		return false
	}
	if strings.HasPrefix(s, "356000000") {
		sum := 0
		for _, r := range s {
			sum += int(r - '0')
		}
		return sum%5 == 0
	}
	return luhn(s)
}

// ValidSIREN reports whether s is 9 digits with a valid Luhn key.
func ValidSIREN(s string) bool { return isDigits(s, 9) && luhn(s) }

func luhn(s string) bool {
	sum := 0
	double := false
	for i := len(s) - 1; i >= 0; i-- {
		d := int(s[i] - '0')
		if double {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return sum%10 == 0
}

// ValidFINESS reports whether s looks like a FINESS number: 9 characters, digits except the
// Corsican "2A"/"2B" and overseas "9x" prefixes.
func ValidFINESS(s string) bool {
	if len(s) != 9 {
		return false
	}
	for i, r := range s {
		if r >= '0' && r <= '9' {
			continue
		}
		if i == 1 && (r == 'A' || r == 'B') {
			continue
		}
		return false
	}
	return true
}

// ValidPhone accepts French numbers (10 digits starting with 0), international numbers (+ and
// 7 to 15 digits) and short service numbers (3 to 6 digits: 115, 3919, 119).
func ValidPhone(s string) bool {
	digits := strings.Map(func(r rune) rune {
		switch r {
		case ' ', '.', '-', '(', ')', '\u00a0':
			return -1
		}
		return r
	}, s)
	if strings.HasPrefix(digits, "+") {
		return len(digits) >= 8 && len(digits) <= 16 && isDigits(digits[1:], len(digits)-1) && digits[1] != '0'
	}
	if isDigits(digits, 10) {
		return digits[0] == '0'
	}
	return len(digits) >= 3 && len(digits) <= 6 && isDigits(digits, len(digits))
}

// ValidEmail reports whether s is a plain e-mail address (no display name).
func ValidEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s && strings.Contains(s[strings.LastIndexByte(s, '@'):], ".")
}

// ValidURL reports whether s is an absolute http(s) URL with a host.
func ValidURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != ""
}

func isDigits(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
