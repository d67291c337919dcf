package sites

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/andybalholm/cascadia"
	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
)

// Parse reads the rules of one YAML file. file names the file in errors
// and provenance; data is its content. A file may hold several YAML
// documents (separated by ---); an empty file holds no rules.
//
// Every problem is reported, each with its line and column: the error is a
// Problems list. Parse never panics, whatever data holds.
func Parse(file string, data []byte) (rules []*Rule, err error) {
	defer func() {
		if r := recover(); r != nil {
			rules, err = nil, Problems{{File: file, Err: fmt.Errorf("yaml parser failed: %v", r)}}
		}
	}()
	f, err := parser.ParseBytes(data, 0)
	if err != nil {
		return nil, Problems{yamlProblem(file, err)}
	}
	p := &ruleParser{file: file, anchors: map[string]ast.Node{}}
	for _, doc := range f.Docs {
		if doc == nil || doc.Body == nil {
			continue
		}
		p.collectAnchors(doc.Body)
		p.document(doc.Body)
	}
	if len(p.problems) > 0 {
		return nil, p.problems
	}
	return p.rules, nil
}

// yamlProblem turns the YAML library's error into a Problem at the token
// it names.
func yamlProblem(file string, err error) *Problem {
	var ye yaml.Error
	if errors.As(err, &ye) {
		pr := &Problem{File: file, Err: fmt.Errorf("invalid YAML: %s", ye.GetMessage())}
		if tk := ye.GetToken(); tk != nil && tk.Position != nil {
			pr.Line, pr.Column = tk.Position.Line, tk.Position.Column
		}
		return pr
	}
	return &Problem{File: file, Err: fmt.Errorf("invalid YAML: %v", err)}
}

// ruleParser walks the YAML syntax tree of one file, compiling rules and
// collecting every problem with its position.
type ruleParser struct {
	file     string
	anchors  map[string]ast.Node
	rules    []*Rule
	problems Problems
}

// pos returns the line and column where n starts.
func pos(n ast.Node) (line, col int) {
	if m, ok := n.(*ast.MappingNode); ok && len(m.Values) > 0 {
		n = m.Values[0].Key
	}
	if n == nil {
		return 0, 0
	}
	tk := n.GetToken()
	if tk == nil || tk.Position == nil {
		return 0, 0
	}
	return tk.Position.Line, tk.Position.Column
}

func (p *ruleParser) errorf(n ast.Node, format string, args ...any) {
	line, col := pos(n)
	p.problems = append(p.problems, &Problem{File: p.file, Line: line, Column: col, Err: fmt.Errorf(format, args...)})
}

// collectAnchors records every anchor (&name) of the document so that
// aliases (*name) can be resolved.
func (p *ruleParser) collectAnchors(n ast.Node) {
	ast.Walk(anchorVisitor(p.anchors), n)
}

type anchorVisitor map[string]ast.Node

func (v anchorVisitor) Visit(n ast.Node) ast.Visitor {
	if a, ok := n.(*ast.AnchorNode); ok && a.Name != nil {
		v[a.Name.GetToken().Value] = a.Value
	}
	return v
}

// resolve strips anchors and tags and follows aliases to the node they
// stand for; it returns nil for an alias to an unknown anchor.
func (p *ruleParser) resolve(n ast.Node) ast.Node {
	for i := 0; i < 16 && n != nil; i++ {
		switch v := n.(type) {
		case *ast.AnchorNode:
			n = v.Value
		case *ast.TagNode:
			n = v.Value
		case *ast.AliasNode:
			if v.Value == nil {
				return nil
			}
			n = p.anchors[v.Value.GetToken().Value]
		default:
			return n
		}
	}
	return nil
}

// scalarValue returns the text of a scalar node and whether n is a
// non-null scalar.
func scalarValue(n ast.Node) (string, bool) {
	switch v := n.(type) {
	case *ast.StringNode:
		return v.Value, true
	case *ast.LiteralNode:
		if v.Value != nil {
			return v.Value.Value, true
		}
		return "", true
	case *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode, *ast.InfinityNode, *ast.NanNode:
		return n.GetToken().Value, true
	}
	return "", false
}

// pair is one key: value of a mapping.
type pair struct {
	key   string
	kn, v ast.Node // v is resolved, never nil
}

// pairs returns a mapping's key/value pairs, reporting merge keys (not
// supported) and aliases to unknown anchors.
func (p *ruleParser) pairs(n ast.Node, what string) []pair {
	m, ok := n.(*ast.MappingNode)
	if !ok {
		if mv, isValue := n.(*ast.MappingValueNode); isValue { // a one-key mapping
			m = &ast.MappingNode{BaseNode: mv.BaseNode, Values: []*ast.MappingValueNode{mv}}
		} else {
			p.errorf(n, "%s must be a mapping (key: value lines), not %s", what, kindName(n))
			return nil
		}
	}
	var out []pair
	for _, mv := range m.Values {
		if _, merge := mv.Key.(*ast.MergeKeyNode); merge {
			p.errorf(mv.Key, "merge keys (<<) are not supported; repeat the keys")
			continue
		}
		key, ok := scalarValue(p.resolve(mv.Key))
		if !ok {
			p.errorf(mv.Key, "a key must be a plain name")
			continue
		}
		v := p.resolve(mv.Value)
		if v == nil {
			p.errorf(mv.Key, "%s: alias to an unknown anchor", key)
			continue
		}
		out = append(out, pair{key: key, kn: mv.Key, v: v})
	}
	return out
}

func kindName(n ast.Node) string {
	switch n.(type) {
	case *ast.SequenceNode:
		return "a list"
	case *ast.MappingNode, *ast.MappingValueNode:
		return "a mapping"
	case *ast.NullNode, nil:
		return "empty"
	}
	if v, ok := scalarValue(n); ok {
		return fmt.Sprintf("the value %q", v)
	}
	return "this"
}

func (p *ruleParser) document(body ast.Node) {
	top := p.resolve(body)
	if top == nil {
		return
	}
	if _, null := top.(*ast.NullNode); null {
		return // a document of comments only
	}
	if _, isComment := top.(*ast.CommentGroupNode); isComment {
		return
	}
	var sites ast.Node
	found := false
	for _, kv := range p.pairs(top, "a rule file") {
		switch kv.key {
		case "sites":
			sites, found = kv.v, true
		default:
			p.errorf(kv.kn, "unknown key %q (a rule file has one key, sites)", kv.key)
		}
	}
	if !found {
		if _, isSeq := top.(*ast.SequenceNode); !isSeq {
			if _, isScalar := scalarValue(top); !isScalar {
				p.errorf(top, "no sites key: a rule file is \"sites:\" followed by a list of sites")
			}
		}
		return
	}
	seq, ok := sites.(*ast.SequenceNode)
	if !ok {
		p.errorf(sites, "sites must be a list (lines starting with \"- \"), not %s", kindName(sites))
		return
	}
	for _, s := range seq.Values {
		s = p.resolve(s)
		if s == nil {
			p.errorf(seq, "sites: alias to an unknown anchor")
			continue
		}
		if r := p.site(s); r != nil {
			p.rules = append(p.rules, r)
		}
	}
}

// site compiles one entry of the sites list; it returns nil when the entry
// has problems (recorded).
func (p *ruleParser) site(n ast.Node) *Rule {
	before := len(p.problems)
	line, _ := pos(n)
	r := &Rule{File: p.file, Line: line}
	fields := map[string]*fieldRule{}
	var hostsKey ast.Node
	for _, kv := range p.pairs(n, "a site") {
		switch kv.key {
		case "hosts":
			hostsKey = kv.kn
			for _, h := range p.strings(kv.v, "hosts") {
				hp, err := parseHost(h.value)
				if err != nil {
					p.errorf(h.node, "host %q: %v", h.value, err)
					continue
				}
				r.Hosts = append(r.Hosts, h.value)
				r.patterns = append(r.patterns, hp)
			}
		case "name":
			if v, ok := p.scalar(kv.v, kv.key); ok {
				r.Name = v.value
			}
		case "notes":
			if v, ok := p.scalar(kv.v, kv.key); ok {
				r.Notes = v.value
			}
		case "body", "remove":
			var sels []*selector
			for _, v := range p.strings(kv.v, kv.key) {
				if sel := p.selector(v); sel != nil {
					sels = append(sels, sel)
				}
			}
			if kv.key == "body" {
				r.body = sels
			} else {
				r.remove = sels
			}
		case "article_url":
			for _, v := range p.strings(kv.v, kv.key) {
				re, err := regexp.Compile(v.value)
				if err != nil {
					p.errorf(v.node, "article_url: invalid regular expression: %v", err)
					continue
				}
				r.articleURL = append(r.articleURL, &urlPattern{src: v.value, re: re})
			}
		default:
			fk, ok := fieldKind(kv.key)
			if !ok {
				p.errorf(kv.kn, "unknown key %q (fields: %s; also hosts, name, notes, body, remove, article_url)",
					kv.key, strings.Join(FieldNames(), ", "))
				continue
			}
			if f := p.field(kv, fk); f != nil {
				fields[kv.key] = f
			}
		}
	}
	if hostsKey == nil {
		p.errorf(n, "site has no hosts key")
	} else if len(r.Hosts) == 0 && len(p.problems) == before {
		p.errorf(hostsKey, "hosts is empty")
	}
	if len(p.problems) > before {
		return nil
	}
	if r.Name == "" {
		r.Name = r.Hosts[0]
	}
	for _, name := range FieldNames() {
		if f := fields[name]; f != nil {
			r.fields = append(r.fields, f)
		}
	}
	return r
}

// scalar is one scalar value with its node, for positions.
type scalar struct {
	value string
	node  ast.Node
	line  int
}

// scalar returns n's value when it is a non-null scalar, else records a
// problem.
func (p *ruleParser) scalar(n ast.Node, what string) (scalar, bool) {
	v, ok := scalarValue(n)
	if !ok {
		p.errorf(n, "%s must be a single value, not %s", what, kindName(n))
		return scalar{}, false
	}
	line, _ := pos(n)
	return scalar{value: v, node: n, line: line}, true
}

// strings accepts one non-empty scalar or a list of them.
func (p *ruleParser) strings(n ast.Node, what string) []scalar {
	items := []ast.Node{n}
	if seq, ok := n.(*ast.SequenceNode); ok {
		items = seq.Values
		what += " entry"
	} else if _, ok := scalarValue(n); !ok {
		p.errorf(n, "%s must be a value or a list of values, not %s", what, kindName(n))
		return nil
	}
	var out []scalar
	for _, it := range items {
		c := p.resolve(it)
		if c == nil {
			p.errorf(it, "%s: alias to an unknown anchor", what)
			continue
		}
		v, ok := p.scalar(c, what)
		if !ok {
			continue
		}
		if strings.TrimSpace(v.value) == "" {
			p.errorf(c, "%s is empty", what)
			continue
		}
		out = append(out, v)
	}
	return out
}

func (p *ruleParser) selector(v scalar) *selector {
	sel, err := cascadia.Compile(v.value)
	if err != nil {
		p.errorf(v.node, "invalid CSS selector %q: %v", v.value, err)
		return nil
	}
	return &selector{src: v.value, line: v.line, sel: sel}
}

// field compiles a field's rule: a selector, a mapping, or a list of them.
func (p *ruleParser) field(kv pair, fk kind) *fieldRule {
	line, _ := pos(kv.kn)
	f := &fieldRule{name: kv.key, kind: fk, line: line}
	items := []ast.Node{kv.v}
	if seq, ok := kv.v.(*ast.SequenceNode); ok {
		items = seq.Values
		if len(items) == 0 {
			p.errorf(kv.kn, "%s: empty list", kv.key)
		}
	}
	for _, it := range items {
		n := p.resolve(it)
		if n == nil {
			p.errorf(it, "%s: alias to an unknown anchor", kv.key)
			continue
		}
		if s := p.spec(kv.key, n, fk); s != nil {
			f.specs = append(f.specs, s)
		}
	}
	if len(f.specs) == 0 {
		return nil
	}
	return f
}

// spec compiles one way of reading a field: a bare selector or a mapping.
func (p *ruleParser) spec(field string, n ast.Node, fk kind) *spec {
	if _, isMap := n.(*ast.MappingNode); !isMap {
		if _, isValue := n.(*ast.MappingValueNode); !isValue {
			v, ok := p.scalar(n, field)
			if !ok {
				return nil
			}
			sel := p.selector(v)
			if sel == nil {
				return nil
			}
			return &spec{line: v.line, sel: sel}
		}
	}
	line, _ := pos(n)
	s := &spec{line: line}
	before := len(p.problems)
	var tz ast.Node
	for _, kv := range p.pairs(n, field) {
		key := kv.key
		switch key {
		case "selector", "attr", "regex", "layout", "timezone", "split":
		default:
			p.errorf(kv.kn, "%s: unknown key %q (selector, attr, regex, layout, timezone, split)", field, key)
			continue
		}
		val, ok := p.scalar(kv.v, field+"."+key)
		if !ok {
			continue
		}
		switch key {
		case "selector":
			s.sel = p.selector(val)
		case "attr":
			s.attr = strings.ToLower(strings.TrimSpace(val.value))
		case "regex":
			re, err := regexp.Compile(val.value)
			if err != nil {
				p.errorf(val.node, "%s.regex: invalid regular expression: %v", field, err)
				continue
			}
			s.re = re
		case "layout":
			if fk != kindDate {
				p.errorf(kv.kn, "%s: layout applies to published and modified only", field)
				continue
			}
			l, err := compileLayout(val.value)
			if err != nil {
				p.errorf(val.node, "%s.layout %q: %v", field, val.value, err)
				continue
			}
			s.layout, s.source = l, val.value
		case "timezone":
			if fk != kindDate {
				p.errorf(kv.kn, "%s: timezone applies to published and modified only", field)
				continue
			}
			tz = kv.kn
			loc, err := time.LoadLocation(val.value)
			if err != nil || val.value == "" {
				p.errorf(val.node, "%s.timezone: unknown time zone %q (use an IANA name such as Europe/Paris)", field, val.value)
				continue
			}
			s.loc = loc
		case "split":
			if fk != kindList {
				p.errorf(kv.kn, "%s: split applies to authors and tags only", field)
				continue
			}
			s.split = val.value
		}
	}
	if s.sel == nil && len(p.problems) == before {
		p.errorf(n, "%s: no selector", field)
	}
	if tz != nil && s.loc != nil && s.layout == "" {
		p.errorf(tz, "%s: timezone needs a layout (dates with their own offset keep it)", field)
	}
	if len(p.problems) > before {
		return nil
	}
	return s
}

// parseHost compiles a host pattern: "example.org", "*.example.org",
// either with an optional path prefix ("example.org/sport/").
func parseHost(s string) (hostPattern, error) {
	s = strings.TrimSpace(s)
	if strings.Contains(s, "://") {
		return hostPattern{}, errors.New("write the host without a scheme (example.org, not https://example.org)")
	}
	host, path, hasPath := strings.Cut(s, "/")
	if hasPath {
		path = "/" + path
	}
	var h hostPattern
	if rest, ok := strings.CutPrefix(host, "*."); ok {
		h.wildcard, host = true, rest
	}
	host = normalizeHost(host)
	if host == "" {
		return h, errors.New("empty host")
	}
	if strings.ContainsAny(host, "*:?#@ \t[]") {
		return h, errors.New("a host is a name such as example.org or *.example.org, with no port; * is only allowed as a leading *.")
	}
	if strings.ContainsAny(path, "?#* \t") {
		return h, errors.New("a path prefix is a plain path such as /sport/ (no query, fragment or wildcard)")
	}
	h.host, h.path = host, path
	return h, nil
}
