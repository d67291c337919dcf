package sites

import (
	"fmt"
	"strings"
)

// Problem is one problem in a rule file: where it is and what is wrong.
type Problem struct {
	// File is the rule file's path (or, for built-in rules, "builtin/NAME").
	File string
	// Line and Column locate the problem, 1-based; 0 when unknown.
	Line, Column int
	// Err says what is wrong.
	Err error
}

// Error formats the problem as "rules FILE:LINE:COLUMN: message".
func (p *Problem) Error() string {
	switch {
	case p.Line > 0 && p.Column > 0:
		return fmt.Sprintf("rules %s:%d:%d: %v", p.File, p.Line, p.Column, p.Err)
	case p.Line > 0:
		return fmt.Sprintf("rules %s:%d: %v", p.File, p.Line, p.Err)
	}
	return fmt.Sprintf("rules %s: %v", p.File, p.Err)
}

// Unwrap returns the underlying error.
func (p *Problem) Unwrap() error { return p.Err }

// Problems is every problem found while loading rules; it is returned as
// one error so that a broken file is never skipped silently, and lint can
// still list each problem (errors.As(err, &problems)).
type Problems []*Problem

// Error lists the problems, one a line.
func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.Error()
	}
	return strings.Join(lines, "\n")
}

// Unwrap returns the problems as errors, for errors.Is and errors.As.
func (ps Problems) Unwrap() []error {
	out := make([]error, len(ps))
	for i, p := range ps {
		out[i] = p
	}
	return out
}

// errOrNil returns ps as an error, or nil when there are none (avoiding a
// non-nil error interface holding an empty list).
func (ps Problems) errOrNil() error {
	if len(ps) == 0 {
		return nil
	}
	return ps
}
