package opendata

import (
	"encoding/json"
	"strings"
)

// parseList reads a list cell in any of the forms open data uses: a PostgreSQL array literal
// ("{a,b,\"c d\"}"), a JSON array ("[\"a\",\"b\"]"), or comma-separated text ("a, b").
func parseList(s string) []string {
	s = strings.TrimSpace(s)
	switch {
	case s == "" || s == "{}" || s == "[]":
		return nil
	case strings.HasPrefix(s, "{") && strings.HasSuffix(s, "}"):
		return parsePGArray(s[1 : len(s)-1])
	case strings.HasPrefix(s, "["):
		var out []string
		if json.Unmarshal([]byte(s), &out) == nil {
			return out
		}
		// Python-style lists ("['a', 'b']") as some CSV exports write them.
		s = strings.NewReplacer("[", "", "]", "", "'", "").Replace(s)
	}
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// parsePGArray splits the inside of a one-dimensional PostgreSQL array literal: elements are
// separated by commas, may be double-quoted (then commas and braces are literal and \" and \\
// are escapes); an unquoted NULL is no element.
func parsePGArray(s string) []string {
	var out []string
	var b strings.Builder
	quoted, wasQuoted, escaped := false, false, false
	flush := func() {
		v := b.String()
		if !wasQuoted {
			v = strings.TrimSpace(v)
		}
		if v != "" && (wasQuoted || v != "NULL") {
			out = append(out, v)
		}
		b.Reset()
		wasQuoted = false
	}
	for _, r := range s {
		switch {
		case escaped:
			b.WriteRune(r)
			escaped = false
		case r == '\\':
			escaped = true
		case r == '"':
			quoted = !quoted
			wasQuoted = true
		case r == ',' && !quoted:
			flush()
		default:
			b.WriteRune(r)
		}
	}
	flush()
	return out
}
