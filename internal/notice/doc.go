// Package notice writes the notices a sender receives about their
// submission (issue 14): the acknowledgement of receipt with the tracking
// code, the receipt instant that starts the legal clock (Điều 11 khoản 1)
// and the deadline that applies (Điều 13), and the notices of publication,
// refusal (Điều 14), forwarding to a unit (Điều 11 khoản 1, bước 2) and a
// supplement still missing after the day of Điều 11 khoản 2.
//
// The texts are Vietnamese text/template files, one per kind
// (templates/<kind>.tmpl): a first line "Subject: …", a blank line, the
// body. Administrators may override any of them with a file of the same
// name in a directory of their own; every template is parsed and executed
// against sample data when loaded, so a mistake is reported with the file
// and the line, before any mail is sent.
//
// A notice never repeats what the sender wrote (subject, name, body): only
// the tracking reference and what the Board itself decided or computed,
// so that the desk cannot be used to send text of a third party's choosing
// to an address the sender names (issue 12). The package is pure: values
// in, text out.
package notice
