package pgstore

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/newshound/newshound/internal/export"
	"github.com/newshound/newshound/internal/store"
)

// TSQuery translates a full-text query in newshound's search syntax (the
// SQLite store's FTS4 syntax) into PostgreSQL's to_tsquery syntax, so that
// one query means the same on both stores:
//
//	storm coast        'storm' & 'coast'
//	"storm surge"      'storm surge'   (a phrase: 'storm' <-> 'surge')
//	harbo*             'harbo':*
//	storm OR flood     'storm' | 'flood'
//	storm NOT flood    'storm' & !'flood'   (also storm -flood)
//	(a OR b) c         ( 'a' | 'b' ) & 'c'
//
// AND, OR and NOT are operators in capitals only, binding as in FTS4 (NOT
// tightest, then AND, then OR). NEAR and column filters (title:, text:)
// have no PostgreSQL equivalent here: they are refused, as are a
// dangling operator, unbalanced parentheses and an unterminated phrase,
// with an error wrapping store.ErrBadQuery.
func TSQuery(q string) (string, error) {
	bad := func(why string) (string, error) {
		return "", fmt.Errorf("%w %q: %s", store.ErrBadQuery, q, why)
	}
	var (
		out      []string
		operand  bool // the last item ends an operand: a new operand needs "&"
		pendingB bool // a binary operator (or NOT) waits for its right side
		depth    int
	)
	emit := func(term string) {
		if operand {
			out = append(out, "&")
		}
		out = append(out, term)
		operand, pendingB = true, false
	}
	s := strings.TrimSpace(q)
	for s != "" {
		switch c := s[0]; {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			s = s[1:]
		case c == '"':
			end := strings.IndexByte(s[1:], '"')
			if end < 0 {
				return bad("unterminated phrase")
			}
			phrase := s[1 : 1+end]
			s = s[2+end:]
			prefix := false
			if strings.HasPrefix(s, "*") {
				prefix, s = true, s[1:]
			}
			if strings.TrimSpace(phrase) == "" {
				continue
			}
			emit(lexeme(phrase, prefix))
		case c == '(':
			if operand {
				out = append(out, "&")
			}
			out = append(out, "(")
			operand, pendingB = false, true
			depth++
			s = s[1:]
		case c == ')':
			if depth == 0 {
				return bad("unbalanced parentheses")
			}
			if pendingB {
				return bad("an operator or ( without a right-hand side")
			}
			out = append(out, ")")
			depth--
			operand = true
			s = s[1:]
		default:
			end := strings.IndexAny(s, " \t\r\n\"()")
			if end < 0 {
				end = len(s)
			}
			word := s[:end]
			s = s[end:]
			switch {
			case word == "OR" || word == "AND":
				if !operand {
					return bad(word + " without a left-hand side")
				}
				if word == "OR" {
					out = append(out, "|")
				} else {
					out = append(out, "&")
				}
				operand, pendingB = false, true
			case word == "NOT":
				if !operand {
					return bad("NOT without a left-hand side")
				}
				out = append(out, "&", "!")
				operand, pendingB = false, true
			case word == "NEAR" || strings.HasPrefix(word, "NEAR/"):
				return bad("NEAR is not supported on PostgreSQL")
			case strings.HasPrefix(word, "-") && len(word) > 1:
				if !operand {
					return bad("-word without a preceding term")
				}
				out = append(out, "&", "!")
				operand = false
				w, prefix := strings.CutSuffix(word[1:], "*")
				emit(lexeme(w, prefix))
			default:
				if col, _, ok := strings.Cut(word, ":"); ok && (col == "title" || col == "text") {
					return bad("column filters (" + col + ":) are not supported on PostgreSQL")
				}
				w, prefix := strings.CutSuffix(word, "*")
				if w == "" {
					return bad("a lone *")
				}
				emit(lexeme(w, prefix))
			}
		}
	}
	switch {
	case depth != 0:
		return bad("unbalanced parentheses")
	case pendingB:
		return bad("an operator without a right-hand side")
	case len(out) == 0:
		return bad("no words")
	}
	return strings.Join(out, " "), nil
}

// lexeme quotes a word or phrase for to_tsquery (which splits a quoted
// phrase into words joined by <->), with :* for a prefix.
func lexeme(w string, prefix bool) string {
	w = strings.NewReplacer(`\`, `\\`, `'`, `''`).Replace(w)
	if prefix {
		return "'" + w + "':*"
	}
	return "'" + w + "'"
}

// checkQuery translates q and has PostgreSQL parse the result: an error
// wrapping store.ErrBadQuery when either refuses it.
func (r *Reader) checkQuery(ctx context.Context, q string) (string, error) {
	tsq, err := TSQuery(q)
	if err != nil {
		return "", err
	}
	var ok bool
	if err := r.pool.QueryRow(ctx, `SELECT to_tsquery('simple', $1) IS NOT NULL`, tsq).Scan(&ok); err != nil {
		if isSyntaxError(err) {
			return "", fmt.Errorf("%w %q: %v", store.ErrBadQuery, q, err)
		}
		return "", fmt.Errorf("pgstore: query %q on %s: %w", q, r.name, err)
	}
	return tsq, nil
}

// CheckQuery reports whether q is a valid full-text query (see TSQuery),
// reading no article: an error wrapping store.ErrBadQuery when not.
func (r *Reader) CheckQuery(ctx context.Context, q string) error {
	if strings.TrimSpace(q) == "" {
		return fmt.Errorf("%w: empty query", store.ErrBadQuery)
	}
	_, err := r.checkQuery(ctx, q)
	return err
}

// isSyntaxError reports a tsquery PostgreSQL could not parse.
func isSyntaxError(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "42601" // syntax_error
}

// headlineOptions are ts_headline's: matched words wrapped in the store's
// snippet markers, about as many words as the SQLite snippet (24 tokens).
const headlineOptions = `StartSel="` + store.SnippetStart + `", StopSel="` + store.SnippetEnd +
	`", MaxWords=24, MinWords=12, ShortWord=0, MaxFragments=1, FragmentDelimiter=" … "`

// Search runs a full-text query (newshound's search syntax, translated by
// TSQuery) over title and text with the tsvector column and its GIN index,
// and returns the best hits, best first, with snippets: the same
// store.SearchResult as the SQLite store's Search, over the same
// articles.
//
// Differences from SQLite, both from the databases' own full-text engines:
// the score is ts_rank_cd (cover density) over title and text together, not
// BM25 with a title weighted double, so scores are not comparable between
// the stores and the order of hits may differ; words are split by
// PostgreSQL's parser with the 'simple' configuration (lower-cased, not
// stemmed, accents kept: "café" does not match "cafe", which unicode61
// folds). Ties go to the lower id, as on SQLite. Snippets come from
// ts_headline.
func (r *Reader) Search(ctx context.Context, opts store.SearchOptions) (*store.SearchResult, error) {
	opts, err := opts.Normalize()
	if err != nil {
		return nil, err
	}
	q := opts.Query
	tsq, err := r.checkQuery(ctx, q)
	if err != nil {
		return nil, err
	}
	where, args := opts.Filter.Where()
	where = rebind(where, 3)
	res := &store.SearchResult{Hits: []store.Hit{}}
	err = r.readTx(ctx, func(tx pgx.Tx) error {
		// Pass 1: rank every match, keep the best Limit (PostgreSQL's top-N
		// sort), count them all.
		rows, err := tx.Query(ctx, `SELECT a.id, ts_rank_cd(a.tsv, q.q)::float8, count(*) OVER ()
			FROM articles a, to_tsquery('simple', $1) q(q)
			WHERE a.tsv @@ q.q AND `+where+`
			ORDER BY 2 DESC, a.id LIMIT $2`, append([]any{tsq, opts.Limit}, args...)...)
		if err != nil {
			return err
		}
		var ids []int64
		at := map[int64]int{}
		for rows.Next() {
			var (
				h  store.Hit
				id int64
			)
			if err := rows.Scan(&id, &h.Score, &res.Matches); err != nil {
				rows.Close()
				return err
			}
			h.Rank = len(res.Hits) + 1
			at[id] = len(res.Hits)
			res.Hits = append(res.Hits, h)
			ids = append(ids, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(ids) == 0 {
			return nil
		}
		// Pass 2: read the best articles, with their snippets.
		rows, err = tx.Query(ctx, `SELECT `+store.SelectList(nil)+`,
			ts_headline('simple', a.text, q.q, $2), ts_headline('simple', a.title, q.q, 'HighlightAll=true, StartSel="`+
			store.SnippetStart+`", StopSel="`+store.SnippetEnd+`"')
			FROM articles a, to_tsquery('simple', $1) q(q) WHERE a.id = ANY($3)`, tsq, headlineOptions, ids)
		if err != nil {
			return fmt.Errorf("read hits: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var (
				rec         export.Record
				text, title string
			)
			if err := store.ScanRecord(moreScanner{rows, []any{&text, &title}}, &rec); err != nil {
				return err
			}
			h := &res.Hits[at[rec.ID]]
			h.Record = rec
			h.Snippet = ellipsis(text, rec.Text)
			if !strings.Contains(text, store.SnippetStart) { // only the title matched
				h.Snippet = title
			}
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("pgstore: search %q on %s: %w", q, r.name, err)
	}
	return res, nil
}

// ellipsis marks where a headline cuts the text, as the SQLite snippet
// does: store.SnippetEllipsis before it unless it starts the text, after
// it unless it ends it.
func ellipsis(headline, text string) string {
	plain := strings.NewReplacer(store.SnippetStart, "", store.SnippetEnd, "").Replace(headline)
	plain = strings.TrimSpace(plain)
	if plain == "" {
		return headline
	}
	if !strings.HasPrefix(strings.TrimSpace(text), plain) {
		headline = store.SnippetEllipsis + headline
	}
	if !strings.HasSuffix(strings.TrimSpace(text), plain) {
		headline += store.SnippetEllipsis
	}
	return headline
}

// moreScanner scans a row of store.SelectList columns followed by more
// columns.
type moreScanner struct {
	rows pgx.Rows
	more []any
}

// Scan implements store.RowScanner.
func (s moreScanner) Scan(dest ...any) error {
	return s.rows.Scan(append(dest, s.more...)...)
}
