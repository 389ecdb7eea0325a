package app

import (
	"bytes"
	"context"
	"encoding/json"

	"github.com/moj-portal/tiepnhan/internal/learn"
	"github.com/moj-portal/tiepnhan/internal/postgres"
	"github.com/moj-portal/tiepnhan/internal/web"
)

// modelAdmin is the administrators' page of the learned classifier
// (issue 11): the model in force and the promotions.
type modelAdmin struct {
	store            *postgres.Store
	minConf, minKind float64
}

// ModelStatus implements web.ModelAdmin.
func (a modelAdmin) ModelStatus(ctx context.Context) (web.ModelStatus, error) {
	st := web.ModelStatus{MinConfidence: a.minConf, MinKindConfidence: a.minKind}
	hist, err := a.store.Models(ctx, a.store.Pool, 50)
	if err != nil {
		return st, err
	}
	for _, h := range hist {
		e := web.ModelEntry{Version: h.Version, PromotedBy: h.PromotedBy, PromotedAt: h.PromotedAt, InForce: h.InForce, RolledBackAt: h.RolledBackAt}
		_ = json.Unmarshal(h.Figures, &e.HeldOut)
		st.History = append(st.History, e)
	}
	cur, ok, err := a.store.ModelInForce(ctx, a.store.Pool)
	if err != nil {
		return st, err
	}
	var m *learn.Model
	if ok {
		if m, err = learn.Load(bytes.NewReader(cur.Body)); err != nil {
			return st, err
		}
	} else if m, err = learn.Default(); err != nil {
		return st, err
	}
	e := web.ModelEntry{Version: m.Version, Embedded: !ok, InForce: true, HeldOut: m.Figures.HeldOut, CV: m.Figures.CV,
		Corpus: m.Figures.Corpus, Items: m.Data.Items, Digest: m.Data.Digest, Rules: m.Data.Rules}
	if ok {
		e.PromotedBy, e.PromotedAt = cur.PromotedBy, cur.PromotedAt
		// The held-out figures measured at promotion, beside the model
		// it replaced.
		_ = json.Unmarshal(cur.Figures, &e.HeldOut)
	}
	st.InForce = e
	return st, nil
}
