package redisfrontier

import (
	"context"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/newshound/newshound/internal/frontier"
)

// SetHostDelay sets the least time between two leases of host across all
// processes (robots.txt Crawl-delay), overriding Options.Delay; 0 means
// none for that host.
func (f *Frontier) SetHostDelay(ctx context.Context, host string, d time.Duration) error {
	if err := f.rdb.HSet(ctx, f.keyPrefix("")+"delay", host, d.Milliseconds()).Err(); err != nil {
		return f.errorf("set delay of "+host, err)
	}
	return nil
}

// QueueSizes returns the number of due Queued URLs of each host with any
// (retries waiting for their time are not counted), for stats.
func (f *Frontier) QueueSizes(ctx context.Context) (map[string]int, error) {
	p := f.keyPrefix("")
	hosts, err := f.rdb.ZRange(ctx, p+"ready", 0, -1).Result()
	if err != nil {
		return nil, f.errorf("queue sizes", err)
	}
	pipe := f.rdb.Pipeline()
	cmds := make([]*redis.IntCmd, len(hosts))
	for i, h := range hosts {
		cmds[i] = pipe.ZCard(ctx, p+"q:"+h)
	}
	if _, err := pipe.Exec(ctx); err != nil && len(hosts) > 0 {
		return nil, f.errorf("queue sizes", err)
	}
	out := make(map[string]int, len(hosts))
	for i, h := range hosts {
		out[h] = int(cmds[i].Val())
	}
	return out, nil
}

// Record is what the frontier holds about one URL.
type Record struct {
	frontier.Lease
	State  frontier.State
	Reason string
	Status int
}

// Lookup returns the record of u, or an error wrapping redis.Nil when it
// has none (never seen, or expired: see Options.FinishedTTL).
func (f *Frontier) Lookup(ctx context.Context, u string) (Record, error) {
	m, err := f.rdb.HGetAll(ctx, f.keyPrefix("")+"u:"+u).Result()
	if err == nil && len(m) == 0 {
		err = redis.Nil
	}
	if err != nil {
		return Record{}, f.errorf("lookup "+u, err)
	}
	flat := make([]any, 0, 2*len(m))
	for k, v := range m {
		flat = append(flat, k, v)
	}
	r := Record{Lease: leaseOf(flat), State: frontier.State(m["state"]), Reason: m["reason"]}
	r.Status, _ = strconv.Atoi(m["status"])
	return r, nil
}
