package web

import (
	"context"
	"time"

	"github.com/moj-portal/tiepnhan/internal/directory"
	"github.com/moj-portal/tiepnhan/internal/view"
	"github.com/moj-portal/tiepnhan/internal/workday"
)

// unitsTTL is how long the forms' list of units is kept before the
// directory is read again (administrators store new versions at any time;
// Điều 21 khoản 5).
const unitsTTL = time.Minute

// unitList is the list of units the forms offer: the directory version in
// force today (seed and stored versions) when the UI has a Directory, else
// the fixed Units.
func (u *UI) unitList() []view.Unit {
	u.unitsMu.Lock()
	defer u.unitsMu.Unlock()
	if u.unitsCache != nil {
		return u.unitsCache
	}
	return u.Units
}

// refreshUnits reads the directory again when the cached list is older
// than unitsTTL, or at once when force is set (after a new version was
// stored). A failure keeps the list in use (it is logged).
func (u *UI) refreshUnits(ctx context.Context, force bool) {
	if u.Directory == nil {
		return
	}
	now := u.now()
	u.unitsMu.Lock()
	fresh := u.unitsCache != nil && now.Sub(u.unitsAt) < unitsTTL
	u.unitsMu.Unlock()
	if fresh && !force {
		return
	}
	vs, err := u.Directory.DirectoryVersions(ctx)
	if err != nil {
		u.Log.Warn("directory for the forms: the list in use stays", "err", err)
		return
	}
	dirs := make([]*directory.Directory, len(vs))
	for i, v := range vs {
		dirs[i] = v.Dir
	}
	d := directory.At(dirs, workday.DateOf(now))
	if d == nil {
		return
	}
	list := make([]view.Unit, 0, len(d.Units))
	for _, x := range d.Units {
		list = append(list, view.Unit{Code: x.Code, Name: x.Name})
	}
	u.unitsMu.Lock()
	u.unitsCache, u.unitsAt = list, now
	u.unitsMu.Unlock()
}
