package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/jackc/pgx/v5"

	"github.com/moj-portal/tiepnhan/internal/learn"
	"github.com/moj-portal/tiepnhan/internal/learn/dataset"
	"github.com/moj-portal/tiepnhan/internal/pipeline"
	"github.com/moj-portal/tiepnhan/internal/postgres"
)

// runModel manages the learned classifier in force (issue 11): show it,
// promote a candidate that is not worse than it on the held-out real
// items, or roll back to the one before.
func runModel(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("model", "model show | promote FILE | rollback  [--config FILE] [--realcorpus FILE]", stdout, stderr)
	var lf learnFlags
	lf.register(fs)
	cfgPath := fs.String("config", "", "configuration file (TOML)")
	if code, done := parseFlags(fs, args, stdout); done {
		return code
	}
	rest := fs.Args()
	if len(rest) == 0 || (rest[0] == "promote") != (len(rest) == 2) || len(rest) > 2 {
		fs.Usage()
		return 2
	}
	cfg, log, ok := loadConfigLog(*cfgPath, stderr)
	if !ok {
		return 2
	}
	fail := func(err error) int {
		fmt.Fprintf(stderr, "tiepnhan model: %v\n", err)
		return 1
	}
	pool, closeDB, err := openDB(ctx, &cfg, log, 2, true)
	if err != nil {
		return fail(err)
	}
	defer closeDB()
	store := postgres.New(pool)
	switch rest[0] {
	case "show":
		return modelShow(ctx, store, stdout, stderr)
	case "rollback":
		var from, to string
		var rolled bool
		err := store.InTxAs(ctx, "cli:"+osUser(), func(tx pgx.Tx) (err error) {
			from, to, rolled, err = store.RollbackModel(ctx, tx)
			return err
		})
		if err != nil {
			return fail(err)
		}
		if !rolled {
			return fail(errors.New("không có mô hình nào được đưa vào dùng để quay lại: mô hình gắn sẵn trong chương trình đang dùng"))
		}
		fmt.Fprintf(stdout, "đã quay lại: %s → %s\n", from, orEmbedded(to))
		return 0
	case "promote":
		if err := modelPromote(ctx, store, lf, rest[1], stdout, stderr); err != nil {
			return fail(err)
		}
		return 0
	}
	fs.Usage()
	return 2
}

func orEmbedded(v string) string {
	if v == "" {
		return "mô hình gắn sẵn (" + embeddedVersion() + ")"
	}
	return v
}

func embeddedVersion() string {
	if m, err := learn.Default(); err == nil {
		return m.Version
	}
	return "?"
}

func modelShow(ctx context.Context, store *postgres.Store, stdout, stderr io.Writer) int {
	st, ok, err := store.ModelInForce(ctx, store.Pool)
	if err != nil {
		fmt.Fprintf(stderr, "tiepnhan model: %v\n", err)
		return 1
	}
	if !ok {
		m, err := learn.Default()
		if err != nil {
			fmt.Fprintf(stderr, "tiepnhan model: %v\n", err)
			return 1
		}
		fmt.Fprintf(stdout, "mô hình đang dùng: %s (gắn sẵn trong chương trình)\nheld-out: %s\n", m.Version, dataset.Summary(m.Figures.HeldOut))
		return 0
	}
	var f learn.Measures
	_ = json.Unmarshal(st.Figures, &f)
	fmt.Fprintf(stdout, "mô hình đang dùng: %s (đưa vào dùng %s bởi %s)\nheld-out: %s\n", st.Version, st.PromotedAt.Format("2006-01-02 15:04"), st.PromotedBy, dataset.Summary(f))
	return 0
}

// modelPromote measures the candidate and the model in force on the same
// held-out real items and promotes the candidate only if it is not worse
// (NotWorse).
func modelPromote(ctx context.Context, store *postgres.Store, lf learnFlags, file string, stdout, stderr io.Writer) error {
	cand, err := loadModelFile(file)
	if err != nil {
		return err
	}
	body, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	cur, err := (&pipeline.ModelSource{}).InForce(ctx, store, store.Pool)
	if err != nil {
		return err
	}
	lf.corpus = "" // the held-out real items only
	d, err := lf.load(ctx, stderr)
	if err != nil {
		return err
	}
	held := dataset.Split(d.real, "heldout")
	if len(held) == 0 {
		return fmt.Errorf("%s: no held-out items to measure the candidate on", lf.realcorpus)
	}
	mc := dataset.Measure(held, dataset.Predict(held, cand, d.env))
	mf := dataset.Measure(held, dataset.Predict(held, cur, d.env))
	fmt.Fprintf(stdout, "held-out (%d thư thật)\n  đang dùng %s: %s\n  ứng viên  %s: %s\n", len(held), cur.Version, dataset.Summary(mf), cand.Version, dataset.Summary(mc))
	if ok, why := learn.NotWorse(mc, mf); !ok {
		return fmt.Errorf("không đưa vào dùng: ứng viên kém hơn mô hình đang dùng trên held-out (%s)", why)
	}
	figures, _ := json.Marshal(mc)
	replaced, _ := json.Marshal(mf)
	err = store.InTxAs(ctx, "cli:"+osUser(), func(tx pgx.Tx) error {
		return store.PromoteModel(ctx, tx, cand.Version, body, figures, replaced, "cli:"+osUser())
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "đã đưa vào dùng: %s (thay %s)\n", cand.Version, cur.Version)
	return nil
}
