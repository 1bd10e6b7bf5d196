package opendata

import (
	"context"
	"encoding/json"
	"io"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/maillage/maillage/graph"
)

// Licence and Attribution accompany every export: Maillage's data are published under the
// Licence Ouverte 2.0, with the attributions of the open datasets they include.
const (
	Licence     = "Licence Ouverte / Open Licence 2.0 (Etalab) — https://www.etalab.gouv.fr/licence-ouverte-open-licence"
	Attribution = "Maillage, d'après : documents des partenaires ; FINESS (ministère chargé de la santé) ; data·inclusion (GIP Plateforme de l'inclusion) ; " +
		"ANCT — Liste des France services (01/12/2022) ; DILA — Annuaire de l'administration (Service-Public.fr, 2019) ; pass-emploi-api (CEJ), MIT. " +
		"Format HSDS : Human Services Data Specification, an Open Referral resource (https://openreferral.org/), CC BY-SA 4.0."
)

// Listing is a published dispositif with what exports need of its relations.
type Listing struct {
	D *graph.Dispositif
	// Operator is its operating organisation, nil when none is known.
	Operator *graph.Organisation
	// Publics, Thematiques and Areas are the ids of its SERVES, ABOUT and COVERS ends.
	Publics, Thematiques, Areas []string
}

// Published reports whether a node is published in open-data exports: live (not archived) and
// real (not synthetic benchmark data).
func Published(n graph.Node) bool {
	m := n.NodeMeta()
	return !m.Archived() && !m.Synthetic
}

// ScanListings calls fn for each published dispositif with its operator and relations,
// reading the store by batches: memory does not grow with the graph.
func ScanListings(ctx context.Context, s graph.Store, fn func(Listing) error) error {
	var batch []*graph.Dispositif
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		ids := make([]string, len(batch))
		for i, d := range batch {
			ids[i] = d.ID
		}
		out, err := s.Edges(ctx, graph.EdgeQuery{IDs: ids, Direction: graph.Outgoing, Types: []graph.RelationType{graph.Serves, graph.About, graph.Covers}, KeysOnly: true})
		if err != nil {
			return err
		}
		in, err := s.Edges(ctx, graph.EdgeQuery{IDs: ids, Direction: graph.Incoming, Types: []graph.RelationType{graph.Operates}, KeysOnly: true})
		if err != nil {
			return err
		}
		ls := make(map[string]*Listing, len(batch))
		for _, d := range batch {
			ls[d.ID] = &Listing{D: d}
		}
		for _, e := range out {
			l := ls[e.From]
			switch e.Type {
			case graph.Serves:
				l.Publics = append(l.Publics, e.To)
			case graph.About:
				l.Thematiques = append(l.Thematiques, e.To)
			case graph.Covers:
				l.Areas = append(l.Areas, e.To)
			}
		}
		opIDs := []string{}
		opOf := map[string]string{}
		for _, e := range in {
			if _, ok := opOf[e.To]; !ok {
				opOf[e.To] = e.From
				opIDs = append(opIDs, e.From)
			}
		}
		ops, err := s.GetMany(ctx, opIDs)
		if err != nil {
			return err
		}
		byID := map[string]*graph.Organisation{}
		for _, n := range ops {
			if o, ok := n.(*graph.Organisation); ok && Published(o) {
				byID[o.ID] = o
			}
		}
		for _, d := range batch {
			l := ls[d.ID]
			l.Operator = byID[opOf[d.ID]]
			if err := fn(*l); err != nil {
				return err
			}
		}
		batch = batch[:0]
		return nil
	}
	err := s.ScanNodes(ctx, []graph.Kind{graph.KindDispositif}, func(n graph.Node) error {
		if !Published(n) {
			return nil
		}
		batch = append(batch, n.(*graph.Dispositif))
		if len(batch) >= batchSize {
			return flush()
		}
		return nil
	})
	if err != nil {
		return err
	}
	return flush()
}

// arrayWriter writes a JSON array one element at a time.
type arrayWriter struct {
	w     io.Writer
	n     int
	err   error
	close string
}

func newArrayWriter(w io.Writer, open, close string) *arrayWriter {
	a := &arrayWriter{w: w, close: close}
	_, a.err = io.WriteString(w, open)
	return a
}

func (a *arrayWriter) add(v any) error {
	if a.err != nil {
		return a.err
	}
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	sep := "\n"
	if a.n > 0 {
		sep = ",\n"
	}
	a.n++
	if _, a.err = io.WriteString(a.w, sep); a.err == nil {
		_, a.err = a.w.Write(data)
	}
	return a.err
}

func (a *arrayWriter) finish() error {
	if a.err != nil {
		return a.err
	}
	_, err := io.WriteString(a.w, "\n"+a.close+"\n")
	return err
}

// uuidNamespace makes stable UUIDs of Maillage ids for the formats that require UUIDs (HSDS).
var uuidNamespace = uuid.NewSHA1(uuid.NameSpaceURL, []byte("https://maillage.fr/id/"))

// UUID is the stable UUID of a Maillage id (or of a sub-entity key such as "dsp-x/phone/0").
func UUID(id string) string { return uuid.NewSHA1(uuidNamespace, []byte(id)).String() }

func firstContact(cs []graph.Contact, kind string) string {
	for _, c := range cs {
		if c.Kind == kind {
			return c.Value
		}
	}
	return ""
}

// cut shortens s to at most n characters, at a word boundary when possible.
func cut(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	out := string(r[:n])
	if i := strings.LastIndex(out, " "); i > n/2 {
		out = out[:i]
	}
	return strings.TrimSpace(out)
}

func date(t time.Time) string { return t.UTC().Format(time.DateOnly) }
