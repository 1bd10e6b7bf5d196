package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
)

// TestProfiles: --cpu-profile and --heap-profile leave readable pprof files after a command.
func TestProfiles(t *testing.T) {
	dir := t.TempDir()
	cpu, heap := filepath.Join(dir, "cpu.pprof"), filepath.Join(dir, "heap.pprof")
	root := newRootCommand(&globalFlags{})
	var out bytes.Buffer
	root.SetOut(&out)
	root.SetArgs([]string{"version", "--cpu-profile", cpu, "--heap-profile", heap})
	if err := root.ExecuteContext(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{cpu, heap} {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		// pprof files are gzip-compressed protocol buffers
		if len(b) < 2 || b[0] != 0x1f || b[1] != 0x8b {
			t.Errorf("%s: not a gzip-compressed profile (%d bytes)", f, len(b))
		}
	}
}
