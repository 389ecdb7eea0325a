package workflow

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/moj-portal/tiepnhan/internal/auth"
)

func TestWorkflow(t *testing.T) {
	cases := []struct {
		a     Action
		state string
		ok    bool
	}{
		{ActApprove, StatePendingApproval, true},
		{ActApprove, StateInEdit, false}, // Điều 12: approve only what waits for approval
		{ActPublish, StatePendingApproval, false},
		{ActPublish, StateApproved, true},
		{ActTakedown, StatePublished, true},
		{ActTakedown, StateAwaitingTriage, false},
		{ActRestore, StateTakenDownTemp, true},
		{ActRestore, StateTakenDownPerm, false},
		{ActAnswer, StateForwarded, true},
		{ActAnswer, StateAwaitingTriage, false},
		{ActClassify, StateRefused, false},
		{ActClassify, "classified", true}, // a state another stage adds counts as open
		{ActRefuse, StateInEdit, true},
		{ActClose, StateClosed, false},
	}
	for _, c := range cases {
		err := Allowed(c.a, c.state)
		if (err == nil) != c.ok {
			t.Errorf("Allowed(%s, %s) = %v, want ok=%v", c.a, c.state, err, c.ok)
		}
		var ie *InvalidError
		if err != nil && !errors.As(err, &ie) {
			t.Errorf("refusal is not an InvalidError: %T", err)
		}
	}
	if CheckApprover(7, 7) == nil || CheckApprover(7, 8) != nil || CheckApprover(0, 8) != nil {
		t.Error("CheckApprover: Điều 12 needs two people")
	}
}

func TestChecks(t *testing.T) {
	if err := CheckRefusal("14.7", "x"); err == nil {
		t.Error("ground 14.7 accepted")
	}
	if err := CheckRefusal("14.3", "  "); err == nil {
		t.Error("refusal without note accepted")
	}
	if err := CheckRefusal("14.3", "sai số liệu"); err != nil {
		t.Error(err)
	}
	if CheckTakedown("soon", "x") == nil || CheckTakedown("temporary", "") == nil || CheckTakedown("permanent", "bản quyền") != nil {
		t.Error("CheckTakedown")
	}
	for url, ok := range map[string]bool{
		"https://moj.gov.vn/qt/tintuc/Pages/a.aspx": true, "http://thads.moj.gov.vn/x": true,
		"https://moj.gov.vn.evil.example/": false, "javascript:alert(1)": false, "ftp://moj.gov.vn/": false, "": false,
		"https://evilmoj.gov.vn/": false,
	} {
		if (CheckPortalURL(url) == nil) != ok {
			t.Errorf("CheckPortalURL(%q) ok=%v", url, !ok)
		}
	}
	good := Classification{Kind: "publish", Category: "8.2", Timing: "direction", Target: "portal_editor", Language: "vi"}
	if err := good.Validate(); err != nil {
		t.Error(err)
	}
	for _, bad := range []Classification{
		{Kind: "spam"}, {Kind: "publish", Category: "8.9", Timing: "direction"}, {Kind: "publish", Category: "8.1", Timing: "soon"},
		{Kind: "query", Category: "8.1"}, {Kind: "query", Target: "boss"}, {Kind: "query", Language: "fr"},
	} {
		if err := bad.Validate(); err == nil || !strings.HasPrefix(err.Error(), "phân loại không hợp lệ") {
			t.Errorf("Validate(%+v) = %v", bad, err)
		}
	}
}

func TestCanView(t *testing.T) {
	now := time.Now()
	board := auth.Principal{Grants: []auth.Grant{{Role: auth.RoleStandingBoard}}, Now: now}
	editor := auth.Principal{Grants: []auth.Grant{{Role: auth.RoleEditor}}, Now: now}
	liaison := auth.Principal{Grants: []auth.Grant{{Role: auth.RoleUnitLiaison, Unit: "u1"}}, Now: now}
	admin := auth.Principal{Grants: []auth.Grant{{Role: auth.RoleAdmin}}, Now: now}
	if !CanView(board, "u1", "", true) || CanView(editor, "u1", "", true) || !CanView(editor, "u1", "", false) {
		t.Error("quarantine (Điều 14.2) visibility")
	}
	if CanView(liaison, "u1", "", false) || !CanView(liaison, "u9", "u1", false) || CanView(liaison, "u1", "u2", false) || CanView(liaison, "u1", "u1", true) {
		t.Error("liaison sees only what was forwarded to its unit, never quarantined")
	}
	if CanView(admin, "u1", "", false) {
		t.Error("admin sees items")
	}
}

func FuzzCheckPortalURL(f *testing.F) {
	f.Add("https://moj.gov.vn/x")
	f.Add("https://a.moj.gov.vn:443/x?y#z")
	f.Add("http://moj.gov.vn@evil.example/")
	f.Fuzz(func(t *testing.T, s string) {
		if CheckPortalURL(s) != nil {
			return
		}
		// Whatever passes must name a host on moj.gov.vn over http(s).
		lower := strings.ToLower(s)
		if !strings.Contains(lower, "moj.gov.vn") || !(strings.Contains(lower, "http://") || strings.Contains(lower, "https://")) {
			t.Fatalf("accepted %q", s)
		}
	})
}
