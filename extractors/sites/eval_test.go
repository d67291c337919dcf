package sites

import (
	"bufio"
	"encoding/json"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"testing"
)

// TestNoRuleTargetsEvalData checks that no rule file in the repository (the
// built-in rules and any *.yaml rule file elsewhere) applies to a page of
// the evaluation corpora kept beside the project (../shared/eval/data):
// rules tuned to those pages would only inflate the scores. Skipped when
// the corpora are not there.
func TestNoRuleTargetsEvalData(t *testing.T) {
	data := filepath.Join("..", "..", "..", "shared", "eval", "data")
	truths, _ := filepath.Glob(filepath.Join(data, "*", "truth.jsonl"))
	if len(truths) == 0 {
		t.Skipf("no evaluation corpora at %s", data)
	}
	rules, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	// Rule files anywhere else in the repository (examples, testdata).
	root := filepath.Join("..", "..")
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !isRuleFile(p) {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if rs, err := Parse(p, b); err == nil { // not every YAML file is a rule file
			rules = append(rules, rs...)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	pages := 0
	for _, truth := range truths {
		f, err := os.Open(truth)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 64<<20)
		for sc.Scan() {
			var rec struct {
				URL string `json:"url"`
			}
			if json.Unmarshal(sc.Bytes(), &rec) != nil || rec.URL == "" {
				continue
			}
			u, err := url.Parse(rec.URL)
			if err != nil {
				continue
			}
			pages++
			for _, r := range rules {
				if _, ok := r.Match(u); ok {
					t.Errorf("rule %s applies to evaluation page %s", r, rec.URL)
				}
			}
		}
		f.Close()
	}
	t.Logf("%d rules checked against %d evaluation pages", len(rules), pages)
}
