package date

import (
	"regexp"
	"sort"
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

// monthAlt is a regexp alternation of all month names, longest first so
// that a full name wins over its abbreviation.
var monthAlt = func() string {
	names := make([]string, 0, len(monthNames))
	seen := map[string]bool{}
	for k := range monthNames {
		if !seen[k] {
			seen[k] = true
			names = append(names, k)
		}
	}
	sort.Slice(names, func(i, j int) bool {
		if len(names[i]) != len(names[j]) {
			return len(names[i]) > len(names[j])
		}
		return names[i] < names[j]
	})
	for i, n := range names {
		names[i] = regexp.QuoteMeta(n)
	}
	return strings.Join(names, "|")
}()

// lookupMonth returns the month number of a month name, or 0.
func lookupMonth(s string) int {
	s = strings.ToLower(strings.TrimSuffix(s, "."))
	return monthNames[s]
}

// monthWindowBefore and monthWindowAfter are the bytes around a month
// name that the month patterns read: a day, "de"/"of" or a year before
// it, a day, ordinal suffix and year after it.
const (
	monthWindowBefore = 18
	monthWindowAfter  = 26
)

// monthWindows returns the [lo, hi) byte ranges of s around its month
// names that have a digit. A range starts after a separator, so the
// patterns' leading "(?:^|[^\d\pL])" means what it means in s.
func monthWindows(s string) [][2]int {
	var out [][2]int
	start := -1
	check := func(a, b int) {
		if b-a > 24 || lookupMonth(s[a:b]) == 0 {
			return
		}
		lo := max(0, a-monthWindowBefore)
		for lo > 0 && lo < a && (!utf8.RuneStart(s[lo]) || isWordByte(s[lo-1]) || s[lo-1] >= 0x80) {
			lo++
		}
		hi := min(len(s), b+monthWindowAfter)
		for hi < len(s) && !utf8.RuneStart(s[hi]) {
			hi++
		}
		if !strings.ContainsAny(s[lo:hi], "0123456789") {
			return
		}
		if n := len(out); n > 0 && lo <= out[n-1][1] {
			out[n-1][1] = hi
			return
		}
		out = append(out, [2]int{lo, hi})
	}
	for i, r := range s {
		letter := unicode.IsLetter(r)
		if letter && start < 0 {
			start = i
		}
		if !letter && start >= 0 {
			check(start, i)
			start = -1
		}
	}
	if start >= 0 {
		check(start, len(s))
	}
	return out
}

// hasMonthWord reports whether s has a digit and a word that is a month
// name: a cheap test before the month patterns run.
func hasMonthWord(s string) bool {
	if !strings.ContainsAny(s, "0123456789") {
		return false
	}
	start := -1
	for i, r := range s {
		letter := unicode.IsLetter(r)
		if letter && start < 0 {
			start = i
		}
		if !letter && start >= 0 {
			if i-start <= 24 && lookupMonth(s[start:i]) > 0 {
				return true
			}
			start = -1
		}
	}
	return start >= 0 && len(s)-start <= 24 && lookupMonth(s[start:]) > 0
}
