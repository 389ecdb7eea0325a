package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
)

// inspect masks personal data everywhere unless --reveal: in "submitter"
// and in the body text, which carries the same numbers (corpus 005 gives
// a citizen ID, a phone and an address in its signature).
func TestInspectMasksPersonalDataInTexts(t *testing.T) {
	const file = "../../testdata/corpus/005-tb-ket-luan-giao-ban-khan.eml"
	const cccd, phone, street = "001190035527", "0904 317 662", "60 Trần Phú"
	run := func(args ...string) (string, map[string]any) {
		t.Helper()
		var out, errb bytes.Buffer
		if code := runInspect(context.Background(), append(args, file), &out, &errb); code != 0 {
			t.Fatalf("inspect %v: exit %d: %s", args, code, errb.String())
		}
		var v map[string]any
		if err := json.Unmarshal(out.Bytes(), &v); err != nil {
			t.Fatalf("inspect %v: not JSON: %v", args, err)
		}
		return out.String(), v
	}
	masked, v := run("--text")
	for _, s := range []string{cccd, phone, street} {
		if strings.Contains(masked, s) {
			t.Errorf("inspect without --reveal prints %q", s)
		}
	}
	body := v["body"].(map[string]any)["text"].(string)
	if !strings.Contains(body, "0011******27") || !strings.Contains(body, "Cao Thị Ngọc Diệp") {
		t.Errorf("body text lost more than the personal numbers:\n%s", body)
	}
	doc := v["document"].(map[string]any)
	if doc["number_symbol"] != "45/TB-BTP" || doc["signed_on"] != "2026-03-10" {
		t.Errorf("document fields changed by masking: %v / %v", doc["number_symbol"], doc["signed_on"])
	}
	msg := v["message"].(map[string]any)
	if msg["sha256"] != "5011a2e4c08c72ff0d2a34531d63cafdeaf666d300b208360f9fd359be425802" {
		t.Errorf("digest changed by masking: %v", msg["sha256"])
	}
	revealed, rv := run("--reveal", "--text")
	for _, s := range []string{cccd, phone, street} {
		if !strings.Contains(revealed, s) {
			t.Errorf("inspect --reveal does not print %q", s)
		}
	}
	if rv["submitter"].(map[string]any)["revealed"] != true {
		t.Error("submitter.revealed is not true with --reveal")
	}
}
