package export

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// fileMode is the mode ToFile gives its files, set explicitly (the umask
// does not apply).
const fileMode = 0o644

// ToFile writes a file atomically: write gets a temporary file in path's
// folder (".<name>.*.tmp"), and only when write returns nil is the file
// synced to disk, given mode 0644 and renamed to path, replacing any file
// there. When write, the sync or the rename fails, the temporary file is
// removed and path is left as it was: an interrupted export never leaves a
// half file. (A process killed outright can leave the hidden temporary
// file, never a partial path.) path must not be a directory. The folder is
// synced after the rename, best effort: not every file system supports it.
func ToFile(path string, write func(io.Writer) error) (err error) {
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return fmt.Errorf("export: %s is a directory", path)
	}
	dir, name := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+name+".*.tmp")
	if err != nil {
		return fmt.Errorf("export: create %s: %w", path, err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close() // may already be closed; the first error is what counts
			os.Remove(tmp)
		}
	}()
	if err := write(f); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("export: sync %s: %w", tmp, err)
	}
	if err := f.Chmod(fileMode); err != nil {
		return fmt.Errorf("export: chmod %s: %w", tmp, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("export: close %s: %w", tmp, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("export: rename %s to %s: %w", filepath.Base(tmp), path, err)
	}
	syncDir(dir)
	return nil
}

// syncDir fsyncs a folder so that a rename in it survives a crash; errors
// are ignored (some file systems refuse to sync a folder).
func syncDir(dir string) {
	d, err := os.Open(dir)
	if err != nil {
		return
	}
	d.Sync()
	d.Close()
}
