package meta

import (
	"math/bits"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Function words: the cheap check of a declared language. Running text of
// a language is made of its most frequent words to a large share (a third
// or more in most European languages), while another language's text hits
// them rarely. Counting hits on a sample of the body text confirms a
// declaration in microseconds where trigram detection takes a quarter of a
// millisecond; languages written in their own script are confirmed by the
// script alone. Whatever this check cannot confirm goes to the detector.

// functionWords lists, per ISO 639-1 code, frequent words of the language
// in lower case. Words shared by several languages are fine: the check
// needs one language to stand out.
var functionWords = [...]struct{ lang, words string }{
	{"en", "the of and to a in is that for it was on with as he be by at his are this from or had not but have they which an you were her she all we their has been one there would will more if its who so what up out about into than them can only other new some could time these two may then do first any my now such like our over also did just most people after made said years"},
	{"de", "der die und in den von zu das mit sich des auf für ist im dem nicht ein eine als auch es an werden aus er hat dass daß sie nach wird bei einer um am sind noch wie einem über einen so zum war haben nur oder aber vor zur bis mehr durch man sein wurde sei ich wir ihr kann schon wenn"},
	{"fr", "de la le et les des en un du une que est pour qui dans par plus pas au sur ne se ce il sont avec son elle mais nous ou comme aux été fait leur tout cette ses ont aussi bien sans peut deux dont même entre était ils on lui y où très après avait vous"},
	{"es", "de la que el en y a los del se las por un para con no una su al lo como más pero sus le ya o este sí porque esta entre cuando muy sin sobre también me hasta hay donde desde todo nos durante todos uno les ni contra otros ese eso ante ellos esto antes algunos qué unos otro ha fue era son está han sido"},
	{"pt", "de a o que e do da em um para é com não uma os no se na por mais as dos como mas foi ao ele das tem à seu sua ou ser quando muito há nos já está também só pelo pela até isso ela entre era depois sem mesmo aos ter seus quem nas esse eles estão você foram essa nem suas"},
	{"it", "di e il la che in a per un è non una del le si con da al i sono come ma più anche alla gli ha lo della nel dei su delle se questo ci o ed nella ad sul tra stato essere fatto cui dal quando loro dopo anni solo già era molto sua suo hanno degli alle"},
	{"nl", "de en van het een in is dat op te zijn met voor niet aan er die om ook als bij door maar wordt uit dan nog over of was worden naar heeft hij ze wel tot kan al geen deze we hebben zich meer hun zo jaar wat haar werd"},
	{"sv", "och i att det som en på är av för med till den har de inte om ett han men var jag sig från vi så kan man när år säger hon under också efter eller nu sina där vid mot ska skulle kommer ut får finns vara hade alla andra mycket än här då sedan över bara blir upp även vad"},
	{"da", "og i at det er en til på som de med for af den ikke har et der han var vil fra om kan men sig så også jeg efter ved eller skal blev være hun nu over sin da år når mod hvor bliver kun mange havde alle deres andre under hvis op"},
	{"no", "og i det på som er en til å at for med av har de ikke den om han var et men seg så jeg fra vil kan også etter ble skal hun nå eller ut sier da blir bare over mot hadde når der år mer sin enn dette inn"},
	{"fi", "ja on ei se että oli hän ovat kuin myös mutta joka sen tai niin jo kun vain ole voi sitä mukaan hänen olla vuoden jotka tämä nyt jos kanssa siitä sekä mikä ne sitten kaikki noin vielä olisi jälkeen yli kaksi kuitenkin eli tässä aina ollut tulee koska"},
	{"pl", "i w nie na się z do to że jest o jak a po co tak za od ale przez dla jego jej już są tylko może być było ich by czy tym też jednak oraz który która które także ten ta lub przy bardzo gdy tego był była roku pod nad"},
	{"cs", "a v se na je že to s z do o i by jsou jako ale za jeho pro k jak tak od už po které který která bylo byl byla při nebo jejich jen také než ve ze podle jsem má může této tento ještě mezi bude před"},
	{"tr", "ve bir bu da de için ile çok ne gibi daha o ama en olarak kadar sonra var değil her mi ki olan ya ise göre olduğu bile diye şey yok oldu ben sen biz onun bunu ancak ayrıca tarafından yılında arasında"},
	{"id", "yang dan di ini itu dengan untuk dari dalam tidak akan pada juga ke ada karena oleh bisa saat telah lebih sudah mereka atau kami kita jika seperti hanya para namun bahwa adalah tersebut secara banyak masih harus menjadi dapat kepada baru ia tahun"},
	{"hu", "a az és hogy nem is egy meg van de már csak ez azt mint volt még el ki be fel lesz kell vagy ha pedig után amely aki mert nagy két most majd szerint ezt sem között"},
	{"ro", "și în de la a că cu nu o pe un din care se mai este pentru să fi au sunt ce ca dar al lui ale fost sau prin după acest această unei unui când dacă despre până doar foarte acum"},
	{"hr", "i je u na da se za su od s sa koji koja koje to ne iz kao a ali o po što biti bio bila će ili do samo još nije ih te jer godine kada prema također nakon"},
	{"ca", "de la i el que a en les per del es un una amb no els al va com més ha ser dels seu però sobre o fer està són també quan fins molt aquest aquesta"},
	{"vi", "của và là có các những được trong cho không một người đã với này đến khi để từ theo về như cũng nhiều ra sẽ tại nhưng lại còn vào năm đó ông làm"},
}

// wordLangs maps each function word to the set of languages (bits indexing
// functionWords) it belongs to. Built once from functionWords; read-only.
var wordLangs = indexFunctionWords()

func indexFunctionWords() map[string]uint32 {
	m := make(map[string]uint32, 1024)
	for i, l := range functionWords {
		for _, w := range strings.Fields(l.words) {
			m[w] |= 1 << i
		}
	}
	return m
}

// wordFilter is a Bloom filter of the function words: the bit of each
// word's hash is set. Most words of a text are no function word, and a
// clear bit spares them the map lookup. Built once; read-only.
var wordFilter = func() (f [wordFilterBits / 64]uint64) {
	for w := range wordLangs {
		h := wordHash(w)
		f[h/64%uint32(len(f))] |= 1 << (h % 64)
	}
	return f
}()

// wordFilterBits is the size of wordFilter, a power of two several times
// the number of function words, so that few other words pass it.
const wordFilterBits = 1 << 13

// wordHash is FNV-1a over the bytes of w.
func wordHash[S string | []byte](w S) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(w); i++ {
		h = (h ^ uint32(w[i])) * 16777619
	}
	return h
}

// mayBeFunctionWord reports whether the lower-case word w can be in
// wordLangs; false is certain.
func mayBeFunctionWord(w []byte) bool {
	h := wordHash(w)
	return wordFilter[h/64%uint32(len(wordFilter))]&(1<<(h%64)) != 0
}

const (
	// sampleWords is how many words of the body text the check reads.
	sampleWords = 150
	// minSampleWords is the least number of words it judges on.
	minSampleWords = 15
	// minWordShare is the share of the sample's words that must be
	// function words of the winning language.
	minWordShare = 0.15
	// minLead is how many times the runner-up's weighted hits (outside
	// the winner's group) the winner's must reach.
	minLead = 2.0
	// minScriptShare is the share of letters a script must have to name
	// the language by itself.
	minScriptShare = 0.6
)

// cheapLanguage names the language of the start of text from its script or,
// for Latin-script text, from its function words, returning "" when the
// sample is too short or not clear-cut. share is the winning share (of
// letters for a script, of words for function words); how says which test
// decided. Its answers are primary subtags that sameLanguage compares with
// a declaration, so a script shared by a group of languages (Cyrillic,
// Arabic, Devanagari) answers for the group.
func cheapLanguage(text string) (lang string, share float64, how string) {
	if l, s := scriptLanguage(text); l != "" {
		return l, s, "script"
	}
	// Each hit of a word shared by k languages counts 1/k toward each
	// (the lead); the plain hit count gives the share.
	var hits [len(functionWords)]int
	var weight [len(functionWords)]float64
	words := 0
	var buf [64]byte
	for i := 0; i < len(text) && words < sampleWords; {
		// Find the next word: a run of letters and marks.
		if c := text[i]; c < utf8.RuneSelf && !isASCIILetter(c) {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		if !unicode.IsLetter(r) {
			i += size
			continue
		}
		w := buf[:0]
		long := false
		for i < len(text) {
			// ASCII is read byte by byte: only its letters are letters
			// or marks.
			if c := text[i]; c < utf8.RuneSelf {
				if !isASCIILetter(c) {
					break
				}
				if len(w)+utf8.UTFMax <= len(buf) {
					w = append(w, lowerASCII(c))
				} else {
					long = true
				}
				i++
				continue
			}
			r, size = utf8.DecodeRuneInString(text[i:])
			if !unicode.IsLetter(r) && !unicode.IsMark(r) {
				break
			}
			if len(w)+utf8.UTFMax <= len(buf) {
				w = utf8.AppendRune(w, unicode.ToLower(r))
			} else {
				long = true
			}
			i += size
		}
		words++
		if long || !mayBeFunctionWord(w) {
			continue
		}
		set := wordLangs[string(w)]
		if set == 0 {
			continue
		}
		k := 1 / float64(bits.OnesCount32(set))
		for j := range hits {
			if set&(1<<j) != 0 {
				hits[j]++
				weight[j] += k
			}
		}
	}
	if words < minSampleWords {
		return "", 0, ""
	}
	best := 0
	for j := range weight {
		if weight[j] > weight[best] {
			best = j
		}
	}
	lang = functionWords[best].lang
	second := 0.0
	for j := range weight {
		if j != best && !sameLanguage(functionWords[j].lang, lang) && weight[j] > second {
			second = weight[j]
		}
	}
	share = float64(hits[best]) / float64(words)
	if share < minWordShare || weight[best] < minLead*second {
		return "", 0, ""
	}
	return lang, share, "function words"
}

// scriptLanguage names the language (or the group's representative) of a
// text written mostly in a script that few languages use, from its first
// few hundred letters; it returns "" for Latin and mixed text.
func scriptLanguage(text string) (string, float64) {
	var counts [scriptCount]int
	letters := 0
	for i := 0; i < len(text) && letters < 400; {
		// ASCII letters are Latin; other ASCII is no letter.
		if c := text[i]; c < utf8.RuneSelf {
			if isASCIILetter(c) {
				letters++
				counts[scriptLatin]++
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		i += size
		if !unicode.IsLetter(r) {
			continue
		}
		letters++
		counts[scriptOf(r)]++
	}
	if letters < 20 {
		return "", 0
	}
	best := scriptOther
	for s := range counts {
		if counts[s] > counts[best] {
			best = s
		}
	}
	share := float64(counts[best]) / float64(letters)
	if best == scriptHan {
		// Kana marks Japanese; Chinese has none. The two languages are
		// one group for sameLanguage, and the shares add up.
		share = float64(counts[scriptHan]+counts[scriptKana]) / float64(letters)
	}
	if best == scriptKana {
		best, share = scriptHan, float64(counts[scriptHan]+counts[scriptKana])/float64(letters)
	}
	if share < minScriptShare {
		return "", 0
	}
	switch best {
	case scriptHan:
		if counts[scriptKana] > 0 {
			return "ja", share
		}
		return "zh", share
	case scriptHangul:
		return "ko", share
	case scriptCyrillic:
		return "ru", share
	case scriptGreek:
		return "el", share
	case scriptArabic:
		return "ar", share
	case scriptHebrew:
		return "he", share
	case scriptThai:
		return "th", share
	case scriptDevanagari:
		return "hi", share
	case scriptGeorgian:
		return "ka", share
	}
	return "", 0
}

// Scripts that scriptLanguage tells apart.
const (
	scriptOther = iota
	scriptLatin
	scriptCyrillic
	scriptGreek
	scriptArabic
	scriptHebrew
	scriptHan
	scriptKana
	scriptHangul
	scriptThai
	scriptDevanagari
	scriptGeorgian
	scriptCount
)

func scriptOf(r rune) int {
	switch {
	case r < 0x250:
		return scriptLatin
	case unicode.Is(unicode.Cyrillic, r):
		return scriptCyrillic
	case unicode.Is(unicode.Greek, r):
		return scriptGreek
	case unicode.Is(unicode.Arabic, r):
		return scriptArabic
	case unicode.Is(unicode.Hebrew, r):
		return scriptHebrew
	case unicode.Is(unicode.Han, r):
		return scriptHan
	case unicode.Is(unicode.Hiragana, r), unicode.Is(unicode.Katakana, r):
		return scriptKana
	case unicode.Is(unicode.Hangul, r):
		return scriptHangul
	case unicode.Is(unicode.Thai, r):
		return scriptThai
	case unicode.Is(unicode.Devanagari, r):
		return scriptDevanagari
	case unicode.Is(unicode.Georgian, r):
		return scriptGeorgian
	case unicode.Is(unicode.Latin, r):
		return scriptLatin
	}
	return scriptOther
}

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
