package cli

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"
)

// ExitError asks main to exit with Code, printing Err when it is not nil.
type ExitError struct {
	Code int
	Err  error
}

func (e ExitError) Error() string {
	if e.Err == nil {
		return fmt.Sprintf("exit status %d", e.Code)
	}
	return e.Err.Error()
}

// readPage reads a saved page from path ("-" is stdin), decompressing it
// when it is gzip-compressed, and refusing more than max bytes (before and
// after decompression).
func readPage(path string, stdin io.Reader, max int64) ([]byte, error) {
	var r io.Reader
	if path == "-" {
		r = stdin
	} else {
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
	}
	b, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if int64(len(b)) > max {
		return nil, fmt.Errorf("read %s: over %d bytes", path, max)
	}
	return gunzipIfNeeded(b, max)
}

// gunzipIfNeeded decompresses b when it starts with the gzip magic number,
// refusing output over max bytes (a gzip bomb fails, it is not truncated).
func gunzipIfNeeded(b []byte, max int64) ([]byte, error) {
	if !bytes.HasPrefix(b, []byte{0x1f, 0x8b}) {
		return b, nil
	}
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("gunzip: %w", err)
	}
	out, err := io.ReadAll(io.LimitReader(zr, max+1))
	if err != nil {
		return nil, fmt.Errorf("gunzip: %w", err)
	}
	if int64(len(out)) > max {
		return nil, fmt.Errorf("gunzip: decompressed page over %d bytes", max)
	}
	return out, nil
}
