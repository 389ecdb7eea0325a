// Package sender extracts the sender data that Điều 9 khoản 3 of Regulation
// 1319/QĐ-BTP requires with every submission — unit or organisation, full
// name, title (if any), tax code, citizen ID, phone number and contact
// address — from an email body, its signature block and form attachments
// ("Phiếu gửi tin bài"), validates the numbers and lists what is missing or
// invalid, so that the Standing Board can ask for a supplement (Điều 11
// khoản 2).
//
// Extract is pure: it takes text and returns a value, never fails and never
// panics.
package sender

import (
	"net/mail"
	"strings"
)

// Data is the sender data of Điều 9 khoản 3. Missing and Invalid hold JSON
// key names of the required fields ("organization", "name", "tax_code",
// "citizen_id", "phone", "address"); title is required only "if any" and is
// never missing. Valid numbers are in canonical form (tax code "0100109106"
// or "0100109106-001", citizen ID 12 digits, phone E.164 "+84912345678");
// an invalid one is kept as written so staff can see it.
type Data struct {
	Organization string   `json:"organization"`
	Name         string   `json:"name"`
	Title        string   `json:"title"`
	TaxCode      string   `json:"tax_code"`
	CitizenID    string   `json:"citizen_id"`
	Phone        string   `json:"phone"`
	Address      string   `json:"address"`
	Missing      []string `json:"missing"`
	Invalid      []string `json:"invalid"`
}

// Field keys, in the order of Điều 9 khoản 3.
const (
	keyOrganization = "organization"
	keyName         = "name"
	keyTitle        = "title"
	keyTaxCode      = "tax_code"
	keyCitizenID    = "citizen_id"
	keyPhone        = "phone"
	keyAddress      = "address"
)

// candidate is one value found for a field.
type candidate struct {
	key, value string
}

// Extract reads the sender data from an email body and any extra texts
// (the text of form attachments). The body wins over attachments — an
// attached official document carries its signer's and its issuer's data
// (the digital-signature box "Ký bởi: … Cơ quan: Bộ Tư pháp"), not the
// sender's; within a text, labelled lines win over an unlabelled signature
// block; for the numbers the first valid value wins over invalid ones.
func Extract(body string, extra ...string) Data {
	texts := append([]string{stripQuoted(body)}, extra...)
	var lists [][]candidate
	for _, t := range texts {
		lines := prepare(t)
		lists = append(lists, labelledValues(lines), signatureValues(lines))
	}
	var d Data
	for _, key := range []string{keyOrganization, keyName, keyTitle, keyAddress} {
		*field(&d, key) = firstValue(key, lists...)
	}
	invalid := map[string]bool{}
	for key, check := range validators {
		v, ok := firstValid(key, check, lists...)
		*field(&d, key) = v
		invalid[key] = v != "" && !ok
	}
	return d.check(invalid)
}

// validators canonicalise the numbers of Điều 9 khoản 3.
var validators = map[string]func(string) (string, error){
	keyTaxCode:   TaxCode,
	keyCitizenID: CitizenID,
	keyPhone:     Phone,
}

// check fills Missing and Invalid.
func (d Data) check(invalid map[string]bool) Data {
	d.Missing, d.Invalid = []string{}, []string{}
	for _, f := range []struct {
		key, value string
	}{
		{keyOrganization, d.Organization}, {keyName, d.Name}, {keyTaxCode, d.TaxCode},
		{keyCitizenID, d.CitizenID}, {keyPhone, d.Phone}, {keyAddress, d.Address},
	} {
		switch {
		case f.value == "":
			d.Missing = append(d.Missing, f.key)
		case invalid[f.key]:
			d.Invalid = append(d.Invalid, f.key)
		}
	}
	return d
}

// revalidate recomputes Invalid from the values held.
func (d Data) revalidate() Data {
	invalid := map[string]bool{}
	for key, check := range validators {
		if v := *field(&d, key); v != "" {
			_, err := check(v)
			invalid[key] = err != nil
		}
	}
	return d.check(invalid)
}

// field is the field of d a key names, nil for an unknown key.
func field(d *Data, key string) *string {
	switch key {
	case keyOrganization:
		return &d.Organization
	case keyName:
		return &d.Name
	case keyTitle:
		return &d.Title
	case keyTaxCode:
		return &d.TaxCode
	case keyCitizenID:
		return &d.CitizenID
	case keyPhone:
		return &d.Phone
	case keyAddress:
		return &d.Address
	}
	return nil
}

// firstValue returns the first labelled value for key, else the first from
// a signature block.
func firstValue(key string, lists ...[]candidate) string {
	for _, list := range lists {
		for _, c := range list {
			if c.key == key && c.value != "" {
				return c.value
			}
		}
	}
	return ""
}

// maxInvalidShown bounds an invalid value kept as written.
const maxInvalidShown = 40

// firstValid returns the canonical form of the first value for key that
// validates, trying each number written in it; else the first value with
// digits, as written, and ok false; else "".
func firstValid(key string, check func(string) (string, error), lists ...[]candidate) (string, bool) {
	fallback := ""
	for _, list := range lists {
		for _, c := range list {
			if c.key != key {
				continue
			}
			for _, n := range numbers(c.value) {
				if v, err := check(n); err == nil {
					return v, true
				}
			}
			if fallback == "" && strings.ContainsAny(c.value, "0123456789") {
				fallback = c.value
				if r := []rune(fallback); len(r) > maxInvalidShown {
					fallback = string(r[:maxInvalidShown])
				}
			}
		}
	}
	return fallback, false
}

// Directory looks up the unit that owns an email address in the directory of
// units (Điều 21 khoản 1: units keep their contact points up to date). It
// returns the unit's name and whether the address is known.
type Directory func(address string) (organization string, ok bool)

// Known completes d for a sender whose address is in the directory of
// units: an empty organisation is filled from the directory and Missing is
// recomputed. from may be a bare address or a From header value
// ("Vụ Pháp chế <vpc@moj.gov.vn>"). Values already extracted are kept.
func Known(d Data, from string, dir Directory) Data {
	if dir == nil || d.Organization != "" {
		return d
	}
	addr := strings.TrimSpace(from)
	if a, err := mail.ParseAddress(addr); err == nil {
		addr = a.Address
	}
	if org, ok := dir(strings.ToLower(addr)); ok && strings.TrimSpace(org) != "" {
		d.Organization = strings.TrimSpace(org)
	}
	return d.revalidate()
}
