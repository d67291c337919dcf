package charset

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestDecode(t *testing.T) {
	latin1 := []byte("<html><head><meta charset=\"iso-8859-1\"></head><body>Gr\xfc\xdfe aus K\xf6ln</body></html>")
	tests := []struct {
		name        string
		in          []byte
		contentType string
		wantName    string
		wantText    string
	}{
		{"utf-8 bom", []byte("\xef\xbb\xbf<p>caf\xc3\xa9</p>"), "", "utf-8", "<p>café</p>"},
		{"header charset", []byte("<p>caf\xe9</p>"), "text/html; charset=ISO-8859-1", "windows-1252", "<p>café</p>"},
		{"meta charset", latin1, "", "windows-1252", "Grüße aus Köln"},
		{"meta http-equiv", []byte(`<meta http-equiv="Content-Type" content="text/html; charset=windows-1251"><p>` + "\xcf\xf0\xe8\xe2\xe5\xf2</p>"), "", "windows-1251", "Привет"},
		{"declared latin-1 but utf-8 bytes", []byte("<meta charset=iso-8859-1><p>caf\xc3\xa9</p>"), "", "utf-8", "café"},
		{"header utf-8 but meta latin-1 and bytes latin-1", latin1, "text/html; charset=utf-8", "windows-1252", "Grüße"},
		{"undeclared valid utf-8", []byte("<p>日本語のテキスト</p>"), "", "utf-8", "日本語"},
		{"gb2312 declared", []byte("<meta charset=gb2312><p>\xd6\xd0\xce\xc4</p>"), "", "gbk", "中文"},
		{"late meta after long script", []byte("<head><script>" + strings.Repeat("var x=1;", 500) + "</script><meta charset=\"windows-1252\"></head><p>na\xefve</p>"), "", "windows-1252", "naïve"},
		{"nul bytes dropped", []byte("<p>a\x00b</p>"), "", "utf-8", "<p>ab</p>"},
		{"unknown label falls back", []byte("<meta charset=x-nonsense><p>plain</p>"), "", "utf-8", "plain"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, d := Decode(tt.in, tt.contentType)
			if d.Name != tt.wantName {
				t.Errorf("encoding = %s, want %s", d, tt.wantName)
			}
			if !strings.Contains(string(out), tt.wantText) {
				t.Errorf("decoded %q, want it to contain %q", out, tt.wantText)
			}
			if !utf8.Valid(out) {
				t.Errorf("output is not valid UTF-8")
			}
		})
	}
}

func FuzzDecode(f *testing.F) {
	f.Add([]byte("<meta charset=utf-8><p>x</p>"), "")
	f.Add([]byte("\xff\xfe<\x00p\x00>\x00"), "text/html; charset=utf-16")
	f.Add([]byte("<p>\xe9\x00</p>"), "text/html; charset=shift_jis")
	f.Fuzz(func(t *testing.T, b []byte, ct string) {
		out, _ := Decode(b, ct)
		if !utf8.Valid(out) {
			t.Fatalf("invalid UTF-8 output for %q", b)
		}
		for _, c := range out {
			if c == 0 {
				t.Fatalf("NUL byte in output for %q", b)
			}
		}
	})
}
