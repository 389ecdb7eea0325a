package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/moj-portal/tiepnhan/internal/directory"
	"github.com/moj-portal/tiepnhan/internal/workday"
)

// StoredDirectory is a version of the directory an administrator stored
// (Điều 21 khoản 1, 5), with who stored it and when.
type StoredDirectory struct {
	Dir       *directory.Directory
	CreatedBy string
	CreatedAt time.Time
}

// StoredDirectoryVersions returns the stored versions of the directory with
// who stored them, oldest first.
func (s *Store) StoredDirectoryVersions(ctx context.Context, q Querier) ([]StoredDirectory, error) {
	rows, err := q.Query(ctx, `SELECT data, created_by, created_at FROM directory_version ORDER BY effective_from`)
	if err != nil {
		return nil, fmt.Errorf("directory versions: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (StoredDirectory, error) {
		var b []byte
		v := StoredDirectory{Dir: &directory.Directory{}}
		if err := r.Scan(&b, &v.CreatedBy, &v.CreatedAt); err != nil {
			return v, err
		}
		if err := json.Unmarshal(b, v.Dir); err != nil {
			return v, fmt.Errorf("directory version: %w", err)
		}
		return v, nil
	})
}

// Absence is a person of the directory away from one day to another.
type Absence struct {
	PersonID  string
	From, To  workday.Date
	Note      string
	CreatedBy string
}

// Absences returns the absences that end on or after day, by start.
func (s *Store) Absences(ctx context.Context, q Querier, day workday.Date) ([]Absence, error) {
	rows, err := q.Query(ctx, `SELECT person_id, from_day, to_day, note, created_by FROM person_absence
		WHERE to_day >= $1::date ORDER BY from_day, person_id, id`, day.String())
	if err != nil {
		return nil, fmt.Errorf("absences: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (Absence, error) {
		var a Absence
		var from, to time.Time
		if err := r.Scan(&a.PersonID, &from, &to, &a.Note, &a.CreatedBy); err != nil {
			return a, err
		}
		a.From, a.To = dateOf(&from), dateOf(&to)
		return a, nil
	})
}
