package xmlsig

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"runtime/debug"
	"strings"

	"github.com/beevik/etree"
)

// Caps on what a hostile file can make this package do.
const (
	maxXMLBytes   = 4 << 20   // one signature part, or a relationships part read whole
	maxDepth      = 64        // element nesting
	maxTokens     = 200_000   // tokens of one XML text
	maxParts      = 4096      // entries of a package
	maxReferences = 4096      // references of one signature (all its manifests)
	maxDigested   = 256 << 20 // bytes of parts decompressed for digests, all signatures of a file
)

var errLimit = errors.New("limit exceeded")

// parseXML reads an XML text into a tree after a streaming pass that
// bounds its nesting and size and refuses a DTD (no entity may expand).
func parseXML(b []byte) (*etree.Document, error) {
	if len(b) > maxXMLBytes {
		return nil, fmt.Errorf("XML of %d bytes: %w", len(b), errLimit)
	}
	d := xml.NewDecoder(bytes.NewReader(b))
	depth, n := 0, 0
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("XML unreadable: %w", err)
		}
		if n++; n > maxTokens {
			return nil, fmt.Errorf("more than %d XML tokens: %w", maxTokens, errLimit)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if depth++; depth > maxDepth {
				return nil, fmt.Errorf("XML nested deeper than %d: %w", maxDepth, errLimit)
			}
		case xml.EndElement:
			depth--
		case xml.Directive:
			if s := strings.ToUpper(string(t)); strings.HasPrefix(strings.TrimSpace(s), "DOCTYPE") || strings.Contains(s, "ENTITY") {
				return nil, errors.New("XML with a DTD is refused")
			}
		}
	}
	doc := etree.NewDocument()
	doc.ReadSettings.Permissive = false
	if err := doc.ReadFromBytes(b); err != nil {
		return nil, fmt.Errorf("XML unreadable: %w", err)
	}
	if doc.Root() == nil {
		return nil, errors.New("XML without a root element")
	}
	return doc, nil
}

// guard runs f, turning a panic into an error: a hostile file must never
// stop the pipeline.
func guard(f func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			lines := strings.Split(string(debug.Stack()), "\n")
			err = fmt.Errorf("signature parse panicked: %v: %s", r, strings.Join(lines[:min(len(lines), 12)], " | "))
		}
	}()
	f()
	return nil
}
