package neo4j_test

import (
	"context"
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/maillage/maillage/graph"
	neo4jstore "github.com/maillage/maillage/graph/neo4j"
	"github.com/maillage/maillage/graph/neo4j/neo4jtest"
)

// replicas opens a store on the test server (emptied) and a second one on the same database,
// as two `maillage serve` replicas are.
func replicas(t testing.TB) (writer, reader *neo4jstore.Store) {
	writer = neo4jtest.Open(t)
	reader, err := neo4jstore.Open(context.Background(), neo4jstore.Config{URI: neo4jtest.URI(t), User: os.Getenv("TEST_NEO4J_USER"), Password: os.Getenv("TEST_NEO4J_PASS")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { reader.Close() })
	return writer, reader
}

// follower reads the change feed of a store as the search index's follower does: WaitChange,
// then Changes in pages. It records the sequence numbers it reads.
type follower struct {
	seen atomic.Uint64
	seqs []uint64
	err  error
	done chan struct{}
}

func follow(ctx context.Context, s graph.Store) *follower {
	f := &follower{done: make(chan struct{})}
	go func() {
		defer close(f.done)
		for {
			after := f.seen.Load()
			if err := s.WaitChange(ctx, after); err != nil {
				if ctx.Err() == nil {
					f.err = err
				}
				return
			}
			cs, err := s.Changes(ctx, after, 1000)
			if err != nil {
				f.err = err
				return
			}
			for _, c := range cs {
				f.seqs = append(f.seqs, c.Seq)
			}
			if len(cs) > 0 {
				f.seen.Store(cs[len(cs)-1].Seq)
			}
		}
	}()
	return f
}

// writeMany creates n dispositifs through s with 8 concurrent writers.
func writeMany(t testing.TB, s graph.Store, n int) {
	var wg sync.WaitGroup
	var failed atomic.Value
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += 8 {
				if _, err := s.Create(context.Background(), &graph.Dispositif{Meta: graph.Meta{ID: fmt.Sprintf("dsp-r%05d", i)}, Name: fmt.Sprintf("Accueil %d", i), Status: "active"}); err != nil {
					failed.Store(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if err, _ := failed.Load().(error); err != nil {
		t.Fatal(err)
	}
}

// catchUp waits until f has read up to seq and returns how long that took.
func catchUp(t testing.TB, f *follower, seq uint64) time.Duration {
	began := time.Now()
	// A liveness bound, not a performance assertion: the delay is measured by the benchmark.
	for f.seen.Load() < seq {
		if time.Since(began) > time.Minute {
			t.Fatalf("the other replica read up to change %d of %d in a minute (%v)", f.seen.Load(), seq, f.err)
		}
		time.Sleep(time.Millisecond)
	}
	return time.Since(began)
}

// TestReplicaFollowsAnotherReplicasWrites: a replica that writes nothing reads, in order and
// once each, every change another replica's writes record (its WaitChange has no local write to
// wake it, so it relies on the poll).
func TestReplicaFollowsAnotherReplicasWrites(t *testing.T) {
	writer, reader := replicas(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	f := follow(ctx, reader)
	const writes = 500
	writeMany(t, writer, writes)
	last, err := writer.LastSeq(ctx)
	if err != nil {
		t.Fatal(err)
	}
	lag := catchUp(t, f, last)
	cancel()
	<-f.done
	if f.err != nil {
		t.Fatal(f.err)
	}
	if len(f.seqs) != int(last) || last != writes {
		t.Fatalf("read %d changes up to %d, want %d", len(f.seqs), last, writes)
	}
	for i, s := range f.seqs {
		if s != uint64(i+1) {
			t.Fatalf("change %d read as %d: not in order or twice", i+1, s)
		}
	}
	t.Logf("%d writes on one replica, read by the other %s after the last", writes, lag)
}

// BenchmarkReplicaCatchUp measures, for 10,000 writes through one replica, how long after the
// last write another replica that follows the feed has read them all (lag-ms), and how long a
// replica that starts after them takes to read them all (catchup-ms).
func BenchmarkReplicaCatchUp(b *testing.B) {
	for range b.N {
		writer, reader := replicas(b)
		ctx, cancel := context.WithCancel(context.Background())
		f := follow(ctx, reader)
		const writes = 10_000
		began := time.Now()
		writeMany(b, writer, writes)
		wrote := time.Since(began)
		lag := catchUp(b, f, writes)
		cancel()
		<-f.done
		ctx, cancel = context.WithCancel(context.Background())
		cold := follow(ctx, reader)
		catch := catchUp(b, cold, writes)
		cancel()
		<-cold.done
		b.ReportMetric(float64(wrote.Milliseconds()), "write-ms")
		b.ReportMetric(float64(lag.Milliseconds()), "lag-ms")
		b.ReportMetric(float64(catch.Milliseconds()), "catchup-ms")
	}
}
