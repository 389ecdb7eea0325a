package notice

import "testing"

func TestAuthenticated(t *testing.T) {
	const us = "mx.moj.gov.vn"
	for _, c := range []struct {
		fields []string
		domain string
		want   bool
	}{
		{[]string{"mx.moj.gov.vn; spf=pass smtp.mailfrom=a@hcm.gov.vn; dkim=pass header.d=hcm.gov.vn; dmarc=pass (p=reject) header.from=hcm.gov.vn"}, "hcm.gov.vn", true},
		{[]string{"MX.moj.gov.vn 1; dmarc=pass header.from=HCM.gov.vn."}, "hcm.gov.vn", true},
		// DMARC failed: SPF's pass does not rescue it.
		{[]string{"mx.moj.gov.vn; spf=pass smtp.mailfrom=hcm.gov.vn; dmarc=fail header.from=hcm.gov.vn"}, "hcm.gov.vn", false},
		// No DMARC: SPF for the From domain.
		{[]string{"mx.moj.gov.vn; spf=pass (sender SPF authorized) smtp.mailfrom=tin@hcm.gov.vn"}, "hcm.gov.vn", true},
		{[]string{"mx.moj.gov.vn; spf=pass smtp.mailfrom=bounce@mailer.example"}, "hcm.gov.vn", false},
		{[]string{"mx.moj.gov.vn; spf=softfail smtp.mailfrom=hcm.gov.vn"}, "hcm.gov.vn", false},
		// Somebody else's claim (or one lower than ours) is not believed.
		{[]string{"mx.attacker.example; dmarc=pass header.from=hcm.gov.vn"}, "hcm.gov.vn", false},
		{[]string{"mx.moj.gov.vn; dmarc=none header.from=hcm.gov.vn", "mx.moj.gov.vn; dmarc=pass header.from=hcm.gov.vn"}, "hcm.gov.vn", false},
		{[]string{"mx.moj.gov.vn; none"}, "hcm.gov.vn", false},
		{nil, "hcm.gov.vn", false},
		{[]string{"mx.moj.gov.vn; dmarc=pass header.from=other.vn"}, "hcm.gov.vn", false},
		{[]string{"mx.moj.gov.vn (our (nested) server); dmarc=pass header.from=hcm.gov.vn"}, "hcm.gov.vn", true},
	} {
		if got := Authenticated(c.fields, us, c.domain); got != c.want {
			t.Errorf("Authenticated(%q, %s) = %v, want %v", c.fields, c.domain, got, c.want)
		}
	}
	if Authenticated([]string{"mx.moj.gov.vn; dmarc=pass header.from=hcm.gov.vn"}, "", "hcm.gov.vn") {
		t.Error("no authserv-id configured, yet authenticated")
	}
}

func FuzzAuthenticated(f *testing.F) {
	f.Add("mx.moj.gov.vn; spf=pass smtp.mailfrom=a@hcm.gov.vn; dmarc=pass (p=reject) header.from=hcm.gov.vn", "hcm.gov.vn")
	f.Add("mx.moj.gov.vn (((;dmarc=pass", "")
	f.Fuzz(func(t *testing.T, field, domain string) {
		got := Authenticated([]string{field}, "mx.moj.gov.vn", domain)
		if got && (domain == "" || Authenticated([]string{field}, "other.example", domain)) {
			t.Fatalf("authenticated %q for %q without our id or domain", field, domain)
		}
	})
}
