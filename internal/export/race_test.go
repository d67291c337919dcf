//go:build race

package export

// raceEnabled is true under the race detector, which disables sync.Pool
// caching and so makes allocation measurements meaningless.
const raceEnabled = true
