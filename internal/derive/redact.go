package derive

import (
	"bytes"
	"encoding/json"
	"strings"
	"time"

	"github.com/moj-portal/tiepnhan/internal/pii"
	"github.com/moj-portal/tiepnhan/internal/sender"
)

// What the service stores of a report in clear (message_parsed.derived,
// read by PostgreSQL's triage triggers and by later jobs) must not hold a
// sender's personal data (Quy chế 1319/QĐ-BTP Điều 4 khoản 4); the texts
// themselves are stored sealed (internal/postgres, migration 00003) and
// `tiepnhan inspect --reveal` derives from the file, not from the store.
//
// Citizen IDs, tax codes, phones and other long digit runs are found in
// any text by pii.Redact. Addresses cannot be found reliably in free text
// (no fixed shape: "Số 5 ngõ 12 Hàng Bông", "thôn Đông, xã …"): only the
// address the sender-data extraction read (Điều 9 khoản 3) is masked where
// it appears verbatim; an address written elsewhere in the text stays.

// redactor masks personal data in one text.
type redactor struct {
	known *strings.Replacer // the extracted values, verbatim → masked
}

func newRedactor(d sender.Data) redactor {
	var pairs []string
	add := func(clear, masked string) {
		// Short values would mask ordinary words; numbers are found by
		// pii.Redact anyway.
		if len([]rune(clear)) >= 8 && clear != masked {
			pairs = append(pairs, clear, masked)
		}
	}
	add(d.Address, pii.MaskAddress(d.Address))
	add(d.CitizenID, pii.MaskCitizenID(d.CitizenID))
	add(d.TaxCode, pii.MaskTaxCode(d.TaxCode))
	add(d.Phone, pii.MaskPhone(d.Phone))
	var r redactor
	if len(pairs) > 0 {
		r.known = strings.NewReplacer(pairs...)
	}
	return r
}

func (r redactor) text(s string) string {
	if r.known != nil {
		s = r.known.Replace(s)
	}
	return pii.Redact(s)
}

// structuralKeys hold identifiers, digests and instants, never free text:
// they are stored as they are (a Message-ID or a SHA-256 may hold long
// digit runs that pii.Redact would mask, breaking threading and dedup).
var structuralKeys = map[string]bool{
	"sha256": true, "message_id": true, "in_reply_to": true, "references": true,
	"received_at": true, "date": true, "starts_at": true, "due_at": true,
	"received_at_source": true, "signed_on": true,
}

// stripTyped leaves out of a report what the store keeps typed of it: the
// classification and screening (postgres.SaveClassification), the
// document, its source, the sender data, the problems, the sender
// authentication and the attachments' signatures (postgres.SaveReadings),
// and the deadlines (the deadline table, internal/deadlines: the only
// source of the deadlines in force, migration 00011).
// What stays is what was read of the message, its body and attachments.
func stripTyped(v any) {
	m, ok := v.(map[string]any)
	if !ok {
		return
	}
	for _, k := range []string{"classification", "screening", "document", "document_source", "submitter", "problems", "deadlines"} {
		delete(m, k)
	}
	if msg, ok := m["message"].(map[string]any); ok {
		delete(msg, "auth")
	}
	if atts, ok := m["attachments"].([]any); ok {
		for _, a := range atts {
			if am, ok := a.(map[string]any); ok {
				delete(am, "signatures")
			}
		}
	}
}

// redactedReport is the JSON of r with the submitter masked whatever
// Options.Reveal said, and every other string of the report (subject, body
// text, attachment texts and notes, document fields, classification
// evidence, problems, keys added later) passed through the redactor.
// Identifiers, digests and timestamps are left alone.
func redactedReport(r Report, d sender.Data) []byte {
	v, ok := redactedValue(r, d)
	if !ok {
		return []byte("{}")
	}
	return encode(v)
}

// redactedValue is redactedReport decoded (maps, lists, strings, numbers).
func redactedValue(r Report, d sender.Data) (any, bool) {
	if r.Submitter.Revealed {
		r.Submitter = submitter(sender.Data{Organization: r.Submitter.Organization, Name: r.Submitter.Name,
			Title: r.Submitter.Title, TaxCode: r.Submitter.TaxCode, CitizenID: r.Submitter.CitizenID,
			Phone: r.Submitter.Phone, Address: r.Submitter.Address, Missing: r.Submitter.Missing,
			Invalid: r.Submitter.Invalid}, false)
	}
	b, err := json.Marshal(r)
	if err != nil {
		return nil, false
	}
	return redactValue(b, newRedactor(d))
}

// redactJSON applies red to every string value of a JSON document except
// those under structuralKeys and RFC 3339 instants. Invalid JSON yields
// "{}": nothing unredacted is ever returned.
func redactJSON(b []byte, red redactor) []byte {
	v, ok := redactValue(b, red)
	if !ok {
		return []byte("{}")
	}
	return encode(v)
}

// redactValue is redactJSON decoded; false for invalid JSON.
func redactValue(b []byte, red redactor) (any, bool) {
	if !json.Valid(b) { // one value, nothing after it (a Decoder stops at the first)
		return nil, false
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, false
	}
	return walk(v, red, false), true
}

// encode is the JSON of a decoded document ("{}" if it cannot be, which a
// decoded document always can).
func encode(v any) []byte {
	out, err := json.Marshal(v)
	if err != nil {
		return []byte("{}")
	}
	return out
}

func walk(v any, red redactor, keep bool) any {
	switch x := v.(type) {
	case string:
		if keep || isInstant(x) {
			return x
		}
		return red.text(x)
	case []any:
		for i := range x {
			x[i] = walk(x[i], red, keep)
		}
		return x
	case map[string]any:
		for k, e := range x {
			x[k] = walk(e, red, keep || structuralKeys[k])
		}
		return x
	}
	return v // numbers, booleans, null
}

func isInstant(s string) bool {
	if len(s) < 20 || len(s) > 40 || s[4] != '-' {
		return false
	}
	_, err := time.Parse(time.RFC3339Nano, s)
	return err == nil
}

// Redacted is the report with personal data masked as the service stores
// it (redactedReport): the submitter masked and personal data in every
// free text (body, attachment texts, subjects, notes, evidence) masked
// too; unlike the stored report it keeps the classification and
// screening (the `inspect` keys). `inspect` prints it unless --reveal.
func (res Result) Redacted() Report {
	var r Report
	if err := json.Unmarshal(redactedReport(res.Report, res.sender), &r); err != nil {
		return Report{} // redactedReport yields valid JSON of a Report; never shown unredacted
	}
	return r
}
