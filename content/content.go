// Package content holds the words and schedules staff can change without
// touching code: the self-fix guides and the coaches' weekly availability.
// They are embedded so the binary and the Lambda need no files beside them.
package content

import (
	"embed"
	"io/fs"
)

//go:embed guides/*.json coaches.json
var files embed.FS

// Guides is the folder of guide files (see guides/README.md).
func Guides() fs.FS {
	sub, err := fs.Sub(files, "guides")
	if err != nil {
		panic(err) // the embed pattern above guarantees the folder
	}
	return sub
}

// Coaches opens the coaches' weekly availability.
func Coaches() (fs.File, error) { return files.Open("coaches.json") }
