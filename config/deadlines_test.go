package config

import (
	"strings"
	"testing"
	"time"

	"github.com/moj-portal/tiepnhan/internal/workday"
)

func TestParseOfficeHours(t *testing.T) {
	got, err := ParseOfficeHours(" 08:00-12:00, 13:30 - 17:00 ")
	if err != nil {
		t.Fatal(err)
	}
	want := []workday.Session{{Start: 8 * time.Hour, End: 12 * time.Hour}, {Start: 13*time.Hour + 30*time.Minute, End: 17 * time.Hour}}
	if len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("got %v, want %v", got, want)
	}
	if s, err := ParseOfficeHours("00:00-24:00"); err != nil || s[0].End != 24*time.Hour {
		t.Fatalf("whole day: %v %v", s, err)
	}
	for _, bad := range []string{"", "8:00-12:00", "08:00", "08:00-07:00", "08:00-12:00,11:00-13:00", "24:00-24:00",
		"08:60-09:00", "08:00-24:01", "ab:cd-12:00", "13:00-17:00,08:00-12:00"} {
		if _, err := ParseOfficeHours(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestParseFractionsAndAddresses(t *testing.T) {
	if f, err := ParseFractions("0.5, 0.8"); err != nil || len(f) != 2 || f[0] != 0.5 || f[1] != 0.8 {
		t.Fatalf("%v %v", f, err)
	}
	if f, err := ParseFractions(""); err != nil || len(f) != 0 {
		t.Fatalf("empty: %v %v", f, err)
	}
	for _, bad := range []string{"0", "1", "0.8,0.5", "0.5,0.5", "x", "NaN", "-0.1", "0.5,,0.8"} {
		if _, err := ParseFractions(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	a, err := ParseAddressList("Trưởng ban <tb@moj.gov.vn>, cvp@moj.gov.vn")
	if err != nil || len(a) != 2 || a[0] != "tb@moj.gov.vn" || a[1] != "cvp@moj.gov.vn" {
		t.Fatalf("%v %v", a, err)
	}
	if _, err := ParseAddressList("tb@moj.gov.vn; x"); err == nil {
		t.Error("a bad list accepted")
	}
}

func TestDeadlineSettingsValidated(t *testing.T) {
	for _, tc := range []struct {
		env  map[string]string
		want []string
	}{
		{map[string]string{"TIEPNHAN_DEADLINES_OFFICE_HOURS": "8-12"}, []string{"deadlines.office_hours"}},
		{map[string]string{"TIEPNHAN_DEADLINES_WARNINGS": "0.8,0.5"}, []string{"deadlines.warnings", "ascending"}},
		{map[string]string{"TIEPNHAN_ALERTS_DESK": "nope"}, []string{"alerts.desk"}},
		{map[string]string{"TIEPNHAN_IMAP_USERNAME": "banbientap@moj.gov.vn", "TIEPNHAN_ALERTS_BOARD_HEAD": "BanBienTap@moj.gov.vn"},
			[]string{"alerts.board_head", "watched mailbox"}},
		{map[string]string{"TIEPNHAN_ALERTS_MANAGERS": "a@b.vn; c"}, []string{"alerts.managers"}},
		{map[string]string{"TIEPNHAN_ALERTS_DIGEST_AT": "7h30"}, []string{"alerts.digest_at"}},
		{map[string]string{"TIEPNHAN_ALERTS_STALL_AFTER": "5m"}, []string{"alerts.stall_after", "imap.idle_restart"}},
		{map[string]string{"TIEPNHAN_ALERTS_ESCALATION_DELAY": "0s"}, []string{"alerts.escalation_delay"}},
		{map[string]string{"TIEPNHAN_ALERTS_PER_RECIPIENT_PER_HOUR": "-1"}, []string{"alerts.per_recipient_per_hour"}},
		{map[string]string{"TIEPNHAN_SMTP_SECURITY": "ssl"}, []string{"smtp.security"}},
		{map[string]string{"TIEPNHAN_SMTP_SECURITY": "none", "TIEPNHAN_SMTP_ADDR": "relay.moj.gov.vn:25"}, []string{"smtp.security", "loopback"}},
	} {
		_, err := Load("", env(tc.env))
		if err == nil {
			t.Errorf("%v: no error", tc.env)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%v: error %q does not mention %q", tc.env, err, w)
			}
		}
	}
	cfg, err := Load("", env(map[string]string{"TIEPNHAN_ALERTS_MANAGERS": "a@moj.gov.vn, b@moj.gov.vn",
		"TIEPNHAN_SMTP_SECURITY": "none", "TIEPNHAN_SMTP_ADDR": "127.0.0.1:2525"}))
	if err != nil {
		t.Fatal(err)
	}
	if m, _ := cfg.Alerts.ManagerList(); len(m) != 2 {
		t.Errorf("managers = %v", m)
	}
}

// FuzzParseOfficeHours: never panics; what it accepts is a valid calendar.
func FuzzParseOfficeHours(f *testing.F) {
	for _, s := range []string{"08:00-12:00,13:00-17:00", "00:00-24:00", "8-12", ",", "24:00-24:00", "23:59-24:00,"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ss, err := ParseOfficeHours(s)
		if err != nil {
			return
		}
		cfg := workday.DefaultConfig()
		cfg.Sessions = ss
		if _, err := workday.New(cfg); err != nil {
			t.Fatalf("%q parsed to %v, which the calendar refuses: %v", s, ss, err)
		}
	})
}

// FuzzParseFractions: never panics; what it accepts is in (0, 1), ascending.
func FuzzParseFractions(f *testing.F) {
	for _, s := range []string{"0.5,0.8", "", "1e-3", "0x1p-1", "Inf"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fs, err := ParseFractions(s)
		if err != nil {
			return
		}
		for i, x := range fs {
			if !(x > 0 && x < 1) || (i > 0 && x <= fs[i-1]) {
				t.Fatalf("%q gave %v", s, fs)
			}
		}
	})
}

// FuzzParseAddressList: never panics; every address returned has an @.
func FuzzParseAddressList(f *testing.F) {
	for _, s := range []string{"a@b.vn", "Tên <a@b.vn>, c@d", "=?UTF-8?B?w6E=?= <a@b>", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		as, err := ParseAddressList(s)
		if err != nil {
			return
		}
		for _, a := range as {
			if !strings.Contains(a, "@") {
				t.Fatalf("%q gave address %q", s, a)
			}
		}
	})
}
