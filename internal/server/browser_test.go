package server_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/newshound/newshound/internal/server"
)

// chromium returns the path of a headless-capable Chromium, or "" (the
// test is then skipped; .ci/run installs Debian's chromium).
func chromium() string {
	if p := os.Getenv("NEWSHOUND_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// runChromium runs headless Chromium with the flags that work as root in
// a closed network, and returns its standard output.
func runChromium(t *testing.T, bin string, args ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir=" + t.TempDir(), "--hide-scrollbars"}
	cmd := exec.CommandContext(ctx, bin, append(base, args...)...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium %v: %v\n%s", args, err, errb.String())
	}
	return out.Bytes()
}

// TestDebuggerInBrowser loads the debugger's result page for a golden page
// in headless Chromium: the page renders with its field table and the
// sandboxed frame of the annotated page, and a screenshot is written to a
// temporary folder (its path is logged: go test -v).
func TestDebuggerInBrowser(t *testing.T) {
	bin := chromium()
	if bin == "" {
		t.Skip("no chromium on this machine")
	}
	_, base := newServer(t, nil, server.Options{})
	resp, _ := postPage(t, noRedirects, base+"/debug", expressURL, "page.html.gz", goldenPage(t, expressPage))
	loc := resp.Header.Get("Location")
	if loc == "" {
		t.Fatalf("POST /debug: status %d, no redirect", resp.StatusCode)
	}

	dom := string(runChromium(t, bin, "--dump-dom", base+loc))
	for _, want := range []string{
		`id="field-title"`, `Düsseldorf: Tote Tauben im ISS Dome gefunden`, // the headline
		`id="field-published"`, `2019-10-19T11:29:00+02:00`, // the date
		`id="field-breadcrumbs"`, `href="https://www.express.de/duesseldorf"`, // a crumb
		`<iframe class="page"`, `sandbox=""`,
	} {
		if !strings.Contains(dom, want) {
			t.Errorf("rendered page lacks %q", want)
		}
	}
	frame := string(runChromium(t, bin, "--dump-dom", base+loc+"/frame"))
	if !strings.Contains(frame, `id="newshound-body"`) || strings.Count(frame, `data-newshound="kept"`) < 5 ||
		!strings.Contains(frame, `data-newshound-removed=`) {
		t.Errorf("rendered frame does not highlight the body (container, kept and removed marks)")
	}
	if !strings.Contains(frame, `data-newshound="kept">Tierschützer laufen seit Monaten Sturm`) {
		t.Errorf("the first body paragraph is not highlighted")
	}

	dir := t.TempDir()
	if keep := os.Getenv("NEWSHOUND_SCREENSHOT_DIR"); keep != "" {
		dir = keep
	}
	shot := filepath.Join(dir, "debugger.png")
	runChromium(t, bin, "--window-size=1280,2200", "--screenshot="+shot, base+loc)
	b, err := os.ReadFile(shot)
	if err != nil {
		t.Fatalf("no screenshot: %v", err)
	}
	if !bytes.HasPrefix(b, []byte("\x89PNG")) || len(b) < 20_000 {
		t.Errorf("screenshot %s is not a plausible PNG (%d bytes)", shot, len(b))
	}
	t.Logf("debugger screenshot: %s (%d bytes)", shot, len(b))
}
