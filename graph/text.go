package graph

import (
	"fmt"
	"reflect"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Every text field of a node or a relation is checked the same way, whatever its name (a field
// added later is checked too): valid UTF-8, no control character (NUL, escape sequences…),
// line breaks and tabs only in the fields made for several lines, a length, and every list
// capped (one listing took 100,000 contacts).
const (
	// maxListItems caps every list of a node or a relation: a listing needs tens of contacts,
	// acronyms or figures, not thousands.
	maxListItems = 100
	// maxLineLen caps a one-line field (an acronym, a contact, a street, a role…).
	maxLineLen = 1000
)

// multiLine names the fields whose text may hold line breaks and tabs (their length is capped
// at maxDescriptionLen).
var multiLine = map[string]bool{"description": true, "missions": true, "accessNotes": true, "hoursNote": true,
	"conditions": true, "note": true, "text": true, "quote": true, "meetings": true}

var timeType = reflect.TypeOf(time.Time{})

// validateText checks every string and list reachable from v (a node or an edge), reporting
// each field by its JSON path (contacts[2].value).
func validateText(errs *ValidationErrors, v any) {
	walkText(errs, reflect.ValueOf(v), "", "")
}

func walkText(errs *ValidationErrors, rv reflect.Value, path, name string) {
	switch rv.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !rv.IsNil() {
			walkText(errs, rv.Elem(), path, name)
		}
	case reflect.Struct:
		t := rv.Type()
		if t == timeType {
			return
		}
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			tag, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			switch {
			case tag == "-":
			case f.Anonymous && tag == "": // an embedded Meta: its fields are the node's
				walkText(errs, rv.Field(i), path, name)
			default:
				if tag == "" {
					tag = f.Name
				}
				p := tag
				if path != "" {
					p = path + "." + tag
				}
				walkText(errs, rv.Field(i), p, tag)
			}
		}
	case reflect.Slice:
		if n := rv.Len(); n > maxListItems {
			errs.Add(path, fmt.Sprintf("la liste « %s » compte %d éléments, %d au plus", name, n, maxListItems))
			return
		}
		for i := range rv.Len() {
			walkText(errs, rv.Index(i), fmt.Sprintf("%s[%d]", path, i), name)
		}
	case reflect.String:
		if msg := CheckText(rv.String(), multiLine[name]); msg != "" {
			errs.Add(path, fmt.Sprintf("le champ « %s » %s", name, msg))
		}
	}
}

// CheckText returns what is wrong with a text, in French after « le champ … », "" when nothing
// is: invalid UTF-8, a control character (a line break or a tab when it is not made of lines),
// or a length over 1,000 characters (20,000 for lines).
func CheckText(s string, lines bool) string {
	if !utf8.ValidString(s) {
		return "contient des octets qui ne sont pas du texte (UTF-8 invalide)"
	}
	max := maxLineLen
	if lines {
		max = maxDescriptionLen
	}
	if n := utf8.RuneCountInString(s); n > max {
		return fmt.Sprintf("compte %d caractères, %d au plus", n, max)
	}
	for _, r := range s {
		if (r == '\n' || r == '\r' || r == '\t') && lines {
			continue
		}
		if unicode.IsControl(r) {
			if r == '\n' || r == '\r' || r == '\t' {
				return "doit tenir sur une ligne (ni retour à la ligne ni tabulation)"
			}
			return fmt.Sprintf("contient un caractère de contrôle (U+%04X) : retirez-le", r)
		}
	}
	return ""
}
