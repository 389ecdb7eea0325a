package main

import (
	"fmt"
	"strings"
)

// taxCode completes nine digits with the check digit N10 = 10 − (Σ Ni·Wi mod 11),
// W = 31, 29, 23, 19, 17, 13, 7, 5, 3 (domain.md §Identifiers); it panics on a prefix
// whose check digit would be 10, which no valid code has.
func taxCode(nine string) string {
	w := []int{31, 29, 23, 19, 17, 13, 7, 5, 3}
	if len(nine) != 9 {
		panic("tax code prefix needs 9 digits: " + nine)
	}
	sum := 0
	for i, c := range nine {
		sum += int(c-'0') * w[i]
	}
	n10 := 10 - sum%11
	if n10 == 10 {
		panic("tax code prefix gives check digit 10: " + nine)
	}
	if n10 == 11 { // Σ mod 11 = −1 never happens; kept for clarity
		panic("impossible")
	}
	return fmt.Sprintf("%s%d", nine, n10%10)
}

// badTaxCode returns a ten-digit code whose check digit is wrong.
func badTaxCode(nine string) string {
	good := taxCode(nine)
	last := good[9] - '0'
	return good[:9] + fmt.Sprint((last+3)%10)
}

// signature renders the sender block of Điều 9 khoản 3 in one of several layouts seen in
// real mail; empty fields are left out, as senders leave them out.
func (s *Submitter) signature() string {
	if s == nil {
		return ""
	}
	var lines []string
	add := func(label, v string) {
		if v != "" {
			lines = append(lines, label+v)
		}
	}
	switch s.Layout {
	case 1: // one line per field, labelled
		add("Người gửi: ", s.Name)
		add("Chức vụ: ", s.Title)
		add("Đơn vị: ", s.Org)
		add("Mã số thuế: ", s.TaxCode)
		add("Số CCCD: ", s.CitizenID)
		add("Điện thoại: ", s.Phone)
		add("Địa chỉ liên hệ: ", s.Address)
	case 2: // compact, as a personal signature
		if s.Name != "" {
			lines = append(lines, s.Name)
		}
		if s.Title != "" && s.Org != "" {
			lines = append(lines, s.Title+" - "+s.Org)
		} else {
			add("", s.Title)
			add("", s.Org)
		}
		var ids []string
		if s.TaxCode != "" {
			ids = append(ids, "MST: "+s.TaxCode)
		}
		if s.CitizenID != "" {
			ids = append(ids, "CCCD: "+s.CitizenID)
		}
		if len(ids) > 0 {
			lines = append(lines, strings.Join(ids, " | "))
		}
		add("ĐT: ", s.Phone)
		add("Đ/c: ", s.Address)
	case 3: // the form Ban Biên tập asks for
		lines = append(lines, "THÔNG TIN NGƯỜI GỬI (theo khoản 3 Điều 9 Quy chế 1319/QĐ-BTP):")
		add("1. Đơn vị/tổ chức: ", s.Org)
		add("2. Họ và tên: ", s.Name)
		add("3. Chức danh: ", s.Title)
		add("4. Mã số thuế: ", s.TaxCode)
		add("5. Căn cước công dân: ", s.CitizenID)
		add("6. Số điện thoại: ", s.Phone)
		add("7. Địa chỉ liên lạc: ", s.Address)
	default: // "--" signature, Outlook style
		lines = append(lines, "--")
		add("", s.Name)
		add("", s.Title)
		add("", s.Org)
		add("Mã số thuế cá nhân: ", s.TaxCode)
		add("CCCD số: ", s.CitizenID)
		add("Mobile: ", s.Phone)
		add("Địa chỉ: ", s.Address)
	}
	return strings.Join(lines, "\n")
}

// checkSubmitter verifies that the hand-set missing list agrees with the fields written;
// it catches typing slips in the item tables, it does not set labels.
func checkSubmitter(file string, s *Submitter) error {
	if s == nil {
		return nil
	}
	fields := map[string]string{"organization": s.Org, "name": s.Name, "tax_code": s.TaxCode,
		"citizen_id": s.CitizenID, "phone": s.Phone, "address": s.Address, "title": s.Title}
	missing := map[string]bool{}
	for _, m := range s.Missing {
		missing[m] = true
		if _, ok := fields[m]; !ok {
			return fmt.Errorf("%s: unknown missing field %q", file, m)
		}
	}
	for k, v := range fields {
		if k == "title" && v == "" && !missing[k] {
			continue // a title is required only "nếu có" (Điều 9 khoản 3)
		}
		if (v == "") != missing[k] {
			return fmt.Errorf("%s: field %s=%q disagrees with missing=%v", file, k, v, s.Missing)
		}
	}
	return nil
}
