package store

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// TimeLayout is how stores write times newshound itself records (fetch
// times, job runs): fixed-width UTC RFC 3339 with milliseconds, which sorts
// as text.
const TimeLayout = "2006-01-02T15:04:05.000Z"

const timeLayout = TimeLayout

// Row is an article encoded for the articles table, the same way by every
// store backend (SQLite, PostgreSQL), so that the Article JSON read back is
// byte for byte the same whatever the store.
type Row struct {
	Key, URL, Canonical, Site, SiteName, Title string
	// Authors, Tags and Breadcrumbs are JSON arrays ("[]" when empty).
	Authors, Tags, Breadcrumbs string
	// Published and Modified are RFC 3339 in the page's offset;
	// PublishedDay is its calendar day, PublishedUTC the instant in
	// TimeLayout. nil means NULL.
	Published, PublishedDay, PublishedUTC, Modified *string
	Language, Description, Section, Image, Text     string
	WordCount                                       int
	ContentHash                                     string
	SimHash                                         uint64
	// Near says the article takes part in near-duplicate detection.
	Near                                       bool
	Reason, FetchedAt, ETag, LastModified, Job string
}

// NewRow encodes r's article (r.Article must not be nil). now stands in
// for a missing r.FetchedAt; near-duplicate detection applies when
// nearDistance >= 0, the SimHash is set and the text has at least
// nearMinWords words.
func NewRow(r *Result, now time.Time, nearDistance, nearMinWords int) (*Row, error) {
	art := r.Article
	key := r.ArticleKey
	if key == "" {
		key = r.URL
	}
	fetched := r.FetchedAt
	if fetched.IsZero() {
		fetched = now
	}
	a := &Row{
		Key: key, URL: art.URL, Canonical: art.CanonicalURL, Site: hostOf(key),
		SiteName: art.SiteName, Title: art.Title, Language: art.Language,
		Description: art.Description, Section: art.Section, Image: art.Image, Text: art.Text,
		WordCount: art.WordCount, ContentHash: art.ContentHash, SimHash: r.SimHash,
		Near:   nearDistance >= 0 && r.SimHash != 0 && art.WordCount >= nearMinWords,
		Reason: r.IsArticleReason, FetchedAt: fetched.UTC().Format(TimeLayout),
		ETag: r.ETag, LastModified: r.LastModified, Job: r.Job,
	}
	if a.URL == "" {
		a.URL = r.URL
	}
	var err error
	if a.Authors, err = jsonList(art.Authors); err != nil {
		return nil, fmt.Errorf("encode authors: %w", err)
	}
	if a.Tags, err = jsonList(art.Tags); err != nil {
		return nil, fmt.Errorf("encode tags: %w", err)
	}
	if a.Breadcrumbs, err = jsonList(art.Breadcrumbs); err != nil {
		return nil, fmt.Errorf("encode breadcrumbs: %w", err)
	}
	if p := art.Published; p != nil && !p.IsZero() {
		a.Published = ptr(p.Format(time.RFC3339Nano))
		a.PublishedDay = ptr(p.Format(time.DateOnly))
		a.PublishedUTC = ptr(p.UTC().Format(TimeLayout))
	}
	if m := art.Modified; m != nil && !m.IsZero() {
		a.Modified = ptr(m.Format(time.RFC3339Nano))
	}
	return a, nil
}

func ptr[T any](v T) *T { return &v }

// jsonList encodes a list as a JSON array, "[]" when empty.
func jsonList[T any](v []T) (string, error) {
	if len(v) == 0 {
		return "[]", nil
	}
	b, err := json.Marshal(v)
	return string(b), err
}

// hostOf returns the lower-case host of u ("" if it does not parse).
func hostOf(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return ""
	}
	return strings.ToLower(p.Hostname())
}
