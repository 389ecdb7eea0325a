// Package intake holds the domain types of tiepnhan — messages received in the
// Editorial Board mailbox, the submissions made from them, mailbox sync state —
// and the interfaces the adapters implement. It imports only the standard
// library (see AGENTS.md: dependencies point inward).
//
// Vocabulary follows the glossary of ../shared/docs/rules.md: a submission is
// "tin, bài / thông tin gửi đăng tải", the Standing Board is "Thường trực Ban
// Biên tập" (TTBBT).
package intake
