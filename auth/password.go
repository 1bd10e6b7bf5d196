package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"

	"github.com/maillage/maillage/graph"
)

// Argon2Params are the argon2id cost parameters. DefaultArgon2 follows the OWASP Password
// Storage Cheat Sheet (m = 19 MiB, t = 2, p = 1).
type Argon2Params struct {
	Memory  uint32 // KiB
	Time    uint32
	Threads uint8
	SaltLen int
	KeyLen  uint32
}

// DefaultArgon2 are the parameters of new hashes.
var DefaultArgon2 = Argon2Params{Memory: 19 * 1024, Time: 2, Threads: 1, SaltLen: 16, KeyLen: 32}

const (
	// MinPasswordLength is the minimum number of characters of a password.
	MinPasswordLength = 12
	// MaxPasswordLength bounds the work of hashing.
	MaxPasswordLength = 256
)

// commonPasswords are refused whatever their length (the most common long ones in French leaks).
var commonPasswords = map[string]bool{
	"motdepasse123": true, "azertyuiop123": true, "azertyuiopqsd": true, "123456789012": true,
	"motdepasse1234": true, "password1234": true, "azerty123456": true, "qwertyuiop123": true,
	"000000000000": true, "111111111111": true, "maillage2026": true, "bonjour12345": true,
}

// CheckPassword returns a BAD_USER_INPUT error (field "password") with a French message when
// password is too weak for the account with the given e-mail.
func CheckPassword(password, email string) error {
	var v graph.ValidationErrors
	n := utf8.RuneCountInString(password)
	lower := strings.ToLower(password)
	local, _, _ := strings.Cut(strings.ToLower(email), "@")
	switch {
	case n < MinPasswordLength:
		v.Add("password", fmt.Sprintf("Le mot de passe doit compter au moins %d caractères (une phrase de plusieurs mots est plus facile à retenir).", MinPasswordLength))
	case n > MaxPasswordLength:
		v.Add("password", fmt.Sprintf("Le mot de passe doit compter au plus %d caractères.", MaxPasswordLength))
	case commonPasswords[lower] || strings.Count(password, password[:1]) == len(password):
		v.Add("password", "Ce mot de passe est trop courant : choisissez-en un autre.")
	case len(local) >= 4 && strings.Contains(lower, local):
		v.Add("password", "Le mot de passe ne doit pas contenir votre adresse e-mail.")
	}
	return v.Err()
}

// HashPassword returns the argon2id hash of password in PHC string format:
// $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash> (unpadded standard base64).
func HashPassword(password string) (string, error) {
	return hashWith(password, DefaultArgon2)
}

func hashWith(password string, p Argon2Params) (string, error) {
	salt := make([]byte, p.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// parsePHC reads an argon2id PHC string; its parameters are bounded so that a tampered hash
// cannot make verification exhaust the machine.
func parsePHC(encoded string) (Argon2Params, []byte, []byte, error) {
	var p Argon2Params
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return p, nil, nil, fmt.Errorf("hachage argon2id illisible")
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return p, nil, nil, fmt.Errorf("version argon2 non prise en charge")
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil {
		return p, nil, nil, fmt.Errorf("paramètres argon2 illisibles")
	}
	if p.Memory < 1024 || p.Memory > 1<<20 || p.Time < 1 || p.Time > 16 || p.Threads < 1 || p.Threads > 16 {
		return p, nil, nil, fmt.Errorf("paramètres argon2 hors limites")
	}
	b64 := base64.RawStdEncoding
	salt, err := b64.DecodeString(parts[4])
	if err != nil || len(salt) < 8 {
		return p, nil, nil, fmt.Errorf("sel argon2 illisible")
	}
	key, err := b64.DecodeString(parts[5])
	if err != nil || len(key) < 16 || len(key) > 128 {
		return p, nil, nil, fmt.Errorf("empreinte argon2 illisible")
	}
	p.SaltLen, p.KeyLen = len(salt), uint32(len(key))
	return p, salt, key, nil
}

// VerifyPassword reports whether password matches the PHC hash, comparing in constant time.
// An unreadable hash never matches.
func VerifyPassword(password, encoded string) bool {
	p, salt, key, err := parsePHC(encoded)
	if err != nil {
		return false
	}
	got := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	return subtle.ConstantTimeCompare(got, key) == 1
}

// NeedsRehash reports whether the hash was made with other parameters than DefaultArgon2, so
// that a successful sign-in can upgrade it.
func NeedsRehash(encoded string) bool {
	p, _, _, err := parsePHC(encoded)
	return err != nil || p.Memory != DefaultArgon2.Memory || p.Time != DefaultArgon2.Time ||
		p.Threads != DefaultArgon2.Threads || p.KeyLen != DefaultArgon2.KeyLen
}

// dummyHash is verified against when an e-mail is unknown, so that a sign-in takes as long
// whether the account exists or not.
var dummyHash = func() string {
	h, err := HashPassword("maillage: compte inexistant")
	if err != nil {
		panic(err)
	}
	return h
}()
