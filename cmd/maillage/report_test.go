package main_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/maillage/maillage/graph/teststore"
)

// TestReportCommand seeds the real data and exports the three reports of the Haute-Marne,
// the Seine-Saint-Denis and Paris as a SIAO would, with `maillage report`.
func TestReportCommand(t *testing.T) {
	data := t.TempDir()
	flags := append([]string{"--data", data, "--log-level", "warn"}, teststore.ServeFlags(t)...)
	run := func(args ...string) (string, string, error) {
		t.Helper()
		cmd := exec.Command(binary, append(append([]string{}, flags...), args...)...)
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		err := cmd.Run()
		return out.String(), errb.String(), err
	}
	if _, stderr, err := run("seed", "--no-open-data"); err != nil {
		t.Fatalf("seed: %v\n%s", err, stderr)
	}

	file := filepath.Join(data, "couverture-52.csv")
	_, stderr, err := run("report", "coverage", "--territory", "52", "--by", "type", "--out", file)
	if err != nil {
		t.Fatalf("coverage: %v\n%s", err, stderr)
	}
	if !strings.Contains(stderr, "Couverture de « Haute-Marne » : 426 sous-territoires (commune), 52 colonnes, 3 dispositifs.") ||
		!strings.Contains(stderr, "Rapport écrit dans "+file) {
		t.Errorf("coverage summary:\n%s", stderr)
	}
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	csv := string(b)
	for _, want := range []string{
		"\uFEFFCode territoire;Territoire;Niveau;Population;Type de dispositif;Dispositifs;",
		"52121;Chaumont;commune;20827;Autre service de santé;1;0;0;;0;;;;0;;;non",
		"52448;Saint-Dizier;commune;22858;Autre service de santé;0;0;0;;0;;;;0;;;oui",
		"52;Haute-Marne;département;168331;Ensemble;3;",
	} {
		if !strings.Contains(csv, want) {
			t.Errorf("coverage CSV lacks %q", want)
		}
	}

	out, stderr, err := run("report", "gaps", "--territory", "dep-93", "--by", "public")
	if err != nil {
		t.Fatalf("gaps: %v\n%s", err, stderr)
	}
	if !strings.HasPrefix(out, "\uFEFFRang;Priorité;Lacune;") || !strings.Contains(out, "Aucun dispositif recensé pour le public « Mineurs non accompagnés » dans 38 communes sur 39") {
		t.Errorf("gaps CSV:\n%.2000s", out)
	}

	out, stderr, err = run("report", "diagnostics", "--territory", "75", "--now", "2026-12-01")
	if err != nil {
		t.Fatalf("diagnostics: %v\n%s", err, stderr)
	}
	for _, want := range []string{
		"Synthèse;;;;;;;;18 dispositifs examinés dans le territoire « Paris ».",
		"Impasse d'orientation à vérifier;dsp-nuitees-hotelieres-ase-paris;",
		"Sans opérateur;dsp-siao-paris;SIAO Paris;siao;active;",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("diagnostics CSV lacks %q", want)
		}
	}

	for args, want := range map[string]string{
		"report couverture --territory 52":        "rapport inconnu « couverture »",
		"report coverage":                         "--territory est obligatoire",
		"report coverage --territory 99":          "Territoire « 99 » introuvable",
		"report coverage --territory 52 --by age": "Dimension inconnue « age »",
	} {
		_, stderr, err := run(strings.Fields(args)...)
		if err == nil || !strings.Contains(stderr, want) {
			t.Errorf("%s: %v, stderr %q, want %q", args, err, stderr, want)
		}
	}
}
