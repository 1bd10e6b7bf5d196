// Package browsertest drives Debian's headless Chromium through chromedp for the web app's
// tests: every page of the app gets tests that click and read like a person would.
//
// Without Chromium the tests skip with a message, unless MAILLAGE_REQUIRE_BROWSER=1 (CI), where
// they fail: browser tests must never silently disappear from CI.
package browsertest

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Browser is one headless Chromium tab with a fresh profile.
type Browser struct {
	t   testing.TB
	ctx context.Context
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

// New starts Chromium; it stops with the test. The flags keep it off the network: this
// machine's closed network refuses Chromium's background connections.
func New(t testing.TB) *Browser {
	t.Helper()
	path := chromiumPath()
	if path == "" {
		Skip(t, "Chromium est absent : installez le paquet Debian chromium pour lancer les tests du navigateur")
	}
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
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	t.Cleanup(func() { cancelCtx(); cancelAlloc() })
	b := &Browser{t: t, ctx: ctx}
	if err := chromedp.Do(b.bounded()); err != nil {
		t.Fatalf("démarrage de Chromium : %v", err)
	}
	return b
}

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

// Open navigates to url and waits for the selector to be visible.
func (b *Browser) Open(url, waitFor string) {
	b.t.Helper()
	b.Do(chromedp.Navigate(url), chromedp.WaitVisible(waitFor))
}

// Text returns the visible text of the first element matching the CSS selector, once visible.
func (b *Browser) Text(sel string) string {
	b.t.Helper()
	b.Do(chromedp.WaitVisible(sel))
	s, err := chromedp.Run(b.bounded(), chromedp.Text(sel))
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
		got, err := chromedp.Run(ctx, chromedp.Text(sel))
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

// TextNow returns the text of the element matching sel as it is now ("" when absent).
func (b *Browser) TextNow(sel string) string {
	ctx, cancel := context.WithTimeout(b.ctx, 2*time.Second)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Text(sel))
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

// Screenshot saves a full-page PNG under MAILLAGE_ARTIFACTS (or a temporary directory) and
// returns its path and size (quality 100 makes Chromium encode PNG rather than JPEG).
func (b *Browser) Screenshot(name string) (string, int) {
	b.t.Helper()
	png, err := chromedp.Run(b.bounded(), chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Fatal(err)
	}
	dir := os.Getenv("MAILLAGE_ARTIFACTS")
	if dir == "" {
		dir = b.t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.t.Fatal(err)
	}
	path := filepath.Join(dir, name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		b.t.Fatal(err)
	}
	return path, len(png)
}
