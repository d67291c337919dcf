package crawl

import (
	"context"
	"fmt"

	"github.com/newshound/newshound/internal/frontier"
	"github.com/newshound/newshound/internal/store"
)

// save records the result of a fetched lease. When the store owns the
// frontier (SQLite), it is one Save: the article, the URL's outcome and
// the links found, in one transaction. When the frontier is apart
// (Options.FrontierApart: a PostgreSQL store, a Redis frontier), it is
// three steps, in an order that loses nothing if the process dies between
// them: the article is saved first, then the links are added, then the URL
// is finished. A crash before the finish leaves the URL leased; its lease
// expires, another worker fetches it again and the store, keyed by
// canonical URL, keeps one copy (at least once). The handlers call save
// instead of the store's Save, and finishURL instead of the frontier's
// Finish.
func (c *Crawler) save(ctx context.Context, r store.Result) (store.Saved, error) {
	if !c.opts.FrontierApart {
		return c.store.Save(ctx, r)
	}
	var saved store.Saved
	if r.Article != nil {
		var err error
		if saved, err = c.store.Save(ctx, r); err != nil {
			return saved, err
		}
	}
	if len(r.Discovered) > 0 {
		if _, err := c.frontier.Add(ctx, r.Discovered); err != nil {
			return saved, fmt.Errorf("add links: %w", err)
		}
	}
	var err error
	if g, ok := c.frontier.(*guardedFrontier); ok && r.Article != nil {
		err = g.finishArticle(ctx, r.URL, r.Outcome)
	} else {
		err = c.frontier.Finish(ctx, r.URL, r.Outcome)
	}
	if err != nil {
		return saved, fmt.Errorf("finish: %w", err)
	}
	return saved, nil
}

// finishURL records the outcome of a lease that produced no article.
func (c *Crawler) finishURL(ctx context.Context, l frontier.Lease, out frontier.Outcome) error {
	return c.frontier.Finish(ctx, l.URL, out)
}
