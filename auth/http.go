package auth

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/netip"
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

// Proxies are the reverse proxies the operator trusts to say who their client is (the
// --trusted-proxies setting). Behind one, every request comes from the proxy's address: the
// throttle would count everyone's failures together and slow everyone down.
type Proxies []netip.Prefix

// ParseProxies reads a comma-separated list of addresses and networks (10.0.0.1,
// 192.168.0.0/16, ::1).
func ParseProxies(s string) (Proxies, error) {
	var out Proxies
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		p, err := netip.ParsePrefix(part)
		if err != nil {
			a, aerr := netip.ParseAddr(part)
			if aerr != nil {
				return nil, fmt.Errorf("mandataire de confiance « %s » : ni une adresse IP ni un réseau (10.0.0.1, 192.168.0.0/16)", part)
			}
			p = netip.PrefixFrom(a, a.BitLen())
		}
		out = append(out, p.Masked())
	}
	return out, nil
}

func (ps Proxies) trusted(a netip.Addr) bool {
	a = a.Unmap()
	for _, p := range ps {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// ClientIP is the address of the request's client (for throttling and sessions): the remote
// address, or, when that is a trusted proxy, the last address of X-Forwarded-For that is not
// one (each proxy appends the address it received the request from; the ones before a
// trusted proxy may be forged by the client).
func (ps Proxies) ClientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	remote, err := netip.ParseAddr(host)
	if err != nil || !ps.trusted(remote) {
		return host
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break // unreadable: what comes before it cannot be trusted either
		}
		if !ps.trusted(a) {
			return a.Unmap().String()
		}
		host = a.Unmap().String()
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
