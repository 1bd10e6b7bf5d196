package embedded_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/graph/embedded"
)

// crashWriterEnv makes the test binary act as the writer process of TestKillNineKeepsAcknowledgedWrites.
const crashWriterEnv = "MAILLAGE_CRASH_WRITER_DB"

func TestMain(m *testing.M) {
	if path := os.Getenv(crashWriterEnv); path != "" {
		crashWriter(path)
		return
	}
	os.Exit(m.Run())
}

// crashWriter creates nodes forever, printing each id once Create has returned (acknowledged).
func crashWriter(path string) {
	s, err := embedded.Open(path, embedded.Options{})
	if err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	for i := 0; ; i++ {
		id := fmt.Sprintf("org-crash-%06d", i)
		if _, err := s.Create(context.Background(), &graph.Organisation{Meta: graph.Meta{ID: id}, Name: id}); err != nil {
			fmt.Println("error", err)
			os.Exit(1)
		}
		fmt.Println("ack", id)
	}
}

// TestKillNineKeepsAcknowledgedWrites kills a writer process with SIGKILL in the middle of its
// writes, then checks that every write it had acknowledged is in the reopened store.
func TestKillNineKeepsAcknowledgedWrites(t *testing.T) {
	path := filepath.Join(t.TempDir(), "maillage.db")
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), crashWriterEnv+"="+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var acked []string
	sc := bufio.NewScanner(out)
	deadline := time.Now().Add(30 * time.Second)
	for sc.Scan() && len(acked) < 200 && time.Now().Before(deadline) {
		line := sc.Text()
		if id, ok := strings.CutPrefix(line, "ack "); ok {
			acked = append(acked, id)
		} else {
			t.Fatalf("writer: %s", line)
		}
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	// acknowledgements already printed but not yet read count too
	for sc.Scan() {
		if id, ok := strings.CutPrefix(sc.Text(), "ack "); ok {
			acked = append(acked, id)
		}
	}
	_ = cmd.Wait()
	if len(acked) < 10 {
		t.Fatalf("only %d writes acknowledged before the kill", len(acked))
	}

	s, err := embedded.Open(path, embedded.Options{})
	if err != nil {
		t.Fatalf("reopen after kill -9: %v", err)
	}
	defer s.Close()
	nodes, err := s.GetMany(context.Background(), acked)
	if err != nil {
		t.Fatal(err)
	}
	for i, n := range nodes {
		if n == nil {
			t.Fatalf("acknowledged write %s lost after kill -9", acked[i])
		}
	}
	changes, _ := s.Changes(context.Background(), 0, 0)
	if len(changes) < len(acked) {
		t.Fatalf("%d changes for %d acknowledged writes", len(changes), len(acked))
	}
	t.Logf("%d acknowledged writes, all present after kill -9", len(acked))
}

func TestSecondProcessGetsAClearError(t *testing.T) {
	path := filepath.Join(t.TempDir(), "maillage.db")
	s, err := embedded.Open(path, embedded.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	// bbolt's lock is per open file description: a second Open in the same process contends too.
	_, err = embedded.Open(path, embedded.Options{Timeout: 100 * time.Millisecond})
	if err == nil || !strings.Contains(err.Error(), "déjà ouverte") {
		t.Fatalf("second open: %v", err)
	}
}
