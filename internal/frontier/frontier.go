// Package frontier is the crawl queue and the authority on what was fetched:
// every URL a crawl has seen, its state (queued, in flight, done, failed,
// skipped) and why. The crawler asks it for the next URLs, never colly's
// visited set.
//
// The Frontier interface lists only what the crawler calls, so that a
// Redis-backed frontier can replace the SQLite one for crawls spread over
// many processes. The SQLite implementation shares its database and writer
// with internal/store, so that a URL's new state is committed in the same
// transaction as the article it produced.
//
// Files: frontier.go holds the interface and its types; sqlite.go the
// SQLite implementation (NewSQLite, Options, the DB it runs on, the
// interface's methods); tx.go its statements and the transaction-level
// helpers (AddTx, FinishTx) that internal/store calls inside Save.
package frontier

import (
	"context"
	"time"
)

// State is where a URL is in its life.
type State string

// The states of a URL.
const (
	Queued   State = "queued"   // waiting to be fetched (maybe not before NotBefore)
	InFlight State = "inflight" // leased to a fetcher
	Done     State = "done"     // fetched and handled (an article, or a page followed for links)
	Failed   State = "failed"   // given up: Reason says why
	Skipped  State = "skipped"  // never fetched on purpose (robots.txt, filters, not HTML): Reason says why
)

// Kind says how a URL's response is handled.
type Kind string

// The kinds of URL.
const (
	Page    Kind = "page"    // an HTML page: extracted, links followed
	Sitemap Kind = "sitemap" // an XML sitemap or sitemap index (maybe gzipped)
	Feed    Kind = "feed"    // an RSS, Atom or JSON feed
)

// Entry is a URL to crawl, as discovered.
type Entry struct {
	// URL is the canonical URL (internal/dedup), the frontier's key.
	URL string
	// Host is the URL's host name in lower case, the unit of politeness.
	Host string
	// Kind says how the response is handled.
	Kind Kind
	// Depth is the number of link hops from a seed (seeds, sitemaps and
	// feeds named in the job are 0).
	Depth int
	// Priority orders the queue: higher first. Sitemap and feed entries of
	// articles rank above plain links.
	Priority int
	// Source says how the URL was found: "seed", "sitemap", "feed",
	// "link", "redirect", "robots".
	Source string
	// Parent is the URL of the page, sitemap or feed it was found on.
	Parent string
	// Lastmod is the modification time a sitemap or feed gave; nil if none.
	Lastmod *time.Time
	// Published is the publication time a news sitemap or feed gave; nil
	// if none.
	Published *time.Time
	// Title is the title a news sitemap or feed gave; "" if none.
	Title string
	// Job is the crawl job the URL belongs to; "" means the frontier's own
	// (see SQLite.ForJob).
	Job string
	// Skip, when not empty, records the URL as Skipped with this reason
	// instead of queueing it (a PDF link, a crawler trap): it ends in a
	// recorded state without being fetched.
	Skip string
}

// Lease is an Entry handed to a fetcher. It stays InFlight until Finish;
// a crashed crawl's leases are handed out again after Recover.
type Lease struct {
	Entry
	// Attempts counts the fetches of this URL so far, this one included.
	Attempts int
	// ETag and LastModified are the validators of the URL's last 2xx
	// response, for a conditional GET; "" when none.
	ETag, LastModified string
}

// Outcome is what became of a leased URL.
type Outcome struct {
	// State is Done, Failed, Skipped, or Queued to retry later.
	State State
	// Reason explains Failed, Skipped and retries ("http 503",
	// "robots.txt", "not html: application/pdf", "too large").
	Reason string
	// NotBefore delays a retry (State Queued): backoff or Retry-After.
	NotBefore time.Time
	// Status is the HTTP status, 0 when there was no response.
	Status int
	// ETag and LastModified are the response's validators, kept for the
	// next conditional GET (2xx responses only).
	ETag, LastModified string
}

// Frontier is the crawl queue. Implementations are safe for concurrent use.
type Frontier interface {
	// Add enqueues the entries whose URL the frontier has never seen and
	// returns how many were new. Seen URLs are ignored, whatever their state.
	Add(ctx context.Context, entries []Entry) (int, error)
	// Next leases up to max Queued URLs that are due at now, highest
	// priority first, then oldest, taking at most slots[host] URLs of a
	// host named in slots (0: the host is at its politeness limit) and at
	// most defaultSlots of any other host. It returns an empty slice when
	// none is due.
	Next(ctx context.Context, now time.Time, max int, slots map[string]int, defaultSlots int) ([]Lease, error)
	// Refresh queues again the pages last fetched before olderThan:
	// articles when articles is true, other pages otherwise (recrawl
	// intervals). It returns how many were queued.
	Refresh(ctx context.Context, olderThan time.Time, articles bool) (int, error)
	// RefreshDiscovery queues again every sitemap and feed already known,
	// so each run reads them anew. It returns how many were queued.
	RefreshDiscovery(ctx context.Context) (int, error)
	// Requeue puts the entries back in the queue whatever their state
	// (adding unseen ones): a job's seeds, sitemaps and feeds, which are
	// fetched again on every run to find what is new. It returns how many
	// were queued.
	Requeue(ctx context.Context, entries []Entry) (int, error)
	// Release returns leased URLs that were never fetched to the queue,
	// as if they had not been leased (their attempt is not counted).
	Release(ctx context.Context, urls []string) error
	// Finish records the outcome of a lease that produced no article (the
	// store's Save records it for pages that did).
	Finish(ctx context.Context, url string, out Outcome) error
	// Recover returns every InFlight URL to Queued: run at start, after a
	// crash. It returns how many were recovered.
	Recover(ctx context.Context) (int, error)
	// Counts returns the number of URLs in each state.
	Counts(ctx context.Context) (map[State]int, error)
	// Pending reports whether any URL is Queued (due or not) or InFlight.
	Pending(ctx context.Context) (bool, error)
}
