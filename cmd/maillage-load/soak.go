package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/cookiejar"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/seed/geo"
)

// The soak (scripts/soak): a mixed load at a fixed rate for a long time — searches, listings
// read, listings checked (a write), territory reports, sign-ins — logging every minute the
// errors, the latency percentiles of each kind and the server's resident memory, to see that
// nothing fails, slows down or grows over time.

// soakConfig is what the soak needs.
type soakConfig struct {
	target          string
	rate            float64
	duration, every time.Duration
	pid             int
	token           string
	email, password string
	ids             int
	inFlight        int
}

// kinds of operations and their share of the mix.
var soakMix = []struct {
	kind   string
	weight int
}{{"recherche", 40}, {"lecture", 25}, {"écriture", 15}, {"rapport", 10}, {"connexion", 10}}

// soakStats accumulates one minute of results.
type soakStats struct {
	mu        sync.Mutex
	lat       map[string][]time.Duration
	errs      map[string]int
	conflicts int
	firstErr  map[string]string
}

func newSoakStats() *soakStats {
	return &soakStats{lat: map[string][]time.Duration{}, errs: map[string]int{}, firstErr: map[string]string{}}
}

func (s *soakStats) add(kind string, d time.Duration, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case errors.Is(err, errConflict):
		s.conflicts++ // two writers on one listing: told, as designed
		s.lat[kind] = append(s.lat[kind], d)
	case err != nil:
		s.errs[kind]++
		if s.firstErr[kind] == "" {
			s.firstErr[kind] = err.Error()
		}
	default:
		s.lat[kind] = append(s.lat[kind], d)
	}
}

var errConflict = errors.New("CONFLICT")

func soak(c soakConfig) error {
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: c.inFlight}}
	if c.ids == 0 {
		n, err := countOf(client, c.target, "dispositifs")
		if err != nil {
			return err
		}
		c.ids = n
	}
	places, err := communes()
	if err != nil {
		return err
	}
	g, err := geo.Load()
	if err != nil {
		return err
	}
	var deps []string
	for _, d := range g.Departements {
		deps = append(deps, graph.TerritoryID(graph.LevelDepartement, d.Code))
	}
	rng := rand.New(rand.NewPCG(3, 4))
	var rngMu sync.Mutex
	draw := func(n int) int {
		rngMu.Lock()
		defer rngMu.Unlock()
		return rng.IntN(n)
	}
	total := 0
	for _, m := range soakMix {
		total += m.weight
	}
	pick := func() string {
		x := draw(total)
		for _, m := range soakMix {
			if x -= m.weight; x < 0 {
				return m.kind
			}
		}
		return soakMix[0].kind
	}
	id := func() string { return fmt.Sprintf("syn-dsp-%06d", draw(c.ids)) }
	ops := map[string]func() error{
		"recherche": func() error {
			t := situations[draw(len(situations))]
			rngMu.Lock()
			p := places.pick(rng)
			rngMu.Unlock()
			text := fmt.Sprintf(t, p)
			if strings.Count(t, "%") == 2 {
				text = fmt.Sprintf(t, 18+draw(70), p)
			}
			_, err := post(client, c.target, "", queries["search"], map[string]any{"id": text})
			return err
		},
		"lecture": func() error {
			_, err := post(client, c.target, "", queries["dispositif"], map[string]any{"id": id()})
			return err
		},
		"écriture": func() error {
			d := id()
			var got struct {
				Dispositif struct{ Version int }
			}
			data, err := post(client, c.target, c.token, `query($id: ID!) { dispositif(id: $id) { version } }`, map[string]any{"id": d})
			if err != nil {
				return err
			}
			if err := json.Unmarshal(data, &got); err != nil {
				return err
			}
			_, err = post(client, c.target, c.token, `mutation($id: ID!, $v: Int!) { verifyDispositif(id: $id, expectedVersion: $v) { version } }`,
				map[string]any{"id": d, "v": got.Dispositif.Version})
			return err
		},
		"rapport": func() error {
			t := deps[draw(len(deps))]
			var q string
			switch draw(4) {
			case 0:
				q = `query($t: String!) { gaps(territory: $t) { gaps { rank reason } } }`
			case 1:
				q = `query($t: String!) { diagnostics(territory: $t) { dispositifs summary } }`
			default:
				q = `query($t: String!) { coverage(territory: $t, by: [PUBLIC]) { rows { territory { id } total { dispositifs gap } } total { dispositifs } } }`
			}
			_, err := post(client, c.target, "", q, map[string]any{"t": t})
			return err
		},
		"connexion": func() error {
			jar, _ := cookiejar.New(nil)
			cl := &http.Client{Timeout: 30 * time.Second, Transport: client.Transport, Jar: jar}
			if _, err := post(cl, c.target, "", `mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { email } }`,
				map[string]any{"e": c.email, "p": c.password}); err != nil {
				return err
			}
			data, err := post(cl, c.target, "", `{ me { email } }`, nil)
			if err == nil && !bytes.Contains(data, []byte(c.email)) {
				err = fmt.Errorf("session perdue : %s", data)
			}
			return err
		},
	}

	fmt.Printf("soak: %.0f requêtes/s pendant %s, mélange %v, %d dispositifs, serveur pid %d\n", c.rate, c.duration, soakMix, c.ids, c.pid)
	fmt.Println("minute  requêtes  erreurs  conflits  p50      p95      p99      RSS (Mio)  détail")
	stats := newSoakStats()
	var inFlight, late atomic.Int64
	var wg sync.WaitGroup
	tick := time.NewTicker(time.Duration(float64(time.Second) / c.rate))
	defer tick.Stop()
	report := time.NewTicker(c.every)
	defer report.Stop()
	end := time.After(c.duration)
	minute, totalReq, totalErr := 0, 0, 0
	var rss []int
	flush := func(final bool) {
		minute++
		stats.mu.Lock()
		s := stats
		stats = newSoakStats()
		s.mu.Unlock()
		var all []time.Duration
		n, errs := 0, 0
		var detail []string
		for _, m := range soakMix {
			l := s.lat[m.kind]
			slices.Sort(l)
			all = append(all, l...)
			n += len(l) + s.errs[m.kind]
			errs += s.errs[m.kind]
			d := fmt.Sprintf("%s %d p95=%s", m.kind, len(l), pctOf(l, 0.95).Round(time.Millisecond))
			if e := s.errs[m.kind]; e > 0 {
				d += fmt.Sprintf(" ERREURS=%d (%s)", e, s.firstErr[m.kind])
			}
			detail = append(detail, d)
		}
		slices.Sort(all)
		r := rssMiB(c.pid)
		if !final { // the last few seconds are not a minute
			rss = append(rss, r)
		}
		totalReq += n
		totalErr += errs
		if l := late.Swap(0); l > 0 {
			detail = append(detail, fmt.Sprintf("EN RETARD=%d", l))
			totalErr += int(l)
		}
		fmt.Printf("%6d  %8d  %7d  %8d  %-7s  %-7s  %-7s  %9d  %s\n", minute, n, errs, s.conflicts,
			pctOf(all, 0.5).Round(time.Millisecond), pctOf(all, 0.95).Round(time.Millisecond), pctOf(all, 0.99).Round(time.Millisecond),
			r, strings.Join(detail, " · "))
	}
loop:
	for {
		select {
		case <-end:
			break loop
		case <-report.C:
			flush(false)
		case <-tick.C:
			if inFlight.Load() >= int64(c.inFlight) {
				late.Add(1) // the server does not keep up with the rate
				continue
			}
			kind := pick()
			inFlight.Add(1)
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer inFlight.Add(-1)
				start := time.Now()
				err := ops[kind]()
				stats.add(kind, time.Since(start), err)
			}()
		}
	}
	wg.Wait()
	flush(true)
	fmt.Printf("total : %d requêtes, %d erreurs\n", totalReq, totalErr)
	// Resident memory moves by a few percent from one minute to the next (garbage
	// collections): the growth compares the mean of the five minutes after the first (the
	// warm-up) with the mean of the last five.
	if len(rss) >= 11 {
		mean := func(xs []int) float64 {
			t := 0
			for _, x := range xs {
				t += x
			}
			return float64(t) / float64(len(xs))
		}
		first, last := mean(rss[1:6]), mean(rss[len(rss)-5:])
		fmt.Printf("mémoire résidente : %.0f Mio en moyenne aux minutes 2 à 6, %.0f Mio aux 5 dernières (%+.1f %%), de %d à %d Mio après la première minute\n",
			first, last, 100*(last-first)/first, slices.Min(rss[1:]), slices.Max(rss[1:]))
	}
	if totalErr > 0 {
		return fmt.Errorf("%d erreurs", totalErr)
	}
	return nil
}

func pctOf(l []time.Duration, p float64) time.Duration {
	if len(l) == 0 {
		return 0
	}
	return l[min(len(l)-1, int(p*float64(len(l))))]
}

// rssMiB reads the resident memory of a process (Linux), 0 when it cannot.
func rssMiB(pid int) int {
	if pid <= 0 {
		return 0
	}
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")))
			return kb / 1024
		}
	}
	return 0
}

// post sends a GraphQL operation (with a bearer token when given) and returns its data; an
// error of the answer is an error, CONFLICT being errConflict.
func post(c *http.Client, target, token, query string, vars map[string]any) (json.RawMessage, error) {
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, target, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := c.Do(req)
	if err != nil {
		return nil, err
	}
	data, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	var out struct {
		Data   json.RawMessage `json:"data"`
		Errors []struct {
			Message    string         `json:"message"`
			Extensions map[string]any `json:"extensions"`
		} `json:"errors"`
	}
	if err := json.Unmarshal(data, &out); err != nil {
		return nil, fmt.Errorf("HTTP %d : %.200s", resp.StatusCode, data)
	}
	if len(out.Errors) > 0 {
		if out.Errors[0].Extensions["code"] == "CONFLICT" {
			return nil, errConflict
		}
		return nil, fmt.Errorf("HTTP %d %v : %s", resp.StatusCode, out.Errors[0].Extensions["code"], out.Errors[0].Message)
	}
	return out.Data, nil
}
