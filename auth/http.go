package auth

import (
	"context"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/maillage/maillage/graph"
)

// SessionCookie sets and reads the session cookie: HttpOnly, SameSite=Lax, Path=/, Secure when
// the request came over TLS or Secure is set (behind a TLS-terminating proxy).
type SessionCookie struct {
	// Name defaults to "maillage_session".
	Name   string
	Secure bool
}

func (c SessionCookie) name() string {
	if c.Name == "" {
		return "maillage_session"
	}
	return c.Name
}

func (c SessionCookie) secure(r *http.Request) bool { return c.Secure || (r != nil && r.TLS != nil) }

// Set writes the cookie carrying the session id; it lasts until the session's absolute expiry.
func (c SessionCookie) Set(w http.ResponseWriter, r *http.Request, id string, s Session) {
	http.SetCookie(w, &http.Cookie{Name: c.name(), Value: id, Path: "/", Expires: s.ExpiresAt,
		HttpOnly: true, Secure: c.secure(r), SameSite: http.SameSiteLaxMode})
}

// Clear removes the cookie (sign-out).
func (c SessionCookie) Clear(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: c.name(), Value: "", Path: "/", MaxAge: -1, Expires: time.Unix(0, 0),
		HttpOnly: true, Secure: c.secure(r), SameSite: http.SameSiteLaxMode})
}

// Read returns the session id of the request, "" when there is none.
func (c SessionCookie) Read(r *http.Request) string {
	ck, err := r.Cookie(c.name())
	if err != nil {
		return ""
	}
	return ck.Value
}

// CSRF protects state-changing requests from cross-site forgery with the standard library's
// cross-origin protection (Go 1.25+): a non-safe method (POST…) from a browser is refused when
// Sec-Fetch-Site says cross-site, or when the Origin header does not match the Host. Requests
// without those headers (programs with an API token) pass. trustedOrigins
// ("https://maillage.example.org") are accepted too. It answers 403 with a French message.
func CSRF(next http.Handler, trustedOrigins ...string) (http.Handler, error) {
	p := http.NewCrossOriginProtection()
	for _, o := range trustedOrigins {
		if err := p.AddTrustedOrigin(o); err != nil {
			return nil, graph.Errorf(graph.CodeBadUserInput, "Origine de confiance invalide « %s » : %v", o, err)
		}
	}
	p.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusForbidden)
		_, _ = w.Write([]byte("Requête refusée : elle vient d'un autre site (protection contre la falsification de requêtes).\n"))
	}))
	return p.Handler(next), nil
}

// ClientIP is the request's remote address without the port (for throttling). It does not
// trust X-Forwarded-For: a server behind a proxy passes the address it trusts itself.
func ClientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// Authenticate returns the principal of an HTTP request: the API token of an
// "Authorization: Bearer mlg_…" header, otherwise the session of the cookie, otherwise
// Anonymous. A bad token, or a cookie whose session is over, gives UNAUTHENTICATED (the caller
// may then clear the cookie and go on as anonymous).
func (s *Service) Authenticate(ctx context.Context, r *http.Request, cookie SessionCookie) (Principal, error) {
	if tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
		return s.AuthenticateToken(ctx, strings.TrimSpace(tok))
	}
	if id := cookie.Read(r); id != "" {
		p, _, err := s.ResolveSession(ctx, id)
		return p, err
	}
	return Anonymous(), nil
}

type principalKey struct{}

// WithPrincipal returns a context carrying p.
func WithPrincipal(ctx context.Context, p Principal) context.Context {
	return context.WithValue(ctx, principalKey{}, p)
}

// PrincipalFrom returns the principal of the context, Anonymous when there is none.
func PrincipalFrom(ctx context.Context) Principal {
	p, _ := ctx.Value(principalKey{}).(Principal)
	return p
}
