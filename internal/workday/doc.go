// Package workday is the Vietnamese working calendar of the Ministry of
// Justice: which days are working days, and working-time arithmetic on them.
//
// A day is a non-working day when it is a weekend (State agencies work
// Monday–Friday, QĐ 188/1999/QĐ-TTg), a public holiday of the Labor Code 2019
// (Bộ luật Lao động, Điều 112: 1/1, Tết Nguyên đán, Giỗ Tổ Hùng Vương 10/3
// âm lịch, 30/4, 1/5, 2/9 and one adjacent day), a compensatory day off for a
// holiday that fell on a weekend (Điều 111 khoản 3), or a day off of the
// official yearly schedule the Government announces for civil servants (with
// its make-up working Saturdays). Official schedules are data (an embedded
// TOML file that an administrator can replace or extend, see LoadSchedule);
// years without one fall back to the computed rules.
//
// Tết and Giỗ Tổ come from Hồ Ngọc Đức's astronomical lunar calendar at
// UTC+7 (see lunar.go), which differs from Chinese (UTC+8) tables in some
// years (Tết 2007, 2030, 2053).
//
// Working-time arithmetic counts office hours (default 08:00–12:00 and
// 13:00–17:00, UTC+7; Vietnam has no daylight saving time). A working day is
// the sum of the sessions (8 h by default); "N ngày làm việc" is N working
// days of working time counted from the start instant, and the due instant is
// the earliest instant at which that much working time has elapsed.
//
// The package is pure: no clock, no I/O except reading a schedule the caller
// hands in, no globals. A Calendar is safe for concurrent use; it builds a
// table per year lazily and keeps it.
package workday
