package testenv_test

import (
	"net/smtp"
	"testing"
	"time"

	"github.com/moj-portal/tiepnhan/internal/testenv"
)

// In a package's tests: a database per test, a Dovecot per test, an SMTP
// sink per test.
func Example() {
	// func TestMain(m *testing.M) { testenv.Main(m) }
	//
	// func TestIntake(t *testing.T) {
	var t *testing.T // provided by the test
	dsn := testenv.Postgres(t)
	imap := testenv.Dovecot(t, testenv.Options{})
	imap.Append(t, "INBOX", []byte("Subject: x\r\n\r\nbody\r\n"), time.Now())
	sink := testenv.SMTPSink(t)
	_ = smtp.SendMail(sink.Addr(), nil, "banbientap@moj.gov.vn", []string{"congdan@example.vn"}, []byte("Subject: y\r\n\r\nz\r\n"))
	_ = sink.WaitMessages(t, 1)
	_, _ = dsn, imap.Addr()
	// }
}
