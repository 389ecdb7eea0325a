package app

import (
	"log/slog"
	"net"

	"github.com/moj-portal/tiepnhan/config"
	"github.com/moj-portal/tiepnhan/internal/mailauth"
)

// senderAuth is how messages' sender authentication is read: the trusted
// server's Authentication-Results, and our own DKIM/DMARC check over DNS
// when intake.verify_dkim is set. Without either, nothing is known and
// automatic mail is not held back: serve says so.
func senderAuth(cfg config.Config, log *slog.Logger) mailauth.Options {
	o := mailauth.Options{AuthServID: cfg.Intake.AuthServID}
	if cfg.Intake.VerifyDKIM {
		o.LookupTXT = net.LookupTXT
	}
	if o.AuthServID == "" && o.LookupTXT == nil {
		log.Warn("sender authentication off (intake.authserv_id, intake.verify_dkim): automatic mail goes to any sender, and a forged From: is not detected")
	}
	return o
}
