package learn

import (
	"bytes"
	_ "embed"
	"sync"
)

// defaultModel is the model shipped with the program: trained by
// `tiepnhan train` on the corpora of the repository (make model).
//
//go:embed default.json
var defaultModel []byte

// DefaultBytes is the embedded model file.
func DefaultBytes() []byte { return defaultModel }

// Default is the embedded model, parsed once.
var Default = sync.OnceValues(func() (*Model, error) { return Load(bytes.NewReader(defaultModel)) })
