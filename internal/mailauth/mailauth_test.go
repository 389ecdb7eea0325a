package mailauth

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"net"
	"strings"
	"testing"

	"github.com/emersion/go-msgauth/dkim"
)

const msg = "From: Lan <lan@stp.namdinh.gov.vn>\r\nTo: banbientap@moj.gov.vn\r\nSubject: Tin\r\nMessage-ID: <m1@stp.namdinh.gov.vn>\r\n\r\nNội dung.\r\n"

func TestTrustedAuthResultsOnly(t *testing.T) {
	o := Options{AuthServID: "mx.moj.gov.vn"}
	cases := []struct {
		name, hdr string
		want      Result
		authn     bool
	}{
		{"trusted pass", "Authentication-Results: mx.moj.gov.vn; spf=pass smtp.mailfrom=stp.namdinh.gov.vn; dkim=pass header.d=namdinh.gov.vn; dmarc=pass header.from=stp.namdinh.gov.vn\r\n",
			Result{SPF: "pass", DKIM: "pass", DMARC: "pass", Trusted: true, Source: "authserv:mx.moj.gov.vn", Aligned: true}, true},
		{"untrusted server claims pass", "Authentication-Results: mx.evil.example; spf=pass; dkim=pass header.d=stp.namdinh.gov.vn; dmarc=pass\r\n", Result{}, false},
		{"trusted fail on top of a forged pass", "Authentication-Results: MX.moj.gov.vn; spf=fail smtp.mailfrom=evil.example; dmarc=fail\r\nAuthentication-Results: mx.moj.gov.vn; spf=pass; dmarc=pass\r\n",
			Result{SPF: "fail", DMARC: "fail", Trusted: true, Source: "authserv:mx.moj.gov.vn"}, false},
		{"SPF pass of a look-alike domain", "Authentication-Results: mx.moj.gov.vn; spf=pass smtp.mailfrom=stp-namdinh.gov.vn; dmarc=none\r\n",
			Result{SPF: "pass", DMARC: "none", Trusted: true, Source: "authserv:mx.moj.gov.vn"}, false},
		{"aligned SPF without DMARC record", "Authentication-Results: mx.moj.gov.vn; spf=pass smtp.mailfrom=bounce.namdinh.gov.vn; dmarc=none\r\n",
			Result{SPF: "pass", DMARC: "none", Trusted: true, Source: "authserv:mx.moj.gov.vn", Aligned: true}, true},
		{"no header", "", Result{}, false},
	}
	for _, c := range cases {
		got := Check([]byte(c.hdr+msg), "stp.namdinh.gov.vn", o)
		if got != c.want || got.Authenticated() != c.authn {
			t.Errorf("%s: %+v (authenticated %v), want %+v (%v)", c.name, got, got.Authenticated(), c.want, c.authn)
		}
	}
	if r := Check([]byte(cases[2].hdr+msg), "stp.namdinh.gov.vn", o); !r.Failed() {
		t.Error("a trusted DMARC fail is not Failed")
	}
}

// fakeDNS serves TXT records; anything else does not exist.
type fakeDNS map[string]string

func (f fakeDNS) lookup(name string) ([]string, error) {
	if v, ok := f[strings.TrimSuffix(name, ".")]; ok {
		return []string{v}, nil
	}
	return nil, &net.DNSError{Err: "no such host", Name: name, IsNotFound: true}
}

func sign(t *testing.T, domain string, key ed25519.PrivateKey, raw string) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := dkim.Sign(&b, strings.NewReader(raw), &dkim.SignOptions{Domain: domain, Selector: "s1", Signer: key}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestOwnDKIMAndDMARC(t *testing.T) {
	pub, key, _ := ed25519.GenerateKey(rand.Reader)
	_, other, _ := ed25519.GenerateKey(rand.Reader)
	dns := fakeDNS{
		"s1._domainkey.namdinh.gov.vn": "v=DKIM1; k=ed25519; p=" + base64.StdEncoding.EncodeToString(pub),
		"s1._domainkey.evil.example":   "v=DKIM1; k=ed25519; p=" + base64.StdEncoding.EncodeToString(other.Public().(ed25519.PublicKey)),
		"_dmarc.namdinh.gov.vn":        "v=DMARC1; p=reject",
	}
	o := Options{AuthServID: "mx.moj.gov.vn", LookupTXT: dns.lookup}
	good := Check(sign(t, "namdinh.gov.vn", key, msg), "stp.namdinh.gov.vn", o)
	if !good.Authenticated() || good.DKIM != "pass" || good.DMARC != "pass" || good.Source != "verified" {
		t.Errorf("signed by the organisational domain: %+v", good)
	}
	// Signed by another domain (valid signature, not aligned): DMARC fails.
	foreign := Check(sign(t, "evil.example", other, msg), "stp.namdinh.gov.vn", o)
	if foreign.Authenticated() || foreign.DKIM != "pass" || foreign.DMARC != "fail" || !foreign.Failed() {
		t.Errorf("signed by another domain: %+v", foreign)
	}
	// A signature by the right domain over a changed body fails.
	tampered := bytes.Replace(sign(t, "namdinh.gov.vn", key, msg), []byte("Nội dung."), []byte("Nội dung giả."), 1)
	if r := Check(tampered, "stp.namdinh.gov.vn", o); r.Authenticated() || r.DKIM != "fail" || r.DMARC != "fail" {
		t.Errorf("tampered: %+v", r)
	}
	// Unsigned, no DMARC record: nothing proves it, nothing refutes it.
	if r := Check([]byte(msg), "example.org", o); r.Authenticated() || r.Failed() || r.DMARC != "none" || r.DKIM != "none" {
		t.Errorf("unsigned, no record: %+v", r)
	}
	// The trusted server's results win over our own check.
	if r := Check(append([]byte("Authentication-Results: mx.moj.gov.vn; dmarc=fail\r\n"), sign(t, "namdinh.gov.vn", key, msg)...), "stp.namdinh.gov.vn", o); r.Authenticated() {
		t.Errorf("own check overrode the trusted server: %+v", r)
	}
}

func FuzzCheck(f *testing.F) {
	f.Add([]byte("Authentication-Results: mx.moj.gov.vn; spf=pass smtp.mailfrom=a.vn; dmarc=pass\r\n" + msg))
	f.Add([]byte("Authentication-Results: x; dkim=pass header.d=\r\n\r\n"))
	f.Add([]byte(msg))
	f.Fuzz(func(t *testing.T, raw []byte) {
		r := Check(raw, "stp.namdinh.gov.vn", Options{AuthServID: "mx.moj.gov.vn"})
		if r.Trusted != strings.HasPrefix(r.Source, "authserv:") || (r.Authenticated() && r.Failed()) {
			t.Fatalf("inconsistent %+v", r)
		}
		if !bytes.Contains(bytes.ToLower(raw), []byte("mx.moj.gov.vn")) && r != (Result{}) {
			t.Fatalf("result %+v without the trusted authserv-id", r)
		}
	})
}
