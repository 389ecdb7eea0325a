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
	"github.com/moj-portal/tiepnhan/internal/xmlsig/xmlsigtest"
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
	dir, trust := trustStore(t, root)
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

// A signed .docx attachment: inspect prints its signature with the same
// keys as a PDF's, and a part changed after signing is a problem (a flag
// for a person), naming the part.
func TestInspectDOCXSignatures(t *testing.T) {
	now := time.Now()
	root, err := pdfsigtest.NewRoot("Test Root CA", now.AddDate(-1, 0, 0), now.AddDate(1, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	signer, err := xmlsigtest.IssueRSA(root, pkix.Name{CommonName: "Nguyễn Văn An", Organization: []string{"Bộ Tư pháp"}}, now.AddDate(-1, 0, 0), now.AddDate(1, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := os.ReadFile("../../internal/extract/testdata/lo-vanban.docx")
	if err != nil {
		t.Fatal(err)
	}
	at := now.Add(-time.Hour).Truncate(time.Second)
	signed, err := xmlsigtest.SignDOCX(doc, xmlsigtest.Signing{Signer: signer, At: at})
	if err != nil {
		t.Fatal(err)
	}
	parts, err := xmlsigtest.ReadPackage(signed)
	if err != nil {
		t.Fatal(err)
	}
	var tampered []byte
	for _, p := range parts {
		if p.Name == "word/document.xml" {
			tampered, err = xmlsigtest.SetPart(signed, p.Name, bytes.Replace(p.Data, []byte("1319"), []byte("1391"), 1))
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	dir, trust := trustStore(t, root)
	type out struct {
		Attachments []struct {
			Signatures []map[string]any `json:"signatures"`
		} `json:"attachments"`
		Problems []struct {
			Code   string `json:"code"`
			Where  string `json:"where"`
			Detail string `json:"detail"`
		} `json:"problems"`
	}
	inspect := func(docx []byte) out {
		t.Helper()
		eml := filepath.Join(dir, "signed.eml")
		raw := "From: a@moj.gov.vn\r\nTo: banbientap@moj.gov.vn\r\nSubject: QD\r\nDate: Mon, 05 Jan 2026 09:00:00 +0700\r\n" +
			"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b1\r\n\r\n--b1\r\nContent-Type: text/plain\r\n\r\nGui van ban.\r\n" +
			"--b1\r\nContent-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document; name=qd.docx\r\n" +
			"Content-Disposition: attachment; filename=qd.docx\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
			base64.StdEncoding.EncodeToString(docx) + "\r\n--b1--\r\n"
		if err := os.WriteFile(eml, []byte(raw), 0o644); err != nil {
			t.Fatal(err)
		}
		var stdout, errb bytes.Buffer
		if code := runInspect(context.Background(), []string{"--trust-store", trust, eml}, &stdout, &errb); code != 0 {
			t.Fatalf("inspect: exit %d: %s", code, errb.String())
		}
		var v out
		if err := json.Unmarshal(stdout.Bytes(), &v); err != nil || len(v.Attachments) != 1 || len(v.Attachments[0].Signatures) != 1 {
			t.Fatalf("inspect: %v\n%s", err, stdout.String())
		}
		return v
	}
	v := inspect(signed)
	s := v.Attachments[0].Signatures[0]
	for _, k := range []string{"signer", "organization", "issuer", "signed_at", "timestamped", "covers_whole_file", "valid", "trusted", "problem"} {
		if _, ok := s[k]; !ok {
			t.Errorf("key %q missing: %v", k, s)
		}
	}
	if s["signer"] != "Nguyễn Văn An" || s["valid"] != true || s["trusted"] != true || s["covers_whole_file"] != true || s["problem"] != "" ||
		s["signed_at"] != at.UTC().Format(time.RFC3339) && s["signed_at"] != at.Format(time.RFC3339) {
		t.Errorf("signed docx: %v", s)
	}
	for _, p := range v.Problems {
		if strings.HasPrefix(p.Code, "sign") {
			t.Errorf("signed docx: problem %+v", p)
		}
	}
	v = inspect(tampered)
	if s := v.Attachments[0].Signatures[0]; s["valid"] != false || s["problem"] != "altered" {
		t.Errorf("tampered docx: %v", s)
	}
	flagged := false
	for _, p := range v.Problems {
		flagged = flagged || p.Code == "signature_invalid" && p.Where == "attachment:qd.docx" && strings.Contains(p.Detail, "/word/document.xml")
	}
	if !flagged {
		t.Errorf("tampered docx is not flagged: %+v", v.Problems)
	}
}

// trustStore makes a temporary folder dir with a trust store folder trust
// in it that holds root's certificate.
func trustStore(t *testing.T, root pdfsigtest.Key) (dir, trust string) {
	t.Helper()
	dir = t.TempDir()
	trust = filepath.Join(dir, "trust")
	if err := os.Mkdir(trust, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(trust, "root.pem"), root.PEM(), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir, trust
}
