package browsertest

import (
	"net"
	"net/http"
	"slices"
	"sync"
	"testing"
)

// outboundGuard is the proxy Chromium is told to use. Chromium never proxies loopback, so the
// only requests reaching it are those that would leave the machine (a CDN, a font service, a
// telemetry host): it records the host and refuses, so a test can assert none happened, from
// the page, its workers or the browser itself.
type outboundGuard struct {
	addr string

	mu   sync.Mutex
	seen []string
}

func startOutboundGuard(t testing.TB) *outboundGuard {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("proxy de garde : %v", err)
	}
	g := &outboundGuard{addr: ln.Addr().String()}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host := r.Host // CONNECT host:443, or the host of a plain-HTTP proxy request
		if r.URL.Host != "" {
			host = r.URL.Host
		}
		g.mu.Lock()
		g.seen = append(g.seen, host)
		g.mu.Unlock()
		http.Error(w, "hors ligne : requête refusée par le test", http.StatusForbidden)
	})}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return g
}

// chromiumServices are the hosts Debian's Chromium 156 calls by itself in headless mode even
// with every background-networking flag (seen through the guard and a net log): component
// updates (update.googleapis.com/service/update2, redirector.gvt1.com), the Google account
// check (accounts.google.com/ListAccounts), network time and autofill (clients2.google.com,
// content-autofill.googleapis.com, when their features are on) and the optimization guide
// (optimizationguide-pa.googleapis.com, seen once on 2026-12-01) and the leak check of a
// password typed into a sign-in form (passwordsleakcheck-pa.googleapis.com). They are the
// browser's, not the page's; any other host is reported.
var chromiumServices = []string{
	"update.googleapis.com", "redirector.gvt1.com", "accounts.google.com",
	"clients2.google.com", "content-autofill.googleapis.com", "optimizationguide-pa.googleapis.com",
	"passwordsleakcheck-pa.googleapis.com",
}

// hosts returns the hosts reached outside loopback, once each, Chromium's own services left
// out.
func (g *outboundGuard) hosts() []string {
	g.mu.Lock()
	defer g.mu.Unlock()
	var out []string
	for _, h := range g.seen {
		name := h
		if host, _, err := net.SplitHostPort(h); err == nil {
			name = host
		}
		if !slices.Contains(chromiumServices, name) && !slices.Contains(out, h) {
			out = append(out, h)
		}
	}
	return out
}
