package mailbox

import (
	"fmt"

	goimap "github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/moj-portal/tiepnhan/internal/intake"
)

// catchUpAfterCommit applies the after-commit action to messages committed
// before a crash that never got it.
func (w *Watcher) catchUpAfterCommit(c *imapclient.Client, mb intake.MailboxState) error {
	if w.cfg.AfterCommit == "none" || mb.LastUID == 0 {
		return nil
	}
	var set goimap.UIDSet
	set.AddRange(1, goimap.UID(mb.LastUID))
	crit := &goimap.SearchCriteria{UID: []goimap.UIDSet{set}}
	if w.cfg.AfterCommit == "keyword" {
		crit.NotFlag = []goimap.Flag{goimap.Flag(w.cfg.Keyword)}
	}
	data, err := guarded(w, c, "UID SEARCH", func() (*goimap.SearchData, error) { return c.UIDSearch(crit, nil).Wait() })
	if err != nil {
		return fmt.Errorf("search committed messages: %w", err)
	}
	var uids []goimap.UID
	for _, u := range data.AllUIDs() {
		if uint32(u) <= mb.LastUID {
			uids = append(uids, u)
		}
	}
	return w.afterCommit(c, uids)
}

// afterCommit marks or moves messages that are safely stored. It never
// deletes and never sends a bare EXPUNGE.
func (w *Watcher) afterCommit(c *imapclient.Client, uids []goimap.UID) error {
	if len(uids) == 0 {
		return nil
	}
	set := goimap.UIDSetNum(uids...)
	switch w.cfg.AfterCommit {
	case "keyword":
		_, err := guarded(w, c, "UID STORE", func() (struct{}, error) {
			return struct{}{}, c.Store(set, &goimap.StoreFlags{Op: goimap.StoreFlagsAdd, Silent: true, Flags: []goimap.Flag{goimap.Flag(w.cfg.Keyword)}}, nil).Close()
		})
		if err != nil {
			return fmt.Errorf("set keyword %s: %w", w.cfg.Keyword, err)
		}
	case "move":
		caps := c.Caps()
		if !caps.Has(goimap.CapMove) && !caps.Has(goimap.CapUIDPlus) {
			// Without MOVE or UIDPLUS the library would fall back to a bare
			// EXPUNGE that removes every \Deleted message: refuse.
			w.log.Warn("server has neither MOVE nor UIDPLUS: leaving messages in place", "count", len(uids))
			return nil
		}
		_, err := guarded(w, c, "UID MOVE", func() (*imapclient.MoveData, error) { return c.Move(set, w.cfg.MoveTo).Wait() })
		if err != nil {
			return fmt.Errorf("move to %s: %w", w.cfg.MoveTo, err)
		}
	}
	return nil
}
