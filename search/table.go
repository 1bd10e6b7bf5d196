package search

import (
	"bufio"
	"encoding/gob"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/search/situation"
	"github.com/maillage/maillage/seed/geo"
)

// entry is what eligibility, ranking, filters and facets need of a dispositif. The side table
// holds one per indexed dispositif, so that a search checks its candidates without reading the
// store; the page of results is then read back from the store and checked again.
type entry struct {
	// h is what every candidate's check reads, also kept in the table's hot array.
	h hot

	Status      string
	AdminStatus string
	Type        string // a slug of graph.DispositifTypes
	// AgeMin and AgeMax are noAge when the listing does not say.
	AgeMin, AgeMax int16
	// Needs has bit i set when the dispositif answers needOrder[i].
	Needs   uint8
	Covers  []string // territory ids
	Genders []string
	Family  []string
	Publics []string // public ids
	// Terms are the analysed words of the dispositif's text (ids in the table's dictionary,
	// ascending) and TermFields, for each, the text fields it occurs in (see text.go).
	Terms        []uint32
	TermFields   []uint16
	facets       []uint16 // codes of the facet values, set by the table
	ID, Name     string
	AccessModes  []string
	Thematiques  []string  // thematique ids
	Departements []string  // codes of the départements the covered territories belong to
	text         []termOcc // the terms before the table gives them ids (not saved)
}

// hot is the part of an entry that every candidate of a search reads, 32 bytes without
// pointers. The table keeps the hot parts of its entries in an array of their own: a search in
// a big city checks 15,000 candidates at random places, and reading them from the entries
// (100 MB on the national dataset) cost a memory access each, where the hot array (10 MB)
// mostly stays in the processor's cache. The garbage collector does not scan it either.
type hot struct {
	sig            termSig // a bit per term of Terms: a word whose bit is unset is not among them
	pubMask        uint64  // the bits of Publics (see publicBit), when hotPublics is set
	ageMin, ageMax int16
	status         uint8 // statusActive…
	admin          uint8 // 1 + index of AdminStatus in graph.AdminStatuses, 0 when unsaid, adminOther
	needs          uint8
	flags          uint8 // hotUsed…
}

// Values of hot.status.
const (
	statusActive = iota
	statusTemporarilyClosed
	statusClosed
	statusOther
)

// adminOther marks an administrative status outside graph.AdminStatuses (read from the entry).
const adminOther = 255

// Bits of hot.flags.
const (
	hotUsed       = 1 << iota // the slot holds an entry
	hotPublics                // every public has a bit of pubMask
	hotMultiCover             // the dispositif covers several territories
	hotGenders                // the listing restricts genders
	hotFamily                 // the listing restricts family situations
	hotThemes                 // the listing names thématiques (so the needs it answers are known)
	hotGeneric                // a generic entry point (115, SIAO): ranked after specialised services
)

// genericTypes are the types of the generic entry points, which every situation may call and
// which follow the services made for it.
var genericTypes = []string{"115", "siao"}

// setHot computes e.h from the entry's fields.
func (e *entry) setHot() {
	h := hot{ageMin: e.AgeMin, ageMax: e.AgeMax, needs: e.Needs, flags: hotUsed}
	for _, id := range e.Terms {
		h.sig.add(id)
	}
	if mask, ok := publicMask(e.Publics); ok {
		h.pubMask, h.flags = mask, h.flags|hotPublics
	}
	switch e.Status {
	case "active":
		h.status = statusActive
	case "temporarily_closed":
		h.status = statusTemporarilyClosed
	case "closed":
		h.status = statusClosed
	default:
		h.status = statusOther
	}
	if e.AdminStatus != "" {
		h.admin = adminOther
		if i := slices.IndexFunc(graph.AdminStatuses, func(t graph.Term) bool { return t.Slug == e.AdminStatus }); i >= 0 {
			h.admin = uint8(1 + i)
		}
	}
	if len(e.Covers) > 1 {
		h.flags |= hotMultiCover
	}
	if len(e.Genders) > 0 {
		h.flags |= hotGenders
	}
	if len(e.Family) > 0 {
		h.flags |= hotFamily
	}
	if len(e.Thematiques) > 0 {
		h.flags |= hotThemes
	}
	if slices.Contains(genericTypes, e.Type) {
		h.flags |= hotGeneric
	}
	e.h = h
}

// adminStatus is the listing's administrative status, from the hot part when it can.
func (h *hot) adminStatus(e *entry) string {
	switch h.admin {
	case 0:
		return ""
	case adminOther:
		return e.AdminStatus
	}
	return graph.AdminStatuses[h.admin-1].Slug
}

const noAge = -1

// table is the in-memory side table: entries by slot (values, contiguous: a search reads
// thousands of them), the slots of each covered territory, and the codes of facet values.
// Entries change only under the write lock; a search reads them under the read lock and
// copies the few it returns.
type table struct {
	mu      sync.RWMutex
	seq     uint64  // change-feed position the table reflects
	saved   uint64  // position of the last save, to skip saving an unchanged table
	entries []entry // a free slot has an empty ID
	hot     []hot   // hot parts of the entries, by slot (a free slot has no hotUsed flag)
	slots   map[string]int32
	free    []int32
	// byCover lists the dispositifs covering each territory with a copy of their hot parts:
	// a search in a place reads its candidates in sequence rather than at random.
	byCover map[string][]coverItem
	// facet values ("dimension\x00value") and their codes
	facetCode  map[string]uint16
	facetValue []string
	strs       map[string]string // interned ids and slugs shared by entries
	// the dictionary of the entries' terms: ids, words by id, and how many entries have each
	dict  map[string]uint32
	words []string
	df    []int32
}

func newTable() *table {
	return &table{slots: map[string]int32{}, byCover: map[string][]coverItem{}, facetCode: map[string]uint16{}, strs: map[string]string{},
		dict: map[string]uint32{}}
}

// termIDs gives the terms of an entry their ids in the dictionary, ascending (write lock held).
func (t *table) termIDs(e *entry) {
	ids := make([]uint32, len(e.text))
	byID := make(map[uint32]uint16, len(e.text))
	for i, occ := range e.text {
		id, ok := t.dict[occ.term]
		if !ok {
			id = uint32(len(t.words))
			t.dict[occ.term] = id
			t.words = append(t.words, occ.term)
			t.df = append(t.df, 0)
		}
		ids[i] = id
		byID[id] = occ.fields
	}
	slices.Sort(ids)
	e.Terms, e.TermFields = ids, make([]uint16, len(ids))
	for i, id := range ids {
		e.TermFields[i] = byID[id]
	}
	e.text = nil
}

func (t *table) dirty() bool {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return t.seq != t.saved
}

func (t *table) setSeq(seq uint64) {
	t.mu.Lock()
	t.seq = seq
	t.mu.Unlock()
}

func (t *table) code(dim, value string) uint16 {
	k := dim + "\x00" + value
	c, ok := t.facetCode[k]
	if !ok {
		c = uint16(len(t.facetValue))
		t.facetCode[k] = c
		t.facetValue = append(t.facetValue, k)
	}
	return c
}

// facetsOf codes what a dispositif counts for in the facets: its thematique categories, its
// publics, its départements and its access modes.
func (t *table) facetsOf(e *entry) []uint16 {
	var out []uint16
	var cats []string
	for _, th := range e.Thematiques {
		cat, _, _ := strings.Cut(th, "--")
		if !slices.Contains(cats, cat) {
			cats = append(cats, cat)
			out = append(out, t.code("thematique", cat))
		}
	}
	for _, p := range e.Publics {
		out = append(out, t.code("public", p))
	}
	for _, d := range e.Departements {
		out = append(out, t.code("departement", d))
	}
	for _, m := range e.AccessModes {
		out = append(out, t.code("accessMode", m))
	}
	return out
}

// put adds or replaces entries.
func (t *table) put(es ...*entry) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, e := range es {
		t.putLocked(e)
	}
}

func (t *table) intern(list []string) {
	for i, v := range list {
		if w, ok := t.strs[v]; ok {
			list[i] = w
		} else {
			t.strs[v] = v
		}
	}
}

// statuses are the values of Status, shared by every entry.
var statuses = []string{"active", "temporarily_closed", "closed"}

func (t *table) putLocked(e *entry) {
	if i := slices.Index(statuses, e.Status); i >= 0 {
		e.Status = statuses[i]
	}
	for _, l := range [][]string{e.Covers, e.Publics, e.Thematiques, e.AccessModes, e.Departements, e.Genders, e.Family} {
		t.intern(l)
	}
	e.facets = t.facetsOf(e)
	if e.text != nil {
		t.termIDs(e)
	}
	e.setHot()
	if slot, ok := t.slots[e.ID]; ok {
		t.unlink(slot)
		t.entries[slot], t.hot[slot] = *e, e.h
		t.link(slot)
		return
	}
	var slot int32
	if n := len(t.free); n > 0 {
		slot, t.free = t.free[n-1], t.free[:n-1]
		t.entries[slot], t.hot[slot] = *e, e.h
	} else {
		slot = int32(len(t.entries))
		t.entries, t.hot = append(t.entries, *e), append(t.hot, e.h)
	}
	t.slots[e.ID] = slot
	t.link(slot)
}

// remove deletes the entries of ids (absent ones are ignored).
func (t *table) remove(ids ...string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, id := range ids {
		slot, ok := t.slots[id]
		if !ok {
			continue
		}
		t.unlink(slot)
		t.entries[slot], t.hot[slot] = entry{}, hot{}
		delete(t.slots, id)
		t.free = append(t.free, slot)
	}
}

// coverItem is a dispositif covering a territory: its slot and a copy of its hot part.
type coverItem struct {
	h    hot
	slot int32
}

func (t *table) link(slot int32) {
	for _, c := range t.entries[slot].Covers { // distinct (see entryOf)
		t.byCover[c] = append(t.byCover[c], coverItem{t.hot[slot], slot})
	}
	for _, id := range t.entries[slot].Terms {
		t.df[id]++
	}
}

func (t *table) unlink(slot int32) {
	for _, id := range t.entries[slot].Terms {
		t.df[id]--
	}
	for _, c := range t.entries[slot].Covers {
		l := t.byCover[c]
		if i := slices.IndexFunc(l, func(it coverItem) bool { return it.slot == slot }); i >= 0 {
			l[i] = l[len(l)-1]
			l = l[:len(l)-1]
			if len(l) == 0 {
				delete(t.byCover, c)
			} else {
				t.byCover[c] = l
			}
		}
	}
}

// The table is saved with gob next to the index, with its format version and position.

type tableFile struct {
	Version string
	Seq     uint64
	Entries []*entry
	Words   []string // the terms' dictionary: Entries' Terms are indexes in it
}

func tablePath(dir string) string { return filepath.Join(dir, "maillage-table.gob") }

func (t *table) save(path string) error {
	t.mu.RLock()
	f := tableFile{Version: formatVersion, Seq: t.seq, Words: slices.Clone(t.words)}
	for i := range t.entries {
		if t.entries[i].ID != "" {
			f.Entries = append(f.Entries, &t.entries[i])
		}
	}
	t.mu.RUnlock()
	tmp := path + ".tmp"
	out, err := os.Create(tmp)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(out, 1<<20)
	err = gob.NewEncoder(w).Encode(&f)
	if err == nil {
		err = w.Flush()
	}
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("table de recherche %s : %w", path, err)
	}
	t.mu.Lock()
	t.saved = f.Seq
	t.mu.Unlock()
	return nil
}

func loadTable(path string) (*table, error) {
	in, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer in.Close()
	var f tableFile
	if err := gob.NewDecoder(bufio.NewReaderSize(in, 1<<20)).Decode(&f); err != nil {
		return nil, err
	}
	if f.Version != formatVersion {
		return nil, fmt.Errorf("table de recherche %s : version %q", path, f.Version)
	}
	t := newTable()
	t.words, t.df = f.Words, make([]int32, len(f.Words))
	for i, w := range f.Words {
		t.dict[w] = uint32(i)
	}
	t.entries, t.hot = make([]entry, 0, len(f.Entries)), make([]hot, 0, len(f.Entries))
	for _, e := range f.Entries {
		if slices.ContainsFunc(e.Terms, func(id uint32) bool { return int(id) >= len(f.Words) }) {
			return nil, fmt.Errorf("table de recherche %s : terme inconnu", path)
		}
		t.putLocked(e)
	}
	t.seq, t.saved = f.Seq, f.Seq
	return t, nil
}

// geography is loaded once per process, for the départements of covered communes.
var geography = sync.OnceValues(geo.Load)

// departementsOf returns the départements the covered territories are or belong to.
func departementsOf(covers []string) []string {
	var out []string
	for _, c := range covers {
		var dep string
		switch {
		case strings.HasPrefix(c, "dep-"):
			dep = strings.ToUpper(strings.TrimPrefix(c, "dep-"))
		case strings.HasPrefix(c, "com-"), strings.HasPrefix(c, "arr-"):
			if g, err := geography(); err == nil {
				if cm := g.Commune(strings.ToUpper(c[4:])); cm != nil {
					dep = cm.Departement
				}
			}
		}
		if dep != "" && !slices.Contains(out, dep) {
			out = append(out, dep)
		}
	}
	return out
}

// publicBits gives public ids a bit of hot.pubMask, in the order they are met (this
// process only; at most 64: the entries serving others are checked on their slice).
var publicBits = struct {
	sync.RWMutex
	m map[string]uint64
}{m: map[string]uint64{}}

// publicBit returns the bit of a public id, giving it one when assign is set and bits remain.
func publicBit(id string, assign bool) (uint64, bool) {
	publicBits.RLock()
	b, ok := publicBits.m[id]
	publicBits.RUnlock()
	if ok || !assign {
		return b, ok
	}
	publicBits.Lock()
	defer publicBits.Unlock()
	if b, ok := publicBits.m[id]; ok {
		return b, true
	}
	if len(publicBits.m) == 64 {
		return 0, false
	}
	b = 1 << len(publicBits.m)
	publicBits.m[id] = b
	return b, true
}

func publicMask(publics []string) (uint64, bool) {
	var mask uint64
	for _, p := range publics {
		b, ok := publicBit(p, true)
		if !ok {
			return 0, false
		}
		mask |= b
	}
	return mask, true
}

// wantedPublics is the situation's publics as bits, for the candidates' check: those it
// belongs to, tous-publics, and those it is known not to belong to.
type wantedPublics struct {
	wanted, all, excluded uint64
	// cond are the bits of the condition publics when the person is described (see
	// described); a listing naming some of them and matched by none is unmet.
	cond uint64
}

// maskWanted returns the bits of wanted, nil when it names a public twice (then counted
// twice by the slice check) or when a public the situation rules out has no bit.
func maskWanted(s situation.Situation, wanted []string) *wantedPublics {
	w := &wantedPublics{}
	desc := described(s)
	publicBits.RLock()
	for p, b := range publicBits.m {
		if excludes(s, p) {
			w.excluded |= b
		}
		if desc && slices.Contains(conditionPublics, p) {
			w.cond |= b
		}
	}
	publicBits.RUnlock()
	for i, p := range wanted {
		if slices.Contains(wanted[:i], p) {
			return nil
		}
		if b, ok := publicBit(p, false); ok {
			w.wanted |= b
		}
	}
	w.all, _ = publicBit("tous-publics", false)
	return w
}
