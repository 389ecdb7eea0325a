package pdfsig

import (
	"errors"
	"strconv"

	"github.com/moj-portal/tiepnhan/internal/pdfsyntax"
)

// kind is the type of a PDF object (ISO 32000-1 §7.3).
type kind uint8

const (
	kOther kind = iota // keyword, boolean, null
	kNum
	kStr // literal or hex string; str holds the decoded bytes
	kName
	kArr
	kDict
	kRef
)

// object is one parsed PDF object with the byte extent it came from.
type object struct {
	kind       kind
	num        float64
	str        []byte
	name       string
	arr        []object
	dict       map[string]object
	start, end int // data[start:end] is the object's text
}

// Parsing caps: a hostile dictionary can nest deeply or hold many items;
// beyond these the parse fails instead of growing.
const (
	maxDepth = 16
	maxItems = 4096
)

var errSyntax = errors.New("pdf syntax")

// parser reads objects from b (ISO 32000-1 §7.2 lexical conventions). It
// never panics on malformed input and always advances, so it terminates.
type parser struct {
	b     []byte
	pos   int
	items int
}

func (p *parser) skipSpace() { p.pos = pdfsyntax.SkipSpace(p.b, p.pos) }

// value parses one object; depth counts the arrays and dictionaries open.
func (p *parser) value(depth int) (object, error) {
	p.items++
	if depth > maxDepth || p.items > maxItems {
		return object{}, errSyntax
	}
	p.skipSpace()
	if p.pos >= len(p.b) {
		return object{}, errSyntax
	}
	start := p.pos
	c := p.b[p.pos]
	var o object
	var err error
	switch {
	case c == '<' && p.pos+1 < len(p.b) && p.b[p.pos+1] == '<':
		o, err = p.dictionary(depth)
	case c == '<':
		o = object{kind: kStr}
		o.str, err = p.hexString()
	case c == '(':
		o = object{kind: kStr}
		o.str, err = p.literalString()
	case c == '[':
		o, err = p.array(depth)
	case c == '/':
		o = object{kind: kName, name: p.name()}
	case c == ')' || c == '>' || c == ']' || c == '{' || c == '}':
		return object{}, errSyntax
	default:
		o = p.word()
	}
	if err != nil {
		return object{}, err
	}
	o.start, o.end = start, p.pos
	return o, nil
}

// word reads a number, a keyword or an indirect reference "n g R".
func (p *parser) word() object {
	w := p.token()
	n, err := strconv.ParseFloat(string(w), 64)
	if err != nil {
		return object{kind: kOther, name: string(w)}
	}
	// An indirect reference (§7.3.10): two integers and R.
	save := p.pos
	p.skipSpace()
	g := p.token()
	if _, err := strconv.Atoi(string(g)); err == nil {
		p.skipSpace()
		if r := p.token(); string(r) == "R" {
			return object{kind: kRef, num: n}
		}
	}
	p.pos = save
	return object{kind: kNum, num: n}
}

// token reads a regular-character run; at least one byte so that the
// parser always advances.
func (p *parser) token() []byte {
	s := p.pos
	for p.pos < len(p.b) && !pdfsyntax.IsSpace(p.b[p.pos]) && !pdfsyntax.IsDelim(p.b[p.pos]) {
		p.pos++
	}
	if p.pos == s && p.pos < len(p.b) {
		p.pos++
	}
	return p.b[s:p.pos]
}

func (p *parser) name() string {
	p.pos++ // '/'
	s := p.pos
	for p.pos < len(p.b) && !pdfsyntax.IsSpace(p.b[p.pos]) && !pdfsyntax.IsDelim(p.b[p.pos]) {
		p.pos++
	}
	return string(p.b[s:p.pos])
}

func (p *parser) array(depth int) (object, error) {
	p.pos++ // '['
	o := object{kind: kArr}
	for {
		p.skipSpace()
		if p.pos >= len(p.b) {
			return object{}, errSyntax
		}
		if p.b[p.pos] == ']' {
			p.pos++
			return o, nil
		}
		v, err := p.value(depth + 1)
		if err != nil {
			return object{}, err
		}
		o.arr = append(o.arr, v)
	}
}

func (p *parser) dictionary(depth int) (object, error) {
	p.pos += 2 // "<<"
	o := object{kind: kDict, dict: map[string]object{}}
	for {
		p.skipSpace()
		if p.pos+1 < len(p.b) && p.b[p.pos] == '>' && p.b[p.pos+1] == '>' {
			p.pos += 2
			return o, nil
		}
		if p.pos >= len(p.b) || p.b[p.pos] != '/' {
			return object{}, errSyntax
		}
		key := p.name()
		v, err := p.value(depth + 1)
		if err != nil {
			return object{}, err
		}
		if _, dup := o.dict[key]; !dup { // the first of duplicate keys wins
			o.dict[key] = v
		}
	}
}

// literalString decodes a (…) string (§7.3.4.2): balanced parentheses,
// backslash escapes, octal codes, line continuations.
func (p *parser) literalString() ([]byte, error) {
	out, next, closed := pdfsyntax.LiteralString(p.b, p.pos+1, nil) // after '('
	if !closed {
		return nil, errSyntax
	}
	p.pos = next
	return out, nil
}

// hexString decodes a <…> string (§7.3.4.3); an odd last digit counts as
// followed by 0.
func (p *parser) hexString() ([]byte, error) {
	out, next, closed, clean := pdfsyntax.HexString(p.b, p.pos+1, nil) // after '<'
	if !closed || !clean {
		return nil, errSyntax
	}
	p.pos = next
	return out, nil
}
