package crawl

import (
	"context"
	"fmt"
	"net/url"

	"github.com/newshound/newshound/internal/dedup"
	"github.com/newshound/newshound/internal/frontier"
)

// seed queues the job's start URLs again (they are fetched on every run
// to find what is new): seeds, sitemaps and feeds given explicitly, and
// for every seed host the sitemaps its robots.txt names and /sitemap.xml.
func (c *Crawler) seed(ctx context.Context) error {
	var entries []frontier.Entry
	seen := make(map[string]bool)
	add := func(raw string, kind frontier.Kind, prio int, source string) error {
		key, err := dedup.Canonical(raw, canonOptions)
		if err != nil {
			return fmt.Errorf("crawl: start url %q: %w", raw, err)
		}
		if seen[key] {
			return nil
		}
		seen[key] = true
		entries = append(entries, frontier.Entry{URL: key, Host: hostOf(key), Kind: kind, Priority: prio, Source: source, Job: c.opts.Job})
		return nil
	}
	hosts := make(map[string]string) // host:port -> scheme://host:port
	for _, s := range c.opts.Seeds {
		if err := add(s, frontier.Page, prioStart, "seed"); err != nil {
			return err
		}
		if u, err := url.Parse(s); err == nil && u.Host != "" {
			hosts[u.Host] = u.Scheme + "://" + u.Host
		}
	}
	for _, s := range c.opts.Sitemaps {
		if err := add(s, frontier.Sitemap, prioSitemap, "job"); err != nil {
			return err
		}
	}
	for _, s := range c.opts.Feeds {
		if err := add(s, frontier.Feed, prioFeed, "job"); err != nil {
			return err
		}
	}
	for _, origin := range hosts {
		for _, sm := range c.robots.Sitemaps(ctx, origin) {
			if u, err := url.Parse(sm); err == nil && c.scope.allowedHost(u.Hostname()) {
				add(sm, frontier.Sitemap, prioSitemap, "robots")
			}
		}
		if len(c.opts.Sitemaps) == 0 {
			add(origin+"/sitemap.xml", frontier.Sitemap, prioSitemap, "guess")
		}
	}
	if _, err := c.frontier.Requeue(ctx, entries); err != nil {
		return fmt.Errorf("crawl: queue start urls: %w", err)
	}
	return nil
}
