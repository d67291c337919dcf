package redisfrontier

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/newshound/newshound/internal/frontier"
)

// Options configures the Redis frontier. The zero value is usable.
type Options struct {
	// Prefix starts every key; "" means "newshound". Each job's keys are
	// "<Prefix>:{<job>}:...", the braces a cluster hash tag.
	Prefix string
	// MaxAttempts is how many leases a URL gets: a lease finished as
	// Queued, or expired, once the URL has had MaxAttempts leases makes it
	// Failed, "gave up after N attempts". 0 means
	// frontier.DefaultMaxAttempts; a negative value means never give up.
	MaxAttempts int
	// PerHost caps how many URLs of one host a single Next call leases.
	// 0 means no cap (max), as in frontier.Options.
	PerHost int
	// LeaseTimeout is the visibility timeout of a lease: a URL neither
	// finished nor released that long after Next (a dead worker's) is
	// handed to the next caller of Next. 0 means 5 minutes. It must
	// exceed the longest fetch and handling of one URL.
	LeaseTimeout time.Duration
	// HostParallel caps the URLs of one host in flight at once across
	// every process sharing the frontier. 0 means no cap beyond the
	// callers' slots.
	HostParallel int
	// Delay is the least time between two leases of one host, across
	// every process; SetHostDelay overrides it per host (robots.txt
	// Crawl-delay). 0 means none.
	Delay time.Duration
	// FinishedTTL, when positive, expires the record of a URL that
	// reaches Done, Failed or Skipped after that long, bounding the
	// frontier's memory by the seen set alone for finished URLs (the
	// store keeps what was fetched). Expired URLs stay seen (Add ignores
	// them) but Refresh, Requeue and RefreshDiscovery no longer find them.
	// 0 means records are kept.
	FinishedTTL time.Duration
	// Now is the clock for fetch times (Refresh); nil means time.Now.
	// Leases and per-host delays use the Redis server's clock, shared by
	// all processes.
	Now func() time.Time
}

// Frontier is the frontier.Frontier on Redis, shared by any number of
// processes. Safe for concurrent use.
type Frontier struct {
	rdb     redis.UniversalClient
	owned   bool
	addr    string // for errors: no credentials
	prefix  string
	job     string
	opts    Options
	leaseMs int64
	maxAtt  int
}

var _ frontier.Frontier = (*Frontier)(nil)

// errUnknownURL reports a URL the frontier has no record of.
var errUnknownURL = errors.New("redisfrontier: unknown url")

// Open connects to the Redis server at rawURL
// ("redis://[user:password@]host:port/db", or "unix:///path?db=N"),
// checks it answers, and returns the frontier on it. Close closes the
// connection. Errors name the server without credentials.
func Open(ctx context.Context, rawURL string, opts Options) (*Frontier, error) {
	addr := Redact(rawURL)
	ro, err := redis.ParseURL(rawURL)
	if err != nil {
		return nil, fmt.Errorf("redisfrontier: parse %s: %w", addr, err)
	}
	rdb := redis.NewClient(ro)
	if err := rdb.Ping(ctx).Err(); err != nil {
		rdb.Close()
		return nil, fmt.Errorf("redisfrontier: connect %s: %w", addr, err)
	}
	f := New(rdb, addr, opts)
	f.owned = true
	return f, nil
}

// New returns the frontier on rdb, named addr in errors (give it without
// credentials: see Redact). Close does not close rdb.
func New(rdb redis.UniversalClient, addr string, opts Options) *Frontier {
	f := &Frontier{rdb: rdb, addr: addr, opts: opts, prefix: opts.Prefix}
	if f.prefix == "" {
		f.prefix = "newshound"
	}
	if f.opts.Now == nil {
		f.opts.Now = time.Now
	}
	f.leaseMs = opts.LeaseTimeout.Milliseconds()
	if f.leaseMs <= 0 {
		f.leaseMs = (5 * time.Minute).Milliseconds()
	}
	f.maxAtt = opts.MaxAttempts
	if f.maxAtt == 0 {
		f.maxAtt = frontier.DefaultMaxAttempts
	}
	if f.maxAtt < 0 {
		f.maxAtt = 0
	}
	return f
}

// Redact returns rawURL with any password replaced by "xxxxx", for logs
// and errors.
func Redact(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return "redis (unparsable url)"
	}
	return u.Redacted()
}

// Close closes the connection if Open made it.
func (f *Frontier) Close() error {
	if !f.owned {
		return nil
	}
	if err := f.rdb.Close(); err != nil {
		return fmt.Errorf("redisfrontier: close %s: %w", f.addr, err)
	}
	return nil
}

// ForJob returns the frontier of one crawl job, with its own keys: it
// leases, recovers, counts and re-queues only that job's URLs. It shares
// f's connection; Close f, not the result.
func (f *Frontier) ForJob(job string) *Frontier {
	g := *f
	g.job = job
	g.owned = false
	return &g
}

// keyPrefix returns the prefix of job's keys ("" is f's own job).
func (f *Frontier) keyPrefix(job string) string {
	if job == "" {
		job = f.job
	}
	if job == "" {
		job = "_"
	}
	return f.prefix + ":{" + job + "}:"
}

// errorf wraps err with the operation and the server's address.
func (f *Frontier) errorf(op string, err error) error {
	return fmt.Errorf("redisfrontier: %s on %s: %w", op, f.addr, err)
}

// seenKey returns the seen-set shard and field of u: the top 16 bits of
// its 64-bit FNV-1a hash choose one of 65,536 hashes, the other 48 bits
// (6 raw bytes) are the field.
func seenKey(u string) (shard, field string) {
	h := fnv.New64a()
	h.Write([]byte(u))
	sum := h.Sum64()
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], sum)
	return strconv.FormatUint(sum>>48, 16), string(b[2:])
}

// maxPriority bounds |Priority| so that a queue score (priority and a
// 40-bit discovery sequence) stays exact in a float64.
const maxPriority = 2047

// Add enqueues the entries whose URL was never seen (Skip ones recorded as
// Skipped) and returns how many were new. A seen page done before an
// entry's Lastmod is queued again ("changed since last fetch"). Entries
// without URL are refused before anything is written.
func (f *Frontier) Add(ctx context.Context, entries []frontier.Entry) (int, error) {
	if len(entries) == 0 {
		return 0, nil
	}
	byJob := map[string][]any{}
	var jobs []string
	for i := range entries {
		e := &entries[i]
		if e.URL == "" {
			return 0, fmt.Errorf("redisfrontier: add: entry %d has no url", i)
		}
		host := e.Host
		if host == "" {
			host = hostOf(e.URL)
		}
		kind := e.Kind
		if kind == "" {
			kind = frontier.Page
		}
		prio := max(-maxPriority, min(maxPriority, e.Priority))
		var lastmodMs int64
		if e.Lastmod != nil && !e.Lastmod.IsZero() {
			lastmodMs = e.Lastmod.UnixMilli()
		}
		shard, field := seenKey(e.URL)
		p := f.keyPrefix(e.Job)
		if _, ok := byJob[p]; !ok {
			jobs = append(jobs, p)
			byJob[p] = []any{p}
		}
		byJob[p] = append(byJob[p], e.URL, host, shard, field, string(kind), e.Depth, prio,
			e.Source, e.Parent, formatTime(e.Lastmod), lastmodMs, formatTime(e.Published), e.Title, e.Skip)
	}
	n := 0
	for _, p := range jobs {
		args := byJob[p]
		// Batches of 500 entries keep each script short: other clients
		// wait while one runs.
		for i := 1; i < len(args); i += 500 * addFields {
			batch := append([]any{p}, args[i:min(len(args), i+500*addFields)]...)
			k, err := scriptAdd.Run(ctx, f.rdb, nil, batch...).Int()
			if err != nil {
				return n, f.errorf(fmt.Sprintf("add %d urls", len(entries)), err)
			}
			n += k
		}
	}
	return n, nil
}

// Next leases up to max Queued URLs due at now, highest priority first,
// then in discovery order, taking at most slots[host] of a host named in
// slots (none of a host with 0), at most defaultSlots of any other and
// Options.PerHost of any. One script does it atomically: it first hands
// back expired leases (a dead worker's URLs), moves retries due at now
// into their queues, then applies the politeness shared by all processes
// (Options.HostParallel in flight per host, Options.Delay or SetHostDelay
// between leases of a host, on the server's clock). Its cost grows with
// the hosts whose queue heads it looks at, not with the queue's length.
func (f *Frontier) Next(ctx context.Context, now time.Time, max int, slots map[string]int, defaultSlots int) ([]frontier.Lease, error) {
	if max <= 0 {
		return nil, nil
	}
	perHost := defaultSlots
	var sl strings.Builder
	for h, n := range slots {
		if h == "" || strings.ContainsAny(h, " \t\r\n") {
			continue
		}
		fmt.Fprintf(&sl, "%s %d ", h, n)
		if n > perHost {
			perHost = n
		}
	}
	if f.opts.PerHost > 0 && perHost > f.opts.PerHost {
		perHost = f.opts.PerHost
	}
	perHost = min(perHost, max)
	if perHost <= 0 {
		return nil, nil
	}
	res, err := scriptNext.Run(ctx, f.rdb, nil, f.keyPrefix(""), now.UnixMilli(), max, perHost, defaultSlots,
		sl.String(), f.leaseMs, f.maxAtt, f.opts.HostParallel, f.opts.Delay.Milliseconds(), f.opts.FinishedTTL.Milliseconds()).Slice()
	if err != nil && !errors.Is(err, redis.Nil) {
		return nil, f.errorf("lease", err)
	}
	leases := make([]frontier.Lease, 0, len(res))
	for _, r := range res {
		flat, ok := r.([]any)
		if !ok {
			return nil, f.errorf("lease", fmt.Errorf("unexpected reply %T", r))
		}
		leases = append(leases, leaseOf(flat))
	}
	return leases, nil
}

// Finish records the outcome of a lease that produced no article; a URL
// never seen is added with that outcome. A retry (State Queued) of a URL
// that had MaxAttempts leases becomes Failed. An empty State means Done.
// Finish is idempotent: the crawler may call it again after a crash, even
// once the record has expired (Options.FinishedTTL: then it does nothing).
func (f *Frontier) Finish(ctx context.Context, u string, out frontier.Outcome) error {
	return f.finish(ctx, u, out, false)
}

// FinishArticle is Finish for a page whose article the store has
// committed: Refresh(…, articles=true) then finds it. On Redis the
// crawler calls it (and Add for the page's links) after the store's Save
// returns, instead of the store changing the URL inside its transaction:
// a crash in between fetches the page again once its lease expires, and
// the store, keyed by canonical URL, keeps one copy (at least once).
func (f *Frontier) FinishArticle(ctx context.Context, u string, out frontier.Outcome) error {
	return f.finish(ctx, u, out, true)
}

func (f *Frontier) finish(ctx context.Context, u string, out frontier.Outcome, article bool) error {
	state := out.State
	if state == "" {
		state = frontier.Done
	}
	var nb int64
	if !out.NotBefore.IsZero() {
		nb = out.NotBefore.UnixMilli()
	}
	art := "0"
	if article {
		art = "1"
	}
	for try := 0; try < 2; try++ {
		k, err := scriptFinish.Run(ctx, f.rdb, nil, f.keyPrefix(""), u, string(state), out.Reason, nb, out.Status,
			out.ETag, out.LastModified, f.maxAtt, f.opts.Now().UnixMilli(), art, f.opts.FinishedTTL.Milliseconds()).Int()
		if err != nil {
			return f.errorf("finish "+u, err)
		}
		if k > 0 {
			return nil
		}
		n, err := f.Add(ctx, []frontier.Entry{{URL: u, Source: "finish"}})
		if err != nil {
			return err
		}
		if n == 0 {
			// Seen, but its record expired (Options.FinishedTTL): it
			// was finished before, and this is a repeat.
			return nil
		}
	}
	return f.errorf("finish "+u, errUnknownURL)
}

// Release returns unstarted leases to the queue without counting their
// attempt.
func (f *Frontier) Release(ctx context.Context, urls []string) error {
	if len(urls) == 0 {
		return nil
	}
	if err := scriptRelease.Run(ctx, f.rdb, nil, urlArgs(f.keyPrefix(""), urls)...).Err(); err != nil {
		return f.errorf("release", err)
	}
	return nil
}

// Requeue queues the entries again whatever their state (in flight ones
// excepted), adding the unseen ones, and returns how many were queued.
func (f *Frontier) Requeue(ctx context.Context, entries []frontier.Entry) (int, error) {
	if len(entries) == 0 {
		return 0, nil
	}
	n, err := f.Add(ctx, entries)
	if err != nil {
		return n, err
	}
	urls := make([]string, len(entries))
	for i, e := range entries {
		urls[i] = e.URL
	}
	k, err := scriptRequeue.Run(ctx, f.rdb, nil, urlArgs(f.keyPrefix(""), urls)...).Int()
	if err != nil {
		return n, f.errorf(fmt.Sprintf("requeue %d urls", len(entries)), err)
	}
	return n + k, nil
}

// RefreshDiscovery queues again every done or failed sitemap and feed of
// the job and returns how many.
func (f *Frontier) RefreshDiscovery(ctx context.Context) (int, error) {
	n, err := scriptRefreshDiscovery.Run(ctx, f.rdb, nil, f.keyPrefix("")).Int()
	if err != nil {
		return 0, f.errorf("refresh sitemaps and feeds", err)
	}
	return n, nil
}

// Refresh queues again the job's done pages fetched before olderThan:
// those finished with FinishArticle when articles is true, the others
// otherwise. It returns how many were queued.
func (f *Frontier) Refresh(ctx context.Context, olderThan time.Time, articles bool) (int, error) {
	which := "p"
	if articles {
		which = "a"
	}
	total := 0
	for {
		r, err := scriptRefresh.Run(ctx, f.rdb, nil, f.keyPrefix(""), olderThan.UnixMilli(), which).Int64Slice()
		if err != nil {
			return total, f.errorf("refresh", err)
		}
		total += int(r[1])
		if r[0] < 1000 {
			return total, nil
		}
	}
}

// Recover hands back the leases that have expired (queued again, or
// Failed after MaxAttempts, "gave up after N attempts: lease expired")
// and returns how many were queued. Unlike the SQLite frontier's, it
// leaves live leases alone: other processes may hold them, and Next
// reclaims expired ones anyway, so calling it at start is optional.
func (f *Frontier) Recover(ctx context.Context) (int, error) {
	n, err := scriptRecover.Run(ctx, f.rdb, nil, f.keyPrefix(""), f.maxAtt, f.opts.FinishedTTL.Milliseconds()).Int()
	if err != nil {
		return 0, f.errorf("recover", err)
	}
	return n, nil
}

// Counts returns the number of URLs in each state (states with none are
// absent), from counters the scripts keep: O(1).
func (f *Frontier) Counts(ctx context.Context) (map[frontier.State]int, error) {
	m, err := f.rdb.HGetAll(ctx, f.keyPrefix("")+"counts").Result()
	if err != nil {
		return nil, f.errorf("counts", err)
	}
	out := make(map[frontier.State]int)
	for s, v := range m {
		n, err := strconv.Atoi(v)
		if err != nil {
			return nil, f.errorf("counts", fmt.Errorf("state %s: %w", s, err))
		}
		if n != 0 {
			out[frontier.State(s)] = n
		}
	}
	return out, nil
}

// Pending reports whether any URL of the job is Queued (due or not) or
// InFlight.
func (f *Frontier) Pending(ctx context.Context) (bool, error) {
	c, err := f.Counts(ctx)
	if err != nil {
		return false, err
	}
	return c[frontier.Queued]+c[frontier.InFlight] > 0, nil
}

// leaseOf reads a record's flat HGETALL reply.
func leaseOf(flat []any) frontier.Lease {
	var l frontier.Lease
	for i := 0; i+1 < len(flat); i += 2 {
		k, _ := flat[i].(string)
		v, _ := flat[i+1].(string)
		switch k {
		case "url":
			l.URL = v
		case "host":
			l.Host = v
		case "kind":
			l.Kind = frontier.Kind(v)
		case "depth":
			l.Depth, _ = strconv.Atoi(v)
		case "prio":
			l.Priority, _ = strconv.Atoi(v)
		case "src":
			l.Source = v
		case "parent":
			l.Parent = v
		case "lastmod":
			l.Lastmod = parseTime(v)
		case "pub":
			l.Published = parseTime(v)
		case "title":
			l.Title = v
		case "att":
			l.Attempts, _ = strconv.Atoi(v)
		case "etag":
			l.ETag = v
		case "lm":
			l.LastModified = v
		}
	}
	return l
}

// urlArgs returns the script arguments prefix, urls...
func urlArgs(prefix string, urls []string) []any {
	args := make([]any, 0, len(urls)+1)
	args = append(args, prefix)
	for _, u := range urls {
		args = append(args, u)
	}
	return args
}

// hostOf returns the lower-case host of u, or "" when u does not parse.
func hostOf(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return ""
	}
	return strings.ToLower(p.Hostname())
}

// formatTime returns t as RFC 3339 in its own offset, or "" for none.
func formatTime(t *time.Time) string {
	if t == nil || t.IsZero() {
		return ""
	}
	return t.Format(time.RFC3339Nano)
}

// parseTime reads a value written by formatTime; nil for "" or junk.
func parseTime(s string) *time.Time {
	if s == "" {
		return nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return nil
	}
	return &t
}
