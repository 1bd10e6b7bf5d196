package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/base64"
	"encoding/hex"
	"net/mail"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/maillage/maillage/graph"
)

// TokenPrefix starts every API token, so that a leaked one is recognisable (secret scanners).
const TokenPrefix = "mlg_"

// InvitationPrefix starts every invitation token.
const InvitationPrefix = "mlginv_"

var b32 = base32.StdEncoding.WithPadding(base32.NoPadding)

func random(n int) []byte {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return b
}

// NewSessionID returns a random 256-bit session id (URL-safe base64, for a cookie).
func NewSessionID() string { return base64.RawURLEncoding.EncodeToString(random(32)) }

// NewAPIToken returns a random 256-bit API token: "mlg_" and lower-case base32.
func NewAPIToken() string { return TokenPrefix + strings.ToLower(b32.EncodeToString(random(32))) }

// NewInvitationToken returns a random 256-bit invitation token.
func NewInvitationToken() string {
	return InvitationPrefix + strings.ToLower(b32.EncodeToString(random(32)))
}

// HashSecret returns the hex SHA-256 of a session id or a token: what the stores keep and look
// up by. The secrets have 256 bits of entropy, so a fast hash is enough.
func HashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// newID returns a short random public id with a prefix ("usr-", "tok-", "inv-").
func newID(prefix string) string {
	return prefix + strings.ToLower(b32.EncodeToString(random(10)))
}

// NormalizeEmail trims, lower-cases and NFC-normalises an e-mail address and checks it is a bare
// address; it returns a BAD_USER_INPUT error (field "email") otherwise.
func NormalizeEmail(email string) (string, error) {
	e := strings.ToLower(norm.NFC.String(strings.TrimSpace(email)))
	bad := func(msg string) (string, error) {
		var v graph.ValidationErrors
		v.Add("email", msg)
		return "", v.Err()
	}
	if e == "" {
		return bad("L'adresse e-mail est obligatoire.")
	}
	if utf8.RuneCountInString(e) > 254 {
		return bad("L'adresse e-mail est trop longue.")
	}
	a, err := mail.ParseAddress(e)
	if err != nil || a.Name != "" || a.Address != e || !strings.Contains(e[strings.LastIndexByte(e, '@')+1:], ".") {
		return bad("L'adresse e-mail « " + strings.TrimSpace(email) + " » n'est pas valide (exemple : prenom.nom@association.fr).")
	}
	return e, nil
}
