package date

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// monthNames maps lower-cased month names and abbreviations, in many
// languages, to month numbers. Abbreviations are written without their dot.
var monthNames = map[string]int{
	// English
	"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6,
	"july": 7, "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
	"sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
	// German
	"januar": 1, "jänner": 1, "jaenner": 1, "februar": 2, "feber": 2, "märz": 3, "maerz": 3,
	"mai": 5, "juni": 6, "juli": 7, "oktober": 10, "dezember": 12,
	"jän": 1, "mrz": 3, "mär": 3, "okt": 10, "dez": 12,
	// French
	"janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "juin": 6,
	"juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
	"décembre": 12, "decembre": 12, "janv": 1, "févr": 2, "fév": 2, "avr": 4,
	"juil": 7, "déc": 12,
	// Spanish
	"enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6,
	"julio": 7, "agosto": 8, "septiembre": 9, "setiembre": 9, "octubre": 10,
	"noviembre": 11, "diciembre": 12, "ene": 1, "abr": 4, "ago": 8, "dic": 12,
	// Italian
	"gennaio": 1, "febbraio": 2, "aprile": 4, "maggio": 5, "giugno": 6,
	"luglio": 7, "settembre": 9, "ottobre": 10, "dicembre": 12,
	"gen": 1, "mag": 5, "giu": 6, "lug": 7, "set": 9, "ott": 10,
	// Portuguese
	"janeiro": 1, "fevereiro": 2, "março": 3, "marco": 3, "maio": 5, "junho": 6,
	"julho": 7, "setembro": 9, "outubro": 10, "dezembro": 12, "fev": 2, "out": 10,
	// Dutch
	"januari": 1, "februari": 2, "maart": 3, "mei": 5, "augustus": 8, "okt.": 10,
	// Swedish, Danish, Norwegian
	"augusti": 8, "maj": 5, "desember": 12,
	// Finnish
	"tammikuuta": 1, "helmikuuta": 2, "maaliskuuta": 3, "huhtikuuta": 4,
	"toukokuuta": 5, "kesäkuuta": 6, "heinäkuuta": 7, "elokuuta": 8,
	"syyskuuta": 9, "lokakuuta": 10, "marraskuuta": 11, "joulukuuta": 12,
	// Polish (genitive and nominative)
	"stycznia": 1, "lutego": 2, "marca": 3, "kwietnia": 4, "maja": 5, "czerwca": 6,
	"lipca": 7, "sierpnia": 8, "września": 9, "października": 10, "listopada": 11,
	"grudnia": 12, "styczeń": 1, "luty": 2, "marzec": 3, "kwiecień": 4,
	"czerwiec": 6, "lipiec": 7, "sierpień": 8, "wrzesień": 9, "październik": 10,
	"listopad": 11, "grudzień": 12,
	// Czech (genitive)
	"ledna": 1, "února": 2, "března": 3, "dubna": 4, "května": 5, "června": 6,
	"července": 7, "srpna": 8, "září": 9, "října": 10, "listopadu": 11, "prosince": 12,
	// Turkish
	"ocak": 1, "şubat": 2, "mart": 3, "nisan": 4, "mayıs": 5, "haziran": 6,
	"temmuz": 7, "ağustos": 8, "eylül": 9, "ekim": 10, "kasım": 11, "aralık": 12,
	// Russian (genitive) and Ukrainian (genitive)
	"января": 1, "февраля": 2, "марта": 3, "апреля": 4, "мая": 5, "июня": 6,
	"июля": 7, "августа": 8, "сентября": 9, "октября": 10, "ноября": 11, "декабря": 12,
	"січня": 1, "лютого": 2, "березня": 3, "квітня": 4, "травня": 5, "червня": 6,
	"липня": 7, "серпня": 8, "вересня": 9, "жовтня": 10, "листопада": 11, "грудня": 12,
	// Romanian
	"ianuarie": 1, "februarie": 2, "martie": 3, "aprilie": 4, "iunie": 6,
	"iulie": 7, "septembrie": 9, "octombrie": 10, "noiembrie": 11, "decembrie": 12,
	// Hungarian
	"január": 1, "február": 2, "március": 3, "április": 4, "május": 5, "június": 6,
	"július": 7, "augusztus": 8, "szeptember": 9, "október": 10,
	// Indonesian / Malay
	"pebruari": 2, "agustus": 8,
	// Greek (genitive)
	"ιανουαρίου": 1, "φεβρουαρίου": 2, "μαρτίου": 3, "απριλίου": 4, "μαΐου": 5,
	"ιουνίου": 6, "ιουλίου": 7, "αυγούστου": 8, "σεπτεμβρίου": 9, "οκτωβρίου": 10,
	"νοεμβρίου": 11, "δεκεμβρίου": 12,
}

// lookupMonth returns the month number of a month name, or 0.
func lookupMonth(s string) int {
	s = strings.TrimSuffix(s, ".")
	if len(s) > maxMonthName {
		return 0
	}
	// Lower-case into a buffer: a map lookup of string(b) does not
	// allocate.
	var buf [2 * maxMonthName]byte
	b := buf[:0]
	for _, r := range s {
		r = unicode.ToLower(r)
		if r < utf8.RuneSelf {
			b = append(b, byte(r))
			continue
		}
		if len(b)+utf8.UTFMax > len(buf) {
			return 0
		}
		b = utf8.AppendRune(b, r)
	}
	return monthNames[string(b)]
}

// maxMonthName bounds the bytes of a month name.
const maxMonthName = 24

// monthDates appends to out the dates of s written with a month name: day
// first ("5. März 2019", "5th of March 2019", "5 de marzo de 2019"), month
// first ("March 5th, 2019") and year first ("2019 March 5"). It reads the
// bytes around each month name directly, as these patterns would:
//
//	(?:^|[^\d\pL])(\d{1,2})(?:st|nd|rd|th|er|º|°)?\.?\s*(?:of\s+|de\s+|del\s+)?MONTH\.?,?\s*(?:de\s+|del\s+)?(\d{4})
//	(?:^|[^\pL\d])MONTH\.?\s*(\d{1,2})(?:st|nd|rd|th)?\.?\s*,?\s*(\d{4})
//	(?:^|[^\d])(\d{4})\.?\s+MONTH\.?\s+(\d{1,2})
//
// (case-insensitive; \s is ASCII white space), each followed by no digit.
//
// A word is looked up as a month name only when a date can be around it:
// digits after it, or digits before it with at most an ordinal and a
// connector between (see dayGap). Most words of a text are neither.
func monthDates(s string, out []parsed) []parsed {
	start := -1
	// gap is dayGap at i; gapAtStart is gap where the current word began.
	gap, gapAtStart := noDay, noDay
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
			start, gapAtStart = i, gap
		}
		if !letter && start >= 0 {
			if i-start >= 3 && i-start <= maxMonthName && (gapAtStart < noDay || digitAfterMonth(s, i)) {
				if mo := lookupMonth(s[start:i]); mo > 0 {
					out = monthDatesAt(s, start, i, mo, out)
				}
			}
			start = -1
		}
		gap = nextDayGap(gap, r, size)
		i += size
	}
	return out
}

// dayGap, counted by nextDayGap, is how many bytes other than white space
// and dots came after the last digit: those of an ordinal ("th", "º") and
// a connector ("of", "del"), at most 5, lie between a day or a year and
// the month name after it. noDay stands for no digit so far or a byte
// that cannot be there.
const noDay = 6

// nextDayGap returns the dayGap after the rune r (size bytes; -1 at the
// end of the text) that follows a dayGap of gap.
func nextDayGap(gap int, r rune, size int) int {
	switch {
	case r >= '0' && r <= '9':
		return 0
	case r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f' || r == '.':
		return gap
	case r < utf8.RuneSelf && r|0x20 >= 'a' && r|0x20 <= 'z', r == 'º', r == '°':
		return min(gap+size, noDay)
	}
	return noDay
}

// digitAfterMonth reports whether a digit follows the month name ending
// at b, after an optional dot and white space, as a month-first date
// needs.
func digitAfterMonth(s string, b int) bool {
	if b < len(s) && s[b] == '.' {
		b++
	}
	b = skipSpace(s, b)
	return b < len(s) && isDigit(s[b])
}

// monthDatesAt appends the dates around the month name s[a:b] (month mo).
func monthDatesAt(s string, a, b, mo int, out []parsed) []parsed {
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

func skipSpace(s string, i int) int {
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	return i
}

func skipSpaceBack(s string, j int) int {
	for j > 0 && isSpace(s[j-1]) {
		j--
	}
	return j
}

// skipWord skips the ASCII word w (any case) at s[i:] and the white space
// after it, which must be there.
func skipWord(s string, i int, w string) (int, bool) {
	if i+len(w) >= len(s) || !strings.EqualFold(s[i:i+len(w)], w) || !isSpace(s[i+len(w)]) {
		return i, false
	}
	return skipSpace(s, i+len(w)), true
}

// skipConnectorBack steps back from a month name at a over white space
// and "of", "de" or "del" (with white space after it), when they are
// there; it returns where the day's suffix ends, or 0 when nothing can
// be before the name.
func skipConnectorBack(s string, a int) int {
	j := skipSpaceBack(s, a)
	if j == a {
		return a
	}
	for _, w := range [...]string{"del", "of", "de"} {
		if k := j - len(w); k >= 0 && strings.EqualFold(s[k:j], w) && (k == 0 || !isLetterBefore(s, k)) {
			return skipSpaceBack(s, k)
		}
	}
	return j
}

// isLetterBefore reports whether the rune ending at s[k] is a letter.
func isLetterBefore(s string, k int) bool {
	if c := s[k-1]; c < utf8.RuneSelf {
		return c|0x20 >= 'a' && c|0x20 <= 'z'
	}
	r, _ := utf8.DecodeLastRuneInString(s[:k])
	return unicode.IsLetter(r)
}

// ordinals are the suffixes a day may have before a month name (dayFirst)
// or after it.
var (
	ordinalsBefore = [...]string{"st", "nd", "rd", "th", "er", "º", "°"}
	ordinalsAfter  = [...]string{"st", "nd", "rd", "th"}
)

// skipOrdinalBack steps back over an ordinal suffix ending at j.
func skipOrdinalBack(s string, j int) int {
	for _, o := range ordinalsBefore {
		if k := j - len(o); k > 0 && strings.EqualFold(s[k:j], o) && isDigit(s[k-1]) {
			return k
		}
	}
	return j
}

// skipOrdinal steps over an ordinal suffix at i.
func skipOrdinal(s string, i int) int {
	for _, o := range ordinalsAfter {
		if i+len(o) <= len(s) && strings.EqualFold(s[i:i+len(o)], o) {
			return i + len(o)
		}
	}
	return i
}

// dayBack returns the one or two digits ending at j, preceded by the start
// of s or by neither a digit nor a letter.
func dayBack(s string, j int) (int, int, bool) {
	k := j
	for k > 0 && j-k < 3 && isDigit(s[k-1]) {
		k--
	}
	if n := j - k; n < 1 || n > 2 {
		return 0, 0, false
	}
	if k > 0 && isLetterBefore(s, k) {
		return 0, 0, false
	}
	return k, j, true
}

// digitsAt returns the n digits at s[i:], when they are there.
func digitsAt(s string, i, n int) (string, bool) {
	if i+n > len(s) || !allDigits(s[i:i+n]) {
		return "", false
	}
	return s[i : i+n], true
}
