// Package view holds what the web UI reads: a page of the inbox, an item's
// page, the dashboard and the yearly report (Điều 22), the lists of the
// administrators' pages, and the interfaces that serve them. The rules of
// the work itself are in internal/workflow.
package view

import (
	"context"
	"fmt"
	"github.com/moj-portal/tiepnhan/internal/finding"
	"strconv"
	"strings"
	"time"

	"github.com/moj-portal/tiepnhan/internal/auth"
	"github.com/moj-portal/tiepnhan/internal/workflow"
)

// Cursor is a keyset position in the inbox: the sort key of the last row
// shown. Due is nil for items without deadline (they sort last).
type Cursor struct {
	Due *time.Time
	ID  int64
}

// String encodes a cursor for a URL: "<unix micro>_<id>", "inf_<id>".
func (c Cursor) String() string {
	if c.Due == nil {
		return "inf_" + strconv.FormatInt(c.ID, 10)
	}
	return strconv.FormatInt(c.Due.UnixMicro(), 10) + "_" + strconv.FormatInt(c.ID, 10)
}

// ParseCursor decodes Cursor.String.
func ParseCursor(s string) (*Cursor, error) {
	if s == "" {
		return nil, nil
	}
	a, b, ok := strings.Cut(s, "_")
	id, err := strconv.ParseInt(b, 10, 64)
	if !ok || err != nil || id < 0 {
		return nil, fmt.Errorf("vị trí trang %q không hợp lệ", s)
	}
	c := &Cursor{ID: id}
	if a != "inf" {
		us, err := strconv.ParseInt(a, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("vị trí trang %q không hợp lệ", s)
		}
		t := time.UnixMicro(us)
		c.Due = &t
	}
	return c, nil
}

// Filter selects inbox rows. The scope fields come from the principal, the
// others from the query string.
type Filter struct {
	State, Kind, Timing, Unit string
	// Mailbox is the account of the mailbox the item came in by
	// (config.Mailbox.Account); "" for all.
	Mailbox              string
	AssigneeID           int64
	Overdue, Quarantined bool
	// Scope: all units, or only these; quarantined items only for the
	// Standing Board (Điều 14 khoản 2); a liaison sees only what was
	// forwarded to ForwardedUnit.
	AllUnits       bool
	Units          []string
	SeeQuarantined bool
	ForwardedUnit  string
	After          *Cursor
	Limit          int
	Now            time.Time
}

// ScopeFor fills the scope of f for principal p on the inbox.
func ScopeFor(f *Filter, p auth.Principal) {
	f.AllUnits, f.Units = p.Scope(auth.PermViewInbox)
	f.SeeQuarantined = p.Has(auth.PermViewQuarantined)
}

// Row is one inbox line.
type Row struct {
	ID            int64
	Reference     string
	Subject       string
	FromName      string
	FromAddr      string
	State         string
	Kind          string
	Category      string
	Timing        string
	Unit          string
	Target        string
	Language      string
	ForwardedUnit string
	Assignee      string
	NextDue       *time.Time
	NextRule      string
	// Later are the item's other deadlines still counting, after NextDue
	// (an 11.2 supplement timer beside the 13.x posting deadline, …).
	Later       []Due
	Quarantined bool
	ReceivedAt  time.Time
	Grounds     []string
	// Mailbox is the account of the mailbox its first message came in by;
	// "" for a paper registration.
	Mailbox string
	// NeedsConfirmation: the learned classifier was unsure of the timing
	// class (the item got the stricter Điều 13 khoản 1 deadline) or of the
	// kind, and no person has confirmed or corrected it yet.
	NeedsConfirmation bool
	// Proposed: the Portal's feed showed an item that matches this one,
	// proposed as its publication and not yet confirmed or dismissed.
	Proposed bool
}

// Mailbox is a mailbox the service reads, as people name it.
type Mailbox struct {
	Account, Name string
}

// Due is one counting deadline of an item: its rule and due instant.
type Due struct {
	Rule string
	At   time.Time
}

// When is At for the templates' countdown helpers, which take a pointer.
func (d Due) When() *time.Time { return &d.At }

// Page is a page of the inbox.
type Page struct {
	Rows []Row
	Next *Cursor // nil on the last page
	// Count is the number of matching rows, up to CountCap (Capped then).
	Count  int
	Capped bool
}

// CountCap bounds the count shown above the inbox (counting a million rows
// on every page view would cost more than the page).
const CountCap = 1000

// Message is one message of an item with what was read from it.
type Message struct {
	ID          int64
	ReceivedAt  time.Time
	Source      string
	Kind        string
	Subject     string
	From        string
	To, Cc      []string
	Text        string
	HasHTML     bool
	HeaderOnly  bool
	Flags       []string
	Attachments []Attachment
}

// Attachment is one attachment and its extracted text.
type Attachment struct {
	Idx         int
	Filename    string
	ContentType string
	Size        int64
	Text        string
	Method      string
	Error       string
	NeedsHuman  bool
}

// Deadline is one deadline as stored (deadline table) or derived.
type Deadline struct {
	Rule, Article, Basis, State, Explanation string
	StartsAt, DueAt                          time.Time
}

// Event is one line of an item's history.
type Event struct {
	At     time.Time
	Actor  string
	Kind   string
	Detail map[string]any
}

// Submitter is the sender data staff entered (Điều 9 khoản 3), personal
// values masked unless Revealed.
type Submitter struct {
	Channel, Organization, Name, Title string
	CitizenID, TaxCode, Phone, Address string
	DoNotPublishName                   bool
	EnteredBy                          string
	EnteredAt                          time.Time
	Revealed                           bool
}

// Detail is everything the item page shows.
type Detail struct {
	Row
	ClassifiedBy        string
	ClassifiedAt        *time.Time
	AssigneeID          int64
	EditorID            int64
	Editor              string
	SubmittedAt         *time.Time
	Approver            string
	ApprovedAt          *time.Time
	PublishedAt         *time.Time
	PortalURL           string
	RefusalGround       string
	RefusalNote         string
	Takedown            string
	TakedownReason      string
	Answer              string
	AnsweredBy          string
	AnsweredAt          *time.Time
	QuarantineDecidedBy string
	Messages            []Message
	// Reading is what was read from the first message (the document, the
	// sender data, the sender authentication, problems, signatures), nil
	// when not read yet.
	Reading *finding.Reading
	// Classification and Screening are the stored classification with its
	// evidence and the Điều 14 grounds and notes (zero before the machine
	// classified).
	Classification finding.Classification
	Screening      finding.Screening
	// AnswerReading is what was read from the author's answer to the
	// supplement request (Điều 11 khoản 2), AnsweredSupplementAt when it
	// came; nil without an answer. The item page completes the sender data
	// with it.
	AnswerReading        *finding.Reading
	AnsweredSupplementAt *time.Time
	Deadlines            []Deadline
	Events               []Event
	Submitter            *Submitter
	// Proposals are the open publication proposals of the item (the
	// Portal's feed showed a matching item), newest first.
	Proposals []Proposal
}

// Proposal is a publication the Portal's feed showed for an open item
// (issue 14): the feed item's title, address and time, and how alike it
// is. Confirming it publishes the item at PublishedAt (Điều 13).
type Proposal struct {
	ID          int64
	Link, Title string
	// PublishedAt is the feed's time; nil when the feed gave none (the
	// publication is then taken at SeenAt, when the feed was read).
	PublishedAt *time.Time
	SeenAt      time.Time
	// TitleSimilarity and Containment are classify.PublicationMatch's
	// resemblance of the titles and share of the texts, 0–1.
	TitleSimilarity, Containment float64
}

// Paper is a submission that arrived on paper or by another channel
// (Điều 9 khoản 1), registered by hand with its scan.
type Paper struct {
	Channel          string // paper, phone, other
	ReceivedAt       time.Time
	Subject          string
	Organization     string
	Name             string
	Title            string
	Email            string
	CitizenID        string
	TaxCode          string
	Phone            string
	Address          string
	DoNotPublishName bool
	Note             string
	ScanName         string
	ScanType         string
	Scan             []byte
}

// Unit is one unit of the Ministry as the forms list it.
type Unit struct{ Code, Name string }

// Store is what the web UI needs from the database.
type Store interface {
	Inbox(ctx context.Context, f Filter) (Page, error)
	Item(ctx context.Context, p auth.Principal, id int64) (Detail, error)
	Raw(ctx context.Context, p auth.Principal, itemID, messageID int64) ([]byte, error)
	// Original is the raw message for download: it needs the reveal
	// permission for the item's unit and is audited (Điều 4 khoản 4).
	Original(ctx context.Context, p auth.Principal, itemID, messageID int64) ([]byte, error)
	// Attachment is the raw message that attachment idx is decoded from
	// and the message's stored outline (derive.OpenAttachment), for
	// download: audited, and one that carried sender data needs the
	// reveal permission for the item's unit.
	Attachment(ctx context.Context, p auth.Principal, itemID, messageID int64, idx int) (raw, outline []byte, err error)
	HTMLBody(ctx context.Context, p auth.Principal, itemID, messageID int64) (string, error)
	RevealSubmitter(ctx context.Context, p auth.Principal, id int64) (Submitter, error)
	Assignable(ctx context.Context) ([]auth.Account, error)
	Dashboard(ctx context.Context, p auth.Principal, from, to time.Time) (Dashboard, error)
	// Search finds items open and closed by text, codes and filters,
	// within q's scope (SearchScopeFor).
	Search(ctx context.Context, q SearchQuery) (SearchPage, error)
	// DashboardItems lists the deadlines behind one dashboard figure,
	// scoped like Dashboard.
	DashboardItems(ctx context.Context, p auth.Principal, q DashboardQuery) ([]DashboardItem, error)
	YearReport(ctx context.Context, p auth.Principal, year int) (YearReport, error)
}

// Desk is what people do to items (internal/desk): each action one
// transaction as its principal, with what follows from it.
type Desk interface {
	// Act applies command c of p to item id.
	Act(ctx context.Context, p auth.Principal, id int64, c workflow.Command) error
	// DecideProposal confirms (publishes the item at the feed's time,
	// workflow.ActConfirmPublished) or dismisses publication proposal
	// proposalID of item id, as p.
	DecideProposal(ctx context.Context, p auth.Principal, id, proposalID int64, confirm bool) error
	// RegisterPaper registers a submission that came on paper or by
	// another channel (Điều 9 khoản 1), as p.
	RegisterPaper(ctx context.Context, p auth.Principal, x Paper) (messageID int64, err error)
}

// Overdue reports whether a due instant has passed at now.
func Overdue(due *time.Time, now time.Time) bool { return due != nil && now.After(*due) }
