package main

import (
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
)

// profiles are the --cpu-profile and --heap-profile files of a command: for measuring where a
// command's time and memory go (docs/benchmarks.md), read with `go tool pprof`.
type profiles struct {
	cpu, heap string
	cpuFile   *os.File
}

// start begins the CPU profile, when asked.
func (p *profiles) start() error {
	if p.cpu == "" {
		return nil
	}
	f, err := os.Create(p.cpu)
	if err != nil {
		return fmt.Errorf("profil CPU : %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return fmt.Errorf("profil CPU : %w", err)
	}
	p.cpuFile = f
	return nil
}

// stop ends the CPU profile and writes the heap profile (the allocations of the whole command,
// and what is still in use at its end), when asked.
func (p *profiles) stop() error {
	if p.cpuFile != nil {
		pprof.StopCPUProfile()
		if err := p.cpuFile.Close(); err != nil {
			return fmt.Errorf("profil CPU : %w", err)
		}
		p.cpuFile = nil
	}
	if p.heap == "" {
		return nil
	}
	f, err := os.Create(p.heap)
	if err != nil {
		return fmt.Errorf("profil mémoire : %w", err)
	}
	defer f.Close()
	runtime.GC()
	if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
		return fmt.Errorf("profil mémoire : %w", err)
	}
	return f.Close()
}
