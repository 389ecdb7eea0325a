package workflow

import "fmt"

// Labels in Vietnamese (default) and English for states, actions and
// classes. Unknown values (a state another stage adds) show as they are.

var stateLabels = map[string][2]string{
	"received":           {"Mới nhận", "Received"},
	StateAwaitingTriage:  {"Chờ phân loại", "Awaiting triage"},
	StateAwaitingAuthor:  {"Chờ bổ sung", "Awaiting supplement"},
	StateForwarded:       {"Đã chuyển đơn vị", "Forwarded to unit"},
	StateInEdit:          {"Đang biên tập", "In edit"},
	StateInReview:        {"Thành viên BBT xem xét", "Board member review"},
	StatePendingApproval: {"Chờ duyệt", "Pending approval"},
	StateApproved:        {"Đã duyệt", "Approved"},
	StatePublished:       {"Đã đăng tải", "Published"},
	StateRefused:         {"Từ chối đăng tải", "Refused"},
	StateTakenDownTemp:   {"Gỡ bỏ tạm thời", "Temporarily taken down"},
	StateTakenDownPerm:   {"Gỡ bỏ vĩnh viễn", "Permanently taken down"},
	StateAnswered:        {"Đơn vị đã trả lời", "Answered by unit"},
	StateClosed:          {"Đã đóng", "Closed"},
}

// StateLabel names a state for people.
func StateLabel(state, lang string) string { return label(stateLabels, state, lang) }

var actionLabels = map[Action][2]string{
	ActClassify:         {"xác nhận phân loại", "confirm the classification"},
	ActQuarantine:       {"quyết định cách ly", "decide the quarantine"},
	ActRequestSupp:      {"yêu cầu bổ sung", "request a supplement"},
	ActForward:          {"chuyển đơn vị", "forward to a unit"},
	ActAssign:           {"phân công", "assign"},
	ActSubmit:           {"chuyển chờ duyệt", "submit for approval"},
	ActApprove:          {"duyệt", "approve"},
	ActReturn:           {"trả lại biên tập", "return to edit"},
	ActReviewed:         {"gửi lại Thường trực sau xem xét", "return after review"},
	ActPublish:          {"ghi nhận xuất bản", "record publication"},
	ActRefuse:           {"từ chối đăng tải", "refuse"},
	ActTakedown:         {"gỡ bỏ", "take down"},
	ActRestore:          {"khôi phục", "restore"},
	ActAnswer:           {"trả lời và đóng", "answer and close"},
	ActClose:            {"đóng hồ sơ", "close"},
	ActConfirmPublished: {"xác nhận đã đăng tải theo nguồn tin của Cổng", "confirm the publication seen in the Portal's feed"},
	ActDismissPublished: {"bỏ qua tin của Cổng không khớp hồ sơ", "dismiss a Portal item that is not this one"},
}

// ActionLabel names an action in Vietnamese.
func ActionLabel(a Action) string { return actionLabels[a][0] }

var classLabels = map[string][2]string{
	"publish": {"Tin, bài gửi đăng tải", "For posting"}, "query": {"Hỏi, đề nghị hỗ trợ", "Query"},
	"complaint": {"Phản ánh tin đã đăng", "Complaint"}, "reply": {"Trả lời yêu cầu bổ sung", "Reply"},
	"auto_reply": {"Thư tự động", "Auto-reply"}, "other": {"Khác", "Other"},
	"direction": {"Chỉ đạo, điều hành", "Direction"}, "admin_document": {"Văn bản hành chính", "Administrative document"},
	"news_event": {"Tin tức, sự kiện", "News and events"},
	"8.1":        {"Điều 8.1 — thông tin theo NĐ 42/2022", "8.1 — Decree 42/2022 information"},
	"8.2":        {"Điều 8.2 — chỉ đạo, điều hành", "8.2 — direction"}, "8.3": {"Điều 8.3 — lĩnh vực quản lý", "8.3 — fields of management"},
	"8.4": {"Điều 8.4 — trao đổi, nghiên cứu", "8.4 — research"}, "8.5": {"Điều 8.5 — khác", "8.5 — other"},
	"portal_editor": {"Biên tập viên Cổng", "Portal editor"}, "component_site": {"Trang thành phần", "Component site"},
	"unit": {"Đơn vị", "Unit"}, "english_team": {"Nhóm tiếng Anh", "English team"},
	"board_member": {"Thành viên BBT", "Board member"}, "standing_board": {"Thường trực BBT", "Standing Board"},
	"14.1": {"14.1 — trái chủ trương, chính sách", "14.1 — against policy"}, "14.2": {"14.2 — bí mật nhà nước, nội bộ", "14.2 — secret or internal"},
	"14.3": {"14.3 — không chính xác", "14.3 — inaccurate"}, "14.4": {"14.4 — đã đăng tải", "14.4 — already posted"},
	"14.5": {"14.5 — không bảo đảm chất lượng", "14.5 — poor quality"}, "14.6": {"14.6 — quá thời hạn gửi", "14.6 — sent too late"},
}

// ClassLabel names a kind, timing class, category, target or ground.
func ClassLabel(v, lang string) string { return label(classLabels, v, lang) }

func label[K comparable](m map[K][2]string, k K, lang string) string {
	l, ok := m[k]
	if !ok {
		return fmt.Sprint(k)
	}
	if lang == "en" {
		return l[1]
	}
	return l[0]
}
