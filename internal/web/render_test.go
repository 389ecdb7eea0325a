package web

import (
	"regexp"
	"testing"
	"time"

	"github.com/moj-portal/tiepnhan/internal/workday"
)

func TestTemplatesParse(t *testing.T) {
	u := &UI{}
	if err := u.parseTemplates(); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"login", "error", "inbox", "item", "register", "dashboard", "dashboard_items", "search", "reports", "accounts", "account", "access_review", "audit", "directory", "calendar"} {
		if u.tmpl[name] == nil {
			t.Errorf("template %s missing", name)
		}
	}
}

func TestRemaining(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, workday.Zone)
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

// The UI's CSP (uiCSP: style-src 'self', script-src 'self') makes the
// browser ignore style attributes and inline handlers: a template that
// uses them looks broken (the paper registration form was laid out by a
// style attribute and showed as one run-on line).
func TestTemplatesHaveNoInlineStyleOrScript(t *testing.T) {
	entries, err := templateFS.ReadDir("templates")
	if err != nil {
		t.Fatal(err)
	}
	bad := regexp.MustCompile(`(?i)\sstyle="|\son[a-z]+="|<script>|<style>`)
	for _, e := range entries {
		b, err := templateFS.ReadFile("templates/" + e.Name())
		if err != nil {
			t.Fatal(err)
		}
		if m := bad.Find(b); m != nil {
			t.Errorf("%s: %q is blocked by the UI's CSP", e.Name(), m)
		}
	}
}
