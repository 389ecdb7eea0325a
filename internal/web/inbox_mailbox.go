package web

import "github.com/moj-portal/tiepnhan/internal/view"

// mailboxName is how people know the mailbox account came in by (its
// config name); a paper registration came by no mailbox.
func mailboxName(list []view.Mailbox, account, lang string) string {
	if account == "" {
		return pick([2]string{"giấy / kênh khác", "paper / other"}, lang)
	}
	for _, m := range list {
		if m.Account == account {
			return m.Name
		}
	}
	return account
}
