package sites

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// builtinFS holds the rules shipped inside the binary: builtin/*.yaml.
//
//go:embed builtin
var builtinFS embed.FS

// Builtin returns the rules embedded in the binary (extractors/sites/builtin),
// in file name order. Their File is "builtin/NAME.yaml".
func Builtin() ([]*Rule, error) {
	return LoadFS(builtinFS, "builtin")
}

// UserDir returns the per-user rules folder, newshound/rules inside
// os.UserConfigDir (~/.config/newshound/rules on Linux).
func UserDir() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("rules: user config folder: %w", err)
	}
	return filepath.Join(dir, "newshound", "rules"), nil
}

// Standard loads rules in newshound's standard order: the built-in rules,
// then the user's folder (UserDir; skipped when it does not exist), then
// each of paths (files or folders, as given by --rules or a job file's
// rules key). The result is in load order: when two rules are equally
// specific for a URL, the later one wins (see Registry). Any broken file
// fails the whole load.
func Standard(paths ...string) ([]*Rule, error) {
	rules, err := Builtin()
	if err != nil {
		return nil, err
	}
	if dir, err := UserDir(); err == nil {
		if _, statErr := os.Stat(dir); statErr == nil {
			user, err := Load(dir)
			if err != nil {
				return nil, err
			}
			rules = append(rules, user...)
		}
	}
	more, err := Load(paths...)
	if err != nil {
		return nil, err
	}
	return append(rules, more...), nil
}

// Load reads the rules of each path in order: a file is read whatever its
// name; a folder contributes its *.yaml and *.yml files, recursively, in
// lexical order. A path that does not exist is an error. Problems of all
// files are reported together (a Problems error).
func Load(paths ...string) ([]*Rule, error) {
	var (
		rules []*Rule
		probs Problems
	)
	for _, p := range paths {
		files, err := RuleFiles(p)
		if err != nil {
			return nil, err
		}
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				return nil, fmt.Errorf("rules: %w", err)
			}
			rs, err := Parse(f, data)
			if !collect(&probs, err) && err != nil {
				return nil, err
			}
			rules = append(rules, rs...)
		}
	}
	if err := probs.errOrNil(); err != nil {
		return nil, err
	}
	return rules, nil
}

// RuleFiles lists the rule files of path: path itself when it is a file,
// else the *.yaml and *.yml files under it, in lexical order.
func RuleFiles(path string) ([]string, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("rules: %w", err)
	}
	if !info.IsDir() {
		return []string{path}, nil
	}
	var files []string
	err = filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && isRuleFile(p) {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("rules: %w", err)
	}
	sort.Strings(files)
	return files, nil
}

// LoadFS reads the *.yaml and *.yml files under dir in fsys, in lexical
// order. File names in errors and provenance are the fsys paths.
func LoadFS(fsys fs.FS, dir string) ([]*Rule, error) {
	var (
		rules []*Rule
		probs Problems
	)
	var files []string
	err := fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && isRuleFile(p) {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("rules %s: %w", dir, err)
	}
	sort.Strings(files)
	for _, f := range files {
		data, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, fmt.Errorf("rules: %w", err)
		}
		rs, err := Parse(f, data)
		if !collect(&probs, err) && err != nil {
			return nil, err
		}
		rules = append(rules, rs...)
	}
	if err := probs.errOrNil(); err != nil {
		return nil, err
	}
	return rules, nil
}

func isRuleFile(p string) bool {
	ext := strings.ToLower(path.Ext(p))
	return ext == ".yaml" || ext == ".yml"
}

// collect appends err's problems to probs and reports whether err was a
// Problems error.
func collect(probs *Problems, err error) bool {
	var ps Problems
	if errors.As(err, &ps) {
		*probs = append(*probs, ps...)
		return true
	}
	return false
}
