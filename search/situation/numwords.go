package situation

import (
	"strings"
)

// Ages written in words ("soixante-cinq ans", "quatre-vingt-deux ans", "sixty-five years old"):
// numberWords matches one number word of the folded text (hyphens are spaces there), and
// wordsValue adds them up.
const numberWords = `(?:zero|une?|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze|quinze|seize|vingts?|trente|quarante|cinquante|soixante|cents?|` +
	`one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred)`

var numberValues = map[string]int{
	"zero": 0, "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8, "neuf": 9,
	"dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16, "vingt": 20, "vingts": 20,
	"trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60,
	"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
	"eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
	"nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}

// wordsValue reads a number written in words, French or English ("soixante dix sept" = 77,
// "quatre vingt deux" = 82, "cent" = 100, "sixty five" = 65); false when the words do not
// make a number ("deux deux").
func wordsValue(words string) (int, bool) {
	hundreds, group, any := 0, 0, false // group: the value below a hundred being composed
	for _, w := range strings.Fields(words) {
		if w == "et" || w == "and" {
			continue
		}
		if w == "cent" || w == "cents" || w == "hundred" {
			hundreds += 100 * max(group, 1)
			group, any = 0, true
			continue
		}
		v, ok := numberValues[w]
		if !ok {
			return 0, false
		}
		switch {
		case !any || group == 0:
			group = v
		case v == 20 && group == 4: // quatre-vingt
			group = 80
		case (group == 60 || group == 80) && v >= 10 && v < 20: // soixante-dix, quatre-vingt-douze
			group += v
		case group >= 20 && group%10 == 0 && v < 10: // vingt-deux, sixty-five, quatre-vingt-dix-sept
			group += v
		default:
			return 0, false // two numbers side by side are not one number
		}
		any = true
	}
	return hundreds + group, any
}
