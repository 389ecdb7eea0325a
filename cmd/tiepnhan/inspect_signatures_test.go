package main

import (
	"bytes"
	"context"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/moj-portal/tiepnhan/internal/pdfsig/pdfsigtest"
)

// inspect prints attachments[].signatures[] with the keys the README
// lists, and --trust-store decides whether the signer is trusted.
func TestInspectSignatures(t *testing.T) {
	now := time.Now()
	root, err := pdfsigtest.NewRoot("Test Root CA", now.AddDate(-1, 0, 0), now.AddDate(1, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	signer, err := root.Issue(pkix.Name{CommonName: "Nguyễn Văn An", Organization: []string{"Bộ Tư pháp"}}, now.AddDate(-1, 0, 0), now.AddDate(1, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	pdf, err := pdfsigtest.Sign(pdfsigtest.Simple("So: 12/QD-BTP"), pdfsigtest.Signing{Signer: signer})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	trust := filepath.Join(dir, "trust")
	if err := os.Mkdir(trust, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(trust, "root.pem"), root.PEM(), 0o644); err != nil {
		t.Fatal(err)
	}
	eml := filepath.Join(dir, "signed.eml")
	raw := "From: a@moj.gov.vn\r\nTo: banbientap@moj.gov.vn\r\nSubject: CV\r\nDate: Mon, 05 Jan 2026 09:00:00 +0700\r\n" +
		"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b1\r\n\r\n--b1\r\nContent-Type: text/plain\r\n\r\nGui van ban.\r\n" +
		"--b1\r\nContent-Type: application/pdf; name=cv.pdf\r\nContent-Disposition: attachment; filename=cv.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
		base64.StdEncoding.EncodeToString(pdf) + "\r\n--b1--\r\n"
	if err := os.WriteFile(eml, []byte(raw), 0o644); err != nil {
		t.Fatal(err)
	}
	sig := func(args ...string) map[string]any {
		t.Helper()
		var out, errb bytes.Buffer
		if code := runInspect(context.Background(), append(args, eml), &out, &errb); code != 0 {
			t.Fatalf("inspect %v: exit %d: %s", args, code, errb.String())
		}
		var v struct {
			Attachments []struct {
				Signatures []map[string]any `json:"signatures"`
			} `json:"attachments"`
		}
		if err := json.Unmarshal(out.Bytes(), &v); err != nil || len(v.Attachments) != 1 || len(v.Attachments[0].Signatures) != 1 {
			t.Fatalf("inspect %v: %v\n%s", args, err, out.String())
		}
		return v.Attachments[0].Signatures[0]
	}
	s := sig("--trust-store", trust)
	for _, k := range []string{"signer", "organization", "issuer", "signed_at", "timestamped", "covers_whole_file", "valid", "trusted", "problem"} {
		if _, ok := s[k]; !ok {
			t.Errorf("key %q missing: %v", k, s)
		}
	}
	if s["signer"] != "Nguyễn Văn An" || s["valid"] != true || s["trusted"] != true || s["problem"] != "" {
		t.Errorf("trusted: %v", s)
	}
	if s := sig(); s["valid"] != true || s["trusted"] != false || s["problem"] != "issuer_not_trusted" {
		t.Errorf("without a store: %v", s)
	}
	var errb bytes.Buffer
	if code := runInspect(context.Background(), []string{"--trust-store", filepath.Join(dir, "missing"), eml}, &bytes.Buffer{}, &errb); code != 2 || !strings.Contains(errb.String(), "trust-store") {
		t.Errorf("a missing store: exit %d, %s", code, errb.String())
	}
}
