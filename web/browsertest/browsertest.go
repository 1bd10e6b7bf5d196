// Package browsertest drives Debian's headless Chromium through chromedp for the web app's
// tests: every page of the app gets tests that click and read like a person would.
//
// Without Chromium the tests skip with a message, unless MAILLAGE_REQUIRE_BROWSER=1 (CI), where
// they fail: browser tests must never silently disappear from CI.
//
// Every browser records the requests of its page (Requests) and, through a refusing proxy that
// every non-loopback connection of the whole browser goes to, each attempt to leave the machine
// (Outbound): the app must work offline, with no CDN.
package browsertest

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// Browser is one headless Chromium tab with a fresh profile.
type Browser struct {
	t     testing.TB
	ctx   context.Context
	guard *outboundGuard

	mu       sync.Mutex
	requests []string
	// inFlight are the requests sent and not yet finished, with when they were sent; lastNet
	// when that last changed (Settle waits for the network to be quiet).
	inFlight map[network.RequestID]time.Time
	lastNet  time.Time
	// blocked are the browser's reports of what the page's content security policy refused.
	blocked []string
}

// chromiumPath finds Debian's chromium.
func chromiumPath() string {
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// Required reports whether browser tests must run (CI).
func Required() bool { return os.Getenv("MAILLAGE_REQUIRE_BROWSER") == "1" }

// Skip skips (or, when browser tests are required, fails) the test with a reason.
func Skip(t testing.TB, reason string) {
	t.Helper()
	if Required() {
		t.Fatalf("%s (MAILLAGE_REQUIRE_BROWSER=1)", reason)
	}
	t.Skip(reason)
}

// RequireBuild skips (or fails, in CI) when the web app is not built into distDir.
func RequireBuild(t testing.TB, distDir string) {
	t.Helper()
	if _, err := os.Stat(filepath.Join(distDir, "index.html")); err != nil {
		Skip(t, "l'application web n'est pas construite ("+distDir+" n'a pas d'index.html) : lancez « make web »")
	}
}

// RequireChromium skips (or fails, in CI) when Chromium is not installed, and returns its
// path. New calls it; tests with a costly set-up call it first.
func RequireChromium(t testing.TB) string {
	t.Helper()
	path := chromiumPath()
	if path == "" {
		Skip(t, "Chromium est absent : installez le paquet Debian chromium (apt-get install -y chromium) pour lancer les tests du navigateur")
	}
	return path
}

// New starts Chromium with a 1280×900 window; it stops with the test. The flags keep it off
// the network (this machine's closed network refuses Chromium's background connections), and
// every connection to a host other than loopback goes to a local proxy that refuses it and
// records it (Outbound).
func New(t testing.TB) *Browser {
	t.Helper()
	path := RequireChromium(t)
	guard := startOutboundGuard(t)
	opts := append(slices.Clone(chromedp.DefaultExecAllocatorOptions[:]),
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		// fewer background calls of Chromium's own (autofill server, network time); chromedp's
		// defaults already turn off Translate and BlinkGenPropertyTrees
		chromedp.Flag("disable-features", "Translate,BlinkGenPropertyTrees,AutofillServerCommunication,NetworkTimeServiceQuerying"),
		chromedp.Flag("disable-component-extensions-with-background-pages", true),
		chromedp.Flag("disable-domain-reliability", true),
		chromedp.Flag("no-pings", true),
		// loopback stays direct (Chromium never proxies it): the test server is reached,
		// anything else lands on the guard
		chromedp.ProxyServer("http://"+guard.addr),
		chromedp.Flag("lang", "fr-FR"),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	t.Cleanup(func() { cancelCtx(); cancelAlloc() })
	b := &Browser{t: t, ctx: ctx, guard: guard, inFlight: map[network.RequestID]time.Time{}, lastNet: time.Now()}
	if err := chromedp.Do(b.bounded()); err != nil {
		t.Fatalf("démarrage de Chromium : %v", err)
	}
	if err := chromedp.Listen(ctx, b.record); err != nil {
		t.Fatalf("écoute du réseau : %v", err)
	}
	if _, err := chromedp.Call(b.bounded(), cdplog.Enable, cdp.Empty{}); err != nil {
		t.Fatalf("journal du navigateur : %v", err)
	}
	return b
}

// Blocked returns what the content security policy of the pages visited refused (inline
// scripts, eval, resources of other origins), as the browser reported it.
func (b *Browser) Blocked() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return slices.Clone(b.blocked)
}

// record keeps the URL of every request the page sends, and which are still in flight. It runs
// in chromedp's read loop, so it only updates under the lock.
func (b *Browser) record(ev any) {
	b.mu.Lock()
	defer b.mu.Unlock()
	switch e := ev.(type) {
	case *cdplog.EventEntryAdded:
		if e.Entry != nil && strings.Contains(e.Entry.Text, "Content Security Policy") {
			b.blocked = append(b.blocked, e.Entry.Text)
		}
		return
	case *network.EventRequestWillBeSent:
		if e.Request != nil {
			b.requests = append(b.requests, e.Request.URL)
		}
		if e.Type == network.ResourceTypeDocument {
			clear(b.inFlight) // a new page: what the previous one had in flight no longer comes
		}
		b.inFlight[e.RequestID] = time.Now()
	case *network.EventLoadingFinished:
		delete(b.inFlight, e.RequestID)
	case *network.EventLoadingFailed:
		delete(b.inFlight, e.RequestID)
	default:
		return
	}
	b.lastNet = time.Now()
}

// Settle waits until the page has sent no request and received no response for half a second
// (its queries answered and drawn), and fails the test after 20 s. A test checks that something
// is not shown after Settle: a fixed sleep guesses, Settle polls. A request in flight for more
// than 10 s is not waited for (the browser did not report its end: a page left meanwhile).
func (b *Browser) Settle() {
	b.t.Helper()
	const quiet = 500 * time.Millisecond
	deadline := time.Now().Add(20 * time.Second)
	for {
		b.mu.Lock()
		n := 0
		for _, sent := range b.inFlight {
			if time.Since(sent) < 10*time.Second {
				n++
			}
		}
		since := time.Since(b.lastNet)
		b.mu.Unlock()
		if n == 0 && since >= quiet {
			return
		}
		if time.Now().After(deadline) {
			b.t.Fatalf("la page ne se stabilise pas : %d requête(s) en cours", n)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Requests returns the URL of every request the tab sent since the browser started.
func (b *Browser) Requests() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return slices.Clone(b.requests)
}

// Outbound returns the hosts any part of the browser (page, workers, the browser itself) tried
// to reach outside loopback, but for Chromium's own services (see chromiumServices).
func (b *Browser) Outbound() []string { return b.guard.hosts() }

// Context returns the tab's context, for chromedp actions the helpers do not cover.
func (b *Browser) Context() context.Context { return b.ctx }

func (b *Browser) bounded() context.Context {
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	b.t.Cleanup(cancel)
	return ctx
}

// Do runs actions, failing the test on error.
func (b *Browser) Do(actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.bounded(), actions...); err != nil {
		b.t.Fatalf("navigateur : %v", err)
	}
}

// Selectors of the helpers are CSS selectors (a plain string would be a DevTools search,
// which also matches text and attributes: "main" would find a script named main-….js).

// Open navigates to url and waits for the element matching waitFor to be visible.
func (b *Browser) Open(url, waitFor string) {
	b.t.Helper()
	b.Do(chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS(waitFor)))
}

// Click clicks the first element matching sel, once visible.
func (b *Browser) Click(sel string) {
	b.t.Helper()
	b.Do(chromedp.WaitVisible(chromedp.CSS(sel)), chromedp.Click(chromedp.CSS(sel)))
}

// Type focuses the field matching sel and types text into it.
func (b *Browser) Type(sel, text string) {
	b.t.Helper()
	b.Do(chromedp.WaitVisible(chromedp.CSS(sel)), chromedp.SendKeys(chromedp.CSS(sel), text))
}

// Press types keys on the focused element (kb.Tab, kb.Enter… from chromedp/kb), as a person
// would: pressing Enter in a field submits its form through the page's own handler.
func (b *Browser) Press(keys string) {
	b.t.Helper()
	b.Do(chromedp.KeyEvent(keys))
}

// Viewport resizes the page as a device of that CSS size would show it (375×812: a phone).
func (b *Browser) Viewport(width, height int64) {
	b.t.Helper()
	b.Do(chromedp.EmulateViewport(width, height))
}

// Eval evaluates a JavaScript expression in the page and returns its value.
func Eval[T any](b *Browser, expression string) T {
	b.t.Helper()
	v, err := chromedp.Run(b.bounded(), chromedp.Evaluate[T](expression))
	if err != nil {
		b.t.Fatalf("évaluation de %s : %v", expression, err)
	}
	return v
}

// Text returns the visible text of the first element matching sel, once visible.
func (b *Browser) Text(sel string) string {
	b.t.Helper()
	b.Do(chromedp.WaitVisible(chromedp.CSS(sel)))
	s, err := chromedp.Run(b.bounded(), chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		b.t.Fatalf("texte de %s : %v", sel, err)
	}
	return plainSpaces(s)
}

// plainSpaces turns the no-break spaces French typography and code editors use (thousands
// separators, before « : », GraphiQL's indentation) into plain spaces, so tests can compare
// text as a person reads it.
func plainSpaces(s string) string {
	return strings.NewReplacer("\u00a0", " ", "\u202f", " ").Replace(s)
}

// WaitText waits until the element matching sel contains want, and returns its text.
func (b *Browser) WaitText(sel, want string) string {
	b.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	var s string
	for time.Now().Before(deadline) {
		ctx, cancel := context.WithTimeout(b.ctx, 2*time.Second)
		got, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		cancel()
		if err == nil {
			s = plainSpaces(got)
			if strings.Contains(s, want) {
				return s
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	b.t.Fatalf("« %s » n'apparaît pas dans %s ; texte : %q", want, sel, s)
	return ""
}

// WaitGone waits until the text of the element matching sel no longer contains gone (an
// absent element has none), and fails the test after 10 s.
func (b *Browser) WaitGone(sel, gone string) {
	b.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for strings.Contains(b.TextNow(sel), gone) {
		if time.Now().After(deadline) {
			b.t.Fatalf("« %s » est toujours dans %s", gone, sel)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TextNow returns the text of the element matching sel as it is now ("" when absent).
func (b *Browser) TextNow(sel string) string {
	ctx, cancel := context.WithTimeout(b.ctx, 2*time.Second)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		return ""
	}
	return plainSpaces(s)
}

// Resources returns the URL of the page and of every resource it loaded (scripts, styles,
// fonts, fetches), from the browser's Resource Timing entries.
func (b *Browser) Resources() []string {
	b.t.Helper()
	urls, err := chromedp.Run(b.bounded(), chromedp.Evaluate[[]string](
		`[location.href].concat(performance.getEntriesByType("resource").map(e => e.name))`))
	if err != nil {
		b.t.Fatal(err)
	}
	return urls
}

// ArtifactsDir is where screenshots go: MAILLAGE_ARTIFACTS when set (CI keeps it), else a
// temporary directory of the test.
func ArtifactsDir(t testing.TB) string {
	dir := os.Getenv("MAILLAGE_ARTIFACTS")
	if dir == "" {
		return t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// Screenshot saves a full-page PNG named name.png under ArtifactsDir and returns its path and
// size (quality 100 makes Chromium encode PNG rather than JPEG).
func (b *Browser) Screenshot(name string) (string, int) {
	b.t.Helper()
	png, err := chromedp.Run(b.bounded(), chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Fatal(err)
	}
	path := filepath.Join(ArtifactsDir(b.t), name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		b.t.Fatal(err)
	}
	return path, len(png)
}

// Capture saves what the window shows (not the full page: the user guide's pictures show what
// a reader sees first) as a PNG at path, creating its directory.
func (b *Browser) Capture(path string) {
	b.t.Helper()
	png, err := chromedp.Run(b.bounded(), chromedp.CaptureScreenshot())
	if err != nil {
		b.t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		b.t.Fatal(err)
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		b.t.Fatal(err)
	}
}
