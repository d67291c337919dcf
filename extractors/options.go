package extractors

import "time"

// DefaultMaxBytes is the input size above which Extract refuses a page
// when Options.MaxBytes is zero.
const DefaultMaxBytes = 32 << 20

// Options tune one extraction. The zero value is ready to use.
type Options struct {
	// ContentType is the HTTP Content-Type header the page was served
	// with; its charset parameter is a hint for decoding. Empty means none.
	ContentType string
	// FetchTime is when the page was fetched: the reference for relative
	// dates ("3 hours ago") and the upper bound for plausible dates. Zero
	// means unknown (relative dates are not resolved).
	FetchTime time.Time
	// MaxBytes is the largest page accepted, in bytes. 0 means
	// DefaultMaxBytes; a larger page fails with ErrTooLarge.
	MaxBytes int64
	// WithHTML fills Article.HTML with the cleaned body HTML.
	WithHTML bool
	// WithMarkdown fills Article.Markdown with the body as Markdown.
	WithMarkdown bool
	// Explain fills Article.Explanation with every field's provenance.
	Explain bool
	// Registry holds the site rules and custom extractors applied on top
	// of the generic engine. nil means the generic engine only.
	Registry *Registry
}

func (o Options) maxBytes() int64 {
	if o.MaxBytes > 0 {
		return o.MaxBytes
	}
	return DefaultMaxBytes
}
