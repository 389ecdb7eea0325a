// Package finding holds what the pipeline decides about a submission, as
// typed values: what was read from each message (the official document's
// fields, the sender-data check of Điều 9 khoản 3, the digital signatures,
// the problems for a person) and how the submission is classified and screened (Điều 8, 10,
// 11, 13, 14). The store keeps them in typed columns and returns them as
// these types; `tiepnhan inspect` prints them inside its JSON report
// (internal/derive), whose keys are the json tags below. It imports only
// pure packages and holds no logic but the precedence of a person's
// decision over the machine's (precedence.go).
package finding

import (
	"github.com/moj-portal/tiepnhan/internal/document"
	"github.com/moj-portal/tiepnhan/internal/mailauth"
)

// Reading is what was read from one message: the official document it
// carries, where it was found, the sender data and the problems found.
type Reading struct {
	// Document is the official document of the message: from the first
	// attachment that reads as one, else from the body (Decree 30/2020
	// layout). DocumentSource names where it was found ("body",
	// "attachment:NAME", "" when none).
	Document       document.Fields
	DocumentSource string
	// Submitter is the sender data with the personal values masked.
	Submitter Submitter
	Problems  []Problem
	// Signatures are the digital signatures of the attachments that have
	// some (PDF), in the order of the attachments.
	Signatures []SignedFile
	// Auth is the sender authentication of the From: domain (SPF, DKIM,
	// DMARC; issue 12), nil when nothing is known.
	Auth *mailauth.Result
}

// Authentication is r.Auth, the zero Result (nothing known, not
// authenticated) when there is none.
func (r Reading) Authentication() mailauth.Result {
	if r.Auth == nil {
		return mailauth.Result{}
	}
	return *r.Auth
}

// Submitter is the sender data of Điều 9 khoản 3, with the personal values
// (tax code, citizen ID, phone, address) masked unless Revealed.
type Submitter struct {
	Organization string   `json:"organization"`
	Name         string   `json:"name"`
	Title        string   `json:"title"`
	TaxCode      string   `json:"tax_code"`
	CitizenID    string   `json:"citizen_id"`
	Phone        string   `json:"phone"`
	Address      string   `json:"address"`
	Missing      []string `json:"missing"`
	Invalid      []string `json:"invalid"`
	Revealed     bool     `json:"revealed"`
}

// Problem is something a person should look at.
type Problem struct {
	Code   string `json:"code"`
	Where  string `json:"where,omitempty"`
	Detail string `json:"detail,omitempty"`
}

// Classification is how a submission is classed, and why.
type Classification struct {
	Kind     string   `json:"kind"`     // publish, query, complaint, reply, auto_reply, other
	Category string   `json:"category"` // "8.1".."8.5", "" when not for posting
	Timing   string   `json:"timing"`   // direction, admin_document, news_event, other
	Target   string   `json:"target"`   // portal_editor, component_site, unit, english_team, board_member, standing_board
	Unit     string   `json:"unit"`     // unit code from the directory
	Language string   `json:"language"` // vi, en
	Reasons  []string `json:"reasons"`  // the evidence behind each decision
	// Confidence (0–1) is the learned model's probability that the Điều 13
	// group of Timing is right; NeedsConfirmation flags an item whose
	// timing class or kind a person must confirm (it got the stricter Điều
	// 13 khoản 1 deadline); Model is the model's version ("" for rules
	// alone).
	Confidence        float64 `json:"confidence"`
	NeedsConfirmation bool    `json:"needs_confirmation"`
	Model             string  `json:"model"`
}

// Screening lists the Điều 14 grounds found.
type Screening struct {
	Grounds []string `json:"grounds"` // "14.2", "14.4", "14.5", "14.6"
	Notes   []string `json:"notes"`
}
