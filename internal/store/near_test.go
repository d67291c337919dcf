package store

import (
	"slices"
	"strconv"
	"testing"
)

func TestCloseCandidates(t *testing.T) {
	h := uint64(0xF0F0)
	// id 1: distance 0 (listed twice: two shared bands), id 2: distance 4,
	// id 3: distance 16; ids 4 and 5 are stored as negative integers. The
	// list comes in no order; the close ids come back sorted.
	allOnes := ^uint64(0)
	list := "2:" + itoa(int64(h^0xF)) + ",1:61680,5:" + itoa(int64(allOnes^1)) + ",3:" + itoa(int64(h^0xFFFF)) +
		",4:" + itoa(int64(allOnes)) + ",1:61680"
	got, err := closeCandidates(list, ^uint64(0), 1)
	if err != nil {
		t.Fatal(err)
	}
	if want := []int64{4, 5}; !slices.Equal(got, want) {
		t.Errorf("distance 1 from all ones: got %v, want %v", got, want)
	}
	got, err = closeCandidates(list, h, 4)
	if err != nil {
		t.Fatal(err)
	}
	if want := []int64{1, 2}; !slices.Equal(got, want) {
		t.Errorf("distance 4: got %v, want %v", got, want)
	}
	if got, err := closeCandidates("", h, 8); err != nil || len(got) != 0 {
		t.Errorf("empty list: %v, %v", got, err)
	}
	for _, bad := range []string{"1", "x:1", "1:x"} {
		if _, err := closeCandidates(bad, h, 8); err == nil {
			t.Errorf("closeCandidates(%q) accepted junk", bad)
		}
	}
}

func itoa(v int64) string { return strconv.FormatInt(v, 10) }
