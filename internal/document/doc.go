// Package document reads the fields of a Vietnamese official document from
// plain text: number and symbol, type, issuing body, place and date of
// signing, summary (trích yếu), signature block, secrecy and urgency marks,
// the "Kính gửi" block and the Nơi nhận list.
//
// The layout follows Decree 30/2020/NĐ-CP on văn thư (Article 8 and
// Appendix I–III): Quốc hiệu and tiêu ngữ, the issuing body in capitals under
// its parent body, "Số: 15/QĐ-BNV", "Hà Nội, ngày 05 tháng 01 năm 2020", the
// type title and summary ("V/v …" under the number of a công văn), the
// content ending in "./.", the signature block (TM., KT., TL., TUQ., Q.) and
// the Nơi nhận list.
//
// The input is text as it comes out of PDF or DOCX extraction or an email
// body that quotes a document: odd line breaks, two-column headers flattened
// into lines in either order (columns separated by tabs, runs of spaces or
// nothing at all), decomposed accents, Unicode dashes, or text typed without
// diacritics. All keyword matching is done on an NFC, lower-cased,
// diacritic-free fold of each line, while every value returned is cut from
// the original text.
//
// Parse is pure: it takes a string and returns a value, never fails and never
// panics. Fields.Found tells whether the text looks like an official document
// at all; Fields.Evidence gives, for each field found, the line it came from.
//
// Regulation 1319/QĐ-BTP uses these fields: Điều 9 khoản 2 (the Portal must
// be named in Nơi nhận "để đăng tải"), Điều 10 khoản 1 (deadlines run from the
// signing date) and Điều 14 khoản 2 (secret or internal documents are
// refused).
package document
