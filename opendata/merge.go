package opendata

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/seed/finess"
	"github.com/maillage/maillage/seed/geo"
)

// batchSize is the number of records merged per store round trip (one transaction, one disk
// sync each: larger batches amortise the sync, and a batch stays a few MiB).
const batchSize = 5000

// Importer merges records into a store:
//
//   - one node per source record: its id derives from the dataset and the record's id, so a
//     re-import finds it; an organisation is also found by SIRET, a FINESS listing by its
//     FINESS number (the seeded sample's ids);
//   - a dispositif of another dataset with the same type, normalised name and commune (or,
//     for a name-only referential, the same type, département and locality) is the same
//     listing: the record adds its source and fills only the fields still empty;
//   - fields are compared one by one: an unchanged record writes nothing; a field a person
//     edited after the record's date is not overwritten, the difference becomes a Review for
//     the coordinator (« la source indique … »);
//   - every node lists its sources with their dates (Meta.Sources, Source.Date);
//   - with Complete, listings of the imported datasets absent from the files are flagged
//     withdrawn (a Review), never deleted.
//
// Use Read (or Add and Bad) for each file, then Finish.
type Importer struct {
	Store graph.Store
	Geo   *geo.Data
	// DryRun computes the report without writing anything.
	DryRun bool
	// Complete says the files hold the whole of the datasets they contain.
	Complete bool
	// Progress is called after each batch with the report so far.
	Progress func(Report)
	// Samples is the number of changes described in the report (20 when 0).
	Samples int

	rep      Report
	pending  []*Record
	seen     map[string]bool // ids of the nodes the records went to
	datasets map[string]bool
	orgs     map[string]bool // organisation ids known to exist
	siret    map[string]string
	match    *matchIndex
	places   map[string]*geo.Commune // département + "|" + slug of commune name
	ends     map[string]bool         // territory, public and thematique ids: present or not
	file     string
}

// Report says what an import did (or, dry, would do).
type Report struct {
	// Records counts the good rows read; Invalid the bad ones (listed in Errors).
	Records, Invalid int
	// New, Changed and Unchanged count nodes; Merged counts records that went to a listing of
	// another dataset (included in Changed or Unchanged).
	New, Changed, Unchanged, Merged int
	// Edges counts the relations added.
	Edges int
	// Reviews counts the differences raised for the coordinator; Withdrawn the listings
	// flagged as absent from their source.
	Reviews, Withdrawn int
	// Dropped counts invalid values left out of good rows (a malformed phone…).
	Dropped int
	// MissingEnds counts relations left out because their territory, public or thematique is
	// not in the store (seed the geography and the vocabularies first).
	MissingEnds int
	Errors      []RowError
	Samples     []Sample
}

// Sample describes one change.
type Sample struct {
	ID     string   `json:"id"`
	Name   string   `json:"name"`
	New    bool     `json:"new,omitempty"`
	Fields []string `json:"fields,omitempty"`
}

func (r Report) String() string {
	out := fmt.Sprintf("%d lignes lues : %d nouveaux, %d modifiés, %d inchangés (%d rapprochés d'une fiche d'une autre source), %d invalides ; %d relations ajoutées ; %d différences à examiner, %d fiches retirées de leur source ; %d valeurs écartées",
		r.Records+r.Invalid, r.New, r.Changed, r.Unchanged, r.Merged, r.Invalid, r.Edges, r.Reviews, r.Withdrawn, r.Dropped)
	if r.MissingEnds > 0 {
		out += fmt.Sprintf(" ; %d relations omises faute de territoire ou de vocabulaire dans la base (lancez « maillage seed » d'abord)", r.MissingEnds)
	}
	return out
}

// Read reads one file with a format's reader and merges its records; file names the file in
// bad-row reports.
func (im *Importer) Read(ctx context.Context, read Reader, r io.Reader, o Options, file string) error {
	im.file = file
	return read(r, o, func(rec *Record, bad *RowError) error {
		if bad != nil {
			im.Bad(*bad)
			return nil
		}
		return im.Add(ctx, rec)
	})
}

// Bad records a bad row.
func (im *Importer) Bad(e RowError) {
	if e.File == "" {
		e.File = im.file
	}
	im.rep.Invalid++
	im.rep.Errors = append(im.rep.Errors, e)
}

// Add queues a record; records are merged by batches.
func (im *Importer) Add(ctx context.Context, rec *Record) error {
	im.rep.Records++
	im.checkCoordinates(rec)
	im.rep.Dropped += len(rec.Dropped)
	im.pending = append(im.pending, rec)
	if len(im.pending) >= batchSize {
		return im.flush(ctx)
	}
	return nil
}

// Finish merges the last records, flags withdrawn listings when Complete, and returns the report.
func (im *Importer) Finish(ctx context.Context) (Report, error) {
	if err := im.flush(ctx); err != nil {
		return im.rep, err
	}
	if im.Complete {
		if err := im.withdraw(ctx); err != nil {
			return im.rep, err
		}
	}
	return im.rep, nil
}

// shortNames abbreviate datasets in node ids.
var shortNames = map[string]string{
	DatasetDataInclusion: "di", DatasetFranceServices: "fs", DatasetAnnuaire: "asp",
	DatasetReferentielML: "ml", DatasetReferentielFT: "ft",
}

// NodeID is the id of the node of a record of dataset with source id: "dsp-di-<id>",
// "org-di-<id>"; FINESS records keep the seeded sample's ids.
func NodeID(kind graph.Kind, dataset, id string) string {
	if dataset == DatasetFINESS {
		if kind == graph.KindOrganisation {
			return finess.OrganisationID(id)
		}
		return finess.DispositifID(id)
	}
	prefix := "dsp-"
	if kind == graph.KindOrganisation {
		prefix = "org-"
	}
	short, ok := shortNames[dataset]
	if !ok {
		short = graph.Slugify(dataset)
	}
	out := prefix + short + "-" + graph.Slugify(id)
	if len(out) > 120 {
		sum := sha256.Sum256([]byte(id))
		out = out[:100] + "-" + hex.EncodeToString(sum[:])[:16]
	}
	return out
}

func (im *Importer) init() {
	if im.seen == nil {
		im.seen, im.datasets, im.orgs, im.siret = map[string]bool{}, map[string]bool{}, map[string]bool{}, map[string]string{}
	}
	if im.Samples == 0 {
		im.Samples = 20
	}
}

// flush merges the pending records.
func (im *Importer) flush(ctx context.Context) error {
	im.init()
	recs := im.pending
	im.pending = nil
	if len(recs) == 0 {
		return nil
	}
	ids := make([]string, len(recs))
	for i, r := range recs {
		im.datasets[r.Dataset] = true
		ids[i] = NodeID(r.Kind(), r.Dataset, r.ID)
		if o := r.Organisation; o != nil && o.SIRET != "" {
			if id, ok := im.siret[o.SIRET]; ok {
				ids[i] = id
			}
		}
	}
	found, err := im.Store.GetMany(ctx, ids)
	if err != nil {
		return err
	}
	// A dispositif not found by id may be a listing of another dataset.
	for i, r := range recs {
		if found[i] != nil || r.Dispositif == nil {
			continue
		}
		if err := im.ensureMatch(ctx); err != nil {
			return err
		}
		if id := im.match.find(r, im.commune(r)); id != "" {
			n, err := im.Store.Get(ctx, id)
			if err != nil {
				return err
			}
			ids[i], found[i] = id, n
		}
	}
	b := batchWriter{im: im, byID: map[string]graph.Node{}}
	for i, r := range recs {
		if err := b.merge(ctx, r, ids[i], found[i]); err != nil {
			return err
		}
	}
	if err := b.linkAll(ctx); err != nil {
		return err
	}
	if err := b.write(ctx); err != nil {
		return err
	}
	if im.Progress != nil {
		im.Progress(im.rep)
	}
	return nil
}

// batchWriter accumulates the writes of one batch.
type batchWriter struct {
	im    *Importer
	byID  map[string]graph.Node // nodes to write, by id (a record may touch a node twice)
	order []string
	links []pendingLinks
}

type pendingLinks struct {
	id    string
	isNew bool
	edges []graph.Edge
	// date is the record's: a relation a person removed after it is not added back.
	date time.Time
}

func sourceOf(r *Record) graph.Source {
	return graph.Source{Dataset: r.Dataset, Ref: r.ID, Date: day(r.Date)}
}

func hasSource(m *graph.Meta, s graph.Source) bool {
	for _, x := range m.Sources {
		if x.Dataset == s.Dataset && x.Ref == s.Ref {
			return true
		}
	}
	return false
}

// merge decides what record r does to node id (existing, or nil when new).
func (b *batchWriter) merge(ctx context.Context, r *Record, id string, existing graph.Node) error {
	im := b.im
	src := sourceOf(r)
	if n, ok := b.byID[id]; ok {
		existing = n // a second record of this batch for the same node
	}
	want := r.Node()
	if existing == nil {
		m := want.NodeMeta()
		// The reader validated the content and NodeID makes valid ids; the store validates
		// again on Apply (an item it refuses is reported by write).
		*m = graph.Meta{ID: id, Version: 1, CreatedAt: r.Date, UpdatedAt: r.Date, Sources: []graph.Source{src}}
		b.put(id, want)
		im.rep.New++
		im.sample(Sample{ID: id, Name: want.Label(), New: true})
		im.seen[id] = true
		b.links = append(b.links, pendingLinks{id: id, isNew: true, edges: im.edges(r, id)})
		if o, ok := want.(*graph.Organisation); ok {
			im.orgs[id] = true
			if o.SIRET != "" {
				im.siret[o.SIRET] = id
			}
		}
		if d, ok := want.(*graph.Dispositif); ok && im.match != nil {
			im.match.add(id, d, im.commune(r), r.Dataset)
		}
		return nil
	}
	im.seen[id] = true
	if existing.NodeKind() != want.NodeKind() {
		im.Bad(RowError{Line: r.Line, Reason: fmt.Sprintf("l'identifiant %s désigne déjà un nœud %s", id, existing.NodeKind())})
		return nil
	}
	if existing.NodeKind() == graph.KindOrganisation {
		im.orgs[id] = true
	}
	em := existing.NodeMeta()
	same := hasSource(em, src)
	// own: the listing was made from this record (FINESS listings keep the sample's ids).
	own := id == NodeID(want.NodeKind(), r.Dataset, r.ID)
	if !same {
		for _, s := range em.Sources {
			if s.Dataset != r.Dataset {
				im.rep.Merged++
				break
			}
		}
	}
	cur, err := toMap(existing)
	if err != nil {
		return err
	}
	src2, err := toMap(want)
	if err != nil {
		return err
	}
	var edited map[string]bool
	var changed []string
	var reviews []graph.Review
	for _, f := range importedFields(existing.NodeKind()) {
		v, ok := src2[f]
		if !ok || isEmptyJSON(v) {
			continue // the source says nothing: keep what is there
		}
		old, has := cur[f]
		if has && bytes.Equal(old, v) {
			continue
		}
		if has && !isEmptyJSON(old) && !own {
			continue // the listing is another record's: a second source only fills its gaps
		}
		if edited == nil {
			if edited, err = im.editedAfter(ctx, existing, r.Date); err != nil {
				return err
			}
		}
		if edited[f] {
			rv := graph.Review{Kind: graph.ReviewDifference, Dataset: r.Dataset, Ref: r.ID, Date: day(r.Date), Field: f, Value: v,
				Text: fmt.Sprintf("la source « %s » indique pour « %s » : %s", graph.DatasetLabel(r.Dataset), fieldLabel(f), display(v)), At: im.Store.Now().UTC()}
			if !hasReview(em.Reviews, rv) {
				reviews = append(reviews, rv)
			}
			continue
		}
		cur[f] = v
		changed = append(changed, f)
	}
	if !same {
		changed = append(changed, "sources")
	}
	if len(changed) == 0 && len(reviews) == 0 {
		im.rep.Unchanged++
		b.links = append(b.links, pendingLinks{id: id, edges: im.edges(r, id), date: r.Date})
		return nil
	}
	out, err := graph.DecodeNode(existing.NodeKind(), mustJSON(cur))
	if err != nil {
		return err
	}
	m := out.NodeMeta()
	m.Version = em.Version + 1
	if !same {
		m.Sources = append(slices.Clone(em.Sources), src)
	} else {
		m.Sources = slices.Clone(em.Sources)
		for i := range m.Sources {
			if m.Sources[i].Dataset == src.Dataset && m.Sources[i].Ref == src.Ref {
				m.Sources[i].Date = src.Date
			}
		}
	}
	m.Reviews = append(slices.Clone(em.Reviews), reviews...)
	if r.Date.After(m.UpdatedAt) && len(changed) > 0 {
		m.UpdatedAt = r.Date
	}
	if err := graph.ValidateStored(out); err != nil {
		im.Bad(RowError{Line: r.Line, Reason: message(err)})
		return nil
	}
	b.put(id, out)
	im.rep.Reviews += len(reviews)
	if len(changed) > 0 {
		im.rep.Changed++
		im.sample(Sample{ID: id, Name: out.Label(), Fields: changed})
	} else {
		im.rep.Unchanged++
	}
	b.links = append(b.links, pendingLinks{id: id, edges: im.edges(r, id), date: r.Date})
	return nil
}

func (b *batchWriter) put(id string, n graph.Node) {
	if _, ok := b.byID[id]; !ok {
		b.order = append(b.order, id)
	}
	b.byID[id] = n
}

func (im *Importer) sample(s Sample) {
	if len(im.rep.Samples) < im.Samples {
		im.rep.Samples = append(im.rep.Samples, s)
	}
}

// importedFields are the fields a source may set, by kind (JSON names).
func importedFields(k graph.Kind) []string {
	if k == graph.KindOrganisation {
		return []string{"name", "type", "description", "siret", "finess", "address", "contacts"}
	}
	return []string{"name", "type", "description", "eligibility", "accessModes", "accessNotes", "contacts", "address",
		"openingHours", "hoursNote", "cost", "status", "startedOn", "finess"}
}

var fieldLabels = map[string]string{
	"name": "nom", "type": "type", "description": "description", "siret": "SIRET", "finess": "FINESS", "address": "adresse",
	"contacts": "contacts", "eligibility": "conditions d'accès", "accessModes": "modes d'accès", "accessNotes": "précisions sur l'accès",
	"openingHours": "horaires", "hoursNote": "précisions sur les horaires", "cost": "frais", "status": "statut", "startedOn": "date d'ouverture",
}

func fieldLabel(f string) string {
	if l, ok := fieldLabels[f]; ok {
		return l
	}
	return f
}

// display renders a source value for the coordinator: text as is, contacts and addresses in words.
func display(v json.RawMessage) string {
	var s string
	if json.Unmarshal(v, &s) == nil {
		return "« " + s + " »"
	}
	var cs []graph.Contact
	if json.Unmarshal(v, &cs) == nil && len(cs) > 0 && cs[0].Kind != "" {
		var parts []string
		for _, c := range cs {
			parts = append(parts, c.Value)
		}
		return strings.Join(parts, ", ")
	}
	var a graph.Address
	if json.Unmarshal(v, &a) == nil && (a.Street != "" || a.City != "") {
		return strings.TrimSpace(strings.Join(strings.Fields(a.Street+", "+a.PostalCode+" "+a.City), " "))
	}
	return string(v)
}

func hasReview(rs []graph.Review, r graph.Review) bool {
	for _, x := range rs {
		if x.Kind == r.Kind && x.Dataset == r.Dataset && x.Ref == r.Ref && x.Field == r.Field && bytes.Equal(x.Value, r.Value) {
			return true
		}
	}
	return false
}

// editedAfter returns the fields people changed (recorded writes: bulk loads and imports
// record none) after t.
func (im *Importer) editedAfter(ctx context.Context, n graph.Node, t time.Time) (map[string]bool, error) {
	out := map[string]bool{}
	if !n.NodeMeta().UpdatedAt.After(t) {
		return out, nil
	}
	revs, err := im.Store.History(ctx, n.NodeMeta().ID)
	if err != nil {
		return nil, err
	}
	for _, rv := range revs {
		if !rv.At.After(t) || rv.After == nil {
			continue
		}
		cs, err := rv.Changes()
		if err != nil {
			return nil, err
		}
		for _, c := range cs {
			out[c.Field] = true
		}
	}
	return out, nil
}

func toMap(n graph.Node) (map[string]json.RawMessage, error) {
	data, err := json.Marshal(n)
	if err != nil {
		return nil, err
	}
	m := map[string]json.RawMessage{}
	return m, json.Unmarshal(data, &m)
}

func mustJSON(v any) []byte {
	data, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return data
}

func isEmptyJSON(v json.RawMessage) bool {
	s := string(bytes.TrimSpace(v))
	return s == "" || s == "null" || s == `""` || s == "[]" || s == "{}" || s == `{"conditions":""}`
}

func message(err error) string {
	var e *graph.Error
	if errors.As(err, &e) {
		return e.Message
	}
	var be *graph.BatchItemError
	if errors.As(err, &be) {
		return message(be.Err)
	}
	return err.Error()
}

// commune resolves the commune of a record's address (current or former INSEE code).
func (im *Importer) commune(r *Record) *geo.Commune {
	var a *graph.Address
	switch {
	case r.Dispositif != nil:
		a = r.Dispositif.Address
	case r.Organisation != nil:
		a = r.Organisation.Address
	}
	if a != nil && a.CommuneCode != "" {
		if c := im.Geo.Resolve(a.CommuneCode); c != nil {
			return c
		}
	}
	if r.Place != "" && r.Departement != "" {
		return im.place(r.Departement, r.Place)
	}
	return nil
}

// place finds a commune of a département by name ("ST DENIS" → Saint-Denis).
func (im *Importer) place(dep, name string) *geo.Commune {
	if im.places == nil {
		im.places = map[string]*geo.Commune{}
		for i := range im.Geo.Communes {
			c := &im.Geo.Communes[i]
			im.places[c.Departement+"|"+graph.Slugify(c.Name)] = c
		}
	}
	return im.places[dep+"|"+placeSlug(name)]
}

// placeSlug normalises a locality: slug with the usual abbreviations spelled out.
func placeSlug(s string) string {
	words := strings.Split(graph.Slugify(s), "-")
	for i, w := range words {
		switch w {
		case "st":
			words[i] = "saint"
		case "ste":
			words[i] = "sainte"
		}
	}
	return strings.Join(words, "-")
}

// edges are the relations a record gives its node: operator, location, area, publics, thematiques.
func (im *Importer) edges(r *Record, id string) []graph.Edge {
	src := sourceOf(r)
	var out []graph.Edge
	link := func(t graph.RelationType, from, to string) {
		s := src
		out = append(out, graph.Edge{Type: t, From: from, To: to, Source: &s, CreatedAt: r.Date})
	}
	c := im.commune(r)
	if c != nil {
		link(graph.LocatedIn, id, c.TerritoryID())
	}
	if r.Dispositif == nil {
		return out
	}
	if r.Operator != "" {
		link(graph.Operates, NodeID(graph.KindOrganisation, r.Dataset, r.Operator), id)
	}
	covered := false
	for _, z := range r.Zone {
		if t := im.zoneTerritory(z); t != "" {
			link(graph.Covers, id, t)
			covered = true
		}
	}
	switch {
	case covered:
	case c != nil:
		link(graph.Covers, id, c.TerritoryID())
	case r.Departement != "" && im.Geo.Departement(r.Departement) != nil:
		link(graph.Covers, id, graph.TerritoryID(graph.LevelDepartement, r.Departement))
	}
	for _, p := range r.Publics {
		link(graph.Serves, id, p)
	}
	for _, t := range r.Thematiques {
		if t != "" {
			link(graph.About, id, t)
		}
	}
	return out
}

// zoneTerritory resolves a zone code to a territory id, "" when unknown.
func (im *Importer) zoneTerritory(z string) string {
	switch {
	case z == "fr":
		return "fr"
	case strings.HasPrefix(z, "r") && im.Geo.Region(z[1:]) != nil:
		return graph.TerritoryID(graph.LevelRegion, z[1:])
	case len(z) <= 3 && im.Geo.Departement(z) != nil:
		return graph.TerritoryID(graph.LevelDepartement, z)
	case len(z) == 5:
		if c := im.Geo.Resolve(z); c != nil {
			return c.TerritoryID()
		}
	case len(z) == 9 && im.Geo.EPCI(z) != nil:
		return graph.TerritoryID(graph.LevelEPCI, z)
	}
	return ""
}

// linkAll keeps the edges to add: all those of new nodes, the missing ones of existing nodes;
// an operator that does not exist (its structure was not imported) gives no edge.
func (b *batchWriter) linkAll(ctx context.Context) error {
	im := b.im
	var existingIDs []string
	var unknownOrgs []string
	for _, pl := range b.links {
		if !pl.isNew {
			existingIDs = append(existingIDs, pl.id)
		}
		for _, e := range pl.edges {
			if e.Type == graph.Operates && !im.orgs[e.From] && !slices.Contains(unknownOrgs, e.From) {
				unknownOrgs = append(unknownOrgs, e.From)
			}
		}
	}
	if len(unknownOrgs) > 0 {
		ns, err := im.Store.GetMany(ctx, unknownOrgs)
		if err != nil {
			return err
		}
		for i, n := range ns {
			if n != nil {
				im.orgs[unknownOrgs[i]] = true
			}
		}
	}
	// The other ends (territories, publics, thematiques) must exist too: a store without the
	// geography or the vocabularies gets the listings without those relations (counted), rather
	// than a batch refused edge by edge.
	if im.ends == nil {
		im.ends = map[string]bool{}
	}
	var unknownEnds []string
	for _, pl := range b.links {
		for _, e := range pl.edges {
			if e.Type == graph.Operates {
				continue
			}
			if _, ok := im.ends[e.To]; !ok {
				im.ends[e.To] = false
				unknownEnds = append(unknownEnds, e.To)
			}
		}
	}
	if len(unknownEnds) > 0 {
		ns, err := im.Store.GetMany(ctx, unknownEnds)
		if err != nil {
			return err
		}
		for i, n := range ns {
			im.ends[unknownEnds[i]] = n != nil
		}
	}
	have := map[graph.EdgeKey]bool{}
	if len(existingIDs) > 0 {
		for _, dir := range []graph.Direction{graph.Outgoing, graph.Incoming} {
			es, err := im.Store.Edges(ctx, graph.EdgeQuery{IDs: existingIDs, Direction: dir, KeysOnly: true})
			if err != nil {
				return err
			}
			for _, e := range es {
				have[e.Key()] = true
			}
		}
	}
	var keep []pendingLinks
	for _, pl := range b.links {
		var es []graph.Edge
		var removed map[graph.EdgeKey]bool
		for _, e := range pl.edges {
			if !pl.isNew && !have[e.Key()] && removed == nil {
				var err error
				if removed, err = im.unlinkedAfter(ctx, pl.id, pl.date); err != nil {
					return err
				}
			}
			if removed[e.Key()] {
				continue // a person removed it after the source's date
			}
			if e.Type == graph.Operates && !im.orgs[e.From] {
				continue
			}
			if e.Type != graph.Operates && !im.ends[e.To] {
				im.rep.MissingEnds++
				continue
			}
			if !have[e.Key()] {
				have[e.Key()] = true
				es = append(es, e)
			}
		}
		if len(es) > 0 {
			keep = append(keep, pendingLinks{id: pl.id, edges: es})
		}
	}
	b.links = keep
	return nil
}

// write applies the batch; an item the store rejects is reported and left out.
func (b *batchWriter) write(ctx context.Context) error {
	im := b.im
	var batch graph.Batch
	for _, id := range b.order {
		batch.Nodes = append(batch.Nodes, b.byID[id])
	}
	for _, pl := range b.links {
		batch.Edges = append(batch.Edges, pl.edges...)
	}
	im.rep.Edges += len(batch.Edges)
	if im.DryRun || (len(batch.Nodes) == 0 && len(batch.Edges) == 0) {
		return nil
	}
	for len(batch.Nodes)+len(batch.Edges) > 0 {
		err := im.Store.Apply(ctx, batch)
		if err == nil {
			return nil
		}
		var bad *graph.BatchItemError
		if !errors.As(err, &bad) || bad.Index < 0 || bad.Index >= len(batch.Nodes)+len(batch.Edges) {
			return err
		}
		if i := bad.Index; i < len(batch.Nodes) {
			im.Bad(RowError{Reason: fmt.Sprintf("%s : %s", batch.Nodes[i].NodeMeta().ID, message(bad.Err))})
			batch.Nodes = slices.Delete(batch.Nodes, i, i+1)
		} else {
			i -= len(batch.Nodes)
			e := batch.Edges[i]
			im.rep.Edges--
			im.Bad(RowError{Reason: fmt.Sprintf("relation %s %s → %s : %s", e.Type, e.From, e.To, message(bad.Err))})
			batch.Edges = slices.Delete(batch.Edges, i, i+1)
		}
	}
	return nil
}

// withdraw flags the listings of the imported datasets that no record reached.
func (im *Importer) withdraw(ctx context.Context) error {
	im.init()
	now := im.Store.Now().UTC()
	var batch graph.Batch
	err := im.Store.ScanNodes(ctx, []graph.Kind{graph.KindOrganisation, graph.KindDispositif}, func(n graph.Node) error {
		m := n.NodeMeta()
		if im.seen[m.ID] || m.Archived() {
			return nil
		}
		for _, s := range m.Sources {
			if !im.datasets[s.Dataset] {
				continue
			}
			rv := graph.Review{Kind: graph.ReviewWithdrawn, Dataset: s.Dataset, Ref: s.Ref, Date: s.Date, At: now,
				Text: fmt.Sprintf("la fiche n'est plus dans la source « %s » (import complet du %s) : à vérifier, puis archiver si elle a fermé", graph.DatasetLabel(s.Dataset), now.Format("02/01/2006"))}
			if hasWithdrawn(m.Reviews, s) {
				continue
			}
			m.Reviews = append(m.Reviews, rv)
			m.Version++
			im.rep.Withdrawn++
			batch.Nodes = append(batch.Nodes, n)
			break
		}
		return nil
	})
	if err != nil || im.DryRun || len(batch.Nodes) == 0 {
		return err
	}
	for i := 0; i < len(batch.Nodes); i += batchSize {
		if err := im.Store.Apply(ctx, graph.Batch{Nodes: batch.Nodes[i:min(i+batchSize, len(batch.Nodes))]}); err != nil {
			return err
		}
	}
	return nil
}

func hasWithdrawn(rs []graph.Review, s graph.Source) bool {
	for _, r := range rs {
		if r.Kind == graph.ReviewWithdrawn && r.Dataset == s.Dataset && r.Ref == s.Ref {
			return true
		}
	}
	return false
}

// maxCoordinateKm is how far from its commune's centre a listing's coordinates may be before
// they are taken as wrong: the largest communes (Maripasoula, Arles) are under 100 km across.
const maxCoordinateKm = 60

// checkCoordinates drops coordinates far from the listing's commune: sources swap latitude and
// longitude or lose a sign (the La Réunion export gives latitudes north of the equator), and a
// wrong point on a map misleads more than none.
func (im *Importer) checkCoordinates(r *Record) {
	var a *graph.Address
	if r.Dispositif != nil {
		a = r.Dispositif.Address
	} else if r.Organisation != nil {
		a = r.Organisation.Address
	}
	if a == nil || a.Lat == nil || a.Lon == nil {
		return
	}
	c := im.commune(r)
	if c == nil || !c.HasCentre {
		return
	}
	if distanceKm(*a.Lat, *a.Lon, c.Lat, c.Lon) > maxCoordinateKm {
		r.Dropped = append(r.Dropped, fmt.Sprintf("coordonnées (%.4f, %.4f) loin de la commune %s", *a.Lat, *a.Lon, c.Name))
		a.Lat, a.Lon = nil, nil
	}
}

// distanceKm is the great-circle distance between two points (haversine).
func distanceKm(lat1, lon1, lat2, lon2 float64) float64 {
	const r = 6371.0
	rad := math.Pi / 180
	dLat, dLon := (lat2-lat1)*rad, (lon2-lon1)*rad
	h := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2 * r * math.Asin(math.Sqrt(h))
}

// unlinkedAfter returns the relations of node id that a person removed after t (recorded
// unlinks: imports record none), which a re-import must not add back.
func (im *Importer) unlinkedAfter(ctx context.Context, id string, t time.Time) (map[graph.EdgeKey]bool, error) {
	out := map[graph.EdgeKey]bool{}
	revs, err := im.Store.History(ctx, id)
	if err != nil {
		return nil, err
	}
	for _, rv := range revs {
		if rv.Edge == nil || !rv.At.After(t) {
			continue
		}
		switch rv.Op {
		case graph.OpUnlink:
			out[rv.Edge.Key()] = true
		case graph.OpLink:
			delete(out, rv.Edge.Key())
		}
	}
	return out, nil
}
