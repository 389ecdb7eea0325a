package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/moj-portal/tiepnhan/internal/document"
	"github.com/moj-portal/tiepnhan/internal/finding"
	"github.com/moj-portal/tiepnhan/internal/mailauth"
	"github.com/moj-portal/tiepnhan/internal/pii"
	"github.com/moj-portal/tiepnhan/internal/workday"
)

// MessageReading is what was read from one message (finding.Reading), as
// SaveReadings stores it.
type MessageReading struct {
	MessageID int64
	Reading   finding.Reading
}

// SaveReadings stores (or replaces, when a message is read again) what was
// read from messages, typed (migration 00026): the document's fields and
// source, the sender data as read, the sender authentication, the problems
// (message_reading) and the attachments' digital signatures
// (message_signature), in one statement each whatever the number of
// messages. The readings must be the redacted ones the report stored with
// the message holds (derive.Result.Stored); free texts are passed through
// pii.Redact again (Điều 4 khoản 4). The message ids must be distinct.
func (s *Store) SaveReadings(ctx context.Context, tx pgx.Tx, rs []MessageReading) error {
	if len(rs) == 0 {
		return nil
	}
	var c readingColumns
	var sg signatureColumns
	for _, r := range rs {
		c.add(r.MessageID, r.Reading)
		sg.add(r.MessageID, r.Reading.Signatures)
	}
	if _, err := tx.Exec(ctx, `
		INSERT INTO message_reading (message_id, found, number, year, symbol, number_symbol, document_type, issuer, issuer_parent,
			place, signed_on, summary, signer, signer_title, authority, authority_for, secrecy, urgency, addressees, recipients,
			portal_recipient, portal_for_posting, evidence, document_source,
			sender_organization, sender_name, sender_title, sender_tax_code, sender_citizen_id, sender_phone, sender_address,
			sender_missing, sender_invalid, auth_checked, auth_spf, auth_dkim, auth_dmarc, auth_trusted, auth_source, auth_aligned,
			problem_codes, problem_wheres, problem_details)
		SELECT u.id, u.found, u.number, u.year, u.symbol, u.number_symbol, u.type, u.issuer, u.issuer_parent,
			u.place, u.signed_on::date, u.summary, u.signer, u.signer_title, u.authority, u.authority_for, u.secrecy, u.urgency,
			json_list(u.addressees), json_list(u.recipients), u.portal_recipient, u.portal_for_posting, u.evidence::jsonb, u.source,
			u.s_org, u.s_name, u.s_title, u.s_tax, u.s_cid, u.s_phone, u.s_addr, json_list(u.s_missing), json_list(u.s_invalid),
			u.a_checked, u.a_spf, u.a_dkim, u.a_dmarc, u.a_trusted, u.a_source, u.a_aligned,
			json_list(u.p_codes), json_list(u.p_wheres), json_list(u.p_details)
		FROM unnest($1::bigint[], $2::bool[], $3::text[], $4::int[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
			$10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[], $17::text[], $18::text[],
			$19::text[], $20::text[], $21::bool[], $22::bool[], $23::text[], $24::text[],
			$25::text[], $26::text[], $27::text[], $28::text[], $29::text[], $30::text[], $31::text[], $32::text[], $33::text[],
			$34::bool[], $35::text[], $36::text[], $37::text[], $38::bool[], $39::text[], $40::bool[],
			$41::text[], $42::text[], $43::text[]) WITH ORDINALITY
		     AS u(id, found, number, year, symbol, number_symbol, type, issuer, issuer_parent,
			place, signed_on, summary, signer, signer_title, authority, authority_for, secrecy, urgency,
			addressees, recipients, portal_recipient, portal_for_posting, evidence, source,
			s_org, s_name, s_title, s_tax, s_cid, s_phone, s_addr, s_missing, s_invalid,
			a_checked, a_spf, a_dkim, a_dmarc, a_trusted, a_source, a_aligned, p_codes, p_wheres, p_details, ord)
		ORDER BY u.ord
		ON CONFLICT (message_id) DO UPDATE SET found = EXCLUDED.found, number = EXCLUDED.number, year = EXCLUDED.year,
			symbol = EXCLUDED.symbol, number_symbol = EXCLUDED.number_symbol, document_type = EXCLUDED.document_type,
			issuer = EXCLUDED.issuer, issuer_parent = EXCLUDED.issuer_parent, place = EXCLUDED.place,
			signed_on = EXCLUDED.signed_on, summary = EXCLUDED.summary, signer = EXCLUDED.signer,
			signer_title = EXCLUDED.signer_title, authority = EXCLUDED.authority, authority_for = EXCLUDED.authority_for,
			secrecy = EXCLUDED.secrecy, urgency = EXCLUDED.urgency, addressees = EXCLUDED.addressees,
			recipients = EXCLUDED.recipients, portal_recipient = EXCLUDED.portal_recipient,
			portal_for_posting = EXCLUDED.portal_for_posting, evidence = EXCLUDED.evidence,
			document_source = EXCLUDED.document_source, sender_organization = EXCLUDED.sender_organization,
			sender_name = EXCLUDED.sender_name, sender_title = EXCLUDED.sender_title,
			sender_tax_code = EXCLUDED.sender_tax_code, sender_citizen_id = EXCLUDED.sender_citizen_id,
			sender_phone = EXCLUDED.sender_phone, sender_address = EXCLUDED.sender_address,
			sender_missing = EXCLUDED.sender_missing, sender_invalid = EXCLUDED.sender_invalid,
			auth_checked = EXCLUDED.auth_checked, auth_spf = EXCLUDED.auth_spf, auth_dkim = EXCLUDED.auth_dkim,
			auth_dmarc = EXCLUDED.auth_dmarc, auth_trusted = EXCLUDED.auth_trusted, auth_source = EXCLUDED.auth_source,
			auth_aligned = EXCLUDED.auth_aligned, problem_codes = EXCLUDED.problem_codes,
			problem_wheres = EXCLUDED.problem_wheres, problem_details = EXCLUDED.problem_details`,
		c.id, c.found, c.number, c.year, c.symbol, c.numberSymbol, c.typ, c.issuer, c.issuerParent,
		c.place, c.signedOn, c.summary, c.signer, c.signerTitle, c.authority, c.authorityFor, c.secrecy, c.urgency,
		c.addressees, c.recipients, c.portalRecipient, c.portalForPosting, c.evidence, c.source,
		c.sOrg, c.sName, c.sTitle, c.sTax, c.sCID, c.sPhone, c.sAddr, c.sMissing, c.sInvalid,
		c.aChecked, c.aSPF, c.aDKIM, c.aDMARC, c.aTrusted, c.aSource, c.aAligned,
		c.pCodes, c.pWheres, c.pDetails); err != nil {
		return fmt.Errorf("save what was read of %d messages: %w", len(rs), err)
	}
	if _, err := tx.Exec(ctx, `DELETE FROM message_signature WHERE message_id = ANY($1)`, c.id); err != nil {
		return fmt.Errorf("replace the signatures of %d messages: %w", len(rs), err)
	}
	if len(sg.msg) == 0 {
		return nil
	}
	if _, err := tx.Exec(ctx, `
		INSERT INTO message_signature (message_id, ord, filename, kind, signer, signer_kind, organization, issuer, signed_at,
			signed_at_source, timestamped, covers_whole_file, appended_bytes, valid, trusted, problem, detail)
		SELECT * FROM unnest($1::bigint[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
			$9::timestamptz[], $10::text[], $11::bool[], $12::bool[], $13::bigint[], $14::bool[], $15::bool[], $16::text[], $17::text[])`,
		sg.msg, sg.ord, sg.filename, sg.kind, sg.signer, sg.signerKind, sg.org, sg.issuer, sg.signedAt,
		sg.source, sg.timestamped, sg.whole, sg.appended, sg.valid, sg.trusted, sg.problem, sg.detail); err != nil {
		return fmt.Errorf("save %d signatures of %d messages: %w", len(sg.msg), len(rs), err)
	}
	return nil
}

// readingColumns are message_reading columns for one multi-row INSERT;
// lists travel as JSON text (json_list, migration 00004).
type readingColumns struct {
	id                                                             []int64
	found, portalRecipient, portalForPosting, aChecked, aTrusted   []bool
	aAligned                                                       []bool
	year                                                           []int32
	signedOn                                                       []*string
	number, symbol, numberSymbol, typ, issuer, issuerParent, place []string
	summary, signer, signerTitle, authority, authorityFor          []string
	secrecy, urgency, addressees, recipients, evidence, source     []string
	sOrg, sName, sTitle, sTax, sCID, sPhone, sAddr                 []string
	sMissing, sInvalid, aSPF, aDKIM, aDMARC, aSource               []string
	pCodes, pWheres, pDetails                                      []string
}

func (c *readingColumns) add(id int64, r finding.Reading) {
	d, sd := r.Document, r.Submitter
	red := pii.Redact
	c.id, c.found, c.year = append(c.id, id), append(c.found, d.Found), append(c.year, int32(d.Year))
	// Dates that are not dates are not kept (document.Fields.SignedOn is
	// YYYY-MM-DD when read).
	var on *string
	if day, err := workday.ParseDate(d.SignedOn); err == nil && !day.IsZero() {
		v := day.Start().Format(time.DateOnly)
		on = &v
	}
	c.signedOn = append(c.signedOn, on)
	c.number, c.symbol, c.numberSymbol = append(c.number, d.Number), append(c.symbol, d.Symbol), append(c.numberSymbol, d.NumberSymbol)
	c.typ, c.issuer, c.issuerParent = append(c.typ, d.Type), append(c.issuer, red(d.Issuer)), append(c.issuerParent, red(d.IssuerParent))
	c.place, c.summary, c.signer = append(c.place, red(d.Place)), append(c.summary, red(d.Summary)), append(c.signer, red(d.Signer))
	c.signerTitle, c.authority, c.authorityFor = append(c.signerTitle, red(d.SignerTitle)), append(c.authority, d.Authority), append(c.authorityFor, red(d.AuthorityFor))
	c.secrecy, c.urgency = append(c.secrecy, d.Secrecy), append(c.urgency, d.Urgency)
	c.addressees, c.recipients = append(c.addressees, jsonList(redactAll(d.Addressees))), append(c.recipients, jsonList(redactAll(d.Recipients)))
	c.portalRecipient, c.portalForPosting = append(c.portalRecipient, d.PortalRecipient), append(c.portalForPosting, d.PortalForPosting)
	ev := map[string]string{}
	for k, v := range d.Evidence {
		ev[k] = red(v)
	}
	b, _ := json.Marshal(ev) // a map of strings always encodes
	c.evidence, c.source = append(c.evidence, string(b)), append(c.source, r.DocumentSource)
	c.sOrg, c.sName, c.sTitle = append(c.sOrg, red(sd.Organization)), append(c.sName, red(sd.Name)), append(c.sTitle, red(sd.Title))
	c.sTax, c.sCID = append(c.sTax, red(sd.TaxCode)), append(c.sCID, red(sd.CitizenID))
	c.sPhone, c.sAddr = append(c.sPhone, red(sd.Phone)), append(c.sAddr, red(sd.Address))
	c.sMissing, c.sInvalid = append(c.sMissing, jsonList(sd.Missing)), append(c.sInvalid, jsonList(sd.Invalid))
	a := r.Authentication()
	c.aChecked, c.aSPF, c.aDKIM, c.aDMARC = append(c.aChecked, r.Auth != nil), append(c.aSPF, a.SPF), append(c.aDKIM, a.DKIM), append(c.aDMARC, a.DMARC)
	c.aTrusted, c.aSource, c.aAligned = append(c.aTrusted, a.Trusted), append(c.aSource, a.Source), append(c.aAligned, a.Aligned)
	var codes, wheres, details []string
	for _, p := range r.Problems {
		codes, wheres, details = append(codes, p.Code), append(wheres, red(p.Where)), append(details, red(p.Detail))
	}
	c.pCodes, c.pWheres, c.pDetails = append(c.pCodes, jsonList(codes)), append(c.pWheres, jsonList(wheres)), append(c.pDetails, jsonList(details))
}

func redactAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = pii.Redact(s)
	}
	return out
}

// signatureColumns are message_signature columns for one multi-row INSERT.
type signatureColumns struct {
	msg                                                     []int64
	ord                                                     []int32
	filename, kind, signer, signerKind, org, issuer, source []string
	problem, detail                                         []string
	signedAt                                                []*time.Time
	timestamped, whole, valid, trusted                      []bool
	appended                                                []int64
}

func (c *signatureColumns) add(id int64, files []finding.SignedFile) {
	n := int32(0)
	for _, f := range files {
		for _, s := range f.Signatures {
			c.msg, c.ord, c.filename = append(c.msg, id), append(c.ord, n), append(c.filename, pii.Redact(f.Filename))
			c.kind, c.signer, c.signerKind = append(c.kind, s.Kind), append(c.signer, s.Signer), append(c.signerKind, s.SignerKind)
			c.org, c.issuer, c.signedAt = append(c.org, s.Organization), append(c.issuer, s.Issuer), append(c.signedAt, s.SignedAt)
			c.source, c.timestamped, c.whole = append(c.source, s.SignedAtSource), append(c.timestamped, s.Timestamped), append(c.whole, s.CoversWholeFile)
			c.appended, c.valid, c.trusted = append(c.appended, s.AppendedBytes), append(c.valid, s.Valid), append(c.trusted, s.Trusted)
			c.problem, c.detail = append(c.problem, s.Problem), append(c.detail, pii.Redact(s.Detail))
			n++
		}
	}
}

// Reading returns what was read from message id, typed (SaveReadings);
// ErrNotFound when the message was not read yet.
func (s *Store) Reading(ctx context.Context, q Querier, id int64) (finding.Reading, error) {
	rs, err := s.Readings(ctx, q, []int64{id})
	if err != nil {
		return finding.Reading{}, err
	}
	r, ok := rs[id]
	if !ok {
		return r, fmt.Errorf("reading of message %d: %w", id, notFound(pgx.ErrNoRows))
	}
	return r, nil
}

// Readings returns what was read from messages ids, by message id, in two
// queries; a message not read yet has no entry.
func (s *Store) Readings(ctx context.Context, q Querier, ids []int64) (map[int64]finding.Reading, error) {
	rows, err := q.Query(ctx, `
		SELECT message_id, found, number, year, symbol, number_symbol, document_type, issuer, issuer_parent,
			place, signed_on, summary, signer, signer_title, authority, authority_for, secrecy, urgency, addressees, recipients,
			portal_recipient, portal_for_posting, evidence, document_source,
			sender_organization, sender_name, sender_title, sender_tax_code, sender_citizen_id, sender_phone, sender_address,
			sender_missing, sender_invalid, auth_checked, auth_spf, auth_dkim, auth_dmarc, auth_trusted, auth_source, auth_aligned,
			problem_codes, problem_wheres, problem_details
		FROM message_reading WHERE message_id = ANY($1)`, ids)
	if err != nil {
		return nil, fmt.Errorf("readings of %d messages: %w", len(ids), err)
	}
	out := map[int64]finding.Reading{}
	var id int64
	var r finding.Reading
	var signedOn *time.Time
	var checked bool
	var a mailauth.Result
	var codes, wheres, details []string
	d, sd := &r.Document, &r.Submitter
	_, err = pgx.ForEachRow(rows, []any{&id, &d.Found, &d.Number, &d.Year, &d.Symbol, &d.NumberSymbol, &d.Type, &d.Issuer, &d.IssuerParent,
		&d.Place, &signedOn, &d.Summary, &d.Signer, &d.SignerTitle, &d.Authority, &d.AuthorityFor, &d.Secrecy, &d.Urgency,
		&d.Addressees, &d.Recipients, &d.PortalRecipient, &d.PortalForPosting, &d.Evidence, &r.DocumentSource,
		&sd.Organization, &sd.Name, &sd.Title, &sd.TaxCode, &sd.CitizenID, &sd.Phone, &sd.Address, &sd.Missing, &sd.Invalid,
		&checked, &a.SPF, &a.DKIM, &a.DMARC, &a.Trusted, &a.Source, &a.Aligned, &codes, &wheres, &details}, func() error {
		x := r
		x.Document.SignedOn = ""
		if signedOn != nil {
			x.Document.SignedOn = signedOn.Format(time.DateOnly)
		}
		if checked {
			au := a
			x.Auth = &au
		}
		x.Problems = nil
		for i, c := range codes {
			p := finding.Problem{Code: c}
			if i < len(wheres) {
				p.Where = wheres[i]
			}
			if i < len(details) {
				p.Detail = details[i]
			}
			x.Problems = append(x.Problems, p)
		}
		x.Document = cloneFields(x.Document)
		x.Submitter.Missing = append([]string{}, x.Submitter.Missing...)
		x.Submitter.Invalid = append([]string{}, x.Submitter.Invalid...)
		out[id] = x
		d.Evidence = nil // a fresh map per row
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("readings of %d messages: %w", len(ids), err)
	}
	if len(out) == 0 {
		return out, nil
	}
	srows, err := q.Query(ctx, `
		SELECT message_id, filename, kind, signer, signer_kind, organization, issuer, signed_at,
			signed_at_source, timestamped, covers_whole_file, appended_bytes, valid, trusted, problem, detail
		FROM message_signature WHERE message_id = ANY($1) ORDER BY message_id, ord`, ids)
	if err != nil {
		return nil, fmt.Errorf("signatures of %d messages: %w", len(ids), err)
	}
	var file string
	var sg finding.Signature
	_, err = pgx.ForEachRow(srows, []any{&id, &file, &sg.Kind, &sg.Signer, &sg.SignerKind, &sg.Organization, &sg.Issuer, &sg.SignedAt,
		&sg.SignedAtSource, &sg.Timestamped, &sg.CoversWholeFile, &sg.AppendedBytes, &sg.Valid, &sg.Trusted, &sg.Problem, &sg.Detail}, func() error {
		x, ok := out[id]
		if !ok {
			return nil
		}
		if n := len(x.Signatures); n == 0 || x.Signatures[n-1].Filename != file {
			x.Signatures = append(x.Signatures, finding.SignedFile{Filename: file})
		}
		x.Signatures[len(x.Signatures)-1].Signatures = append(x.Signatures[len(x.Signatures)-1].Signatures, sg)
		out[id] = x
		sg.SignedAt = nil // a fresh pointer per row
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("signatures of %d messages: %w", len(ids), err)
	}
	return out, nil
}

// cloneFields gives f lists of its own (the scan targets are reused).
func cloneFields(f document.Fields) document.Fields {
	f.Addressees = append([]string{}, f.Addressees...)
	f.Recipients = append([]string{}, f.Recipients...)
	return f
}
