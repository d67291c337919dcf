package crawl

import (
	"github.com/newshound/newshound/internal/frontier"
	"github.com/newshound/newshound/internal/robots"
	"github.com/newshound/newshound/internal/store"
)

// Backends are where a crawl keeps its queue, its corpus and its
// robots.txt answers. SQLite (one file) for both is the default; a Redis
// frontier and a PostgreSQL store let many crawler processes share one
// crawl.
type Backends struct {
	// Frontier is the job's crawl queue (already scoped to the job).
	Frontier frontier.Frontier
	// Store keeps the articles. When it is the *store.SQLite whose
	// frontier is Frontier, Save records each URL's outcome with its
	// article; any other store records articles only and the crawler
	// finishes URLs in the frontier itself (Options.FrontierApart).
	Store store.Store
	// Robots, when not nil, shares fetched robots.txt files between
	// processes (a Redis); nil keeps them in this process only.
	Robots robots.Storage
}

// frontierApart reports whether the store leaves URL states to the
// frontier: every store but the SQLite one records articles only.
func (b Backends) frontierApart() bool {
	_, sqlite := b.Store.(*store.SQLite)
	return !sqlite
}
