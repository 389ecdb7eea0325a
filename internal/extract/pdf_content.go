package extract

import (
	"context"
	"math"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ledongthuc/pdf"
)

// Caps on content interpretation.
const (
	maxPageContent  = 64 << 20  // decoded content bytes of one page
	maxDocContent   = 512 << 20 // decoded content bytes of a document
	maxFormDepth    = 8         // nested form XObjects
	maxFormsPerPage = 2000
	maxOperands     = 64
	maxArrayDepth   = 16
	maxQDepth       = 256
	ctxCheckEvery   = 4096 // operators between ctx checks
)

// matrix is a PDF transformation matrix [a b c d e f] (§8.3.3).
type matrix [6]float64

var identity = matrix{1, 0, 0, 1, 0, 0}

// mul returns m × n (apply m first, then n).
func (m matrix) mul(n matrix) matrix {
	return matrix{
		m[0]*n[0] + m[1]*n[2],
		m[0]*n[1] + m[1]*n[3],
		m[2]*n[0] + m[3]*n[2],
		m[2]*n[1] + m[3]*n[3],
		m[4]*n[0] + m[5]*n[2] + n[4],
		m[4]*n[1] + m[5]*n[3] + n[5],
	}
}

func (m matrix) apply(x, y float64) (float64, float64) {
	return x*m[0] + y*m[2] + m[4], x*m[1] + y*m[3] + m[5]
}

// gstate holds the graphics and text state parameters that q/Q save
// (§8.4.1, §9.3.1).
type gstate struct {
	ctm                         matrix
	font                        *pdfFont
	size, charSp, wordSp, scale float64
	leading, rise               float64
}

// operand is a content stream operand.
type operand struct {
	kind tokKind
	num  float64
	s    []byte
	arr  []operand
}

// pageCtx is the interpreter of one page's content (and its forms).
type pageCtx struct {
	doc   *pdfDoc
	page  int
	scan  *pageScan // nil past Options.MaxOCRPages
	forms int
	ops   int
	sb    strings.Builder
	stack []operand
}

// contentState is the state of one content stream being run: the graphics
// state and the copies q saved, the text matrices (§9.4.2), the fonts by
// resource name.
type contentState struct {
	l      *lexer
	res    pdf.Value
	gs     gstate
	saved  []gstate
	fonts  map[string]*pdfFont
	tm     matrix
	tlm    matrix
	depth  int
	active map[uint64]bool
}

// interpret runs a content stream (§7.8.2) with the given resources.
func (pc *pageCtx) interpret(ctx context.Context, content []byte, res pdf.Value, gs gstate, depth int, active map[uint64]bool) error {
	st := &contentState{
		l: &lexer{b: content}, res: res, gs: gs, depth: depth, active: active,
		// Fonts by resource name for this content stream: resolving the font
		// dictionary through the library parses it from the file every time.
		fonts: make(map[string]*pdfFont),
		tm:    identity, tlm: identity,
	}
	l := st.l
	pc.stack = pc.stack[:0]
	for {
		if pc.doc.out.full() {
			return nil
		}
		t := l.next()
		switch t.kind {
		case tkEOF:
			return nil
		case tkOp:
		case tkArrOpen:
			arr := readArray(l, 0)
			pc.push(operand{kind: tkArrOpen, arr: arr})
			continue
		case tkDictOpen:
			skipDict(l, 0)
			pc.push(operand{kind: tkDictOpen})
			continue
		case tkArrClose, tkDictClose:
			continue
		default:
			pc.push(operand{kind: t.kind, num: t.num, s: t.s})
			continue
		}
		pc.ops++
		if pc.ops%ctxCheckEvery == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if err := pc.operator(ctx, st, string(t.s), pc.stack); err != nil {
			return err
		}
		pc.stack = pc.stack[:0]
	}
}

// numArg is the i-th operand as a number, 0 when it is missing or not one.
func numArg(args []operand, i int) float64 {
	if i < len(args) && args[i].kind == tkNum {
		return args[i].num
	}
	return 0
}

// lastArg is the last operand if it is of the given kind.
func lastArg(args []operand, kind tokKind) (operand, bool) {
	if len(args) >= 1 && args[len(args)-1].kind == kind {
		return args[len(args)-1], true
	}
	return operand{}, false
}

// operator runs one operator of a content stream with its operands: the
// graphics state (§8.4.4), XObjects (§8.8) and inline images (§8.9.7) here,
// the text operators in textOperator.
func (pc *pageCtx) operator(ctx context.Context, st *contentState, op string, args []operand) error {
	num := func(i int) float64 { return numArg(args, i) }
	switch op {
	case "q":
		if len(st.saved) < maxQDepth {
			st.saved = append(st.saved, st.gs)
		}
	case "Q":
		if len(st.saved) > 0 {
			st.gs = st.saved[len(st.saved)-1]
			st.saved = st.saved[:len(st.saved)-1]
		}
	case "cm":
		if len(args) == 6 {
			st.gs.ctm = matrix{num(0), num(1), num(2), num(3), num(4), num(5)}.mul(st.gs.ctm)
		}
	case "Do":
		if a, ok := lastArg(args, tkName); ok {
			return pc.do(ctx, st.res, string(a.s), st.gs, st.depth, st.active)
		}
	case "BI":
		pc.inlineImage(st.l, st.gs.ctm)
	default:
		pc.textOperator(st, op, args)
	}
	return nil
}

// textOperator runs a text state, positioning or showing operator (§9.3,
// §9.4.2, §9.4.3); others are ignored.
func (pc *pageCtx) textOperator(st *contentState, op string, args []operand) {
	num := func(i int) float64 { return numArg(args, i) }
	gs := &st.gs
	// nextLine moves to the start of the next line (T*).
	nextLine := func() {
		st.tlm = matrix{1, 0, 0, 1, 0, -gs.leading}.mul(st.tlm)
		st.tm = st.tlm
	}
	switch op {
	case "BT":
		st.tm, st.tlm = identity, identity
	case "Tf":
		if len(args) == 2 && args[0].kind == tkName {
			f, ok := st.fonts[string(args[0].s)]
			if !ok {
				f = pc.doc.font(st.res, string(args[0].s))
				st.fonts[string(args[0].s)] = f
			}
			gs.font = f
			gs.size = num(1)
		}
	case "Tc":
		gs.charSp = num(0)
	case "Tw":
		gs.wordSp = num(0)
	case "Tz":
		gs.scale = num(0) / 100
	case "TL":
		gs.leading = num(0)
	case "Ts":
		gs.rise = num(0)
	case "Td":
		st.tlm = matrix{1, 0, 0, 1, num(0), num(1)}.mul(st.tlm)
		st.tm = st.tlm
	case "TD":
		gs.leading = -num(1)
		st.tlm = matrix{1, 0, 0, 1, num(0), num(1)}.mul(st.tlm)
		st.tm = st.tlm
	case "Tm":
		if len(args) == 6 {
			st.tlm = matrix{num(0), num(1), num(2), num(3), num(4), num(5)}
			st.tm = st.tlm
		}
	case "T*":
		nextLine()
	case "Tj":
		if a, ok := lastArg(args, tkStr); ok {
			pc.show(gs, &st.tm, a.s)
		}
	case "'":
		nextLine()
		if a, ok := lastArg(args, tkStr); ok {
			pc.show(gs, &st.tm, a.s)
		}
	case "\"":
		if len(args) == 3 && args[2].kind == tkStr {
			gs.wordSp, gs.charSp = num(0), num(1)
			nextLine()
			pc.show(gs, &st.tm, args[2].s)
		}
	case "TJ":
		if a, ok := lastArg(args, tkArrOpen); ok {
			for _, e := range a.arr {
				switch e.kind {
				case tkStr:
					pc.show(gs, &st.tm, e.s)
				case tkNum:
					// Kerning in thousandths of text space (§9.4.3).
					tx := -e.num / 1000 * gs.size * gs.scale
					st.tm = matrix{1, 0, 0, 1, tx, 0}.mul(st.tm)
				}
			}
		}
	}
}

func (pc *pageCtx) push(o operand) {
	if len(pc.stack) < maxOperands {
		pc.stack = append(pc.stack, o)
	}
}

func readArray(l *lexer, depth int) []operand {
	var arr []operand
	for {
		t := l.next()
		switch t.kind {
		case tkEOF, tkArrClose:
			return arr
		case tkArrOpen:
			if depth < maxArrayDepth {
				arr = append(arr, operand{kind: tkArrOpen, arr: readArray(l, depth+1)})
			} else {
				readArray(l, depth+1) // still consume; depth bounded by input length
			}
		case tkDictOpen:
			skipDict(l, depth+1)
		case tkOp, tkDictClose:
			// tolerate junk inside arrays
		default:
			if len(arr) < 1<<16 {
				arr = append(arr, operand{kind: t.kind, num: t.num, s: t.s})
			}
		}
	}
}

func skipDict(l *lexer, depth int) {
	for {
		switch l.next().kind {
		case tkEOF, tkDictClose:
			return
		case tkDictOpen:
			if depth < 1000 {
				skipDict(l, depth+1)
			}
		}
	}
}

// inlineImage reads BI <params> ID <data> EI (§8.9.7), counting the image.
func (pc *pageCtx) inlineImage(l *lexer, ctm matrix) {
	w, h, stencil := 0, 0, false
	var key string
	for {
		t := l.next()
		switch t.kind {
		case tkEOF:
			return
		case tkName:
			if key == "" {
				key = string(t.s)
				continue
			}
			key = ""
		case tkNum:
			switch key {
			case "W", "Width":
				w = int(t.num)
			case "H", "Height":
				h = int(t.num)
			}
			key = ""
		case tkOp:
			switch string(t.s) {
			case "ID":
				l.skipInlineImage()
				pc.doc.images.add(w, h, pc.page, pc.doc.opts.TinyImagePixels)
				pc.scan.drawImage(drawnImage{w: w, h: h, ctm: ctm, stencil: stencil})
				return
			case "true":
				stencil = stencil || key == "IM" || key == "ImageMask"
			}
			key = ""
		default:
			key = ""
		}
	}
}

// do runs the Do operator: form XObjects are interpreted recursively
// (bounded depth, no cycles), images are counted (§8.8, §8.10).
func (pc *pageCtx) do(ctx context.Context, res pdf.Value, name string, gs gstate, depth int, active map[uint64]bool) (err error) {
	defer pc.doc.opts.recoverPanic(&err)
	xo := res.Key("XObject").Key(name)
	switch xo.Key("Subtype").Name() {
	case "Image":
		w, h := int(xo.Key("Width").Int64()), int(xo.Key("Height").Int64())
		pc.doc.images.add(w, h, pc.page, pc.doc.opts.TinyImagePixels)
		pc.scan.drawImage(drawnImage{w: w, h: h, ctm: gs.ctm,
			stencil: xo.Key("ImageMask").Bool(), smask: !xo.Key("SMask").IsNull() || xo.Key("Mask").Kind() == pdf.Stream})
		return nil
	case "Form":
	default:
		return nil
	}
	if depth >= maxFormDepth || pc.forms >= maxFormsPerPage {
		return nil
	}
	key, ok := objKey(xo)
	if ok {
		if active[key] {
			return nil // a form that draws itself
		}
		active[key] = true
		defer delete(active, key)
	}
	pc.forms++
	data, err := pc.doc.readContent(xo)
	if err != nil || len(data) == 0 {
		return nil
	}
	if m := xo.Key("Matrix"); m.Len() == 6 {
		var fm matrix
		for i := range fm {
			fm[i] = m.Index(i).Float64()
		}
		gs.ctm = fm.mul(gs.ctm)
	}
	fres := xo.Key("Resources")
	if fres.IsNull() {
		fres = res
	}
	stack := pc.stack
	pc.stack = nil
	err = pc.interpret(ctx, data, fres, gs, depth+1, active)
	pc.stack = stack[:0]
	return err
}

// show decodes one string and positions it (§9.4.4): the text matrix
// advances by the glyph widths, character and word spacing.
func (pc *pageCtx) show(gs *gstate, tm *matrix, s []byte) {
	f := gs.font
	if f == nil {
		f = pc.doc.fallbackFont()
	}
	d := f.decode(s, &pc.sb)
	if pc.scan != nil {
		pc.scan.glyphs += d.glyphs
	}
	if f.usedToUnicode {
		pc.doc.usedToUnicode = true
	}
	tx := (d.width*gs.size + float64(d.glyphs)*gs.charSp + float64(d.spaces)*gs.wordSp) * gs.scale
	trm := tm.mul(gs.ctm)
	x0, y0 := trm.apply(0, gs.rise)
	x1, y1 := trm.apply(tx, gs.rise)
	// Effective font size: the text space's vertical unit in device space.
	vx, vy := trm[2]*gs.size, trm[3]*gs.size
	size := math.Hypot(vx, vy)
	// Text direction: the text space's horizontal unit in device space.
	dx, dy := trm[0], trm[1]
	if n := math.Hypot(dx, dy); n > 0 {
		dx, dy = dx/n, dy/n
	} else {
		dx, dy = 1, 0
	}
	space := f.spaceWidth * size
	pc.doc.out.add(d.text, x0, y0, x1, y1, dx, dy, size, space)
	*tm = matrix{1, 0, 0, 1, tx, 0}.mul(*tm)
}

// textBuilder assembles positioned text runs into lines and words.
type textBuilder struct {
	sb        strings.Builder
	chars     int
	max       int
	truncated bool

	have            bool
	lastAlongEnd    float64
	lastAcross      float64
	lastSize        float64
	lastDx, lastDy  float64
	lastEndsWithSep bool
}

func (b *textBuilder) full() bool { return b.truncated }

// add appends a run drawn from (x0,y0) to (x1,y1) along direction
// (dx,dy). A run on a new baseline starts a new line; a gap wider than a
// fraction of a space on the same baseline becomes a space.
func (b *textBuilder) add(text string, x0, y0, x1, y1, dx, dy, size, space float64) {
	if text == "" || b.truncated {
		return
	}
	along0 := x0*dx + y0*dy
	along1 := x1*dx + y1*dy
	across := -x0*dy + y0*dx
	if size <= 0 {
		size = 1
	}
	if b.have {
		sep := ""
		sameDir := math.Abs(dx-b.lastDx) < 0.05 && math.Abs(dy-b.lastDy) < 0.05
		ref := math.Max(size, b.lastSize)
		dAcross := across - b.lastAcross
		switch {
		case !sameDir || math.Abs(dAcross) > 0.5*ref:
			sep = "\n"
		default:
			gap := along0 - b.lastAlongEnd
			thr := 0.3 * space
			if min := 0.08 * ref; thr < min {
				thr = min
			}
			if gap > thr || gap < -ref {
				sep = " "
			}
		}
		if sep == " " {
			r, _ := utf8.DecodeRuneInString(text)
			if b.lastEndsWithSep || unicode.IsSpace(r) || unicode.Is(unicode.Mn, r) {
				sep = ""
			}
		}
		b.write(sep)
	}
	b.write(text)
	r, _ := utf8.DecodeLastRuneInString(text)
	b.lastEndsWithSep = unicode.IsSpace(r)
	b.have = true
	b.lastAlongEnd = along1
	b.lastAcross = across
	b.lastSize = size
	b.lastDx, b.lastDy = dx, dy
}

func (b *textBuilder) write(s string) {
	if s == "" || b.truncated {
		return
	}
	n := utf8.RuneCountInString(s)
	if b.chars+n > b.max {
		b.truncated = true
		return
	}
	b.chars += n
	b.sb.WriteString(s)
}

// pageBreak ends a page with a form feed, as pdftotext does.
func (b *textBuilder) pageBreak() {
	b.write("\f")
	b.have = false
	b.lastEndsWithSep = true
}
