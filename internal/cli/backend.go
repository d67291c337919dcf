package cli

import (
	"strings"
)

// Where the corpus and the crawl queue live. SQLite (the --db file) is the
// default for both; --store postgres://... and --frontier redis://... (or
// the environment variables below, or the job file's store: and frontier:
// keys) move them to shared servers for crawls spread over many processes.
const (
	// StoreEnv names the environment variable that sets --store.
	StoreEnv = "NEWSHOUND_STORE"
	// FrontierEnv names the environment variable that sets --frontier.
	FrontierEnv = "NEWSHOUND_FRONTIER"
)

// location picks a backend location: the flag when given, else the job
// file's value, else the environment variable; "" means the SQLite
// default (the --db file).
func location(flagValue string, flagChanged bool, fileValue string, env Env, envKey string) string {
	switch {
	case flagChanged && flagValue != "":
		return flagValue
	case fileValue != "":
		return fileValue
	case env.getenv(envKey) != "":
		return env.getenv(envKey)
	}
	return flagValue
}

// isPostgresURL reports whether loc names a PostgreSQL database
// (postgres:// or postgresql://) rather than a SQLite file.
func isPostgresURL(loc string) bool {
	l := strings.ToLower(loc)
	return strings.HasPrefix(l, "postgres://") || strings.HasPrefix(l, "postgresql://")
}

// isRedisURL reports whether loc names a Redis server (redis://, rediss://
// or unix://).
func isRedisURL(loc string) bool {
	l := strings.ToLower(loc)
	return strings.HasPrefix(l, "redis://") || strings.HasPrefix(l, "rediss://") || strings.HasPrefix(l, "unix://")
}
