package sender

import (
	"errors"
	"fmt"
	"strings"

	"github.com/moj-portal/tiepnhan/internal/pii"
)

// taxWeights are the weights of the first nine digits of a tax code; the
// tenth is the check digit N10 = 10 − (Σ Ni·Wi mod 11), and a result of 10
// means the number is not a valid code. Structure: Circular 105/2020/TT-BTC
// Article 5; weights and rule as recorded in domain.md §Identifiers.
var taxWeights = [9]int{31, 29, 23, 19, 17, 13, 7, 5, 3}

// digitsOnly removes the spaces, dots and dashes people type inside numbers.
func digitsOnly(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '0' && r <= '9':
			return r
		case r == ' ' || r == '.' || r == '-' || r == '\u00a0':
			return -1
		}
		return 'x'
	}, s)
}

// allDigits reports whether s is non-empty and all ASCII digits.
func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// TaxCode validates a tax code (Mã số thuế) and returns its canonical form:
// ten digits with a valid check digit ("0100109106"), a dependent unit's
// code "0100109106-001" (also written as 13 digits), or, for individuals
// from 1 July 2025, the 12-digit citizen ID. Errors name the problem and
// show the number masked.
func TaxCode(s string) (string, error) {
	raw := strings.TrimSpace(s)
	if raw == "" {
		return "", errors.New("tax code is empty")
	}
	base, branch, hasBranch := strings.Cut(strings.ReplaceAll(raw, " ", ""), "-")
	if hasBranch && strings.Count(raw, "-") == 1 && allDigits(base) && len(base) == 10 {
		branch = strings.TrimSpace(branch)
	} else {
		d := digitsOnly(raw)
		if !allDigits(d) {
			return "", fmt.Errorf("tax code %q: only digits, spaces, dots and one dash are allowed", pii.MaskTaxCode(raw))
		}
		switch len(d) {
		case 10:
			base, branch = d, ""
		case 13:
			base, branch = d[:10], d[10:]
		case 12:
			id, err := CitizenID(d)
			if err != nil {
				return "", fmt.Errorf("tax code in citizen-ID form: %w", err)
			}
			return id, nil
		default:
			return "", fmt.Errorf("tax code %s: has %d digits, want 10, 10-3 or 12", pii.MaskTaxCode(raw), len(d))
		}
	}
	if !allDigits(base) || len(base) != 10 {
		return "", fmt.Errorf("tax code %s: want 10 digits before the dash", pii.MaskTaxCode(raw))
	}
	sum := 0
	for i, w := range taxWeights {
		sum += int(base[i]-'0') * w
	}
	check := 10 - sum%11
	if check == 10 {
		return "", fmt.Errorf("tax code %s: no valid check digit exists for these nine digits", pii.MaskTaxCode(base))
	}
	if int(base[9]-'0') != check {
		return "", fmt.Errorf("tax code %s: check digit (10th) does not match the first nine digits", pii.MaskTaxCode(base))
	}
	if branch == "" {
		return base, nil
	}
	if len(branch) != 3 || !allDigits(branch) || branch == "000" {
		return "", fmt.Errorf("tax code %s: branch suffix must be three digits 001–999", pii.MaskTaxCode(base))
	}
	return base + "-" + branch, nil
}

// CitizenID validates a 12-digit citizen ID (số định danh cá nhân printed
// on the Căn cước công dân): digits 1–3 the province of birth registration
// (never checked: codes change with the 2025 province merger), digit 4 the
// century and sex, digits 5–6 the year of birth, six random digits, no check
// digit (Decree 137/2015/NĐ-CP Article 13; domain.md §Identifiers). Digit 4 must be 0–3 (born
// 1900–2099): codes 4–9 stand for the 1800s or the 2100s+, when no living
// person was born. The old 9-digit CMND is not accepted.
func CitizenID(s string) (string, error) {
	d := digitsOnly(strings.TrimSpace(s))
	if d == "" {
		return "", errors.New("citizen ID is empty")
	}
	if !allDigits(d) {
		return "", errors.New("citizen ID: only digits, spaces, dots and dashes are allowed")
	}
	switch {
	case len(d) == 9:
		return "", fmt.Errorf("citizen ID %s: a 9-digit CMND is not a citizen ID, which has 12 digits", pii.MaskCitizenID(d))
	case len(d) != 12:
		return "", fmt.Errorf("citizen ID %s: has %d digits, want 12", pii.MaskCitizenID(d), len(d))
	case d[3] > '3':
		return "", fmt.Errorf("citizen ID %s: digit 4 (century and sex) is %c, want 0–3 (born 1900–2099)", pii.MaskCitizenID(d), d[3])
	}
	return d, nil
}

// BirthYear returns the year of birth encoded in a valid citizen ID (digit 4
// gives the century, digits 5–6 the year) and whether the holder is female
// (odd century code). A caller with a clock can check it is not in the future.
func BirthYear(id string) (year int, female bool, err error) {
	d, err := CitizenID(id)
	if err != nil {
		return 0, false, err
	}
	c := int(d[3] - '0')
	year = 1900 + 100*(c/2) + int(d[4]-'0')*10 + int(d[5]-'0')
	return year, c%2 == 1, nil
}

// Phone validates a phone number and returns it in E.164 form
// ("+84912345678"). Vietnamese numbers are checked against the national
// numbering plan: mobiles 0(3|5|7|8|9)xxxxxxxx, landlines 02x with 11
// digits, written with +84, 84 or 0084 instead of the leading 0, with
// spaces, dots, dashes or brackets (the plan after the 2017 landline and
// 2018 mobile conversions, domain.md §Identifiers). Điều 9 khoản 3 asks for
// a phone number, not a Vietnamese one: a foreign partner's number written
// in international form ("+33 1 44 55 66 77", "0033 …") is valid when it
// has a country code that does not start with 0 and 8 to 15 digits in all
// (ITU-T E.164 §6: at most 15 digits).
func Phone(s string) (string, error) {
	raw := strings.TrimSpace(s)
	if raw == "" {
		return "", errors.New("phone is empty")
	}
	plus := strings.HasPrefix(raw, "+")
	d := strings.Map(func(r rune) rune {
		switch {
		case r >= '0' && r <= '9':
			return r
		case strings.ContainsRune(" .-()+\u00a0", r):
			return -1
		}
		return 'x'
	}, raw)
	if !allDigits(d) {
		return "", fmt.Errorf("phone %s: only digits, spaces, dots, dashes, brackets and a leading + are allowed", pii.MaskPhone(raw))
	}
	national := ""
	switch {
	case plus && strings.HasPrefix(d, "84"):
		national = "0" + d[2:]
	case plus:
		return foreignPhone(d, raw)
	case strings.HasPrefix(d, "0084"):
		national = "0" + d[4:]
	case strings.HasPrefix(d, "00"):
		return foreignPhone(d[2:], raw)
	case strings.HasPrefix(d, "84") && (len(d) == 11 || len(d) == 12):
		national = "0" + d[2:]
	case strings.HasPrefix(d, "0"):
		national = d
	default:
		return "", fmt.Errorf("phone %s: must start with 0, +84, 84 or 0084", pii.MaskPhone(raw))
	}
	switch {
	case len(national) < 2:
		return "", fmt.Errorf("phone %s: too short", pii.MaskPhone(raw))
	case len(national) == 10 && strings.ContainsRune("35789", rune(national[1])):
	case len(national) == 11 && national[1] == '2':
	case national[1] == '2':
		return "", fmt.Errorf("phone %s: a landline has 11 digits (02x…), got %d", pii.MaskPhone(raw), len(national))
	default:
		return "", fmt.Errorf("phone %s: a mobile has 10 digits starting 03, 05, 07, 08 or 09", pii.MaskPhone(raw))
	}
	return "+84" + national[1:], nil
}

// foreignPhone validates the digits of an international number outside
// Vietnam, country code first (ITU-T E.164: a country code never starts
// with 0; at most 15 digits).
func foreignPhone(d, raw string) (string, error) {
	switch {
	case d == "" || d[0] == '0':
		return "", fmt.Errorf("phone %s: an international number starts with a country code 1–9 after + or 00", pii.MaskPhone(raw))
	case len(d) < 8:
		return "", fmt.Errorf("phone %s: an international number is too short (%d digits, want 8–15)", pii.MaskPhone(raw), len(d))
	case len(d) > 15:
		return "", fmt.Errorf("phone %s: an international number has at most 15 digits, got %d", pii.MaskPhone(raw), len(d))
	}
	return "+" + d, nil
}
