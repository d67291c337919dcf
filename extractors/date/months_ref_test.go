package date

import (
	"math/rand"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// monthDatesRef is monthDates as it was before the month name was looked
// up only next to a date's digits: the reference it must agree with.
func monthDatesRef(s string, out []parsed) []parsed {
	start := -1
	for i := 0; i <= len(s); {
		r, size := rune(-1), 1
		if i < len(s) {
			if c := s[i]; c < utf8.RuneSelf {
				r = rune(c)
			} else {
				r, size = utf8.DecodeRuneInString(s[i:])
			}
		}
		letter := r >= 0 && (r < utf8.RuneSelf && (r|0x20 >= 'a' && r|0x20 <= 'z') || r >= utf8.RuneSelf && unicode.IsLetter(r))
		if letter && start < 0 {
			start = i
		}
		if !letter && start >= 0 {
			if i-start >= 3 && i-start <= maxMonthName {
				if mo := lookupMonth(s[start:i]); mo > 0 {
					out = monthDatesAtRef(s, start, i, mo, out)
				}
			}
			start = -1
		}
		i += size
	}
	return out
}

// monthDatesAtRef appends the dates around the month name s[a:b] (month mo).
func monthDatesAtRef(s string, a, b, mo int, out []parsed) []parsed {
	// after the name: an optional dot
	e := b
	if e < len(s) && s[e] == '.' {
		e++
	}
	// Day first: read backwards from the name.
	if j := skipConnectorBack(s, a); j > 0 {
		j = skipSpaceBack(s, j)
		if j > 0 && s[j-1] == '.' {
			j--
		}
		j = skipOrdinalBack(s, j)
		if d0, d1, ok := dayBack(s, j); ok {
			// after: ,? \s* (de|del \s+)? year
			k := e
			if k < len(s) && s[k] == ',' {
				k++
			}
			k = skipSpace(s, k)
			if k2, ok := skipWord(s, k, "del"); ok {
				k = k2
			} else if k2, ok := skipWord(s, k, "de"); ok {
				k = k2
			}
			if y, ok := digitsAt(s, k, 4); ok && notDigitAt(s, k+4) {
				if t, ok := mkDate(y, strconv.Itoa(mo), s[d0:d1], "", "", ""); ok {
					out = append(out, parsed{t: t, start: d0, end: k + 4})
				}
			}
		}
	}
	// Month first.
	if a == 0 || !isDigit(s[a-1]) {
		k := skipSpace(s, e)
		for n := 2; n >= 1; n-- {
			d, ok := digitsAt(s, k, n)
			if !ok {
				continue
			}
			m := skipOrdinal(s, k+n)
			if m < len(s) && s[m] == '.' {
				m++
			}
			m = skipSpace(s, m)
			if m < len(s) && s[m] == ',' {
				m++
			}
			m = skipSpace(s, m)
			if y, ok := digitsAt(s, m, 4); ok {
				if notDigitAt(s, m+4) {
					if t, ok := mkDate(y, strconv.Itoa(mo), d, "", "", ""); ok {
						out = append(out, parsed{t: t, start: a, end: m + 4})
					}
				}
				break
			}
		}
	}
	// Year first.
	if j := skipSpaceBack(s, a); j < a {
		if j > 0 && s[j-1] == '.' {
			j--
		}
		if j >= 4 && allDigits(s[j-4:j]) && (j == 4 || !isDigit(s[j-5])) && e < len(s) && isSpace(s[e]) {
			k := skipSpace(s, e)
			n := 0
			for n < 2 && k+n < len(s) && isDigit(s[k+n]) {
				n++
			}
			if n > 0 && notDigitAt(s, k+n) {
				if t, ok := mkDate(s[j-4:j], strconv.Itoa(mo), s[k:k+n], "", "", ""); ok {
					out = append(out, parsed{t: t, start: j - 4, end: k + n})
				}
			}
		}
	}
	return out
}

// dateTextPieces are the pieces randomDateText joins: month names in
// several languages and cases, numbers, connectors, ordinals and the
// separators the month patterns read.
var dateTextPieces = []string{"March", "march", "MÄRZ", "März", "mai", "May", "mayor", "Sept", "sept.", "okt.",
	"Okt", "мая", "août", "diciembre", "tammikuuta", "5", "05", "12", "31", "2019", "2020", "20190", "123",
	"of", "de", "del", "th", "st", "er", "º", "°", ".", ",", " ", "  ", "\n", "\t", "-", "/", "x", "ſ",
	"é", "the", "on", "at", "1er", "5th", "2nd", "日", "a"}

// randomDateText joins n random pieces, sometimes without a space.
func randomDateText(rng *rand.Rand, n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteString(dateTextPieces[rng.Intn(len(dateTextPieces))])
		if rng.Intn(3) == 0 {
			b.WriteByte(' ')
		}
	}
	return b.String()
}

func TestMonthDatesMatchesRef(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	found := 0
	for i := 0; i < 300000; i++ {
		s := randomDateText(rng, 1+rng.Intn(12))
		got, want := monthDates(s, nil), monthDatesRef(s, nil)
		if len(want) > 0 {
			found++
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("monthDates(%q) = %v, want %v", s, got, want)
		}
	}
	if found < 2000 {
		t.Fatalf("only %d random texts hold a date", found)
	}
}

// BenchmarkMonthDates reads the month dates of the golden pages' visible
// text (the reference with -ref).
func BenchmarkMonthDates(b *testing.B) {
	var texts []string
	for _, p := range benchPages(b) {
		texts = append(texts, walk(p.Root).stream.String())
	}
	b.Run("new", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			monthDates(texts[i%len(texts)], nil)
		}
	})
	b.Run("ref", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			monthDatesRef(texts[i%len(texts)], nil)
		}
	})
}
