package directory

import (
	"fmt"
	"sort"
)

// Loads are the open assignments per person id.
type Loads map[string]int

// Pick is a routing decision: who gets the item and why.
type Pick struct {
	Person Person
	// Reason says why this person, in Vietnamese.
	Reason string
}

// RoleFor maps a classification target to the role that handles it.
func RoleFor(target string) (Role, bool) {
	switch target {
	case "portal_editor":
		return RoleEditor, true
	case "board_member":
		return RoleBoardMember, true
	case "english_team":
		return RoleEnglishTeam, true
	case "component_site":
		return RoleSiteEditor, true
	case "standing_board":
		return RoleStandingBoard, true
	}
	return "", false
}

// Assign chooses who handles an item: among the available people of role
// (of site, for site editors) who are not in away, first those who handle
// the unit's field by name, then those who handle every field ("*"); among
// them the least loaded, the lowest id on a tie. ok is false when nobody
// is available: the Standing Board then assigns by hand.
func (d *Directory) Assign(role Role, unit, site string, loads Loads, away map[string]bool) (Pick, bool) {
	var specialists, generalists []Person
	for _, p := range d.People {
		if p.Role != role || !p.Available || away[p.ID] {
			continue
		}
		if role == RoleSiteEditor && p.Site != site {
			continue
		}
		switch {
		case p.Specialist(unit):
			specialists = append(specialists, p)
		case p.Handles(unit) || unit == "":
			generalists = append(generalists, p)
		}
	}
	pool, how := specialists, "phụ trách lĩnh vực của đơn vị "+unit
	if len(pool) == 0 {
		pool, how = generalists, "không có người phụ trách riêng lĩnh vực này đang làm việc: người phụ trách chung"
	}
	if len(pool) == 0 {
		return Pick{}, false
	}
	sort.Slice(pool, func(i, j int) bool {
		if loads[pool[i].ID] != loads[pool[j].ID] {
			return loads[pool[i].ID] < loads[pool[j].ID]
		}
		return pool[i].ID < pool[j].ID
	})
	p := pool[0]
	return Pick{Person: p, Reason: fmt.Sprintf("%s; ít việc đang mở nhất (%d) trong %d người", how, loads[p.ID], len(pool))}, true
}
