// Package auth is who may do what in tiepnhan: accounts with roles scoped to
// units (Điều 7 of Regulation 1319/QĐ-BTP: grant, limit, review, lock and
// revoke management accounts), argon2id password hashes (RFC 9106), session
// tokens kept in the database only as their SHA-256, CSRF tokens, and login
// rate limiting.
//
// The roles mirror the Regulation's actors: the Standing Board (Thường trực
// Ban Biên tập) receives, classifies, assigns, refuses and takes down
// (Điều 11, 12, 14, 15); editors (phóng viên, biên tập viên) edit and put
// items in "pending approval" (Điều 12 khoản 1 bước 1); board members check
// the items of their fields and approve (Điều 12 khoản 1 bước 2, khoản 3);
// unit liaisons handle what is forwarded to their unit (Điều 11 khoản 1 bước
// 2); managers answer for timeliness (Điều 22); administrators of the IT
// department manage accounts and may lock any of them at once (Điều 7
// khoản 3).
//
// Service holds the login and session logic over a Store, which
// internal/postgres implements; the package itself does no I/O.
package auth
