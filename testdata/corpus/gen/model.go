package main

import (
	"fmt"
	"strings"
	"time"
)

// Doc is one official document laid out per Decree 30/2020/NĐ-CP: Quốc hiệu, issuer over
// parent, number, place and date, title and trích yếu, body, signature block and Nơi nhận.
type Doc struct {
	File       string // attachment file name, e.g. "QD-125-PBGDPL.pdf"
	Format     string // pdf-libreoffice|pdf-identity-h|docx|scan-pdf|png
	Parent     string // "BỘ TƯ PHÁP"
	Issuer     string // "CỤC CÔNG NGHỆ THÔNG TIN"; "\n" breaks the line
	IssuerName string // issuer as the label reads it
	Number     string // "125/QĐ-PBGDPL"
	Type       string // "Quyết định", "Công văn", …
	Place      string // "Hà Nội"
	Signed     string // 2006-01-02
	DateStyle  int    // 0: "ngày 05 tháng 3 năm 2026", 1: "ngày 5 tháng 3 năm 2026"
	SignedAt   string // "16:32:10": adds a digital-signature box when set
	TitleLine  string // "QUYẾT ĐỊNH"; empty for a công văn
	Summary    string // trích yếu under the title
	VV         string // "V/v …" under the number (công văn)
	KinhGui    []string
	Preamble   []string
	Body       []string // "**Điều 1.** text" gives a bold lead, "^TEXT" a centred bold line
	Authority  string   // KT.|TL.|TM.|Q.|TUQ.|""
	AuthHead   string   // "BỘ TRƯỞNG"
	SignTitle  string   // "THỨ TRƯỞNG"
	Signer     string
	NoiNhan    []string
	Secrecy    string // "MẬT", …
	Circ       string // "LƯU HÀNH NỘI BỘ"
	Urgency    string // "KHẨN", "HỎA TỐC"
	Portal     bool   // Nơi nhận names the Portal (Điều 9 khoản 2)
	CheckWords []string
	Rotate     float64 // scans: degrees
	Plain      bool    // an article, not an official document: title, author, paragraphs
}

// Key is the base name of the document's work files.
func (d *Doc) Key() string {
	return strings.TrimSuffix(d.File, extOf(d.File))
}

func extOf(name string) string {
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		return name[i:]
	}
	return ""
}

// PlaceDate renders the place and date line.
func (d *Doc) PlaceDate() string {
	t, err := time.Parse("2006-01-02", d.Signed)
	if err != nil {
		panic(fmt.Sprintf("doc %s: bad signed date %q", d.Number, d.Signed))
	}
	day, mon := fmt.Sprintf("%02d", t.Day()), fmt.Sprintf("%d", int(t.Month()))
	if t.Month() <= 2 {
		mon = fmt.Sprintf("%02d", int(t.Month()))
	}
	if d.DateStyle == 1 {
		day, mon = fmt.Sprintf("%d", t.Day()), fmt.Sprintf("%d", int(t.Month()))
	}
	place := d.Place
	if place == "" {
		place = "Hà Nội"
	}
	return fmt.Sprintf("%s, ngày %s tháng %s năm %d", place, day, mon, t.Year())
}

// Attachment is one MIME attachment.
type Attachment struct {
	Name        string
	ContentType string
	Data        []byte
	Inline      bool   // Content-Disposition: inline with a Content-ID (pasted photo)
	NameStyle   string // "" quoted UTF-8 RFC 2047 (Outlook/Gmail), "2231" (Thunderbird), "raw" (raw UTF-8)
}

// Submitter is the sender data of Điều 9 khoản 3 as written in the mail's signature.
type Submitter struct {
	Org, Name, Title, TaxCode, CitizenID, Phone, Address string
	Missing, Invalid                                     []string // hand-set labels
	Layout                                               int      // signature layout variant
}

// Item is one corpus email with its hand-set labels.
type Item struct {
	File               string
	Client             string // outlook|gmail|thunderbird|webmail|yahoo|mobile|system
	Received           string // RFC 3339 at +07:00: topmost Received
	Date               string // RFC 3339 of the Date: header when it differs (sender's clock)
	FromName, FromAddr string
	To                 string // default banbientap
	Cc                 []string
	Subject            string
	Body               string // plain text; paragraphs separated by blank lines
	Charset            string // "" = utf-8, "windows-1258"
	PlainOnly          bool
	Sub                *Submitter
	Docs               []*Doc // official documents attached (first is the labelled one)
	Articles           []*Doc // attached articles (rendered like documents, not labelled as documents)
	Zip                string // when set, Docs are packed in this ZIP
	Files              []Attachment
	Photos             []Photo
	Headers            [][2]string           // extra headers (In-Reply-To, Auto-Submitted, …)
	Raw                func(it *Item) []byte // custom message builder (DSN, forwarded)
	Forward            *Item                 // message/rfc822 inside
	L                  Label
}

// Photo is a generated event photo.
type Photo struct {
	Name   string
	W, H   int
	Seed   int
	Inline bool
}

// Label is one table of labels.toml.
type Label struct {
	ReceivedAt     string     `toml:"received_at"`
	Kind           string     `toml:"kind"`
	Category       string     `toml:"category"`
	Timing         string     `toml:"timing"`
	Unit           string     `toml:"unit"`
	Target         string     `toml:"target"`
	Language       string     `toml:"language"`
	Grounds        []string   `toml:"grounds"`
	DuplicateOf    string     `toml:"duplicate_of"`
	EventOn        string     `toml:"event_on,omitempty"`
	ReplyToItem    string     `toml:"reply_to_item,omitempty"`
	ComplaintAbout string     `toml:"complaint_about,omitempty"`
	Note           string     `toml:"note,omitempty"`
	Document       *DocLabel  `toml:"document,omitempty"`
	OtherDocuments []DocLabel `toml:"other_documents,omitempty"`
	Submitter      *SubLabel  `toml:"submitter,omitempty"`
}

// DocLabel is the document sub-table.
type DocLabel struct {
	NumberSymbol    string   `toml:"number_symbol"`
	Type            string   `toml:"type"`
	SignedOn        string   `toml:"signed_on"`
	Issuer          string   `toml:"issuer"`
	Signer          string   `toml:"signer"`
	Authority       string   `toml:"authority"`
	Secrecy         string   `toml:"secrecy"`
	Urgency         string   `toml:"urgency"`
	PortalRecipient bool     `toml:"portal_recipient"`
	Attachment      string   `toml:"attachment"`
	Member          string   `toml:"member,omitempty"`
	Format          string   `toml:"format"`
	CheckWords      []string `toml:"check_words"`
}

// SubLabel is the submitter sub-table (Điều 9 khoản 3).
type SubLabel struct {
	Missing []string `toml:"missing"`
	Invalid []string `toml:"invalid"`
}
