package body

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/newshound/newshound/extractors/charset"
	"github.com/newshound/newshound/extractors/page"
)

// TestCorpus runs Extract over an evaluation manifest named by
// NH_BODY_MANIFEST and writes {"id","text","method"} lines to NH_BODY_OUT,
// for scoring the body pass alone with the shared eval scorer. It prints the
// body pass's own pages/s (parse excluded and included) and its slowest
// pages. NH_BODY_SKIP=1 leaves Extract out (to measure the harness's own
// cost: gunzip, charset, parse). Skipped unless the variable is set.
func TestCorpus(t *testing.T) {
	manifest := os.Getenv("NH_BODY_MANIFEST")
	if manifest == "" {
		t.Skip("NH_BODY_MANIFEST not set")
	}
	f, err := os.Open(manifest)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out, err := os.Create(os.Getenv("NH_BODY_OUT"))
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	enc := json.NewEncoder(out)
	type timing struct {
		id string
		d  time.Duration
	}
	var times []timing
	var total, totalParse time.Duration
	methods := map[string]int{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	for sc.Scan() {
		var rec struct{ ID, URL, HTML string }
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatal(err)
		}
		raw, err := readGz(filepath.Join(filepath.Dir(manifest), rec.HTML))
		if err != nil {
			t.Fatal(err)
		}
		utf8, _ := charset.Decode(raw, "")
		t0 := time.Now()
		root, err := html.Parse(bytes.NewReader(utf8))
		if err != nil {
			enc.Encode(map[string]string{"id": rec.ID, "error": err.Error()})
			continue
		}
		t1 := time.Now()
		p := page.New(root, rec.URL, time.Time{})
		t2 := time.Now()
		var res Result
		if os.Getenv("NH_BODY_SKIP") == "" {
			res, err = Extract(p)
		}
		t3 := time.Now()
		total += t3.Sub(t2)
		totalParse += t1.Sub(t0) + t3.Sub(t2)
		times = append(times, timing{rec.ID, t3.Sub(t2)})
		methods[res.Report.Method]++
		m := map[string]any{"id": rec.ID, "text": res.Text, "method": res.Report.Method, "container": res.Report.Container, "notes": res.Report.Notes, "removed": res.Report.Removed}
		if err != nil {
			m["error"] = err.Error()
		}
		enc.Encode(m)
	}
	sort.Slice(times, func(i, j int) bool { return times[i].d > times[j].d })
	n := float64(len(times))
	fmt.Printf("pages %d  body %.0f pages/s  parse+body %.0f pages/s  methods %v\n", len(times), n/total.Seconds(), n/totalParse.Seconds(), methods)
	for _, x := range times[:min(5, len(times))] {
		fmt.Printf("  slow %s %v\n", x.id, x.d)
	}
}

func readGz(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, err
	}
	return io.ReadAll(zr)
}
