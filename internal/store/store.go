package store

import (
	"context"
	"time"

	"github.com/newshound/newshound/extractors"
	"github.com/newshound/newshound/internal/frontier"
)

// Result is everything a crawl learned from fetching one leased URL.
type Result struct {
	// URL is the leased (canonical) URL whose outcome this is.
	URL string
	// Outcome is the URL's new state in the frontier.
	Outcome frontier.Outcome
	// Article is the extracted article, nil when the page is not one (an
	// index page, a failure). Its URL is the fetched URL.
	Article *extractors.Article
	// ArticleKey is the canonical URL the article is stored under (after
	// rel=canonical / og:url when they stay on the site); "" means URL.
	ArticleKey string
	// SimHash is the 64-bit SimHash of the article's text
	// (internal/dedup), for near-duplicate detection.
	SimHash uint64
	// IsArticleReason records why the page was or was not taken as an
	// article ("json-ld NewsArticle", "text 80 words < 150", ...).
	IsArticleReason string
	// Discovered are the URLs found on the page, enqueued in the same
	// transaction (unseen ones only).
	Discovered []frontier.Entry
	// FetchedAt is when the response was received.
	FetchedAt time.Time
	// ETag and LastModified are the response's validators, kept for
	// conditional GETs in incremental crawls.
	ETag, LastModified string
	// Job names the crawl job that fetched it ("" for ad-hoc crawls).
	Job string
}

// Saved says what Save did with an article.
type Saved struct {
	// ArticleID is the stored row's id; 0 when no article was stored.
	ArticleID int64
	// DuplicateOf is the id of the earlier article this one duplicates
	// (same content hash or near-identical SimHash); 0 if none.
	DuplicateOf int64
	// Existing is true when an article with the same key was already
	// stored: nothing new was written for it.
	Existing bool
}

// Store records crawl results. Implementations are safe for concurrent use.
type Store interface {
	// Save commits r atomically: the article (unless its key is already
	// stored), the URL's outcome and the discovered URLs. It returns once
	// the transaction is committed.
	Save(ctx context.Context, r Result) (Saved, error)
	// Close flushes pending writes and closes the database.
	Close() error
}
