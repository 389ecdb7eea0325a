package testenv

import (
	"errors"
	"fmt"
	"net"
	"sort"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

// imapTimeout bounds every helper's IMAP session: go-imap v2 has no response
// timeout of its own (pitfalls.md), so a watchdog closes the connection.
const imapTimeout = 30 * time.Second

// Dial returns an IMAP client logged in as the first account, closed at
// cleanup.
func (d *DovecotServer) Dial(t testing.TB) *imapclient.Client {
	t.Helper()
	c, err := d.login()
	if err != nil {
		t.Fatalf("testenv: %v", err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func (d *DovecotServer) login() (*imapclient.Client, error) {
	c, err := imapclient.DialInsecure(d.Addr(), &imapclient.Options{Dialer: &net.Dialer{Timeout: 5 * time.Second}})
	if err != nil {
		return nil, fmt.Errorf("dial IMAP %s: %w", d.Addr(), err)
	}
	if err := c.Login(d.User(), d.Password()).Wait(); err != nil {
		c.Close()
		return nil, fmt.Errorf("IMAP LOGIN %s at %s: %w", d.User(), d.Addr(), err)
	}
	return c, nil
}

// session runs f on a fresh logged-in connection under the watchdog.
func (d *DovecotServer) session(t testing.TB, what string, f func(c *imapclient.Client) error) {
	t.Helper()
	c, err := d.login()
	if err != nil {
		t.Fatalf("testenv: %s: %v", what, err)
	}
	watchdog := time.AfterFunc(imapTimeout, func() { c.Close() })
	defer watchdog.Stop()
	err = f(c)
	if lerr := c.Logout().Wait(); err == nil && lerr != nil {
		err = fmt.Errorf("LOGOUT: %w", lerr)
	}
	c.Close()
	if err != nil {
		t.Fatalf("testenv: %s: %v", what, err)
	}
}

// CreateMailbox creates mailbox (RFC 9051 §6.3.4).
func (d *DovecotServer) CreateMailbox(t testing.TB, mailbox string) {
	t.Helper()
	d.session(t, "create mailbox "+mailbox, func(c *imapclient.Client) error {
		return c.Create(mailbox, nil).Wait()
	})
}

// Append stores raw in mailbox with the given internal date (the server's
// receipt time, RFC 9051 §2.3.3), creating the mailbox when the server
// answers TRYCREATE, and returns the UID assigned (UIDPLUS, RFC 4315).
func (d *DovecotServer) Append(t testing.TB, mailbox string, raw []byte, internalDate time.Time) imap.UID {
	t.Helper()
	var uid imap.UID
	d.session(t, "append to "+mailbox, func(c *imapclient.Client) error {
		for attempt := 0; ; attempt++ {
			data, err := appendOnce(c, mailbox, raw, internalDate)
			var ierr *imap.Error
			if attempt == 0 && errors.As(err, &ierr) && ierr.Code == imap.ResponseCodeTryCreate {
				if err := c.Create(mailbox, nil).Wait(); err != nil {
					return fmt.Errorf("CREATE after TRYCREATE: %w", err)
				}
				continue
			}
			if err != nil {
				return err
			}
			if data.UID == 0 {
				return errors.New("APPEND returned no APPENDUID: server lacks UIDPLUS")
			}
			uid = data.UID
			return nil
		}
	})
	return uid
}

func appendOnce(c *imapclient.Client, mailbox string, raw []byte, date time.Time) (*imap.AppendData, error) {
	cmd := c.Append(mailbox, int64(len(raw)), &imap.AppendOptions{Time: date})
	if _, err := cmd.Write(raw); err != nil {
		cmd.Close()
		return nil, fmt.Errorf("APPEND write: %w", err)
	}
	if err := cmd.Close(); err != nil {
		return nil, fmt.Errorf("APPEND: %w", err)
	}
	return cmd.Wait()
}

// Count returns the number of messages in mailbox (STATUS MESSAGES).
func (d *DovecotServer) Count(t testing.TB, mailbox string) int {
	t.Helper()
	var n int
	d.session(t, "count "+mailbox, func(c *imapclient.Client) error {
		data, err := c.Status(mailbox, &imap.StatusOptions{NumMessages: true}).Wait()
		if err != nil {
			return err
		}
		if data.NumMessages == nil {
			return errors.New("STATUS returned no MESSAGES")
		}
		n = int(*data.NumMessages)
		return nil
	})
	return n
}

// Fetch returns every message of mailbox in UID order, byte for byte as
// stored (BODY.PEEK[], so \Seen is left alone).
func (d *DovecotServer) Fetch(t testing.TB, mailbox string) [][]byte {
	t.Helper()
	var out [][]byte
	d.session(t, "fetch "+mailbox, func(c *imapclient.Client) error {
		sel, err := c.Select(mailbox, &imap.SelectOptions{ReadOnly: true}).Wait()
		if err != nil {
			return err
		}
		if sel.NumMessages == 0 {
			return nil
		}
		section := &imap.FetchItemBodySection{Peek: true}
		var all imap.SeqSet
		all.AddRange(1, 0) // 1:*
		msgs, err := c.Fetch(all, &imap.FetchOptions{UID: true, BodySection: []*imap.FetchItemBodySection{section}}).Collect()
		if err != nil {
			return err
		}
		sort.Slice(msgs, func(i, j int) bool { return msgs[i].UID < msgs[j].UID })
		for _, m := range msgs {
			out = append(out, m.FindBodySection(section))
		}
		return nil
	})
	return out
}
