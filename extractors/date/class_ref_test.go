package date

import (
	"math/rand"
	"strings"
	"testing"
)

// TestAttrInfoMatchesReadClass checks the class cache against reading
// every value afresh (readClass, what attrInfo did before it had a cache
// of its own size), on pages of few and of many class names: the cache
// grows from smallClassSlots to classSlots on the way.
func TestAttrInfoMatchesReadClass(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	words := []string{"post", "meta", "byline", "comments", "related-posts", "sidebar", "widget", "nav", "entry-content",
		"article-header", "footer", "date", "x", "", " ", "Comment-List", "more-from", "tag-related"}
	for page := 0; page < 300; page++ {
		w := &walkResult{}
		distinct := 1 + rng.Intn(600)
		for i := 0; i < 2000; i++ {
			var b strings.Builder
			for n := 1 + rng.Intn(3); n > 0; n-- {
				b.WriteString(words[rng.Intn(len(words))])
				b.WriteByte(' ')
			}
			v := b.String() + string(rune('a'+rng.Intn(distinct)%26)) + strings.Repeat("z", rng.Intn(distinct)/26)
			if got, want := w.attrInfo(v), readClass(v); got != want {
				t.Fatalf("attrInfo(%q) = %+v, want %+v", v, got, want)
			}
		}
		if distinct > 200 && len(w.classes.slots) != classSlots {
			t.Fatalf("%d distinct values: the cache has %d slots", distinct, len(w.classes.slots))
		}
	}
}
