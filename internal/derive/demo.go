package derive

import (
	"strconv"
	"strings"

	"github.com/moj-portal/tiepnhan/internal/document"
	"github.com/moj-portal/tiepnhan/internal/mailparse"
	"github.com/moj-portal/tiepnhan/internal/workday"
)

// demoShiftHeader is internal/demo's DemoShiftHeader: the whole days the
// demo moved a sample message (derive does not import the demo).
const demoShiftHeader = "X-Tiepnhan-Demo-Shift-Days"

// shiftDemoDates moves the signing date read from a sample message's
// document by the days `tiepnhan demo` moved the message onto this week,
// so that the Điều 10 sending deadline and the Điều 14 khoản 6 screen judge
// it as it was sent. Only with Options.DemoDates (the demo): in service, a
// sender who writes the header moves nothing.
func shiftDemoDates(f *document.Fields, m *mailparse.Message) {
	if m == nil || f.SignedOn == "" {
		return
	}
	for _, h := range m.Header {
		if !strings.EqualFold(h.Name, demoShiftHeader) {
			continue
		}
		days, err := strconv.Atoi(strings.TrimSpace(h.Value))
		if err != nil || days < -3660 || days > 3660 {
			return
		}
		if d, err := workday.ParseDate(f.SignedOn); err == nil {
			f.SignedOn = d.AddDays(days).String()
		}
		return
	}
}
