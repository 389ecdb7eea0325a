package http

import (
	"testing"
	"time"
)

func TestTemplatesParse(t *testing.T) {
	u := &UI{}
	if err := u.parseTemplates(); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"login", "error", "inbox", "item", "register", "dashboard", "reports", "accounts", "account", "access_review", "audit", "directory", "calendar"} {
		if u.tmpl[name] == nil {
			t.Errorf("template %s missing", name)
		}
	}
}

func TestRemaining(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, vietnam)
	for _, c := range []struct {
		due  time.Time
		want string
	}{
		{now.Add(3*time.Hour + 20*time.Minute), "còn 3 giờ 20 phút"},
		{now.Add(-90 * time.Minute), "quá hạn 1 giờ 30 phút"},
		{now.Add(50 * time.Hour), "còn 2 ngày 2 giờ"},
		{now.Add(5 * time.Minute), "còn 5 phút"},
	} {
		if got := remaining(&c.due, now, "vi"); got != c.want {
			t.Errorf("remaining(%s) = %q, want %q", c.due.Sub(now), got, c.want)
		}
	}
	if got := remaining(nil, now, "en"); got != "no deadline" {
		t.Errorf("nil due = %q", got)
	}
}

func TestLocalPath(t *testing.T) {
	for in, want := range map[string]string{"/items/3": "/items/3", "": "/", "https://evil.example": "/", "//evil.example": "/", "/\\evil": "/"} {
		if got := localPath(in); got != want {
			t.Errorf("localPath(%q) = %q, want %q", in, got, want)
		}
	}
}
