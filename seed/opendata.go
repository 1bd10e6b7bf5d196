package seed

import (
	"context"
	"fmt"
	"io/fs"
	"log/slog"

	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/opendata"
	"github.com/maillage/maillage/seed/data"
	"github.com/maillage/maillage/seed/geo"
)

// openDataFile is one embedded open-data file and the reader of its format, in load order:
// structures before the services they operate, the annuaire before the referentials matched
// to its offices.
type openDataFile struct {
	path string
	read opendata.Reader
}

var openDataFiles = []openDataFile{
	{"opendata/data-inclusion-974/structures.json", opendata.ReadDataInclusion},
	{"opendata/data-inclusion-974/services.json.gz", opendata.ReadDataInclusion},
	{"opendata/france-services/liste-fs-20221201.csv.gz", opendata.ReadFranceServices},
	{"opendata/annuaire-2019/annuaire-administration-2019-services-sociaux.csv.gz", opendata.ReadAnnuaire},
	{"opendata/referentiels/referentiel_structures_milo.json", opendata.ReadReferentiel},
	{"opendata/referentiels/agences_pe.json", opendata.ReadReferentiel},
}

// loadOpenData merges the embedded national open datasets (seed/data/opendata) with the
// importer every `maillage import` uses: each listing carries its source and the date of its
// data; reseeding writes nothing; a partner's edit is never overwritten.
func loadOpenData(ctx context.Context, s graph.Store, g *geo.Data, rep *Report, log *slog.Logger) error {
	im := &opendata.Importer{Store: s, Geo: g}
	for _, f := range openDataFiles {
		if err := readEmbedded(ctx, im, f); err != nil {
			return fmt.Errorf("données ouvertes %s : %w", f.path, err)
		}
	}
	r, err := im.Finish(ctx)
	if err != nil {
		return fmt.Errorf("données ouvertes : %w", err)
	}
	rep.Parts = append(rep.Parts, PartReport{Name: "open-data", Nodes: r.New + r.Changed, Edges: r.Edges, Note: r.String()})
	log.Info("données ouvertes chargées", "nouveaux", r.New, "modifies", r.Changed, "inchanges", r.Unchanged, "invalides", r.Invalid)
	return nil
}

func readEmbedded(ctx context.Context, im *opendata.Importer, f openDataFile) error {
	file, err := data.OpenData.Open(f.path)
	if err != nil {
		return err
	}
	defer file.Close()
	r, err := opendata.Decompress(file)
	if err != nil {
		return err
	}
	st, _ := fs.Stat(data.OpenData, f.path)
	name := f.path
	if st != nil {
		name = st.Name()
	}
	return im.Read(ctx, f.read, r, opendata.Options{}, name)
}
