package resolvers

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/graph/hours"
)

// A history shows each changed value to people, in French: the JSON of a contact
// ({"kind":"phone","value":"…"}) reads « Type : téléphone, numéro ou adresse : … ». The labels
// of fields come from fieldLabels, those of values from the vocabularies of the graph package:
// no second table of the same words.

// subfieldLabels name in French the keys inside a field's value (a contact, an address, the
// eligibility, a figure…).
var subfieldLabels = map[string]string{
	"kind": "type", "value": "numéro ou adresse", "label": "libellé",
	"street": "voie", "complement": "complément", "postalCode": "code postal", "city": "commune",
	"communeCode": "code commune", "lat": "latitude", "lon": "longitude",
	"ageMin": "âge minimum", "ageMax": "âge maximum", "adminStatus": "situation administrative",
	"genders": "genre", "familySituations": "situation familiale", "conditions": "autres conditions",
	"places": "places", "etp": "ETP", "note": "précisions",
	"role": "fonction", "count": "nombre",
	"unit": "unité", "year": "année", "source": "source", "dataset": "origine", "ref": "référence", "quote": "citation",
	"from": "du", "to": "au", "text": "texte",
}

// valueVocabularies give the vocabulary of a key's values, by key path ("contacts.kind").
var valueVocabularies = map[string]graph.Vocabulary{
	"accessModes":                  graph.AccessModes,
	"status":                       graph.Statuses,
	"cost":                         graph.Costs,
	"contacts.kind":                graph.ContactKinds,
	"eligibility.adminStatus":      graph.AdminStatuses,
	"eligibility.genders":          graph.Genders,
	"eligibility.familySituations": graph.FamilySituations,
	"notices.kind":                 graph.NoticeKinds,
}

// readable renders a changed value of field in French, "" when empty.
func readable(field string, raw json.RawMessage) string {
	if len(raw) == 0 {
		return ""
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	v, err := decodeOrdered(dec)
	if err != nil {
		return string(raw)
	}
	return readableValue(field, v)
}

// object is a JSON object with its keys in the order they were written (the order of the
// struct's fields: a contact reads type, then number, then label).
type object struct {
	keys   []string
	values map[string]any
}

// decodeOrdered decodes the next JSON value, objects as *object.
func decodeOrdered(dec *json.Decoder) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch d := tok.(type) {
	case json.Delim:
		switch d {
		case '{':
			o := &object{values: map[string]any{}}
			for dec.More() {
				k, err := dec.Token()
				if err != nil {
					return nil, err
				}
				v, err := decodeOrdered(dec)
				if err != nil {
					return nil, err
				}
				o.keys = append(o.keys, k.(string))
				o.values[k.(string)] = v
			}
			_, err := dec.Token() // '}'
			return o, err
		case '[':
			var a []any
			for dec.More() {
				v, err := decodeOrdered(dec)
				if err != nil {
					return nil, err
				}
				a = append(a, v)
			}
			_, err := dec.Token() // ']'
			return a, err
		}
	case json.Number:
		f, err := d.Float64()
		return f, err
	}
	return tok, nil
}

func readableValue(path string, v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		if voc := vocabularyOf(path); voc != nil {
			return lowerFirst(voc.LabelOf(x))
		}
		if t, err := time.Parse(time.RFC3339Nano, x); err == nil {
			return t.In(hours.Paris).Format("02/01/2006 15:04")
		}
		if strings.HasSuffix(path, ".dataset") || path == "dataset" {
			return graph.DatasetLabel(x)
		}
		return x
	case float64:
		return strings.Replace(strconv.FormatFloat(x, 'f', -1, 64), ".", ",", 1)
	case bool:
		if x {
			return "oui"
		}
		return "non"
	case []any:
		var parts []string
		for _, e := range x {
			if s := readableValue(path, e); s != "" {
				parts = append(parts, s)
			}
		}
		return strings.Join(parts, " ; ")
	case *object:
		keys := x.keys
		var parts []string
		for _, k := range keys {
			s := readableValue(path+"."+k, x.values[k])
			if s == "" {
				continue
			}
			label := subfieldLabels[k]
			if label == "" {
				label = fieldLabel(k)
			}
			parts = append(parts, label+" : "+s)
		}
		if len(parts) > 0 {
			r := []rune(parts[0])
			r[0] = unicode.ToUpper(r[0])
			parts[0] = string(r)
		}
		return strings.Join(parts, ", ")
	}
	return ""
}

// vocabularyOf is the vocabulary of the values at path, nil when they are free text. The type
// of a listing is a dispositif's or an organisation's: both vocabularies are read.
func vocabularyOf(path string) graph.Vocabulary {
	if path == "type" {
		return append(append(graph.Vocabulary{}, graph.DispositifTypes...), graph.OrganisationTypes...)
	}
	return valueVocabularies[path]
}

// lowerFirst puts a label in lower case inside a sentence (« Type : téléphone »), keeping
// acronyms (« CHRS »).
func lowerFirst(s string) string {
	r := []rune(s)
	if len(r) > 1 && unicode.IsUpper(r[0]) && !unicode.IsUpper(r[1]) {
		r[0] = unicode.ToLower(r[0])
	}
	return string(r)
}

func textOrNil(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
