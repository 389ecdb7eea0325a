package desk

import (
	"context"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/moj-portal/tiepnhan/internal/directory"
	"github.com/moj-portal/tiepnhan/internal/postgres"
	"github.com/moj-portal/tiepnhan/internal/view"
	"github.com/moj-portal/tiepnhan/internal/workday"
	"github.com/moj-portal/tiepnhan/internal/workflow"
)

// The directory of units and people (Điều 21 khoản 1, 5) and the people's
// absences, as the administrators change them: each change one
// transaction attributed to the person in the audit trail (Điều 6
// khoản 2). Routing reads the stored versions at each job, so it follows
// at once.

var _ view.DirectoryAdmin = (*Desk)(nil)

// directoryAt is the version of the directory in force on day, as q
// sees it: routing's (pipeline.Service.DirectoryAt, the seed versions of
// Deps.Classify with the stored ones).
func (d *Desk) directoryAt(ctx context.Context, q postgres.Querier, day workday.Date) (*directory.Directory, error) {
	return d.Deps.DirectoryAt(ctx, q, day)
}

// DirectoryVersions implements view.DirectoryAdmin: the versions shipped
// with the program and those stored, oldest first.
func (d *Desk) DirectoryVersions(ctx context.Context) ([]view.DirectoryVersion, error) {
	s := d.store()
	stored, err := s.StoredDirectoryVersions(ctx, s.Pool)
	if err != nil {
		return nil, err
	}
	var seed []*directory.Directory
	if c := d.Deps.Classify; c != nil {
		seed = c.Seed
	}
	dirs := make([]*directory.Directory, len(stored))
	byDir := make(map[*directory.Directory]postgres.StoredDirectory, len(stored))
	for i, v := range stored {
		dirs[i], byDir[v.Dir] = v.Dir, v
	}
	var out []view.DirectoryVersion
	for _, dir := range directory.Merge(seed, dirs) {
		v, ok := byDir[dir]
		out = append(out, view.DirectoryVersion{Dir: dir, Stored: ok, CreatedBy: v.CreatedBy, CreatedAt: v.CreatedAt})
	}
	return out, nil
}

// SaveDirectory implements view.DirectoryAdmin: the version, checked by
// directory.Load, replaces a stored one of the same day.
func (d *Desk) SaveDirectory(ctx context.Context, actor string, dir *directory.Directory) error {
	if dir == nil || dir.EffectiveFrom.IsZero() || len(dir.Units) == 0 {
		return workflow.Invalidf("phiên bản danh bạ cần ngày có hiệu lực và ít nhất một đơn vị")
	}
	s := d.store()
	return s.InTxAs(ctx, actor, func(tx pgx.Tx) error { return s.SaveDirectoryVersion(ctx, tx, dir, actor) })
}

// Absences implements view.DirectoryAdmin.
func (d *Desk) Absences(ctx context.Context, day workday.Date) ([]view.Absence, error) {
	s := d.store()
	rows, err := s.Absences(ctx, s.Pool, day)
	if err != nil {
		return nil, err
	}
	out := make([]view.Absence, len(rows))
	for i, r := range rows {
		out[i] = view.Absence{PersonID: r.PersonID, From: r.From, To: r.To, Note: r.Note, CreatedBy: r.CreatedBy}
	}
	return out, nil
}

// AddAbsence implements view.DirectoryAdmin: the person must be in the
// directory in force on the absence's first day.
func (d *Desk) AddAbsence(ctx context.Context, actor string, ab view.Absence) error {
	if ab.From.IsZero() || ab.To.IsZero() || ab.To.Before(ab.From) {
		return workflow.Invalidf("khoảng nghỉ không hợp lệ: từ %s đến %s", ab.From, ab.To)
	}
	s := d.store()
	return s.InTxAs(ctx, actor, func(tx pgx.Tx) error {
		if d.Deps.Classify != nil {
			dir, err := d.directoryAt(ctx, tx, ab.From)
			if err != nil {
				return err
			}
			if dir.Person(ab.PersonID) == nil {
				return workflow.Invalidf("không có người %q trong danh bạ có hiệu lực ngày %s", ab.PersonID, ab.From.VN())
			}
		}
		return s.AddAbsence(ctx, tx, ab.PersonID, ab.From, ab.To, strings.TrimSpace(ab.Note), actor)
	})
}
