package crawl

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"golang.org/x/net/html"

	"github.com/newshound/newshound/extractors"
	"github.com/newshound/newshound/extractors/page"
	"github.com/newshound/newshound/internal/dedup"
	"github.com/newshound/newshound/internal/fetch"
	"github.com/newshound/newshound/internal/frontier"
	"github.com/newshound/newshound/internal/robots"
	"github.com/newshound/newshound/internal/store"
)

// Priorities of discovered URLs: job start URLs and sitemaps first (they
// discover the most), then articles announced by news sitemaps and feeds,
// then sitemap entries, then plain links.
const (
	prioStart       = 100
	prioSitemap     = 90
	prioFeed        = 80
	prioAnnounced   = 30
	prioSitemapPage = 20
	prioLink        = 0
)

// canonOptions are the URL canonicalisation rules for frontier URLs
// (which must stay fetchable, so the trailing slash is kept) and, without
// KeepTrailingSlash, for article keys.
var canonOptions = dedup.CanonOptions{StripVariants: true, KeepTrailingSlash: true}

// keyOptions are the canonicalisation rules for article keys.
var keyOptions = dedup.CanonOptions{StripVariants: true, StripWWW: true}

// process fetches one leased URL and records its outcome, telling p when
// the response has arrived (the request's politeness slot is free then)
// and when only the save is left (process may return before either). It
// returns an error only when the crawl must stop (the store failed).
func (c *Crawler) process(ctx context.Context, col *collector, l frontier.Lease, p *progress) error {
	ua := c.client.UserAgent()
	if err := c.robots.Check(ctx, l.URL, ua); err != nil {
		switch {
		case errors.Is(err, robots.ErrDisallowed):
			return c.finish(ctx, l, frontier.Outcome{State: frontier.Skipped, Reason: "robots.txt"})
		case errors.Is(err, robots.ErrUnreachable):
			return c.retry(ctx, l, 0, "robots.txt unreachable", "")
		default:
			return c.retry(ctx, l, 0, "robots.txt: "+err.Error(), "")
		}
	}
	if d := c.robots.CrawlDelay(ctx, l.URL, ua); d > 0 {
		c.setCrawlDelay(ctx, l.Host, d)
	}
	if !c.takeHostBudget(l.Host) {
		c.gate.exhaust(l.Host)
		return c.finish(ctx, l, frontier.Outcome{State: frontier.Queued, Reason: "host page budget spent"})
	}
	c.fetches.Add(1)
	res := col.get(l.URL, l.ETag, l.LastModified)
	p.responseArrived()
	c.stats.update(func(s *Snapshot) {
		if res.Status > 0 {
			s.Fetched++
		}
		s.Bytes += int64(len(res.Body))
	})
	c.opts.Logger.Debug("fetched", "url", l.URL, "status", res.Status, "bytes", len(res.Body), "elapsed_ms", res.Elapsed.Milliseconds(), "err", res.Err)

	if res.Err != nil && res.Status == 0 {
		if fetch.Retryable(0, res.Err) {
			return c.retry(ctx, l, 0, errorReason(res.Err), "")
		}
		return c.fail(ctx, l, 0, errorReason(res.Err))
	}
	if res.Err != nil && res.Status >= 200 && res.Status < 300 {
		// Headers arrived, the body failed (too large, stalled, reset).
		if fetch.Retryable(0, res.Err) {
			return c.retry(ctx, l, res.Status, errorReason(res.Err), "")
		}
		return c.fail(ctx, l, res.Status, errorReason(res.Err))
	}
	switch {
	case res.Status == 304:
		c.stats.update(func(s *Snapshot) { s.NotModified++ })
		return c.finish(ctx, l, frontier.Outcome{State: frontier.Done, Reason: "not modified", Status: res.Status})
	case fetch.Retryable(res.Status, nil):
		retryAfter := ""
		if res.Header != nil {
			retryAfter = res.Header.Get("Retry-After")
		}
		return c.retry(ctx, l, res.Status, fmt.Sprintf("http %d", res.Status), retryAfter)
	case res.Status >= 300:
		return c.fail(ctx, l, res.Status, fmt.Sprintf("http %d", res.Status))
	}
	if final := hostOf(res.URL); final != "" && !c.scope.allowedHost(final) {
		return c.finish(ctx, l, frontier.Outcome{State: frontier.Skipped, Reason: "redirected off-site", Status: res.Status})
	}
	switch l.Kind {
	case frontier.Sitemap:
		return c.handleSitemap(ctx, l, res)
	case frontier.Feed:
		return c.handleFeed(ctx, l, res)
	default:
		return c.handlePage(ctx, l, res, p)
	}
}

// handlePage extracts an HTML page, follows its links and stores it when
// it is an article.
func (c *Crawler) handlePage(ctx context.Context, l frontier.Lease, res *fetched, prog *progress) error {
	ct := mediaType(res.ContentType)
	switch discoveryKind(ct, res.Body) {
	case frontier.Feed:
		return c.handleFeed(ctx, l, res)
	case frontier.Sitemap:
		return c.handleSitemap(ctx, l, res)
	}
	if ct != "" && !isHTMLType(ct) {
		return c.finish(ctx, l, frontier.Outcome{State: frontier.Skipped, Reason: "not html: " + ct, Status: res.Status})
	}
	now := c.opts.Now()
	opts := c.opts.Extract
	opts.ContentType = res.ContentType
	opts.FetchTime = now
	root, _, err := extractors.Parse(res.Body, opts)
	if err != nil {
		reason := "unparseable: " + err.Error()
		if errors.Is(err, extractors.ErrNotHTML) {
			reason = "not html: " + strings.TrimPrefix(err.Error(), extractors.ErrNotHTML.Error()+": looks like ")
		}
		return c.finish(ctx, l, frontier.Outcome{State: frontier.Skipped, Reason: reason, Status: res.Status})
	}
	a, p, err := extractors.ExtractPage(ctx, root, res.URL, opts)
	if err != nil {
		return c.fail(ctx, l, res.Status, "extract: "+err.Error())
	}
	if p.Root != root { // read a site rule's pruned clone: judge the page as served
		p = page.New(root, res.URL, now)
	}
	discovered := c.pageLinks(root, res.URL, l, now)
	isArticle, why := IsArticle(a, p, res.URL)
	if reg := opts.Registry; reg != nil {
		if u, err := url.Parse(res.URL); err == nil {
			if art, decided := reg.IsArticle(u); decided {
				isArticle, why = art, "site rule article_url"
			}
		}
	}
	r := store.Result{
		URL:             l.URL,
		Outcome:         frontier.Outcome{State: frontier.Done, Status: res.Status, Reason: why},
		IsArticleReason: why,
		Discovered:      discovered,
		FetchedAt:       now,
		Job:             c.opts.Job,
	}
	if res.Header != nil {
		r.ETag, r.LastModified = res.Header.Get("ETag"), res.Header.Get("Last-Modified")
		r.Outcome.ETag, r.Outcome.LastModified = r.ETag, r.LastModified
	}
	if isArticle {
		r.Article = a
		r.ArticleKey = dedup.ArticleKey(res.URL, a.CanonicalURL, "", keyOptions)
		r.SimHash = dedup.SimHash(a.Text)
	}
	prog.savingOnly() // the body and the trees are not used from here on
	saved, err := c.save(ctx, r)
	if err != nil {
		return fmt.Errorf("%w: save %s: %w", errFatal, l.URL, err)
	}
	c.stats.update(func(s *Snapshot) {
		switch {
		case !isArticle:
			s.NotArticles++
		case saved.Existing:
			s.Existing++
		case saved.DuplicateOf != 0:
			s.Duplicates++
		default:
			s.Articles++
		}
	})
	return nil
}

// pageLinks turns a page's links and feed links into frontier entries:
// the feeds DiscoverFeeds finds, then the links ExtractLinks finds, each
// canonical URL once. It walks the tree once, and looks each href up once
// in the crawler's link cache.
func (c *Crawler) pageLinks(n *html.Node, pageURL string, l frontier.Lease, now time.Time) []frontier.Entry {
	feeds, links := pageHrefs(n)
	base := BaseURL(n, pageURL)
	self := selfURL(base, pageURL)
	org := origin(base)
	var out []frontier.Entry
	seen := make(map[string]bool, len(feeds)+len(links))
	add := func(t linkTarget, kind frontier.Kind, prio, depth int, source string) {
		if !t.ok || seen[t.key] {
			return
		}
		seen[t.key] = true
		if ok, _ := c.scope.admit(t.key, t.host, depth, &c.opts); !ok {
			return
		}
		if c.recent.seen(t.key) {
			return
		}
		e := frontier.Entry{URL: t.key, Host: t.host, Kind: kind, Depth: depth, Priority: prio, Source: source, Parent: l.URL, Job: c.opts.Job}
		if kind == frontier.Page {
			// An .xml, .rss or .atom link is fetched all the same: a
			// feed or sitemap linked from the page itself, read as one
			// once fetched (see discoveryKind).
			if t.kind != "" && t.kind != "xml" {
				e.Skip = "not html: " + t.kind
			} else if score, why := TrapScore(t.key, now); score >= TrapThreshold {
				e.Skip = "trap: " + why
			}
		}
		out = append(out, e)
	}
	for _, href := range feeds {
		add(c.links.target(base, org, href), frontier.Feed, prioFeed, l.Depth, "feed-link")
	}
	for _, href := range links {
		// ExtractLinks drops links to the page itself (not feeds).
		if t := c.links.target(base, org, href); t.url != self {
			add(t, frontier.Page, prioLink, l.Depth+1, "link")
		}
	}
	return out
}

// handleSitemap enqueues a sitemap's pages and child sitemaps.
func (c *Crawler) handleSitemap(ctx context.Context, l frontier.Lease, res *fetched) error {
	r, err := OpenSitemap(bytes.NewReader(res.Body), DefaultMaxSitemapBytes)
	if err != nil {
		return c.fail(ctx, l, res.Status, "sitemap: "+err.Error())
	}
	var entries []frontier.Entry
	added := 0 // entries already added by flush
	// flush adds the entries so far and drops them: a sitemap of 50,000
	// URLs, or many read at once at the start of a crawl, holds no more
	// than sitemapFlush entries in memory. The sitemap's own URL is
	// finished with the last ones; a crash before that reads it again,
	// and adding a URL twice is a no-op.
	flush := func() error {
		if _, err := c.frontier.Add(ctx, entries); err != nil {
			return fmt.Errorf("add urls: %w", err)
		}
		added += len(entries)
		entries = nil
		return nil
	}
	seen := make(map[string]bool)
	_, err = ScanSitemap(r, func(e SitemapEntry, child bool) error {
		key, err := dedup.Canonical(e.URL, canonOptions)
		if err != nil || seen[key] {
			return nil
		}
		seen[key] = true
		host := hostOf(key)
		if !c.scope.allowedHost(host) {
			return nil
		}
		if child {
			entries = append(entries, frontier.Entry{URL: key, Host: host, Kind: frontier.Sitemap, Priority: prioSitemap, Source: "sitemap", Parent: l.URL, Lastmod: timePtr(e.Lastmod), Job: c.opts.Job})
			return nil
		}
		if !c.opts.Since.IsZero() && e.OlderThan(c.opts.Since) {
			return nil
		}
		prio := prioSitemapPage
		if !e.Published.IsZero() {
			prio = prioAnnounced
		}
		entries = append(entries, frontier.Entry{URL: key, Host: host, Kind: frontier.Page, Priority: prio, Source: "sitemap",
			Parent: l.URL, Lastmod: timePtr(e.Lastmod), Published: timePtr(e.Published), Title: e.Title, Job: c.opts.Job})
		if len(entries) >= sitemapFlush {
			return flush()
		}
		return nil
	})
	if err != nil && added+len(entries) == 0 {
		return c.fail(ctx, l, res.Status, "sitemap: "+err.Error())
	}
	reason := fmt.Sprintf("sitemap: %d urls", added+len(entries))
	if err != nil {
		reason += " (then " + err.Error() + ")"
	}
	return c.saveDiscovered(ctx, l, res, entries, reason)
}

// sitemapFlush is how many URLs of a sitemap handleSitemap adds at a time.
const sitemapFlush = 1000

// handleFeed enqueues a feed's items.
func (c *Crawler) handleFeed(ctx context.Context, l frontier.Lease, res *fetched) error {
	feed, err := ParseFeed(res.Body, res.URL)
	if err != nil {
		return c.fail(ctx, l, res.Status, "feed: "+err.Error())
	}
	var entries []frontier.Entry
	for _, it := range feed.Items {
		key, err := dedup.Canonical(it.URL, canonOptions)
		if err != nil {
			continue
		}
		host := hostOf(key)
		if !c.scope.allowedHost(host) {
			continue
		}
		if !c.opts.Since.IsZero() && it.OlderThan(c.opts.Since) {
			continue
		}
		entries = append(entries, frontier.Entry{URL: key, Host: host, Kind: frontier.Page, Priority: prioAnnounced, Source: "feed",
			Parent: l.URL, Lastmod: timePtr(it.Updated), Published: timePtr(it.Published), Title: it.Title, Job: c.opts.Job})
	}
	return c.saveDiscovered(ctx, l, res, entries, fmt.Sprintf("%s feed: %d items", feed.Kind, len(entries)))
}

func (c *Crawler) saveDiscovered(ctx context.Context, l frontier.Lease, res *fetched, entries []frontier.Entry, reason string) error {
	out := frontier.Outcome{State: frontier.Done, Status: res.Status, Reason: reason}
	if res.Header != nil {
		out.ETag, out.LastModified = res.Header.Get("ETag"), res.Header.Get("Last-Modified")
	}
	_, err := c.save(ctx, store.Result{
		URL:        l.URL,
		Outcome:    out,
		Discovered: entries,
		FetchedAt:  c.opts.Now(),
		Job:        c.opts.Job,
	})
	if err != nil {
		return fmt.Errorf("%w: save %s: %w", errFatal, l.URL, err)
	}
	return nil
}

// retry schedules another attempt with backoff (Retry-After honoured and
// applied to the whole host), or gives up after MaxAttempts.
func (c *Crawler) retry(ctx context.Context, l frontier.Lease, status int, reason, retryAfter string) error {
	if l.Attempts >= c.opts.MaxAttempts {
		return c.fail(ctx, l, status, fmt.Sprintf("gave up after %d attempts: %s", l.Attempts, reason))
	}
	now := c.opts.Now()
	at := fetch.Backoff(now, l.Attempts, retryAfter, time.Second, 10*time.Minute)
	if retryAfter != "" {
		c.gate.pause(l.Host, now.Add(fetch.ParseRetryAfter(retryAfter, now)))
	}
	c.stats.update(func(s *Snapshot) { s.Retries++ })
	return c.finish(ctx, l, frontier.Outcome{State: frontier.Queued, Reason: reason, NotBefore: at, Status: status})
}

func (c *Crawler) fail(ctx context.Context, l frontier.Lease, status int, reason string) error {
	return c.finish(ctx, l, frontier.Outcome{State: frontier.Failed, Reason: reason, Status: status})
}

// finish records an outcome without an article.
func (c *Crawler) finish(ctx context.Context, l frontier.Lease, out frontier.Outcome) error {
	if err := c.finishURL(ctx, l, out); err != nil {
		return fmt.Errorf("%w: %w", errFatal, err)
	}
	switch out.State {
	case frontier.Failed:
		c.stats.update(func(s *Snapshot) { s.Failed[reasonKey(out.Reason)]++ })
	case frontier.Skipped:
		c.stats.update(func(s *Snapshot) { s.Skipped[reasonKey(out.Reason)]++ })
	}
	return nil
}

// reasonKey shortens a reason to its kind for the summary ("http 404",
// "too large"), dropping URLs and numbers that make every line unique.
func reasonKey(r string) string {
	if i := strings.Index(r, ": "); i > 0 && strings.HasPrefix(r, "gave up") {
		return "gave up: " + reasonKey(r[i+2:])
	}
	if len(r) > 60 {
		r = r[:60]
	}
	return r
}

// errorReason names a fetch error briefly.
func errorReason(err error) string {
	switch {
	case errors.Is(err, fetch.ErrTooLarge):
		return "too large"
	case errors.Is(err, fetch.ErrRedirectLoop):
		return "redirect loop"
	case errors.Is(err, fetch.ErrStalled):
		return "stalled"
	case errors.Is(err, context.DeadlineExceeded), strings.Contains(err.Error(), "Client.Timeout"):
		return "timeout"
	case strings.Contains(err.Error(), "connection reset"):
		return "connection reset"
	case strings.Contains(err.Error(), "connection refused"):
		return "connection refused"
	case strings.Contains(err.Error(), "no such host"):
		return "dns: no such host"
	case strings.Contains(err.Error(), "unexpected EOF"):
		return "short body"
	}
	msg := err.Error()
	if len(msg) > 120 {
		msg = msg[:120]
	}
	return msg
}

func mediaType(ct string) string {
	if i := strings.IndexByte(ct, ';'); i >= 0 {
		ct = ct[:i]
	}
	return strings.ToLower(strings.TrimSpace(ct))
}

func isHTMLType(ct string) bool {
	switch ct {
	case "text/html", "application/xhtml+xml", "text/plain", "application/xml", "text/xml", "application/octet-stream":
		return true
	}
	return false
}

func hostOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return strings.ToLower(u.Hostname())
}

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}
