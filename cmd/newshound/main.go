// Command newshound crawls news sites and extracts clean articles. See the
// README or `newshound help` for the commands.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/newshound/newshound/internal/cli"
)

func main() {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// The first SIGINT/SIGTERM cancels ctx: commands finish what is in
	// flight and exit cleanly. A second one exits at once.
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-sigs
		fmt.Fprintln(os.Stderr, "newshound: stopping: finishing work in flight (signal again to exit now)")
		cancel()
		<-sigs
		fmt.Fprintln(os.Stderr, "newshound: exiting now")
		os.Exit(130)
	}()

	err := cli.NewRoot(cli.OSEnv()).ExecuteContext(ctx)
	if err == nil {
		return
	}
	var exit cli.ExitError
	if errors.As(err, &exit) {
		if exit.Err != nil {
			fmt.Fprintln(os.Stderr, "newshound:", exit.Err)
		}
		os.Exit(exit.Code)
	}
	fmt.Fprintln(os.Stderr, "newshound:", err)
	os.Exit(2)
}
