package export

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/newshound/newshound/extractors"
)

// Record is one stored article as exported: the extracted Article (same
// JSON keys, same meaning, see extractors.Article) plus what the store knows
// about it. The Article's HTML, Markdown and Explanation are never exported.
type Record struct {
	// ID is the article's row id in the store.
	ID int64 `json:"id"`
	extractors.Article
	// Site is the host the article was fetched from, lower case
	// ("www.example.org").
	Site string `json:"site"`
	// FetchedAt is when the page was fetched; exported in UTC.
	FetchedAt time.Time `json:"fetched_at"`
	// Job names the crawl job that fetched the article; "" for ad-hoc
	// crawls.
	Job string `json:"job"`
	// DuplicateOf is the id of the earlier article this one duplicates
	// (same content hash or near-identical text); nil when none.
	DuplicateOf *int64 `json:"duplicate_of"`
}

// Cursor walks exported records, like database/sql.Rows: call Next before
// each Record, then Err once Next returns false, and always Close. The
// store implements it; Run consumes it.
type Cursor interface {
	// Next advances to the next record, reporting whether there is one.
	Next() bool
	// Record returns the current record. It is valid until the next call
	// to Next; writers do not keep it.
	Record() *Record
	// Err returns the error that stopped Next, if any.
	Err() error
	// Close releases the cursor's resources; it is safe to call twice.
	Close() error
}

// Writer writes records in one format, one record per Write call. Errors
// are sticky: after the first failure every Write returns it, and Close
// returns it too. Close flushes buffered output and finishes the file (the
// JSON array's "]", the Parquet footer); it does not close the io.Writer the
// Writer was made with.
type Writer interface {
	// Write writes one record. The writer does not keep r after it
	// returns.
	Write(r *Record) error
	// Close flushes and finishes the output and returns the first error
	// met by any Write or by Close itself.
	Close() error
}

// str returns a string field of r by id; "" for fields that are not
// strings.
func (r *Record) str(id fieldID) string {
	switch id {
	case fURL:
		return r.URL
	case fCanonicalURL:
		return r.CanonicalURL
	case fSiteName:
		return r.SiteName
	case fTitle:
		return r.Title
	case fLanguage:
		return r.Language
	case fDescription:
		return r.Description
	case fSection:
		return r.Section
	case fImage:
		return r.Image
	case fText:
		return r.Text
	case fContentHash:
		return r.ContentHash
	case fSite:
		return r.Site
	case fJob:
		return r.Job
	}
	return ""
}

// list returns a list-of-strings field of r by id (authors, tags).
func (r *Record) list(id fieldID) []string {
	if id == fAuthors {
		return r.Authors
	}
	return r.Tags
}

// date returns a nullable date field of r by id (published, modified).
func (r *Record) date(id fieldID) *time.Time {
	if id == fPublished {
		return r.Published
	}
	return r.Modified
}

// kind is how a field's value is represented in Go.
type kind int

// The kinds of fields.
const (
	kindString  kind = iota
	kindInt          // id, word_count
	kindList         // authors, tags
	kindDate         // published, modified: nullable, in the page's offset
	kindCrumbs       // breadcrumbs
	kindInstant      // fetched_at: UTC
	kindNullInt      // duplicate_of
)

// kindOf returns the kind of a field.
func kindOf(id fieldID) kind {
	switch id {
	case fID, fWordCount:
		return kindInt
	case fAuthors, fTags:
		return kindList
	case fPublished, fModified:
		return kindDate
	case fBreadcrumbs:
		return kindCrumbs
	case fFetchedAt:
		return kindInstant
	case fDuplicateOf:
		return kindNullInt
	}
	return kindString
}

// clean returns s as valid UTF-8: each byte that is not part of a valid
// UTF-8 sequence becomes U+FFFD, as encoding/json does, so that every
// format carries the same text. It allocates only when s needs it.
func clean(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b.WriteString("\uFFFD")
		} else {
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}
