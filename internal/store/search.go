package store

import (
	"container/heap"
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/newshound/newshound/internal/export"
)

// Snippet markers: Hit.Snippet wraps each matched word in SnippetStart and
// SnippetEnd and marks cut text with SnippetEllipsis.
const (
	SnippetStart    = "\x02"
	SnippetEnd      = "\x03"
	SnippetEllipsis = "…"
)

// BM25 parameters of the ranking (see Reader.Search).
const (
	bm25K1      = 1.2
	bm25B       = 0.75
	titleWeight = 2.0 // a word in the title counts twice one in the text
	textWeight  = 1.0
	snippetLen  = 24 // tokens
)

// SearchOptions configure Reader.Search.
type SearchOptions struct {
	// Query is the SQLite FTS4 query over title and text: words (all
	// required), "a phrase", prefix*, OR, NOT / -word, NEAR, title:word.
	// Required.
	Query string
	// Filter narrows the articles searched; its Query must be empty.
	Filter Filter
	// Limit is the most hits returned; 0 means 20.
	Limit int
}

// Hit is one search result.
type Hit struct {
	// Rank is the hit's place, from 1.
	Rank int
	// Score is its BM25 score: higher is better.
	Score float64
	// Snippet is a short extract of the text around the matched words,
	// which are wrapped in SnippetStart and SnippetEnd; the title when only
	// the title matched.
	Snippet string
	// Record is the article (all fields).
	Record export.Record
}

// SearchResult is what Reader.Search found.
type SearchResult struct {
	// Matches is how many articles matched (within Filter), of which Hits
	// are the best Limit.
	Matches int
	Hits    []Hit
}

// Search runs a full-text query over title and text and returns the best
// hits, best first, with snippets. Articles not yet in the full-text
// index are not searched: call SyncFTS first.
//
// Ranking: FTS4 has no ranking function, so Search computes Okapi BM25
// (k1 = 1.2, b = 0.75) from matchinfo(articles_fts, 'pcnalx'): for each
// phrase of the query and each column, the phrase's frequency in the
// article (x), the number of articles containing it (x) and the column's
// length in the article (l) against its average (a) over all N articles
// (n); idf = ln(1 + (N - df + 0.5) / (df + 0.5)). A title match weighs
// twice a text match. Ties go to the lower id (the earlier stored).
// Only the matches' matchinfo blobs are read to rank (not their text), a
// heap keeps the best Limit, and only those are then read in full, with
// snippet().
//
// A query FTS4 cannot parse returns an error wrapping ErrBadQuery.
func (r *Reader) Search(ctx context.Context, opts SearchOptions) (*SearchResult, error) {
	opts, err := opts.Normalize()
	if err != nil {
		return nil, err
	}
	q, limit := opts.Query, opts.Limit
	where, args := opts.Filter.Where()
	tx, err := r.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("store: search %s: %w", r.path, err)
	}
	defer tx.Rollback()

	// Pass 1: rank every match by its matchinfo, keep the best in a heap.
	rows, err := tx.QueryContext(ctx, `SELECT a.id, matchinfo(articles_fts, 'pcnalx')
		FROM articles_fts JOIN articles a ON a.id = articles_fts.docid
		WHERE articles_fts MATCH ? AND `+where, append([]any{q}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("store: search %q: %w", q, queryErr(q, err))
	}
	best := &hitHeap{}
	res := &SearchResult{}
	for rows.Next() {
		var (
			id   int64
			info []byte
		)
		if err := rows.Scan(&id, &info); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: search %q: %w", q, err)
		}
		res.Matches++
		s := bm25(info)
		if best.Len() < limit {
			heap.Push(best, scored{id, s})
		} else if (*best)[0].less(scored{id, s}) {
			(*best)[0] = scored{id, s}
			heap.Fix(best, 0)
		}
	}
	if err := rows.Err(); err != nil {
		rows.Close()
		return nil, fmt.Errorf("store: search %q: %w", q, queryErr(q, err))
	}
	rows.Close()
	if best.Len() == 0 {
		res.Hits = []Hit{}
		return res, nil
	}

	// Pass 2: read the best articles, with their snippets.
	res.Hits = make([]Hit, best.Len())
	at := make(map[int64]int, best.Len())
	for i := best.Len() - 1; i >= 0; i-- {
		s := heap.Pop(best).(scored)
		res.Hits[i] = Hit{Rank: i + 1, Score: s.score}
		at[s.id] = i
	}
	ids := make([]any, 0, len(at))
	for id := range at {
		ids = append(ids, id)
	}
	rows, err = tx.QueryContext(ctx, `SELECT `+SelectList(nil)+`,
		snippet(articles_fts, '`+SnippetStart+`', '`+SnippetEnd+`', '`+SnippetEllipsis+`', 1, `+fmt.Sprint(snippetLen)+`),
		snippet(articles_fts, '`+SnippetStart+`', '`+SnippetEnd+`', '`+SnippetEllipsis+`', -1, `+fmt.Sprint(snippetLen)+`)
		FROM articles_fts JOIN articles a ON a.id = articles_fts.docid
		WHERE articles_fts MATCH ? AND articles_fts.docid IN (?`+strings.Repeat(", ?", len(ids)-1)+`)`,
		append([]any{q}, ids...)...)
	if err != nil {
		return nil, fmt.Errorf("store: search %q: read hits: %w", q, queryErr(q, err))
	}
	defer rows.Close()
	for rows.Next() {
		var (
			rec        export.Record
			text, best string
		)
		if err := ScanRecord(snippetScanner{rows, []any{&text, &best}}, &rec); err != nil {
			return nil, fmt.Errorf("store: search %q: %w", q, err)
		}
		h := &res.Hits[at[rec.ID]]
		h.Record, h.Snippet = rec, text
		if !strings.Contains(text, SnippetStart) { // only the title matched
			h.Snippet = best
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: search %q: read hits: %w", q, err)
	}
	return res, nil
}

// snippetScanner scans a row of articleColumns followed by more columns.
type snippetScanner struct {
	rows *sql.Rows
	more []any
}

// Scan implements RowScanner.
func (s snippetScanner) Scan(dest ...any) error {
	return s.rows.Scan(append(dest, s.more...)...)
}

// bm25 scores one match from its matchinfo 'pcnalx' blob (native-endian
// uint32s: phrases p, columns c, articles n, average column lengths a[c],
// this article's column lengths l[c], then per phrase and column: hits
// here, hits in all articles, articles with hits).
func bm25(info []byte) float64 {
	v := make([]uint32, len(info)/4)
	for i := range v {
		v[i] = binary.NativeEndian.Uint32(info[4*i:])
	}
	if len(v) < 3 {
		return 0
	}
	p, c, n := int(v[0]), int(v[1]), float64(v[2])
	if len(v) < 3+2*c+3*p*c {
		return 0
	}
	avg, length, x := v[3:3+c], v[3+c:3+2*c], v[3+2*c:]
	var score float64
	for i := range p {
		for j := range c {
			tf := float64(x[3*(i*c+j)])
			df := float64(x[3*(i*c+j)+2])
			if tf == 0 {
				continue
			}
			w := textWeight
			if j == 0 {
				w = titleWeight
			}
			idf := math.Log(1 + (n-df+0.5)/(df+0.5))
			norm := 1.0
			if avg[j] > 0 {
				norm = 1 - bm25B + bm25B*float64(length[j])/float64(avg[j])
			}
			score += w * idf * tf * (bm25K1 + 1) / (tf + bm25K1*norm)
		}
	}
	return score
}

// scored is a match's id and score.
type scored struct {
	id    int64
	score float64
}

// less reports whether s ranks below t: a lower score, or the same score
// and a higher id.
func (s scored) less(t scored) bool {
	if s.score != t.score {
		return s.score < t.score
	}
	return s.id > t.id
}

// hitHeap is a min-heap of the best matches so far: its root is the worst
// of them, the one a better match replaces.
type hitHeap []scored

func (h hitHeap) Len() int           { return len(h) }
func (h hitHeap) Less(i, j int) bool { return h[i].less(h[j]) }
func (h hitHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }

// Push implements heap.Interface.
func (h *hitHeap) Push(x any) { *h = append(*h, x.(scored)) }

// Pop implements heap.Interface.
func (h *hitHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// CheckQuery reports whether SQLite FTS4 accepts q, without reading any
// article: an error wrapping ErrBadQuery when it does not.
func (r *Reader) CheckQuery(ctx context.Context, q string) error {
	if strings.TrimSpace(q) == "" {
		return fmt.Errorf("%w: empty query", ErrBadQuery)
	}
	rows, err := r.db.QueryContext(ctx, `SELECT docid FROM articles_fts WHERE articles_fts MATCH ? LIMIT 1`, q)
	if err == nil {
		for rows.Next() {
		}
		err = rows.Err()
		rows.Close()
	}
	if err = queryErr(q, err); err != nil && !errors.Is(err, ErrBadQuery) {
		return fmt.Errorf("store: query %q: %w", q, err)
	}
	return err
}
