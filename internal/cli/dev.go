package cli

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/spf13/cobra"

	"github.com/newshound/newshound/internal/testsite"
)

// newDevCmd returns hidden developer commands: a generated news site to
// crawl for benchmarks and demonstrations without the internet.
func newDevCmd(env Env) *cobra.Command {
	dev := &cobra.Command{
		Use:    "dev",
		Short:  "Developer tools (generated test site)",
		Hidden: true,
	}
	var (
		addr string
		opts testsite.Options
	)
	serve := &cobra.Command{
		Use:   "testsite",
		Short: "Serve a generated news site on loopback (for crawl benchmarks)",
		Long: `Serve a deterministic, generated news site: sections, pagination, sitemaps,
feeds, robots.txt, and optionally crawler traps and faults.

  newshound dev testsite --addr 127.0.0.1:8089 --articles 20000
  newshound crawl http://127.0.0.1:8089/ --delay 0 --host-parallelism 16 --concurrency 16`,
		RunE: func(cmd *cobra.Command, args []string) error {
			site := testsite.New(opts)
			ln, err := net.Listen("tcp", addr)
			if err != nil {
				return fmt.Errorf("testsite: %w", err)
			}
			srv := &http.Server{Handler: site, ReadHeaderTimeout: 10 * time.Second}
			fmt.Fprintf(env.Stderr, "serving %d articles on http://%s/ (Ctrl-C to stop)\n", len(site.ExpectedArticles()), ln.Addr())
			go func() {
				<-cmd.Context().Done()
				site.Close()
				shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
				defer cancel()
				srv.Shutdown(shutdown)
			}()
			if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
				return fmt.Errorf("testsite: %w", err)
			}
			return nil
		},
	}
	fl := serve.Flags()
	fl.StringVar(&addr, "addr", "127.0.0.1:8089", "address to listen on")
	fl.IntVar(&opts.Articles, "articles", 200, "number of articles")
	fl.BoolVar(&opts.Faults, "faults", false, "serve and link fault pages")
	fl.BoolVar(&opts.Traps, "traps", false, "serve and link crawler traps")
	fl.IntVar(&opts.Syndicated, "syndicated", 0, "near-duplicate partner copies")
	fl.DurationVar(&opts.CrawlDelay, "crawl-delay", 0, "robots.txt Crawl-delay")
	dev.AddCommand(serve)
	return dev
}
