package situation

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// folded is a text lower-cased, without accents, with punctuation (apostrophes included) turned
// into spaces, and a map from each byte of it back to the byte of the original text it comes
// from, so that what the parser finds in the folded text can be shown on the original.
type folded struct {
	src  string
	text string
	orig []int // orig[i] is the offset in the original text of folded byte i; len = len(text)+1
}

func fold(s string) folded {
	var b strings.Builder
	orig := make([]int, 0, len(s)+1)
	for i, r := range s {
		for _, x := range norm.NFD.String(string(r)) {
			if unicode.Is(unicode.Mn, x) {
				continue
			}
			x = unicode.ToLower(x)
			if !unicode.IsLetter(x) && !unicode.IsDigit(x) {
				x = ' ' // apostrophes too: "d'asile" reads as "d asile", as the rules write it
			}
			n := utf8.RuneLen(x)
			for range n {
				orig = append(orig, i)
			}
			b.WriteRune(x)
		}
	}
	orig = append(orig, len(s))
	return folded{src: s, text: b.String(), orig: orig}
}

// span maps a byte range of the folded text to the original text.
func (f folded) span(start, end int) Span {
	s, e := f.orig[start], f.orig[end]
	if end > start && end < len(f.orig) {
		// end points at the first byte after the match: map the last matched byte and step
		// over its original rune
		last := f.orig[end-1]
		_, size := utf8.DecodeRuneInString(f.src[last:])
		e = last + size
	}
	return Span{Start: s, End: e}
}
