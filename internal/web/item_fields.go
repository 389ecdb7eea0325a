package web

import (
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/moj-portal/tiepnhan/internal/document"
	"github.com/moj-portal/tiepnhan/internal/workday"
	"github.com/moj-portal/tiepnhan/internal/workflow"
)

// field is one labelled line of the item page.
type field struct {
	Label string
	Value string   // one value
	List  []string // or several (a recipients list)
}

// docFieldOrder is the order of the official-document fields on the item
// page: the order of the Decree 30/2020 layout (Phụ lục I) as staff read a
// document, top to bottom. Keys are the JSON names of document.Fields
// (the `inspect` keys, also those of its Evidence); found, number, year and symbol are covered
// by number_symbol, evidence is shown apart.
var docFieldOrder = []struct {
	key   string
	label [2]string
}{
	{"number_symbol", [2]string{"Số, ký hiệu", "Number and symbol"}},
	{"type", [2]string{"Loại văn bản", "Document type"}},
	{"issuer_parent", [2]string{"Cơ quan chủ quản", "Parent body"}},
	{"issuer", [2]string{"Cơ quan ban hành", "Issuing body"}},
	{"place", [2]string{"Địa danh", "Place"}},
	{"signed_on", [2]string{"Ngày ban hành", "Signed on"}},
	{"summary", [2]string{"Trích yếu", "Summary"}},
	{"secrecy", [2]string{"Độ mật", "Secrecy"}},
	{"urgency", [2]string{"Độ khẩn", "Urgency"}},
	{"addressees", [2]string{"Kính gửi", "To"}},
	{"authority", [2]string{"Thẩm quyền ký", "Signing authority"}},
	{"authority_for", [2]string{"Ký theo thẩm quyền của", "Under the authority of"}}, // KT. / TL. / TM. / Q. / TUQ. of whom
	{"signer_title", [2]string{"Chức vụ người ký", "Signer's title"}},
	{"signer", [2]string{"Người ký", "Signer"}},
	{"recipients", [2]string{"Nơi nhận", "Recipients"}},
	{"portal_recipient", [2]string{"Nơi nhận có Cổng TTĐT Bộ", "Portal among the recipients"}},
	{"portal_for_posting", [2]string{"Gửi Cổng để đăng tải", "Sent to the Portal for posting"}},
}

// docLabel names a document field for people; unknown keys show as they are.
func docLabel(key, lang string) string {
	for _, f := range docFieldOrder {
		if f.key == key {
			return pick(f.label, lang)
		}
	}
	return key
}

func pick(l [2]string, lang string) string {
	if lang == "en" {
		return l[1]
	}
	return l[0]
}

// docValue is the value of the document field key (a key of
// docFieldOrder): a string, a flag or a list.
func docValue(d document.Fields, key string) any {
	switch key {
	case "number_symbol":
		return d.NumberSymbol
	case "type":
		return d.Type
	case "issuer_parent":
		return d.IssuerParent
	case "issuer":
		return d.Issuer
	case "place":
		return d.Place
	case "signed_on":
		return d.SignedOn
	case "summary":
		return d.Summary
	case "secrecy":
		return d.Secrecy
	case "urgency":
		return d.Urgency
	case "addressees":
		return d.Addressees
	case "authority":
		return d.Authority
	case "authority_for":
		return d.AuthorityFor
	case "signer_title":
		return d.SignerTitle
	case "signer":
		return d.Signer
	case "recipients":
		return d.Recipients
	case "portal_recipient":
		return d.PortalRecipient
	case "portal_for_posting":
		return d.PortalForPosting
	}
	return nil
}

// docFields lists the fields of the document found in a submission, in
// reading order, with Vietnamese labels, dates as dd/mm/yyyy and yes/no for
// flags. Empty fields are left out; the flags are always shown (a missing
// Portal recipient matters, Điều 9 khoản 2).
func docFields(doc document.Fields, lang string) []field {
	var out []field
	for _, f := range docFieldOrder {
		fl := field{Label: pick(f.label, lang)}
		switch x := docValue(doc, f.key).(type) {
		case bool:
			fl.Value = yesNo(x, lang)
		case []string:
			for _, e := range x {
				if s := strings.TrimSpace(e); s != "" {
					fl.List = append(fl.List, s)
				}
			}
			if len(fl.List) == 0 {
				continue
			}
		case string:
			if strings.TrimSpace(x) == "" {
				continue
			}
			fl.Value = x
			if f.key == "signed_on" {
				if d, err := time.Parse(time.DateOnly, x); err == nil {
					fl.Value = d.Format("02/01/2006")
				}
			}
		default:
			continue
		}
		out = append(out, fl)
	}
	return out
}

// docEvidence lists where each field was read (the line of the document it
// came from), in the order of docFields.
func docEvidence(doc document.Fields, lang string) []field {
	ev := doc.Evidence
	if len(ev) == 0 {
		return nil
	}
	rank := map[string]int{}
	for i, f := range docFieldOrder {
		rank[f.key] = i
	}
	keys := make([]string, 0, len(ev))
	for k := range ev {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		ri, oki := rank[keys[i]]
		rj, okj := rank[keys[j]]
		if oki != okj {
			return oki
		}
		if ri != rj {
			return ri < rj
		}
		return keys[i] < keys[j]
	})
	out := make([]field, 0, len(keys))
	for _, k := range keys {
		if s := strings.TrimSpace(ev[k]); s != "" {
			out = append(out, field{Label: docLabel(k, lang), Value: s})
		}
	}
	return out
}

func yesNo(b bool, lang string) string {
	if b {
		return pick([2]string{"có", "yes"}, lang)
	}
	return pick([2]string{"không", "no"}, lang)
}

// eventLabels name the kinds of the submission history (submission_event):
// the machine's steps and, by their workflow.Action names, people's actions.
var eventLabels = map[string][2]string{
	"received":                 {"Tiếp nhận thư", "Mail received"},
	"reply_attached":           {"Thư trả lời gắn vào hồ sơ", "Reply attached"},
	"reply_unverified":         {"Thư trả lời chưa xác minh người gửi: cần người xem", "Reply from an unverified sender: needs a person"},
	"supplement_held":          {"Chưa gửi yêu cầu bổ sung tự động: người gửi chưa xác thực", "Automatic supplement request held: sender not authenticated"},
	"state_changed":            {"Đổi trạng thái", "State changed"},
	"deadlines_set":            {"Đặt thời hạn", "Deadlines set"},
	"deadline_breached":        {"Quá thời hạn", "Deadline breached"},
	"decision_needed":          {"Cần quyết định (hết hạn bổ sung)", "Decision needed"},
	"classified":               {"Máy phân loại", "Classified by the machine"},
	"classification_corrected": {"Sửa phân loại", "Classification corrected"},
	"assigned":                 {"Phân công", "Assigned"},
	"assignment_closed":        {"Kết thúc phân công", "Assignment closed"},
	"forwarded":                {"Chuyển đơn vị", "Forwarded to a unit"},
	"forward_acknowledged":     {"Đơn vị xác nhận đã nhận", "Unit acknowledged"},
	"supplement_requested":     {"Gửi yêu cầu bổ sung", "Supplement requested"},
	"supplement_answered":      {"Tác giả đã bổ sung", "Supplement answered"},
	"marked_published":         {"Ghi nhận đã đăng tải", "Marked published"},
	"publication_proposed":     {"Thấy bài trên Cổng (đề xuất ghi nhận đã đăng tải)", "Seen on the Portal (publication proposed)"},
	"quarantine_confirmed":     {"Xác nhận cách ly", "Quarantine confirmed"},
	"quarantine_lifted":        {"Bỏ cách ly", "Quarantine lifted"},
}

// eventLabel names a history entry for people: a machine step, else a
// person's action (workflow.Action), else the kind as stored.
func eventLabel(kind, lang string) string {
	if l, ok := eventLabels[kind]; ok {
		return pick(l, lang)
	}
	if l := workflow.ActionLabel(workflow.Action(kind)); l != "" {
		if lang == "en" {
			return kind
		}
		r := []rune(l)
		return strings.ToUpper(string(r[:1])) + string(r[1:])
	}
	return kind
}

// deadlineStateLabels name the states of a deadline (internal/deadline).
var deadlineStateLabels = map[string][2]string{
	"running": {"đang tính", "running"}, "paused": {"tạm dừng", "paused"}, "met": {"đã bảo đảm", "met"},
	"breached": {"quá hạn", "breached"}, "cancelled": {"đã hủy", "cancelled"},
}

// detailLabels name the keys of a history entry's detail.
var detailLabels = map[string][2]string{
	"from": {"từ", "from"}, "to": {"sang", "to"}, "reason": {"lý do", "reason"}, "note": {"ghi chú", "note"},
	"class": {"loại thời hạn", "timing class"}, "timing": {"loại thời hạn", "timing class"},
	"deadlines": {"thời hạn", "deadlines"}, "article": {"điều khoản", "article"}, "due_at": {"hạn", "due"},
	"rule": {"quy tắc", "rule"}, "state": {"trạng thái", "state"}, "message_id": {"thư số", "message"},
	"received_at": {"nhận lúc", "received"}, "kind": {"loại", "kind"}, "category": {"nhóm Điều 8", "category"},
	"unit": {"đơn vị", "unit"}, "target": {"nơi xử lý", "target"}, "language": {"ngôn ngữ", "language"},
	"grounds": {"căn cứ Điều 14", "Article 14 grounds"}, "quarantined": {"cách ly", "quarantined"},
	"person": {"người xử lý", "person"}, "via": {"qua", "via"}, "tracking_ref": {"mã theo dõi", "tracking"},
	"link": {"đường dẫn", "link"}, "field": {"trường", "field"}, "deadline_id": {"thời hạn số", "deadline"},
	"before": {"trước", "before"}, "after": {"sau", "after"}, "confirmed": {"xác nhận", "confirmed"},
	"rules_version": {"phiên bản quy tắc", "rules version"}, "how": {"cách nhận ra", "matched by"},
	"ui": {"giao diện", "UI"}, "published_at": {"đăng lúc", "published"},
	"title_similarity": {"độ giống tiêu đề", "title similarity"}, "containment": {"tỷ lệ trùng nội dung", "text containment"},
	"mailbox": {"hộp thư", "mailbox"},
	"url":     {"địa chỉ bài đăng", "Portal URL"}, "proposal": {"đề xuất số", "proposal"},
}

// eventDetail renders the detail of a history entry as a line people read:
// labelled keys in a stable order, states and classes by their names,
// instants in Vietnam time, nested lists and objects in brackets (never
// Go's map[…] syntax).
func eventDetail(detail map[string]any, lang string) string {
	return detailObject(detail, lang, "; ")
}

func detailObject(m map[string]any, lang, sep string) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		v := detailValue(k, m[k], lang)
		if v == "" {
			continue
		}
		label := k
		if l, ok := detailLabels[k]; ok {
			label = pick(l, lang)
		}
		parts = append(parts, label+": "+v)
	}
	return strings.Join(parts, sep)
}

func detailValue(key string, v any, lang string) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		if x == "" {
			return ""
		}
		if t, err := time.Parse(time.RFC3339Nano, x); err == nil {
			return t.In(workday.Zone).Format("02/01/2006 15:04")
		}
		switch key {
		case "from", "to", "state":
			if l, ok := deadlineStateLabels[x]; ok && key == "state" {
				return pick(l, lang)
			}
			return workflow.StateLabel(x, lang)
		case "kind", "category", "timing", "class", "target":
			return workflow.ClassLabel(x, lang)
		}
		return x
	case bool:
		return yesNo(x, lang)
	case float64, json.Number, int, int64:
		return fmt.Sprint(x)
	case []any:
		items := make([]string, 0, len(x))
		for _, e := range x {
			if s := detailValue(key, e, lang); s != "" {
				items = append(items, s)
			}
		}
		if len(items) == 0 {
			return ""
		}
		return strings.Join(items, ", ")
	case map[string]any:
		if s := detailObject(x, lang, ", "); s != "" {
			return "(" + s + ")"
		}
		return ""
	}
	return fmt.Sprint(v)
}

// docSource says where the document was read: "attachment:NAME" or "body"
// (finding.Reading.DocumentSource).
func docSource(src, lang string) string {
	if name, ok := strings.CutPrefix(src, "attachment:"); ok {
		return pick([2]string{"tệp đính kèm ", "attachment "}, lang) + name
	}
	if src == "body" {
		return pick([2]string{"nội dung thư", "the mail body"}, lang)
	}
	return src
}

// roleLabels name the roles of Điều 7 (internal/auth) for people.
var roleLabels = map[string][2]string{
	"standing_board": {"Thường trực Ban Biên tập", "Standing Board"},
	"editor":         {"Biên tập viên", "Editor"},
	"board_member":   {"Thành viên Ban Biên tập", "Board member"},
	"unit_liaison":   {"Đầu mối đơn vị", "Unit liaison"},
	"manager":        {"Lãnh đạo theo dõi thời hạn", "Manager"},
	"admin":          {"Quản trị hệ thống", "Administrator"},
	// directory roles (internal/directory): what a person does for the Portal
	"english_team": {"Nhóm Cổng tiếng Anh", "English team"},
	"site_editor":  {"Biên tập viên trang thành phần", "Component site editor"},
}

// accountStateLabels name the states of an account.
var accountStateLabels = map[string][2]string{
	"active": {"Đang hoạt động", "Active"}, "locked": {"Đã khóa", "Locked"}, "revoked": {"Đã thu hồi", "Revoked"},
}

// labelOf names value from m in lang; an unknown value shows as it is.
func labelOf(m map[string][2]string, value any, lang string) string {
	v := fmt.Sprint(value)
	if l, ok := m[v]; ok {
		return pick(l, lang)
	}
	return v
}

func roleName(role any, lang string) string          { return labelOf(roleLabels, role, lang) }
func accountStateName(state any, lang string) string { return labelOf(accountStateLabels, state, lang) }
func deadlineStateName(state any, lang string) string {
	return labelOf(deadlineStateLabels, state, lang)
}

// reasonRE reads back a classification reason as classify.Reason.String
// writes it into the report: "decision = value ← source (weight)
// [article]: evidence".
var reasonRE = regexp.MustCompile(`^([a-z_]+) = (\S*) ← (\S+)(?: \(([-0-9.]+)\))?(?: \[([^\]]+)\])?(?:: (?s:(.*)))?$`)

// reason is one piece of classification evidence as the item page shows it.
type reason struct {
	Decision, Value, Evidence, Article, Rule string
	Raw                                      string // when the text is not in the expected form
}

// reasons turns the report's reasons into what staff read: the decision
// and the value by name first, then what was found, the article, and the
// rule and its weight last (for those who tune the rules file).
func reasons(list []string, lang string, unitName func(string) string) []reason {
	out := make([]reason, 0, len(list))
	for _, s := range list {
		m := reasonRE.FindStringSubmatch(s)
		if m == nil {
			out = append(out, reason{Raw: s})
			continue
		}
		r := reason{Decision: tr(lang, m[1]), Value: m[2], Article: m[5], Evidence: m[6], Rule: m[3]}
		switch m[1] {
		case "kind", "category", "timing", "target":
			r.Value = workflow.ClassLabel(m[2], lang)
		case "unit":
			r.Value = unitName(m[2])
		case "language":
			r.Value = labelOf(languageLabels, m[2], lang)
		}
		if m[4] != "" {
			r.Rule += pick([2]string{", trọng số ", ", weight "}, lang) + m[4]
		}
		out = append(out, r)
	}
	return out
}

var languageLabels = map[string][2]string{"vi": {"tiếng Việt", "Vietnamese"}, "en": {"tiếng Anh", "English"}}
