// Command maillage-load measures the latency of a GraphQL query against a running Maillage
// server: it sends a bounded number of requests from a fixed number of concurrent clients to an
// address on this machine and prints the latency percentiles. It is the load command behind the
// benchmarks reported in docs/benchmarks.md.
//
//	maillage-load -url http://localhost:8080/graphql -query dispositif -id-pattern syn-dsp-%06d -id-count 300000
package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/maillage/maillage/seed/geo"
)

// queries are the measured GraphQL operations; each takes the variable $id.
var queries = map[string]string{
	"dispositif": `query($id: ID!) { dispositif(id: $id) {
  id name type status description
  eligibility { ageMin ageMax adminStatus genders familySituations conditions }
  accessModes contacts { kind value label }
  operators { id name type }
  funders { funder { id name } amount year }
  territories { id name level }
  locatedIn { id name }
  publics { id name }
  thematiques { id name }
  refersTo { to { id name } conditions }
  referredFrom { from { id name } conditions }
  requiresReferralBy { ... on Dispositif { id name } ... on Organisation { id name } }
} }`,
	"search": `query($id: String!) { search(text: $id, first: 20) {
  totalCount
  interpreted { age adminStatus place { id } }
  edges { score node { id name accessModes contacts { value } } matched { message } unknown { message } }
} }`,
	// a page of 20 dispositifs after a drawn one, with the fields the search query asks of its
	// 20 results: the GraphQL cost of returning that many results, without any search
	"list": `query($id: String!) { dispositifs(first: 20, after: $id) {
  edges { node { id name accessModes contacts { value } } }
} }`,
	// the same page with its total (the listing counts only when asked)
	"list-count": `query($id: String!) { dispositifs(first: 20, after: $id) {
  totalCount edges { node { id name accessModes contacts { value } } }
} }`,
	// a filtered page with its total: the filter's count reads every match on both stores
	"list-filter": `query($id: String!) { dispositifs(filter: {status: "active"}, first: 20, after: $id) {
  totalCount edges { node { id name accessModes contacts { value } } }
} }`,
	// the organisation page of the web app: the organisation and its dispositifs
	"organisation": `query($id: ID!) { organisation(id: $id) {
  id name type acronyms dispositifs { id name type status }
  relations { type other { id } }
} }`,
	// the territory page: a département, its parent and children, the first page of the
	// dispositifs covering it with their total (a listing filtered by relation)
	"territory": `query($id: String!) { territory(code: $id) {
  id name level parent { id name }
  children(first: 20) { totalCount edges { node { id name } } }
  dispositifs(first: 20) { totalCount edges { node { id name type } } }
} }`,
	"neighbourhood": `query($id: ID!) { neighbourhood(id: $id, depth: 2) {
  truncated nodes { id kind label depth } edges { type from to }
} }`,
	// the shortest paths between two dispositifs drawn at random (mostly none within 4 hops:
	// the search explores both sides to the end)
	"paths": `query($id: ID!, $to: ID!) { paths(from: $id, to: $to, maxHops: 4) { length nodes { id label } } }`,
	"access": `query($id: ID!) { accessPath(dispositif: $id) {
  direct warnings steps { order description relation options { id label } }
} }`,
	// the web app's search page: facets and highlighted passages too
	"search-page": `query($id: String!) { search(text: $id, first: 20) {
  totalCount ignoredText pageInfo { hasNextPage endCursor }
  interpreted { age ageMin ageMax adminStatus gender family situations needs place { id name } criteria { kind value label text } }
  facets { thematiques { value label count } publics { value label count } departements { value label count } accessModes { value label count } }
  edges { cursor distanceKm highlights matched { criterion message } unknown { criterion message } unmet { criterion message }
    node { id name typeLabel status accessModeLabels openNow contacts { kind value label } operators { name } } }
} }`,
}

// situations are the search texts of -query search; %s is a commune drawn by population.
var situations = []string{
	"homme %d ans sans papiers %s",
	"femme enceinte sans abri %s",
	"hébergement d'urgence %s",
	"personne âgée à la rue %s",
	"jeune de %d ans sans logement %s",
	"famille avec enfants en impayé de loyer %s",
	"addiction alcool soins %s",
	"demandeur d'asile %s",
}

func main() {
	target := flag.String("url", "http://localhost:8080/graphql", "GraphQL endpoint (this machine only)")
	query := flag.String("query", "dispositif", "query to measure: dispositif (by id), list (20 dispositifs after a drawn one), list-count (with the total), list-filter (filtered, with the total), organisation, territory (a département's page), neighbourhood (depth 2), paths (between two drawn dispositifs), access (access path), report (a département's coverage CSV), write (read a dispositif's version, then verify it: needs -token), search (situations in communes drawn by population) or search-page (the same with the web app's facets and passages)")
	pattern := flag.String("id-pattern", "syn-dsp-%06d", "fmt pattern of the ids to request")
	count := flag.Int("id-count", 0, "ids are drawn uniformly from pattern(0 … id-count-1); 0 asks the server for the number of dispositifs (a synthetic-only store)")
	clients := flag.Int("clients", 1, "concurrent clients")
	requests := flag.Int("requests", 5000, "total requests (bounded)")
	warmup := flag.Int("warmup", 200, "requests sent first and not measured")
	maxDur := flag.Duration("max-duration", 5*time.Minute, "stop after this long in any case")
	soakMode := flag.Bool("soak", false, "soak: a mix of searches, reads, writes, reports and sign-ins at -rate for -duration, logged every -every (scripts/soak)")
	rate := flag.Float64("rate", 10, "soak: operations per second")
	duration := flag.Duration("duration", 30*time.Minute, "soak: how long")
	every := flag.Duration("every", time.Minute, "soak: how often to log")
	pid := flag.Int("pid", 0, "soak: the server's process id, whose resident memory is logged")
	token := flag.String("token", "", "soak: the admin token (the writes)")
	email := flag.String("email", "", "soak: the account that signs in (its password in MAILLAGE_SOAK_PASSWORD)")
	flag.Parse()
	if err := checkLoopback(*target); err != nil {
		fail(err)
	}
	if *soakMode {
		err := soak(soakConfig{target: *target, rate: *rate, duration: *duration, every: *every, pid: *pid, token: *token,
			email: *email, password: os.Getenv("MAILLAGE_SOAK_PASSWORD"), ids: *count, inFlight: max(*clients, 64)})
		if err != nil {
			fmt.Fprintln(os.Stderr, "maillage-load:", err)
			os.Exit(1)
		}
		return
	}

	q, ok := queries[*query]
	if !ok && *query != "report" && *query != "write" {
		fail(fmt.Errorf("unknown query %q", *query))
	}
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: *clients * 2}}
	searching := strings.HasPrefix(*query, "search")
	if *count == 0 && !searching {
		n, err := countOf(client, *target, "dispositifs")
		if err != nil {
			fail(err)
		}
		*count = n
	}
	rng := rand.New(rand.NewPCG(1, 2))
	ids := make([]string, *warmup+*requests)
	var deps []string
	if *query == "territory" || *query == "report" {
		var err error
		if deps, err = departements(client, *target); err != nil {
			fail(err)
		}
	}
	if *query == "organisation" && *pattern == "syn-dsp-%06d" {
		*pattern = "syn-org-%06d"
		n, err := countOf(client, *target, "organisations")
		if err != nil {
			fail(err)
		}
		*count = n
	}
	if deps != nil {
		for i := range ids {
			ids[i] = deps[rng.IntN(len(deps))]
		}
	} else if searching {
		places, err := communes()
		if err != nil {
			fail(err)
		}
		for i := range ids {
			c := places.pick(rng)
			switch t := situations[rng.IntN(len(situations))]; strings.Count(t, "%") {
			case 2:
				ids[i] = fmt.Sprintf(t, 18+rng.IntN(70), c)
			default:
				ids[i] = fmt.Sprintf(t, c)
			}
		}
	} else {
		for i := range ids {
			ids[i] = fmt.Sprintf(*pattern, rng.IntN(*count))
			if strings.HasPrefix(*query, "list") { // the page after that dispositif: its cursor
				ids[i] = base64.RawURLEncoding.EncodeToString([]byte("id:" + ids[i]))
			}
		}
	}
	op := func(id string) (time.Duration, error) { return send(client, *target, q, map[string]any{"id": id}) }
	switch *query {
	case "paths": // to: the next dispositif drawn (the draws are uniform: another one at random)
		op = func(id string) (time.Duration, error) {
			return send(client, *target, q, map[string]any{"id": id, "to": fmt.Sprintf(*pattern, (len(id)*7919+rand.IntN(*count))%*count)})
		}
	case "report":
		op = func(id string) (time.Duration, error) {
			return get(client, strings.TrimSuffix(*target, "/graphql")+"/rapports/couverture.csv?territoire="+url.QueryEscape(id))
		}
	case "write":
		if *token == "" {
			fail(errors.New("-query write needs -token (an admin token)"))
		}
		op = func(id string) (time.Duration, error) {
			began := time.Now()
			err := verify(client, *target, *token, id)
			return time.Since(began), err
		}
	}
	for _, id := range ids[:*warmup] {
		if _, err := op(id); err != nil {
			fail(fmt.Errorf("warm-up: %w", err))
		}
	}

	deadline := time.Now().Add(*maxDur)
	work := make(chan string)
	var mu sync.Mutex
	var lat []time.Duration
	var errs int
	var firstErr error
	var wg sync.WaitGroup
	for range *clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for id := range work {
				d, err := op(id)
				mu.Lock()
				if err != nil {
					errs++
					if firstErr == nil {
						firstErr = err
					}
				} else {
					lat = append(lat, d)
				}
				mu.Unlock()
			}
		}()
	}
	start := time.Now()
	for _, id := range ids[*warmup:] {
		if time.Now().After(deadline) {
			break
		}
		work <- id
	}
	close(work)
	wg.Wait()
	elapsed := time.Since(start)

	slices.Sort(lat)
	pct := func(p float64) time.Duration {
		if len(lat) == 0 {
			return 0
		}
		return lat[min(len(lat)-1, int(p*float64(len(lat))))]
	}
	fmt.Printf("query=%s clients=%d requests=%d errors=%d elapsed=%s throughput=%.0f req/s\n",
		*query, *clients, len(lat), errs, elapsed.Round(time.Millisecond), float64(len(lat))/elapsed.Seconds())
	fmt.Printf("latency p50=%s p95=%s p99=%s max=%s\n", pct(0.50), pct(0.95), pct(0.99), pct(1))
	if errs > 0 {
		fmt.Printf("first error: %v\n", firstErr)
		os.Exit(1)
	}
}

// send posts the query with its variables and returns the round-trip time; GraphQL errors
// count as errors.
func send(c *http.Client, target, query string, vars map[string]any) (time.Duration, error) {
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars}) // id: the id, or the search text
	start := time.Now()
	resp, err := c.Post(target, "application/json", bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	data, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	d := time.Since(start)
	if err != nil {
		return 0, err
	}
	if resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("HTTP %d: %s", resp.StatusCode, data)
	}
	var out struct {
		Errors []json.RawMessage `json:"errors"`
	}
	if err := json.Unmarshal(data, &out); err != nil {
		return 0, err
	}
	if len(out.Errors) > 0 {
		return 0, fmt.Errorf("%v: %s", vars["id"], out.Errors[0])
	}
	return d, nil
}

// get fetches a page (a report) and returns the round-trip time.
func get(c *http.Client, target string) (time.Duration, error) {
	start := time.Now()
	resp, err := c.Get(target)
	if err != nil {
		return 0, err
	}
	data, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err == nil && resp.StatusCode != http.StatusOK {
		err = fmt.Errorf("HTTP %d: %.200s", resp.StatusCode, data)
	}
	return time.Since(start), err
}

// verify is a write as the web app sends it: the dispositif's version, then "verified today"
// at that version (a version that moved meanwhile, CONFLICT, is a write that happened too).
func verify(c *http.Client, target, token, id string) error {
	data, err := post(c, target, token, `query($id: ID!) { dispositif(id: $id) { version } }`, map[string]any{"id": id})
	if err != nil {
		return err
	}
	var got struct{ Dispositif struct{ Version int } }
	if err := json.Unmarshal(data, &got); err != nil {
		return err
	}
	_, err = post(c, target, token, `mutation($id: ID!, $v: Int!) { verifyDispositif(id: $id, expectedVersion: $v) { version } }`,
		map[string]any{"id": id, "v": got.Dispositif.Version})
	if errors.Is(err, errConflict) {
		return nil
	}
	return err
}

// departements returns the ids of the départements that some dispositif covers.
func departements(c *http.Client, target string) ([]string, error) {
	var ids []string
	after := ""
	for {
		data, err := post(c, target, "", `query($after: String) { territories(filter: {level: "departement"}, first: 100, after: $after) {
  pageInfo { hasNextPage endCursor } edges { node { id dispositifs(first: 1) { totalCount } } } } }`, map[string]any{"after": after})
		if err != nil {
			return nil, err
		}
		var out struct {
			Territories struct {
				PageInfo struct {
					HasNextPage bool
					EndCursor   string
				}
				Edges []struct {
					Node struct {
						ID          string
						Dispositifs struct{ TotalCount int }
					}
				}
			}
		}
		if err := json.Unmarshal(data, &out); err != nil {
			return nil, err
		}
		for _, e := range out.Territories.Edges {
			if e.Node.Dispositifs.TotalCount > 0 {
				ids = append(ids, e.Node.ID)
			}
		}
		if !out.Territories.PageInfo.HasNextPage {
			break
		}
		after = out.Territories.PageInfo.EndCursor
	}
	if len(ids) == 0 {
		return nil, errors.New("no département is covered by a dispositif")
	}
	return ids, nil
}

// placeWeights draws commune names in proportion to their population.
type placeWeights struct {
	names []string
	cum   []int
}

func communes() (placeWeights, error) {
	g, err := geo.Load()
	if err != nil {
		return placeWeights{}, err
	}
	var p placeWeights
	total := 0
	for _, c := range g.Communes {
		if c.Arrondissement() || c.Population == 0 {
			continue
		}
		total += c.Population
		p.names = append(p.names, c.Name)
		p.cum = append(p.cum, total)
	}
	return p, nil
}

func (p placeWeights) pick(rng *rand.Rand) string {
	x := rng.IntN(p.cum[len(p.cum)-1])
	i, _ := slices.BinarySearch(p.cum, x+1)
	return p.names[min(i, len(p.names)-1)]
}

// countOf asks the server how many nodes a listing (dispositifs, organisations) holds.
func countOf(c *http.Client, target, listing string) (int, error) {
	data, err := post(c, target, "", "{ "+listing+"(first: 1) { totalCount } }", nil)
	if err != nil {
		return 0, err
	}
	var out map[string]struct{ TotalCount int }
	if err := json.Unmarshal(data, &out); err != nil {
		return 0, err
	}
	if out[listing].TotalCount == 0 {
		return 0, fmt.Errorf("the server holds no %s", listing)
	}
	return out[listing].TotalCount, nil
}

// checkLoopback refuses any target that is not on this machine: load is only ever sent to
// loopback addresses.
func checkLoopback(target string) error {
	u, err := url.Parse(target)
	if err != nil {
		return err
	}
	switch u.Hostname() {
	case "localhost", "127.0.0.1", "::1":
		return nil
	}
	return errors.New("refusing to load a server that is not on this machine (use localhost or 127.0.0.1)")
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "maillage-load:", err)
	os.Exit(2)
}
