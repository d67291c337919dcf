package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/newshound/newshound/internal/store"
)

// searchFlags are the flags of `newshound search`.
type searchFlags struct {
	filterFlags
	limit  int
	format string
}

func newSearchCmd(env Env) *cobra.Command {
	var f searchFlags
	cmd := &cobra.Command{
		Use:   "search QUERY... [--db FILE | --store postgres://...] [filters] [--limit N] [--format text|json]",
		Short: "Full-text search over the titles and texts of the stored articles",
		Long: `Search the titles and texts of the stored articles (SQLite FTS4), best first,
with a snippet of each. Several arguments are joined with spaces. The query
syntax is FTS4's:

  storm coast            both words (AND is implied)
  "storm surge"          a phrase
  harbo*                 a prefix
  storm OR flood         either
  storm NOT flood        storm without flood
  storm NEAR/5 coast     within 5 words
  title:storm            in the title only (text:storm: in the text only)

Words match case-insensitively, accents folded (unicode61). Ranking is
BM25 (k1 1.2, b 0.75) computed from FTS4's matchinfo, a title match counting
twice a text match. The same filters as export apply; duplicates are left
out unless --include-duplicates.

  newshound search storm coast
  newshound search '"general election"' --site example.org --since 2024-01 --limit 50
  newshound search 'harbo*' --format json | jq '.hits[].url'

The database is opened read-only; the one write search makes is adding the
articles stored since the last indexing to the full-text index (a crawl
does it every 2,000 articles), so that every article is found.

On a PostgreSQL corpus (--store postgres://..., or $NEWSHOUND_STORE unless
--db is given) the same syntax is translated to a tsquery and matched
against the articles' tsvector column (GIN index, 'simple' configuration;
every article is indexed as it is stored, nothing is written). Words,
"phrases", prefix*, OR, NOT / -word, AND and parentheses mean the same;
NEAR and title:/text: are refused there. The same articles match, but:
  - ranking is PostgreSQL's ts_rank_cd (cover density) over title and text
    together, not BM25 with a title counting twice, so scores differ and
    hits of similar relevance may come in another order;
  - words are split by PostgreSQL's parser and are not accent-folded
    ("cafe" does not find "café"); snippets come from ts_headline.
(-word is NOT only on PostgreSQL: SQLite's FTS4 here reads "-flood" as
"flood".)

  newshound search --store postgres://news@db.example/news storm coast`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			f.bindChanged(cmd.Flags())
			return runSearch(cmd.Context(), env, &f, strings.Join(args, " "))
		},
	}
	fl := cmd.Flags()
	f.register(fl, false)
	fl.IntVar(&f.limit, "limit", 20, "most results shown")
	fl.StringVar(&f.format, "format", "text", "output format: text or json")
	return cmd
}

// searchHitJSON is one hit in the JSON output.
type searchHitJSON struct {
	Rank        int        `json:"rank"`
	Score       float64    `json:"score"`
	ID          int64      `json:"id"`
	URL         string     `json:"url"`
	Title       string     `json:"title"`
	Site        string     `json:"site"`
	SiteName    string     `json:"site_name"`
	Published   *time.Time `json:"published"`
	Language    string     `json:"language"`
	WordCount   int        `json:"word_count"`
	DuplicateOf *int64     `json:"duplicate_of"`
	Snippet     string     `json:"snippet"`
}

// searchJSON is the JSON output.
type searchJSON struct {
	Query   string          `json:"query"`
	Matches int             `json:"matches"`
	Hits    []searchHitJSON `json:"hits"`
}

func runSearch(ctx context.Context, env Env, f *searchFlags, query string) error {
	if f.format != "text" && f.format != "json" {
		return fmt.Errorf("search: unknown --format %q (text or json)", f.format)
	}
	if f.limit <= 0 {
		return fmt.Errorf("search: invalid --limit %d: want 1 or more", f.limit)
	}
	if strings.TrimSpace(query) == "" {
		return fmt.Errorf("search: empty query")
	}
	flt, err := f.filter()
	if err != nil {
		return fmt.Errorf("search: %w", err)
	}
	r, _, err := f.open(ctx, env, "search")
	if err != nil {
		return err
	}
	defer r.Close()
	if err := r.CheckQuery(ctx, query); err != nil {
		return fmt.Errorf("search: %w", err)
	}
	if err := syncFTS(ctx, env, "search", r); err != nil {
		return err
	}
	res, err := r.Search(ctx, store.SearchOptions{Query: query, Filter: flt, Limit: f.limit})
	if err != nil {
		return fmt.Errorf("search: %w", err)
	}
	if f.format == "json" {
		out := searchJSON{Query: query, Matches: res.Matches, Hits: make([]searchHitJSON, len(res.Hits))}
		for i, h := range res.Hits {
			rec := &h.Record
			out.Hits[i] = searchHitJSON{Rank: h.Rank, Score: round3(h.Score), ID: rec.ID, URL: rec.URL,
				Title: rec.Title, Site: rec.Site, SiteName: rec.SiteName, Published: rec.Published,
				Language: rec.Language, WordCount: rec.WordCount, DuplicateOf: rec.DuplicateOf,
				Snippet: markSnippet(h.Snippet, "**", "**")}
		}
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(out)
	}
	return writeHits(env.Stdout, res, env.terminal(env.Stdout))
}

// writeHits prints hits as text; on a terminal matched words are bold,
// elsewhere wrapped in **.
func writeHits(w io.Writer, res *store.SearchResult, terminal bool) error {
	start, end := "**", "**"
	if terminal {
		start, end = "\x1b[1m", "\x1b[0m"
	}
	sw := &stickyWriter{w: w}
	for _, h := range res.Hits {
		rec := &h.Record
		title := rec.Title
		if title == "" {
			title = "(no title)"
		}
		sw.printf("%d. %s\n", h.Rank, title)
		meta := []string{rec.Site}
		if rec.Published != nil {
			meta = append(meta, rec.Published.Format(time.DateOnly))
		}
		if rec.Language != "" {
			meta = append(meta, rec.Language)
		}
		meta = append(meta, fmt.Sprintf("score %.2f", h.Score))
		if rec.DuplicateOf != nil {
			meta = append(meta, fmt.Sprintf("duplicate of %d", *rec.DuplicateOf))
		}
		sw.printf("   %s\n   %s\n", strings.Join(meta, " · "), rec.URL)
		if s := oneLine(markSnippet(h.Snippet, start, end)); s != "" {
			sw.printf("   %s\n", s)
		}
		sw.printf("\n")
	}
	shown := len(res.Hits)
	sw.printf("%d match(es)", res.Matches)
	if shown < res.Matches {
		sw.printf(", best %d shown (--limit)", shown)
	}
	sw.printf("\n")
	return sw.err
}

// markSnippet replaces the store's snippet markers.
func markSnippet(s, start, end string) string {
	return strings.NewReplacer(store.SnippetStart, start, store.SnippetEnd, end).Replace(s)
}

// oneLine folds a snippet's line breaks and runs of spaces into single
// spaces.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// round3 rounds a score to 3 decimals for stable JSON.
func round3(f float64) float64 { return float64(int64(f*1000+0.5)) / 1000 }
