// Package seed loads Maillage's initial data into a store: the French geography, the
// vocabularies, the five source documents and the FINESS sample (the "real" data), with, when
// asked, the national open datasets merged by package opendata (seed/data/opendata), or a
// deterministic synthetic dataset for benchmarks. Each part lives in its own subpackage (geo,
// vocab, documents, finess, synthetic) and only produces nodes and edges; this package writes
// them, in an order that keeps every edge's ends present.
package seed

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/seed/documents"
	"github.com/maillage/maillage/seed/finess"
	"github.com/maillage/maillage/seed/geo"
	"github.com/maillage/maillage/seed/synthetic"
	"github.com/maillage/maillage/seed/vocab"
)

// chunk is the number of items written per Store.Apply call.
const chunk = 20000

// Options tune a seed run.
type Options struct {
	// AllowMix accepts loading real data into a store holding synthetic data, or the reverse.
	AllowMix bool
	// OpenData also loads the national open datasets shipped in seed/data/opendata (France
	// services, annuaire 2019, Missions locales and France Travail referentials, data·inclusion
	// La Réunion). `maillage seed` and a first start set it unless --no-open-data.
	OpenData bool
	Logger   *slog.Logger
}

func (o Options) log() *slog.Logger {
	if o.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return o.Logger
}

// Report says what a seed run wrote.
type Report struct {
	Parts    []PartReport
	Duration time.Duration
}

// PartReport counts one part of a seed run.
type PartReport struct {
	Name  string
	Nodes int
	Edges int
	Note  string
}

func (r Report) String() string {
	var b strings.Builder
	nodes, edges := 0, 0
	for _, p := range r.Parts {
		fmt.Fprintf(&b, "%-12s %8d nœuds %9d relations", p.Name, p.Nodes, p.Edges)
		if p.Note != "" {
			fmt.Fprintf(&b, "  (%s)", p.Note)
		}
		b.WriteByte('\n')
		nodes += p.Nodes
		edges += p.Edges
	}
	fmt.Fprintf(&b, "%-12s %8d nœuds %9d relations en %s", "total", nodes, edges, r.Duration.Round(time.Millisecond))
	return b.String()
}

// Real loads the reference geography, vocabularies, the five source documents and the FINESS
// sample, and with Options.OpenData the national open datasets. It is idempotent: nodes are
// written as they are, with fixed versions and timestamps, and the open data are merged (a
// reseed writes none of them again and never overwrites a partner's edit).
func Real(ctx context.Context, s graph.Store, opts Options) (Report, error) {
	start := time.Now()
	if !opts.AllowMix {
		if syn, err := hasSynthetic(ctx, s); err != nil {
			return Report{}, err
		} else if syn {
			return Report{}, graph.Errorf(graph.CodeConflict, "Cette base contient un jeu synthétique : les données réelles n'y sont pas chargées sans --mix.")
		}
	}
	var rep Report
	g, err := loadBase(ctx, s, &rep, opts.log())
	if err != nil {
		return rep, err
	}
	nodes, edges, err := documents.Load()
	if err != nil {
		return rep, fmt.Errorf("documents sources : %w", err)
	}
	if err := write(ctx, s, &rep, "documents", nodes, edges, "", opts.log()); err != nil {
		return rep, err
	}
	nodes, edges, frep, err := finess.Load(g)
	if err != nil {
		return rep, fmt.Errorf("échantillon FINESS : %w", err)
	}
	if err := write(ctx, s, &rep, "finess", nodes, edges, frep.String(), opts.log()); err != nil {
		return rep, err
	}
	if opts.OpenData {
		if err := loadOpenData(ctx, s, g, &rep, opts.log()); err != nil {
			return rep, err
		}
	}
	rep.Duration = time.Since(start)
	return rep, nil
}

// loadBase writes the geography and the vocabularies, which every dataset references.
func loadBase(ctx context.Context, s graph.Store, rep *Report, log *slog.Logger) (*geo.Data, error) {
	g, err := geo.Load()
	if err != nil {
		return nil, fmt.Errorf("géographie : %w", err)
	}
	if err := write(ctx, s, rep, "geographie", g.Nodes(), g.Edges(), "", log); err != nil {
		return nil, err
	}
	vn, err := vocab.Nodes()
	if err != nil {
		return nil, fmt.Errorf("vocabulaires : %w", err)
	}
	ve, err := vocab.Edges()
	if err != nil {
		return nil, fmt.Errorf("vocabulaires : %w", err)
	}
	if err := write(ctx, s, rep, "vocabulaires", vn, ve, "", log); err != nil {
		return nil, err
	}
	return g, nil
}

// Synthetic loads the geography, the vocabularies and a synthetic dataset of the given size.
func Synthetic(ctx context.Context, s graph.Store, size string, seedN int64, opts Options) (Report, error) {
	start := time.Now()
	sz, err := synthetic.ParseSize(size)
	if err != nil {
		return Report{}, graph.Errorf(graph.CodeBadUserInput, "Taille de jeu synthétique inconnue « %s » : national, region, departement ou tiny.", size)
	}
	if !opts.AllowMix {
		if real, err := hasReal(ctx, s); err != nil {
			return Report{}, err
		} else if real {
			return Report{}, graph.Errorf(graph.CodeConflict, "Cette base contient des données réelles : le jeu synthétique n'y est pas chargé sans --mix. Utilisez un autre dossier (--data).")
		}
	}
	var rep Report
	g, err := loadBase(ctx, s, &rep, opts.log())
	if err != nil {
		return rep, err
	}
	part := PartReport{Name: "synthetique"}
	log := opts.log()
	stats, err := synthetic.Generate(synthetic.PlacesFromGeo(g), sz, seedN, func(b graph.Batch) error {
		if err := s.Apply(ctx, b); err != nil {
			return err
		}
		part.Nodes += len(b.Nodes)
		part.Edges += len(b.Edges)
		log.Info("jeu synthétique en cours", "noeuds", part.Nodes, "relations", part.Edges)
		return nil
	})
	if err != nil {
		return rep, fmt.Errorf("jeu synthétique : %w", err)
	}
	part.Note = fmt.Sprintf("taille %s, graine %d, %v", size, seedN, stats)
	rep.Parts = append(rep.Parts, part)
	rep.Duration = time.Since(start)
	return rep, nil
}

// write applies nodes then edges in chunks, so that every edge's ends are stored first.
func write(ctx context.Context, s graph.Store, rep *Report, name string, nodes []graph.Node, edges []graph.Edge, note string, log *slog.Logger) error {
	for i := 0; i < len(nodes); i += chunk {
		if err := s.Apply(ctx, graph.Batch{Nodes: nodes[i:min(i+chunk, len(nodes))]}); err != nil {
			return fmt.Errorf("%s : %w", name, err)
		}
	}
	for i := 0; i < len(edges); i += chunk {
		if err := s.Apply(ctx, graph.Batch{Edges: edges[i:min(i+chunk, len(edges))]}); err != nil {
			return fmt.Errorf("%s : %w", name, err)
		}
	}
	rep.Parts = append(rep.Parts, PartReport{Name: name, Nodes: len(nodes), Edges: len(edges), Note: note})
	log.Info("données chargées", "partie", name, "noeuds", len(nodes), "relations", len(edges))
	return nil
}

// hasSynthetic reports whether the store holds synthetic organisations (ids "syn-…").
func hasSynthetic(ctx context.Context, s graph.Store) (bool, error) {
	p, err := s.List(ctx, graph.ListQuery{Kind: graph.KindOrganisation, After: "syn-", Limit: 1, IncludeArchived: true, WithoutCount: true})
	if err != nil {
		return false, err
	}
	return len(p.Nodes) > 0 && strings.HasPrefix(p.Nodes[0].NodeMeta().ID, "syn-"), nil
}

// hasReal reports whether the store holds real organisations (ids sorting before "syn-").
func hasReal(ctx context.Context, s graph.Store) (bool, error) {
	p, err := s.List(ctx, graph.ListQuery{Kind: graph.KindOrganisation, Limit: 1, IncludeArchived: true, WithoutCount: true})
	if err != nil {
		return false, err
	}
	return len(p.Nodes) > 0 && p.Nodes[0].NodeMeta().ID < "syn-", nil
}

// FirstStart seeds the real data when the data directory is new: the store is empty, or a
// previous first start was interrupted (its marker file is still there). Seeding is idempotent,
// so resuming simply writes everything again.
func FirstStart(ctx context.Context, s graph.Store, dataDir string, opts Options) error {
	log := opts.log()
	marker := filepath.Join(dataDir, ".seeding")
	_, err := os.Stat(marker)
	interrupted := err == nil
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if !interrupted {
		st, err := s.Stats(ctx)
		if err != nil {
			return err
		}
		total := 0
		for _, n := range st.Nodes {
			total += n
		}
		if total > 0 {
			return nil
		}
	}
	log.Info("premier démarrage : chargement des données de référence")
	if err := os.WriteFile(marker, []byte("seed en cours\n"), 0o640); err != nil {
		return err
	}
	rep, err := Real(ctx, s, opts)
	if err != nil {
		return err
	}
	log.Info("données de référence chargées", "duree", rep.Duration.Round(time.Millisecond))
	return os.Remove(marker)
}
