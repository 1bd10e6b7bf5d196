package graph

import (
	"crypto/rand"
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// idPrefix is the prefix of generated ids per kind, so an id tells what it names.
var idPrefix = map[Kind]string{
	KindOrganisation: "org-",
	KindDispositif:   "dsp-",
	KindInstance:     "ins-",
	KindPublic:       "pub-",
	KindThematique:   "thm-",
	KindTerritory:    "ter-",
}

// NewID returns a fresh URL-safe id for a node of kind k named name:
// the kind prefix, the slug of the name (at most 40 characters) and 6 random characters.
func NewID(k Kind, name string) string {
	slug := Slugify(name)
	if len(slug) > 40 {
		slug = strings.TrimRight(slug[:40], "-")
	}
	if slug != "" {
		slug += "-"
	}
	return idPrefix[k] + slug + randomSuffix(6)
}

const idAlphabet = "0123456789abcdefghijklmnopqrstuvwxyz"

func randomSuffix(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	for i := range b {
		b[i] = idAlphabet[int(b[i])%len(idAlphabet)]
	}
	return string(b)
}

// Fold returns s without accents and in lower case ("Hébergement" → "hebergement"). A
// transform chain keeps state between calls, so each call builds its own: Fold runs in
// concurrent requests.
func Fold(s string) string {
	stripMarks := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(stripMarks, s)
	if err != nil {
		out = s
	}
	return strings.ToLower(out)
}

// Slugify returns a URL-safe slug of s: accents removed, lower case, runs of other characters
// replaced by one '-'.
func Slugify(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range Fold(s) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimRight(b.String(), "-")
}

func lowerASCII(s string) string { return strings.ToLower(s) }

// ValidID reports whether id is URL-safe: 1–120 characters among a–z, 0–9 and '-'.
func ValidID(id string) bool {
	if id == "" || len(id) > 120 {
		return false
	}
	for _, r := range id {
		if !((r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') || r == '-') {
			return false
		}
	}
	return true
}
