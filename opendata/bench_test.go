package opendata

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/maillage/maillage/graph/clocktest"
	"github.com/maillage/maillage/seed/vocab"
)

// BenchmarkImportDI974 imports the La Réunion data·inclusion extract (276 structures, 2,705
// services) into a store holding the geography (974) and the vocabularies. Aim: ≤ 5 s.
func BenchmarkImportDI974(b *testing.B) {
	for b.Loop() {
		b.StopTimer()
		s := baseStore(b, clocktest.New(time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)).Clock(), "974")
		b.StartTimer()
		rep := importDI974(b, s, false)
		if rep.New < 2900 {
			b.Fatal(rep)
		}
	}
}

// BenchmarkImportDISynthetic imports a synthetic data·inclusion v1 file (JSON lines) of
// MAILLAGE_BENCH_DI_SERVICES services (300,000 by default; one structure per 10 services) spread
// over the communes of four départements, and reports the peak resident memory of the process
// (maxrss-MiB). Aims: ≤ 120 s and ≤ 1 GiB for 300,000. Run it alone:
//
//	go test -run - -bench ImportDISynthetic -benchtime 1x ./opendata
func BenchmarkImportDISynthetic(b *testing.B) {
	n := 300000
	if v := os.Getenv("MAILLAGE_BENCH_DI_SERVICES"); v != "" {
		fmt.Sscan(v, &n)
	}
	deps := []string{"93", "75", "52", "15"}
	path := filepath.Join(b.TempDir(), "di.jsonl")
	writeSyntheticDI(b, path, n, deps)
	for b.Loop() {
		b.StopTimer()
		s := baseStore(b, clocktest.New(time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)).Clock(), deps...)
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		im := &Importer{Store: s, Geo: testGeo(b)}
		if err := im.Read(context.Background(), ReadDataInclusion, f, Options{}, "di.jsonl"); err != nil {
			b.Fatal(err)
		}
		rep, err := im.Finish(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		f.Close()
		if rep.New != n+n/10 || rep.Invalid != 0 {
			b.Fatalf("%s", rep)
		}
		b.StartTimer()
	}
	// The machine is shared: the process's CPU time says what the import costs when wall time
	// includes waiting for other processes.
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err == nil {
		b.ReportMetric(float64(ru.Maxrss)/1024, "maxrss-MiB")
		b.ReportMetric(time.Duration(ru.Utime.Nano()+ru.Stime.Nano()).Seconds(), "process-cpu-s")
	}
}

// writeSyntheticDI writes structures then services, deterministic, in the v1 field names.
func writeSyntheticDI(b *testing.B, path string, n int, deps []string) {
	g := testGeo(b)
	var communes []string
	for _, c := range g.Communes {
		for _, d := range deps {
			if c.Departement == d && c.Type != "arrondissement" {
				communes = append(communes, c.Code)
			}
		}
	}
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	enc := json.NewEncoder(w)
	them := vocab.Thematiques
	pubs := vocab.Publics
	for i := 0; i < n/10; i++ {
		c := communes[i%len(communes)]
		enc.Encode(map[string]any{"source": "synthetique", "id": fmt.Sprintf("synthetique--s%d", i), "nom": fmt.Sprintf("Structure synthétique %d", i),
			"date_maj": "2025-06-01", "code_insee": c, "adresse": fmt.Sprintf("%d rue de l'Exemple", i%200+1), "telephone": "01 23 45 67 89"})
	}
	for i := 0; i < n; i++ {
		c := communes[(i*7)%len(communes)]
		enc.Encode(map[string]any{"source": "synthetique", "id": fmt.Sprintf("synthetique--%d", i), "structure_id": fmt.Sprintf("synthetique--s%d", i/10),
			"nom": fmt.Sprintf("Service synthétique %d", i), "description": "Service généré pour les mesures de performance.", "date_maj": "2025-06-01",
			"thematiques": []string{them[i%len(them)].Slug, them[(i*3)%len(them)].Slug}, "publics": []string{pubs[i%len(pubs)].Slug},
			"frais": "gratuit", "telephone": "01 23 45 67 89", "courriel": "contact@example.org", "code_insee": c,
			"adresse": fmt.Sprintf("%d avenue de l'Essai", i%300+1), "horaires_accueil": "Mo-Fr 09:00-12:00,14:00-17:00",
			"modes_accueil": []string{"en-presentiel"}, "zone_eligibilite": []string{c}})
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	f.Close()
}
