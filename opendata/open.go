package opendata

import (
	"bufio"
	"compress/gzip"
	"io"
)

// Decompress returns r unwrapped from gzip when it starts with the gzip magic bytes, so that
// every reader takes compressed or plain files alike.
func Decompress(r io.Reader) (io.Reader, error) {
	br := bufio.NewReaderSize(r, 1<<20)
	magic, _ := br.Peek(2)
	if len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		return gzip.NewReader(br)
	}
	return br, nil
}
