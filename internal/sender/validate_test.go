package sender

import (
	"strings"
	"testing"
)

// Valid tax codes: the check digits were computed independently of this
// package (N10 = 10 − (Σ Ni·Wi mod 11)); 0100109106 is a published code.
func TestTaxCode(t *testing.T) {
	valid := map[string]string{
		"0100109106":       "0100109106",
		"0301442379":       "0301442379",
		"0101234565":       "0101234565",
		"0310300476":       "0310300476",
		"4600123459":       "4600123459",
		"1234567893":       "1234567893",
		"0100000010":       "0100000010", // Σ mod 11 = 10 → check digit 0
		"01 001 09106":     "0100109106",
		"0100.109.106":     "0100109106",
		"0100109106-001":   "0100109106-001",
		"0100109106 - 012": "0100109106-012",
		"0100109106001":    "0100109106-001",
		"001203012345":     "001203012345", // an individual's citizen ID as tax code
	}
	invalid := map[string]string{
		"0100109107":     "check digit",
		"0100000053":     "no valid check digit", // Σ mod 11 = 0 → 10
		"010010910":      "has 9 digits",
		"01001091061":    "has 11 digits",
		"0100109106-000": "branch suffix",
		"0100109107-001": "check digit",
		"0100109106-01":  "branch suffix",
		"01001O9106":     "only digits",
		"001503012345":   "digit 4",
		"":               "empty",
	}
	checkNumbers(t, "TaxCode", TaxCode, valid, invalid, 9)
}

func TestCitizenID(t *testing.T) {
	valid := map[string]string{
		"001203012345":    "001203012345", // Hà Nội, male born 2003
		"079095001234":    "079095001234", // TP.HCM, male born 1995
		"001 203 012 345": "001203012345",
		"001.203.012.345": "001203012345",
		"099303000001":    "099303000001", // unknown province code: never rejected
		"096188000001":    "096188000001", // female born 1988
	}
	invalid := map[string]string{
		"001503012345":  "digit 4", // born in the 2100s
		"001803012345":  "digit 4", // born in the 1800s
		"123456789":     "9-digit CMND",
		"00120301234":   "has 11 digits",
		"0012030123456": "has 13 digits",
		"00120301234a":  "only digits",
		" ":             "empty",
	}
	checkNumbers(t, "CitizenID", CitizenID, valid, invalid, 9)
}

func TestBirthYear(t *testing.T) {
	tests := []struct {
		id     string
		year   int
		female bool
	}{
		{"001203012345", 2003, false},
		{"001395012345", 2095, true},
		{"079095001234", 1995, false},
		{"096188000001", 1988, true},
	}
	for _, tt := range tests {
		y, f, err := BirthYear(tt.id)
		if err != nil || y != tt.year || f != tt.female {
			t.Errorf("BirthYear(%q) = %d, %v, %v; want %d, %v", tt.id, y, f, err, tt.year, tt.female)
		}
	}
	if _, _, err := BirthYear("001503012345"); err == nil {
		t.Error("BirthYear accepted century code 5")
	}
}

func TestPhone(t *testing.T) {
	valid := map[string]string{
		"0912345678":         "+84912345678",
		"0912 345 678":       "+84912345678",
		"0912.345.678":       "+84912345678",
		"091-234-5678":       "+84912345678",
		"+84 912 345 678":    "+84912345678",
		"+84912345678":       "+84912345678",
		"84912345678":        "+84912345678",
		"0084912345678":      "+84912345678",
		"0321234567":         "+84321234567",
		"0587654321":         "+84587654321",
		"0709999999":         "+84709999999",
		"0888000111":         "+84888000111",
		"(024) 3762 1234":    "+842437621234",
		"024.3762.1234":      "+842437621234",
		"028 3829 5555":      "+842838295555",
		"+84 (24) 3762 1234": "+842437621234",
		// Foreign partners' numbers in international form (Điều 9 khoản 3
		// asks for a phone, not a Vietnamese one).
		"+33 1 44 55 66 77":  "+33144556677",
		"+1 202 555 0100":    "+12025550100",
		"0033 1 44 55 66 77": "+33144556677",
	}
	invalid := map[string]string{
		"0612345678":              "mobile",
		"091234567":               "mobile",
		"09123456789":             "mobile",
		"0212345678":              "landline has 11 digits",
		"+0 202 555 0100":         "country code",
		"+33 1 44":                "too short",
		"+33 1234 5678 9012 3456": "at most 15 digits",
		"0033":                    "too short",
		"912345678":               "must start with 0",
		"0912 345 678 ext":        "only digits",
		"0":                       "too short",
		"+84":                     "too short",
	}
	checkNumbers(t, "Phone", Phone, valid, invalid, 0)
}

// checkNumbers checks a validator: each key of valid is accepted as its
// value (the canonical form), each key of invalid is rejected with an error
// that contains its value. With private > 0, an error about an input of at
// least private characters must not show that input (a personal number is
// never echoed into a message that may be logged).
func checkNumbers(t *testing.T, name string, check func(string) (string, error), valid, invalid map[string]string, private int) {
	t.Helper()
	for in, want := range valid {
		got, err := check(in)
		if err != nil || got != want {
			t.Errorf("%s(%q) = %q, %v; want %q", name, in, got, err, want)
		}
	}
	for in, wantErr := range invalid {
		got, err := check(in)
		if err == nil || !strings.Contains(err.Error(), wantErr) {
			t.Errorf("%s(%q) = %q, %v; want error with %q", name, in, got, err, wantErr)
		}
		if private > 0 && err != nil && len(in) >= private && strings.Contains(err.Error(), in) {
			t.Errorf("%s(%q) error shows the raw number: %v", name, in, err)
		}
	}
}
