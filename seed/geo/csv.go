package geo

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"

	"github.com/maillage/maillage/seed/data"
)

// readCSV calls fn once per data row of the embedded geo file name, with the values of the
// requested columns in the order asked. A missing column is an error, so a changed source file
// fails loudly instead of seeding empty fields. The slice passed to fn is reused between rows;
// the strings in it are not.
func readCSV(name string, cols []string, fn func(v []string) error) error {
	f, err := data.Geo.Open("geo/" + name)
	if err != nil {
		return err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.ReuseRecord = true
	header, err := r.Read()
	if err != nil {
		return fmt.Errorf("%s : %w", name, err)
	}
	pos := make([]int, len(cols))
	for i, c := range cols {
		pos[i] = -1
		for j, h := range header {
			if h == c {
				pos[i] = j
			}
		}
		if pos[i] < 0 {
			return fmt.Errorf("%s : colonne « %s » absente", name, c)
		}
	}
	v := make([]string, len(cols))
	for line := 2; ; line++ {
		rec, err := r.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s ligne %d : %w", name, line, err)
		}
		for i, p := range pos {
			v[i] = rec[p]
		}
		if err := fn(v); err != nil {
			return fmt.Errorf("%s ligne %d : %w", name, line, err)
		}
	}
}

// split splits a "|"-joined list of the source files; empty gives nil.
func split(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "|")
}
