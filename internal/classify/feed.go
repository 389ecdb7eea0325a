package classify

import (
	"encoding/xml"
	"fmt"
	"html"
	"io"
	"net/mail"
	"regexp"
	"strings"
	"time"
)

// Published is an item already posted on the Portal (Điều 14 khoản 4),
// from the Portal's feed or recorded when staff mark a submission
// published.
type Published struct {
	Link     string    `json:"link"`
	Title    string    `json:"title"`
	At       time.Time `json:"at"`
	Category string    `json:"category"`
	// Text is the plain text of the item (title and description).
	Text string `json:"text"`
}

// MaxFeedBytes caps a feed.
const MaxFeedBytes = 32 << 20

type rss struct {
	Channel struct {
		Items []struct {
			Title       string `xml:"title"`
			Link        string `xml:"link"`
			GUID        string `xml:"guid"`
			PubDate     string `xml:"pubDate"`
			Category    string `xml:"category"`
			Description string `xml:"description"`
			Encoded     string `xml:"http://purl.org/rss/1.0/modules/content/ encoded"`
		} `xml:"item"`
	} `xml:"channel"`
}

// ParseFeed reads an RSS 2.0 feed of the Portal (such as
// testdata/corpus/published.xml). Items without a link are skipped; a
// pubDate that cannot be read leaves At zero. The error names what is
// wrong and where.
func ParseFeed(r io.Reader) ([]Published, error) {
	lr := &io.LimitedReader{R: r, N: MaxFeedBytes + 1}
	dec := xml.NewDecoder(lr)
	dec.Strict = true
	dec.CharsetReader = func(label string, in io.Reader) (io.Reader, error) {
		if strings.EqualFold(label, "utf-8") || strings.EqualFold(label, "us-ascii") {
			return in, nil
		}
		return nil, fmt.Errorf("bảng mã %q không được hỗ trợ (cần UTF-8)", label)
	}
	var feed rss
	if err := dec.Decode(&feed); err != nil {
		if lr.N <= 0 {
			return nil, fmt.Errorf("feed lớn hơn %d MiB", MaxFeedBytes>>20)
		}
		line, _ := dec.InputPos()
		return nil, fmt.Errorf("feed RSS không đọc được (dòng %d): %w", line, err)
	}
	var out []Published
	for _, it := range feed.Channel.Items {
		link := strings.TrimSpace(it.Link)
		if link == "" {
			link = strings.TrimSpace(it.GUID)
		}
		if link == "" {
			continue
		}
		body := it.Encoded
		if body == "" {
			body = it.Description
		}
		p := Published{Link: link, Title: strings.TrimSpace(it.Title), Category: strings.TrimSpace(it.Category)}
		p.Text = strings.TrimSpace(p.Title + "\n" + StripHTML(body))
		if t, err := mail.ParseDate(strings.TrimSpace(it.PubDate)); err == nil {
			p.At = t
		}
		out = append(out, p)
	}
	return out, nil
}

var (
	tagRe   = regexp.MustCompile(`(?s)<[^>]*>`)
	blockRe = regexp.MustCompile(`(?i)<(br|/p|/div|/li|/h[1-6])\b[^>]*>`)
	spaceRe = regexp.MustCompile(`[ \t]+`)
)

// StripHTML turns an HTML fragment into plain text.
func StripHTML(s string) string {
	s = blockRe.ReplaceAllString(s, "\n")
	s = tagRe.ReplaceAllString(s, " ")
	s = html.UnescapeString(s)
	var lines []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(spaceRe.ReplaceAllString(l, " ")); l != "" {
			lines = append(lines, l)
		}
	}
	return strings.Join(lines, "\n")
}

// Candidate makes the near-duplicate candidate of a published item.
func (p Published) Candidate() Candidate {
	return Candidate{Source: "published", Ref: p.Link, Title: p.Title, At: p.At, Fingerprint: NewFingerprint(p.Text)}
}
