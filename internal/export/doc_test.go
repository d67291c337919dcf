package export

import (
	"os"
	"strings"
	"testing"
)

// Markers around the generated schema table in the README.
const (
	readme     = "../../README.md"
	tableStart = "<!-- schema table: generated from Schema() by `go test ./internal/export -run SchemaDoc -update` -->\n"
	tableEnd   = "<!-- end of schema table -->\n"
)

// schemaTable renders Schema() as the Markdown table of the README.
func schemaTable() string {
	var b strings.Builder
	b.WriteString("| field | JSON | CSV | Parquet | meaning | example |\n|---|---|---|---|---|---|\n")
	for _, f := range Schema() {
		ex := ""
		if f.Example != "" {
			ex = "`" + f.Example + "`"
		}
		b.WriteString("| `" + f.Name + "` | " + f.JSON + " | " + f.CSV + " | " +
			strings.ReplaceAll(f.Parquet, "<", "&lt;") + " | " + f.Meaning + " | " + ex + " |\n")
	}
	return strings.ReplaceAll(b.String(), `" | "`, `" \| "`)
}

// TestSchemaDoc keeps the table in the README equal to Schema().
func TestSchemaDoc(t *testing.T) {
	doc, err := os.ReadFile(readme)
	if err != nil {
		t.Fatal(err)
	}
	s := string(doc)
	i, j := strings.Index(s, tableStart), strings.Index(s, tableEnd)
	if i < 0 || j < i {
		t.Fatalf("the README lacks the table markers %q and %q", tableStart, tableEnd)
	}
	got := s[i+len(tableStart) : j]
	if want := schemaTable(); got != want {
		if *update {
			s = s[:i+len(tableStart)] + want + s[j:]
			if err := os.WriteFile(readme, []byte(s), 0o644); err != nil {
				t.Fatal(err)
			}
			return
		}
		t.Errorf("the README's table is out of date (run with -update):\n%s", want)
	}
}
