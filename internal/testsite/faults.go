package testsite

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"image"
	"image/color"
	"image/png"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/encoding/charmap"
)

// Outcomes a crawler should record for the fault paths (FaultURLs): the
// URL's final state, a colon, and the reason.
const (
	OutcomeDone            = "done"                     // stored as an article (deep nesting, charset pages)
	OutcomeDoneRetry       = "done after retry"         // 503 or 429 with Retry-After: 1 once, then the article
	OutcomeDoneRedirects   = "done after redirects"     // 301 -> 302 -> 307 -> the article
	OutcomeHTTP500         = "failed: http 500"         // 500 on every request: retried, then given up
	OutcomeHTTP404         = "failed: http 404"         // not found
	OutcomeHTTP410         = "failed: http 410"         // gone
	OutcomeRedirectLoop    = "failed: redirect loop"    // loop-a -> loop-b -> loop-a
	OutcomeTooLarge        = "failed: too large"        // over the body or decompression cap
	OutcomeStalled         = "failed: stalled"          // a few bytes, then nothing
	OutcomeShortBody       = "failed: short body"       // Content-Length three times the body
	OutcomeConnectionReset = "failed: connection reset" // TCP reset mid-body
	OutcomeNotHTML         = "skipped: not html"        // application/pdf, image/png
)

// fault is one path under /faults/.
type fault struct {
	name    string // path after /faults/
	label   string // link text on /faults/; "" means not linked
	outcome string // expected outcome of fetching the linked path
	serve   func(s *Site, w http.ResponseWriter, r *http.Request)
	// story, when set, is the article the fault ends in (in
	// ExpectedArticles); its path is where that article is served.
	story func(s *Site) *story
}

func (s *Site) faultList() []fault {
	article := func(k int, name, title string, accents bool) func(s *Site) *story {
		return func(s *Site) *story { return s.faultStory(k, name, title, accents) }
	}
	status := func(code int) func(*Site, http.ResponseWriter, *http.Request) {
		return func(s *Site, w http.ResponseWriter, r *http.Request) { s.faultStatus(w, r, code) }
	}
	redirect := func(code int, to string) func(*Site, http.ResponseWriter, *http.Request) {
		return func(s *Site, w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/faults/"+to, code) }
	}
	retryStory := article(1, "503-once.html", "Patient crawler gets the story after a short wait", false)
	rateStory := article(2, "429-once.html", "Rate limits lifted for the careful reader", false)
	redirectStory := article(3, "redirected-article.html", "Three hops lead to the moved story", false)
	deepStory := article(4, "deep-nesting.html", "Story found under two thousand layers", false)
	lateStory := article(5, "late-charset.html", "Café owners in Zürich celebrate a crème brûlée revival", true)
	wrongStory := article(6, "wrong-charset.html", "Señora Peña opens a pâtisserie in Málaga", true)
	return []fault{
		{name: "500.html", label: "Internal error", outcome: OutcomeHTTP500, serve: status(500)},
		{name: "503-once.html", label: "Busy once", outcome: OutcomeDoneRetry, story: retryStory,
			serve: func(s *Site, w http.ResponseWriter, r *http.Request) { s.faultOnce(w, r, 503, retryStory) }},
		{name: "429-once.html", label: "Rate limited once", outcome: OutcomeDoneRetry, story: rateStory,
			serve: func(s *Site, w http.ResponseWriter, r *http.Request) { s.faultOnce(w, r, 429, rateStory) }},
		{name: "404.html", label: "Missing", outcome: OutcomeHTTP404, serve: status(404)},
		{name: "410.html", label: "Gone", outcome: OutcomeHTTP410, serve: status(410)},
		{name: "redirect-1.html", label: "Moved story", outcome: OutcomeDoneRedirects, story: redirectStory,
			serve: redirect(http.StatusMovedPermanently, "redirect-2.html")},
		{name: "redirect-2.html", serve: redirect(http.StatusFound, "redirect-3.html")},
		{name: "redirect-3.html", serve: redirect(http.StatusTemporaryRedirect, "redirected-article.html")},
		{name: "redirected-article.html", serve: func(s *Site, w http.ResponseWriter, r *http.Request) { s.faultArticle(w, r, redirectStory) }},
		{name: "loop-a.html", label: "Redirect loop", outcome: OutcomeRedirectLoop, serve: redirect(http.StatusFound, "loop-b.html")},
		{name: "loop-b.html", serve: redirect(http.StatusFound, "loop-a.html")},
		{name: "big-length.html", label: "Big page", outcome: OutcomeTooLarge,
			serve: func(s *Site, w http.ResponseWriter, r *http.Request) { s.faultBig(w, r, true) }},
		{name: "big-chunked.html", label: "Big streamed page", outcome: OutcomeTooLarge,
			serve: func(s *Site, w http.ResponseWriter, r *http.Request) { s.faultBig(w, r, false) }},
		{name: "gzip-bomb.html", label: "Compressed page", outcome: OutcomeTooLarge, serve: (*Site).faultBomb},
		{name: "deep-nesting.html", label: "Deep page", outcome: OutcomeDone, story: deepStory,
			serve: func(s *Site, w http.ResponseWriter, r *http.Request) { s.faultDeep(w, r, deepStory(s)) }},
		{name: "report.pdf", label: "Annual report (PDF)", outcome: OutcomeNotHTML, serve: (*Site).faultPDF},
		{name: "photo.png", label: "Photo", outcome: OutcomeNotHTML, serve: (*Site).faultPNG},
		{name: "stall.html", label: "Slow page", outcome: OutcomeStalled, serve: (*Site).faultStall},
		{name: "short-body.html", label: "Truncated page", outcome: OutcomeShortBody,
			serve: func(s *Site, w http.ResponseWriter, r *http.Request) { s.faultHijack(w, r, false) }},
		{name: "reset.html", label: "Dropped connection", outcome: OutcomeConnectionReset,
			serve: func(s *Site, w http.ResponseWriter, r *http.Request) { s.faultHijack(w, r, true) }},
		{name: "late-charset.html", label: "Café news", outcome: OutcomeDone, story: lateStory,
			serve: func(s *Site, w http.ResponseWriter, r *http.Request) { s.faultLateCharset(w, r, lateStory(s)) }},
		{name: "wrong-charset.html", label: "Pâtisserie news", outcome: OutcomeDone, story: wrongStory,
			serve: func(s *Site, w http.ResponseWriter, r *http.Request) { s.faultWrongCharset(w, r, wrongStory(s)) }},
	}
}

// FaultURLs maps each fault path linked from /faults/ to the outcome a
// crawler should record for it (the Outcome constants): "failed: http
// 500", "done after retry", "failed: too large", "skipped: not html", and
// so on. The paths that end in an article ("done…") are also in
// ExpectedArticles, under the path the article is finally served at. nil
// without Options.Faults.
func (s *Site) FaultURLs() map[string]string {
	if !s.opts.Faults {
		return nil
	}
	m := map[string]string{}
	for _, f := range s.faults {
		if f.label != "" {
			m["/faults/"+f.name] = f.outcome
		}
	}
	return m
}

// serveFault serves /faults/ and the fault pages; name is the path after
// "/faults/".
func (s *Site) serveFault(w http.ResponseWriter, r *http.Request, name string) {
	if name == "" {
		b := s.getBuf()
		s.head(b, r, pageHead{title: "Service notices", ogType: "website", canonical: base(r) + "/faults/"})
		b.WriteString("<main>\n<h1>Service notices</h1>\n<ul>\n")
		for _, f := range s.faults {
			if f.label != "" {
				b.WriteString("<li><a href=\"/faults/" + f.name + "\">" + escapeText(f.label) + "</a></li>\n")
			}
		}
		b.WriteString("</ul>\n</main>\n")
		s.foot(b)
		s.send(w, htmlType, b)
		return
	}
	for i := range s.faults {
		if s.faults[i].name == name {
			s.faults[i].serve(s, w, r)
			return
		}
	}
	s.notFound(w, r)
}

// faultStory is fault article k, served at /faults/<name>. With accents,
// the text gains a paragraph of accented words, so a wrong charset shows.
func (s *Site) faultStory(k int, name, title string, accents bool) *story {
	r := s.rng(streamFault, uint64(k))
	st := &story{
		path:      "/faults/" + name,
		title:     title,
		author:    author(r),
		section:   -1,
		published: s.opts.Now.Add(-2*time.Hour - time.Duration(k)*13*time.Minute).Truncate(time.Minute),
		paras:     s.paragraphs(streamFault, uint64(k), s.opts.ParagraphsPerArticle),
	}
	st.modified = st.published
	if accents {
		accented := []string{
			"À la gare, le café a rouvert : les habitués ont salué la crème brûlée, le gâteau façon grand-mère et les crêpes flambées.",
			"En Málaga, la señora Peña abrió una pâtisserie junto al puerto; los vecinos probaron el turrón, la piña colada y el café con leche.",
		}
		st.paras = append([]string{accented[k%2]}, st.paras...)
	}
	return st
}

func (s *Site) faultArticle(w http.ResponseWriter, r *http.Request, story func(*Site) *story) {
	b := s.getBuf()
	s.renderStory(b, r, story(s), pageMain)
	s.send(w, htmlType, b)
}

func (s *Site) faultStatus(w http.ResponseWriter, r *http.Request, code int) {
	b := s.getBuf()
	text := strconv.Itoa(code) + " " + http.StatusText(code)
	s.head(b, r, pageHead{title: text, ogType: "website"})
	b.WriteString("<main><h1>" + text + "</h1><p>Something went wrong.</p></main>\n")
	s.foot(b)
	s.sendStatus(w, code, htmlType, b)
}

// faultOnce answers the first request for the path with code and
// Retry-After: 1, and every later one with the article.
func (s *Site) faultOnce(w http.ResponseWriter, r *http.Request, code int, story func(*Site) *story) {
	if s.Hits(r.URL.Path) <= 1 {
		w.Header().Set("Retry-After", "1")
		s.faultStatus(w, r, code)
		return
	}
	s.faultArticle(w, r, story)
}

// faultBig serves an HTML page of exactly Options.BigBytes, with or
// without Content-Length.
func (s *Site) faultBig(w http.ResponseWriter, r *http.Request, withLength bool) {
	const para = "<p>This page keeps going and going, far past any sensible size for a news article, to test the crawler's body cap.</p>\n"
	head := "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Big page</title></head><body>\n"
	tail := "</body></html>\n"
	total := s.opts.BigBytes
	w.Header().Set("Content-Type", htmlType)
	if withLength {
		w.Header().Set("Content-Length", strconv.FormatInt(total, 10))
	}
	w.WriteHeader(http.StatusOK)
	chunk := []byte(strings.Repeat(para, 32<<10/len(para)))
	written, err := w.Write([]byte(head))
	left := total - int64(written) - int64(len(tail))
	if !withLength {
		http.NewResponseController(w).Flush()
	}
	for left > 0 && err == nil {
		n := int64(len(chunk))
		if n > left {
			n = left
		}
		_, err = w.Write(chunk[:n])
		left -= n
	}
	if err == nil {
		w.Write([]byte(tail))
	}
}

// bombMember is one gzip member holding 1 MiB of spaces (about 1 KiB).
func (s *Site) bombMember() []byte {
	return s.bomb.get(func() []byte {
		var b bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
		zw.Write(bytes.Repeat([]byte{' '}, 1<<20))
		zw.Close()
		return b.Bytes()
	})
}

// faultBomb serves a gzip-encoded HTML page that decompresses to
// Options.BombBytes (rounded up to MiB): a small first member with the
// page's start, then one cached 1 MiB member repeated.
func (s *Site) faultBomb(w http.ResponseWriter, r *http.Request) {
	var first bytes.Buffer
	zw := gzip.NewWriter(&first)
	zw.Write([]byte("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Compressed page</title></head><body><p>"))
	zw.Close()
	member := s.bombMember()
	count := (s.opts.BombBytes + 1<<20 - 1) >> 20
	h := w.Header()
	h.Set("Content-Type", htmlType)
	h.Set("Content-Encoding", "gzip")
	h.Set("Content-Length", strconv.FormatInt(int64(first.Len())+count*int64(len(member)), 10))
	w.WriteHeader(http.StatusOK)
	if _, err := w.Write(first.Bytes()); err != nil {
		return
	}
	for range count {
		if _, err := w.Write(member); err != nil {
			return
		}
	}
}

// faultDepth is how deeply the deep-nesting page nests its article.
const faultDepth = 2000

// faultDeep serves st's page with <main> inside faultDepth nested <div>s.
func (s *Site) faultDeep(w http.ResponseWriter, r *http.Request, st *story) {
	page := s.getBuf()
	s.renderStory(page, r, st, pageMain)
	html := page.String()
	s.bufs.Put(page)
	i, j := strings.Index(html, "<main>"), strings.Index(html, "</main>")+len("</main>")
	b := s.getBuf()
	b.WriteString(html[:i])
	for range faultDepth {
		b.WriteString("<div class=\"wrap\">")
	}
	b.WriteString(html[i:j])
	for range faultDepth {
		b.WriteString("</div>")
	}
	b.WriteString(html[j:])
	s.send(w, htmlType, b)
}

func (s *Site) faultPDF(w http.ResponseWriter, r *http.Request) {
	b := s.getBuf()
	b.WriteString("%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n" +
		"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
	s.send(w, "application/pdf", b)
}

func (s *Site) faultPNG(w http.ResponseWriter, r *http.Request) {
	img := image.NewGray(image.Rect(0, 0, 16, 16))
	for i := range img.Pix {
		img.Pix[i] = uint8(i * 7)
	}
	img.Set(0, 0, color.Gray{Y: 255})
	b := s.getBuf()
	png.Encode(b, img)
	s.send(w, "image/png", b)
}

// faultStall writes the start of a page, then holds the request until its
// context ends (client gone, connection closed), Options.StallFor passes,
// or the Site is closed.
func (s *Site) faultStall(w http.ResponseWriter, r *http.Request) {
	s.stalling.Add(1)
	defer s.stalling.Add(-1)
	w.Header().Set("Content-Type", htmlType)
	w.WriteHeader(http.StatusOK)
	w.Write([]byte("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Slow page</title></head><body><p>Loading"))
	http.NewResponseController(w).Flush()
	t := time.NewTimer(s.opts.StallFor)
	defer t.Stop()
	select {
	case <-r.Context().Done():
	case <-t.C:
	case <-s.closed:
	}
}

// faultHijack takes over the connection and sends a response whose
// Content-Length promises three times the bytes it sends. Then it closes
// the connection: normally (short body) or with a TCP reset (reset). A
// ResponseWriter that cannot be hijacked (HTTP/2, recorders) gets
// http.ErrAbortHandler instead.
func (s *Site) faultHijack(w http.ResponseWriter, r *http.Request, reset bool) {
	body := "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Cut short</title></head><body><p>" +
		strings.Repeat("This body stops long before its promised length. ", 40)
	conn, rw, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	defer conn.Close()
	writeRaw(rw, len(body)*3, body)
	if reset {
		time.Sleep(50 * time.Millisecond) // let the client read into the body
		if tc, ok := conn.(*net.TCPConn); ok {
			tc.SetLinger(0)
		}
	}
}

func writeRaw(rw *bufio.ReadWriter, length int, body string) {
	rw.WriteString("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: " + strconv.Itoa(length) + "\r\nConnection: close\r\n\r\n")
	rw.WriteString(body)
	rw.Flush()
}

// faultLateCharset serves st in windows-1252, declared only by a <meta
// charset> after 4 KiB of inline script, with no charset in the header.
func (s *Site) faultLateCharset(w http.ResponseWriter, r *http.Request, st *story) {
	page := s.getBuf()
	s.renderStory(page, r, st, pageMain)
	script := "<script>\n" + strings.Repeat("window.dataLayer = window.dataLayer || []; dataLayer.push({event: 'pageview', section: 'faults'});\n", 48) + "</script>\n"
	html := strings.Replace(page.String(), "<meta charset=\"utf-8\">\n", script+"<meta charset=\"windows-1252\">\n", 1)
	s.bufs.Put(page)
	enc, err := charmap.Windows1252.NewEncoder().String(html)
	if err != nil {
		panic("testsite: late-charset page not encodable: " + err.Error())
	}
	b := s.getBuf()
	b.WriteString(enc)
	s.send(w, "text/html", b)
}

// faultWrongCharset serves st as UTF-8 without a <meta charset>, under a
// header that says ISO-8859-1.
func (s *Site) faultWrongCharset(w http.ResponseWriter, r *http.Request, st *story) {
	page := s.getBuf()
	s.renderStory(page, r, st, pageMain)
	html := strings.Replace(page.String(), "<meta charset=\"utf-8\">\n", "", 1)
	s.bufs.Put(page)
	b := s.getBuf()
	b.WriteString(html)
	s.send(w, "text/html; charset=iso-8859-1", b)
}
