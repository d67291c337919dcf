package testsite

import (
	"math/rand/v2"
	"strconv"
	"strings"
)

// Word lists for the generated prose. They are fixed: changing them changes
// every generated page (and the determinism tests' expectations only compare
// two runs, so that is allowed, but it reshuffles every site).
var (
	adjectives = [...]string{
		"quiet", "bold", "local", "national", "regional", "new", "old", "rising",
		"falling", "urgent", "modest", "sweeping", "divided", "united", "cautious",
		"ambitious", "fragile", "steady", "rural", "urban", "coastal", "northern",
		"southern", "eastern", "western", "independent", "public", "private",
		"temporary", "permanent", "surprising", "expected", "controversial",
		"popular", "costly", "cheap", "historic", "digital", "green", "young",
		"veteran", "former", "acting", "senior", "junior", "crowded", "empty",
		"remote", "major", "minor", "secret", "open", "narrow", "broad", "early",
		"late", "weekly", "annual", "official", "informal",
	}
	nouns = [...]string{
		"council", "ministry", "committee", "union", "company", "startup", "bank",
		"court", "parliament", "mayor", "governor", "minister", "teacher", "farmer",
		"nurse", "engineer", "researcher", "student", "pilot", "driver", "museum",
		"library", "hospital", "school", "university", "airport", "harbour",
		"railway", "bridge", "tunnel", "market", "festival", "orchestra", "team",
		"coach", "striker", "referee", "budget", "tax", "tariff", "contract",
		"report", "survey", "study", "proposal", "plan", "strike", "protest",
		"election", "campaign", "vote", "reform", "policy", "law", "treaty",
		"pipeline", "reactor", "satellite", "vaccine", "forest", "river", "storm",
		"drought", "flood", "harvest", "factory", "warehouse", "bakery", "theatre",
		"gallery", "stadium", "park", "district", "village", "province", "agency",
		"regulator", "watchdog", "charity", "network", "platform", "app",
		"algorithm", "battery", "turbine", "ferry", "tram", "highway", "clinic",
		"lab", "telescope", "archive", "newspaper", "broadcaster", "publisher",
		"studio", "novel", "exhibition", "concert", "tournament", "league",
	}
	verbs = [...]string{
		"approved", "rejected", "delayed", "announced", "criticised", "defended",
		"reviewed", "funded", "blocked", "launched", "cancelled", "extended",
		"questioned", "supported", "opposed", "reported", "revealed", "confirmed",
		"denied", "welcomed", "challenged", "expanded", "reduced", "doubled",
		"halved", "restored", "replaced", "investigated", "published", "signed",
		"renewed", "suspended", "postponed", "accelerated", "simplified",
		"protected", "targeted", "ranked", "measured", "inspected", "audited",
		"debated", "promoted", "closed", "opened", "rebuilt", "modernised",
		"redesigned", "tested", "monitored",
	}
	adverbs = [...]string{
		"quickly", "slowly", "quietly", "openly", "sharply", "narrowly",
		"unexpectedly", "finally", "again", "formally", "briefly", "largely",
		"partly", "jointly", "reluctantly", "eagerly", "firmly", "gradually",
		"suddenly", "carefully", "publicly", "privately", "repeatedly", "already",
	}
	places = [...]string{
		"Lisbon", "Oslo", "Tallinn", "Porto", "Ghent", "Leeds", "Lyon", "Turin",
		"Krakow", "Bergen", "Malmo", "Graz", "Cork", "Bilbao", "Utrecht",
		"Aarhus", "Tampere", "Brno", "Split", "Bologna", "Seville", "Dresden",
		"Nantes", "Galway", "Riga", "Vilnius", "Ljubljana", "Basel", "Linz",
		"Kaunas", "Plovdiv", "Cluj", "Debrecen", "Rotterdam", "Antwerp",
		"Gothenburg", "Hamburg", "Marseille", "Valencia", "Naples",
	}
	firstNames = [...]string{
		"Ana", "Ben", "Carla", "David", "Elena", "Farid", "Greta", "Hugo", "Ines",
		"Jonas", "Karin", "Luca", "Maja", "Nils", "Olga", "Pedro", "Rosa",
		"Sami", "Tara", "Umar", "Vera", "Wim", "Yara", "Zoe",
	}
	lastNames = [...]string{
		"Almeida", "Berg", "Costa", "Dahl", "Eriksen", "Fischer", "Garcia",
		"Horvat", "Ilves", "Jansen", "Kowalski", "Lind", "Moreau", "Novak",
		"Olsen", "Petrov", "Quinn", "Rossi", "Silva", "Tamm", "Urban", "Varga",
		"Weber", "Zielinski",
	}
	tagNames = [...]string{
		"elections", "climate", "markets", "health", "energy", "transport",
		"education", "housing", "courts", "space", "football", "music",
		"film", "farming", "startups", "weather",
	}
)

// rng returns the PRNG for one generated item. kind keeps the streams of
// different uses of the same id (title, body, copy edits) apart.
func (s *Site) rng(kind, id uint64) *rand.Rand {
	return rand.New(rand.NewPCG(s.opts.Seed^(kind<<56), id))
}

// Stream kinds for rng.
const (
	streamMeta uint64 = iota + 1
	streamBody
	streamEdit
	streamFault
)

// withArticle prefixes w with "a" or "an".
func withArticle(w string) string {
	if w != "" && strings.IndexByte("aeiou", w[0]) >= 0 {
		return "an " + w
	}
	return "a " + w
}

func pick[T any](r *rand.Rand, list []T) T { return list[r.IntN(len(list))] }

func capitalize(w string) string {
	if w == "" || w[0] < 'a' || w[0] > 'z' {
		return w
	}
	return string(w[0]-'a'+'A') + w[1:]
}

// headline makes a title such as "Cautious council approved tariff in Graz".
func headline(r *rand.Rand) string {
	switch r.IntN(4) {
	case 0:
		return capitalize(pick(r, adjectives[:])) + " " + pick(r, nouns[:]) + " " +
			pick(r, verbs[:]) + " " + pick(r, nouns[:]) + " in " + pick(r, places[:])
	case 1:
		return capitalize(pick(r, places[:])) + " " + pick(r, nouns[:]) + " " +
			pick(r, verbs[:]) + " " + pick(r, adverbs[:]) + " after " + pick(r, adjectives[:]) + " " + pick(r, nouns[:])
	case 2:
		return "Why the " + pick(r, adjectives[:]) + " " + pick(r, nouns[:]) + " " +
			pick(r, verbs[:]) + " the " + pick(r, nouns[:]) + " " + pick(r, adverbs[:])
	default:
		return capitalize(pick(r, nouns[:])) + " " + pick(r, verbs[:]) + " as " +
			pick(r, adjectives[:]) + " " + pick(r, nouns[:]) + " meets " + pick(r, places[:])
	}
}

// slugify lower-cases a title's first six words and joins them with '-'.
func slugify(title string) string {
	words := strings.Fields(strings.ToLower(title))
	if len(words) > 6 {
		words = words[:6]
	}
	return strings.Join(words, "-")
}

func author(r *rand.Rand) string {
	return pick(r, firstNames[:]) + " " + pick(r, lastNames[:])
}

// sentence appends one generated sentence to b. The templates mix words
// from every list, so two texts share few word 3-grams even when they share
// a template.
func sentence(b []byte, r *rand.Rand) []byte {
	adj := func() string { return pick(r, adjectives[:]) }
	noun := func() string { return pick(r, nouns[:]) }
	verb := func() string { return pick(r, verbs[:]) }
	adv := func() string { return pick(r, adverbs[:]) }
	place := func() string { return pick(r, places[:]) }
	switch r.IntN(10) {
	case 0:
		b = append(b, "The "...)
		b = append(b, adj()+" "+noun()+" "+verb()+" the "+noun()+" in "+place()+"."...)
	case 1:
		b = append(b, "Officials in "+place()+" said the "+noun()+" had been "+verb()+" "+adv()+"."...)
	case 2:
		b = append(b, "According to "+author(r)+", the "+noun()+" was "+verb()+" after the "+adj()+" "+noun()+" "+verb()+" its "+noun()+"."...)
	case 3:
		b = append(b, "Critics "+verb()+" the "+noun()+", arguing that the "+adj()+" "+noun()+" was "+adj()+" and "+adj()+"."...)
	case 4:
		b = append(b, "About "...)
		b = strconv.AppendInt(b, int64(2+r.IntN(990)), 10)
		b = append(b, " residents of "+place()+" "+verb()+" the "+adj()+" "+noun()+" "+adv()+"."...)
	case 5:
		b = append(b, capitalize(adv())+", the "+noun()+" "+verb()+" "+withArticle(adj())+" "+noun()+" with the "+noun()+"."...)
	case 6:
		b = append(b, "A spokesperson for the "+noun()+" "+verb()+" the claim, saying the "+noun()+" would be "+verb()+" by the "+adj()+" "+noun()+"."...)
	case 7:
		b = append(b, "The "+noun()+" in "+place()+" and the "+noun()+" in "+place()+" "+verb()+" the "+adj()+" "+noun()+" together."...)
	case 8:
		b = append(b, "Last "...)
		b = append(b, pick(r, []string{"week", "month", "year", "spring", "autumn", "winter", "summer"})...)
		b = append(b, " the "+adj()+" "+noun()+" "+verb()+" "+adv()+", and the "+noun()+" "+verb()+" its "+adj()+" "+noun()+"."...)
	default:
		b = append(b, "Nobody expected the "+noun()+" to be "+verb()+" so "+adv()+", said "+author(r)+", "+withArticle(adj())+" "+noun()+" from "+place()+"."...)
	}
	return b
}

// paragraphs generates the body of item id in stream kind: n paragraphs
// (n == 0 means 3 to 8, drawn from the same stream) of 2 to 4 sentences.
func (s *Site) paragraphs(kind, id uint64, n int) []string {
	r := s.rng(kind, id)
	count := 3 + r.IntN(6)
	if n > 0 {
		count = n
	}
	out := make([]string, 0, count)
	b := make([]byte, 0, 1024)
	for range count {
		b = b[:0]
		ns := 2 + r.IntN(3)
		for j := range ns {
			if j > 0 {
				b = append(b, ' ')
			}
			b = sentence(b, r)
		}
		out = append(out, string(b))
	}
	return out
}

// teaserOf is the first sentence of item id's body in stream kind: the same
// text the page starts with, generated without the rest.
func (s *Site) teaserOf(kind, id uint64) string {
	r := s.rng(kind, id)
	r.IntN(6) // paragraph count, as in paragraphs
	r.IntN(3) // sentence count
	return string(sentence(make([]byte, 0, 160), r))
}

// edit returns paras with n words changed (n <= 0 changes none), as a
// syndication partner's copy desk would, drawn from the edit stream of id:
// the text's first word, its last word, then words spread over the middle.
// A change at either end touches a single word 3-gram, the others three.
func (s *Site) edit(id uint64, paras []string, n int) []string {
	r := s.rng(streamEdit, id)
	out := append([]string(nil), paras...)
	if len(out) == 0 || n <= 0 {
		return out
	}
	first := strings.Fields(out[0])
	first[0] = capitalize(pick(r, adverbs[:])) + ","
	out[0] = strings.Join(first, " ")
	if n >= 2 {
		last := strings.Fields(out[len(out)-1])
		last[len(last)-1] = pick(r, places[:]) + "."
		out[len(out)-1] = strings.Join(last, " ")
	}
	for k := 2; k < n; k++ {
		p := (k - 2) % len(out)
		words := strings.Fields(out[p])
		if len(words) < 6 {
			continue
		}
		words[2+r.IntN(len(words)-4)] = pick(r, nouns[:])
		out[p] = strings.Join(words, " ")
	}
	return out
}

// wordCount is the number of words of regular article id's body.
func (s *Site) wordCount(id uint64) int {
	n := 0
	for _, p := range s.paragraphs(streamBody, id, s.opts.ParagraphsPerArticle) {
		n += strings.Count(p, " ") + 1
	}
	return n
}
