package redisfrontier

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// This file holds what many crawler processes sharing a job need besides
// the queue: the job's marker (a Redis restarted without its data no longer
// has it, and the crawler re-seeds the job from the store instead of
// taking the empty queue for a finished crawl), recording stored articles
// as done, and the job's settings, which every process of the job must
// share.
//
// Keys (P as in doc.go): P known (the marker), P settings (the settings
// of the running workers, expiring unless refreshed).

// Client returns the Redis client the frontier uses (for a robots.txt
// cache on the same server). Closing the frontier closes it if Open made
// it.
func (f *Frontier) Client() redis.UniversalClient { return f.rdb }

// Addr returns the server's address without credentials.
func (f *Frontier) Addr() string { return f.addr }

// Known reports whether the job's marker is set (MarkKnown).
func (f *Frontier) Known(ctx context.Context) (bool, error) {
	n, err := f.rdb.Exists(ctx, f.keyPrefix("")+"known").Result()
	if err != nil {
		return false, f.errorf("read job marker", err)
	}
	return n > 0, nil
}

// MarkKnown sets the job's marker: the frontier holds the job's state.
func (f *Frontier) MarkKnown(ctx context.Context) error {
	if err := f.rdb.Set(ctx, f.keyPrefix("")+"known", 1, 0).Err(); err != nil {
		return f.errorf("set job marker", err)
	}
	return nil
}

// markDoneFields is the number of ARGV values per URL given to
// scriptMarkDone.
const markDoneFields = 4

// scriptMarkDone: ARGV[2..] are url, host, seen shard, seen field. Unseen
// URLs are recorded as done articles (fetched, stored); it returns how
// many.
var scriptMarkDone = redis.NewScript(luaLib + `
local n = 0
for i = 2, #ARGV - 3, 4 do
  local url, host, shard, field = ARGV[i], ARGV[i+1], ARGV[i+2], ARGV[i+3]
  if redis.call('HSETNX', k('seen:' .. shard), field, '1') == 1 then
    local seq = redis.call('INCR', k('seq'))
    redis.call('HSET', rkey(url), 'url', url, 'host', host, 'kind', 'page',
      'depth', 0, 'prio', 0, 'src', 'store', 'parent', '', 'lastmod', '', 'pub', '', 'title', '',
      'state', 'done', 'reason', 'stored before the frontier was re-seeded', 'att', 0, 'nb', 0, 'seq', seq,
      'status', 200, 'etag', '', 'lm', '', 'fetched', 0, 'art', 1)
    count(nil, 'done')
    n = n + 1
  end
end
return n
`)

// MarkDone records the urls the frontier has never seen as done articles,
// so that they are not fetched again (re-seeding a job whose state was
// lost from the store that kept its articles), and returns how many were
// new. Seen URLs are left as they are.
func (f *Frontier) MarkDone(ctx context.Context, urls []string) (int, error) {
	n := 0
	for i := 0; i < len(urls); i += 500 {
		args := []any{f.keyPrefix("")}
		for _, u := range urls[i:min(len(urls), i+500)] {
			shard, field := seenKey(u)
			args = append(args, u, hostOf(u), shard, field)
		}
		k, err := scriptMarkDone.Run(ctx, f.rdb, nil, args...).Int()
		if err != nil {
			return n, f.errorf(fmt.Sprintf("mark %d urls done", len(urls)), err)
		}
		n += k
	}
	return n, nil
}

// scriptClaimSettings: ARGV[2] settings, [3] time to live (ms). It returns
// "" when the job had no settings or the same ones (which it sets, with
// the time to live), else the other settings.
var scriptClaimSettings = redis.NewScript(luaLib + `
local cur = redis.call('GET', k('settings'))
if cur and cur ~= ARGV[2] then return cur end
redis.call('SET', k('settings'), ARGV[2], 'PX', ARGV[3])
return ''
`)

// ErrOtherSettings is returned by ClaimSettings when the job's running
// workers use other settings.
var ErrOtherSettings = errors.New("redisfrontier: the job runs with other settings")

// ClaimSettings records settings as the job's for ttl, unless workers
// that refreshed theirs less than their ttl ago use other ones: then it
// returns those, and an error wrapping ErrOtherSettings. Each worker calls
// it at start and then every ttl/3 or so, so that the settings expire
// once the last worker of a job has stopped.
func (f *Frontier) ClaimSettings(ctx context.Context, settings string, ttl time.Duration) (other string, err error) {
	res, err := scriptClaimSettings.Run(ctx, f.rdb, nil, f.keyPrefix(""), settings, max(ttl.Milliseconds(), 1)).Text()
	if err != nil {
		return "", f.errorf("claim job settings", err)
	}
	if res != "" {
		return res, fmt.Errorf("%w", ErrOtherSettings)
	}
	return "", nil
}

// WithOptions returns the frontier of the same job and connection with
// other options (each scheduled job's own politeness, say); opts.Prefix
// is ignored. Close f, not the result.
func (f *Frontier) WithOptions(opts Options) *Frontier {
	opts.Prefix = f.prefix
	g := New(f.rdb, f.addr, opts)
	g.job = f.job
	return g
}
