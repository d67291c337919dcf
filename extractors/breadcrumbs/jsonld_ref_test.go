package breadcrumbs

import (
	"math/rand"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/newshound/newshound/extractors/page"
)

// findListsRef and hasTypeRef are findLists and hasType as they were
// before scalar values were skipped and the type list was no longer
// built: the references they must agree with.
func findListsRef(v any, depth int, skipGraph bool, f func(map[string]any)) {
	if depth > maxJSONDepth {
		return
	}
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			findListsRef(e, depth+1, false, f)
		}
	case map[string]any:
		if hasTypeRef(x["@type"], "BreadcrumbList") {
			f(x)
			return
		}
		keys := make([]string, 0, len(x))
		for k := range x {
			if k != "@graph" || !skipGraph {
				keys = append(keys, k)
			}
		}
		slices.Sort(keys) // map order is random; keep the result deterministic
		for _, k := range keys {
			findListsRef(x[k], depth+1, false, f)
		}
	}
}

func hasTypeRef(v any, typ string) bool {
	for _, t := range page.Strings(v) {
		if strings.EqualFold(t[strings.LastIndexAny(t, "/:")+1:], typ) {
			return true
		}
	}
	return false
}

// randomJSONLD builds a random decoded JSON-LD value: objects with @type
// values (BreadcrumbList among others, as strings, lists or objects),
// @graph and other keys, lists, strings and numbers.
func randomJSONLD(rng *rand.Rand, depth int) any {
	if depth > 13 || rng.Intn(8) < 3 {
		switch rng.Intn(3) {
		case 0:
			return "x"
		case 1:
			return 1.5
		}
		return nil
	}
	types := []any{"BreadcrumbList", "schema:breadcrumblist", "https://schema.org/BreadcrumbList", "WebPage",
		"", []any{"Thing", "BreadcrumbList"}, []any{}, map[string]any{"name": "BreadcrumbList"}, 3.0}
	if rng.Intn(3) == 0 {
		l := make([]any, rng.Intn(3))
		for i := range l {
			l[i] = randomJSONLD(rng, depth+1)
		}
		return l
	}
	m := map[string]any{}
	if rng.Intn(3) > 0 {
		m["@type"] = types[rng.Intn(len(types))]
	}
	for _, k := range []string{"@graph", "a", "b", "breadcrumb", "z", "mainEntity"} {
		if rng.Intn(5) == 0 {
			m[k] = randomJSONLD(rng, depth+1)
		}
	}
	return m
}

func TestFindListsMatchesRef(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	found := 0
	for i := 0; i < 50000; i++ {
		v := randomJSONLD(rng, 0)
		skip := rng.Intn(2) == 0
		var got, want []uintptr
		findLists(v, 0, skip, func(m map[string]any) { got = append(got, reflect.ValueOf(m).Pointer()) })
		findListsRef(v, 0, skip, func(m map[string]any) { want = append(want, reflect.ValueOf(m).Pointer()) })
		if !slices.Equal(got, want) {
			t.Fatalf("findLists found %v, want %v", got, want)
		}
		found += len(want)
		for _, typ := range []string{"BreadcrumbList", "WebPage", ""} {
			if m, ok := v.(map[string]any); ok && hasType(m["@type"], typ) != hasTypeRef(m["@type"], typ) {
				t.Fatalf("hasType(%v, %q) = %v", m["@type"], typ, hasType(m["@type"], typ))
			}
		}
	}
	if found < 10000 {
		t.Fatalf("only %d lists found", found)
	}
}
