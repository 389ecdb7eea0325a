package web

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"net/http"
	"strconv"

	"github.com/xuri/excelize/v2"

	"github.com/moj-portal/tiepnhan/internal/view"
	"github.com/moj-portal/tiepnhan/internal/workday"
	"github.com/moj-portal/tiepnhan/internal/workflow"
)

// reports offers the yearly report of Điều 22 for a year.
func (u *UI) reports(w http.ResponseWriter, r *http.Request, rc *req) {
	year := u.now().In(workday.Zone).Year()
	if y, err := strconv.Atoi(r.URL.Query().Get("year")); err == nil {
		year = y
	}
	rep, err := u.Store.YearReport(r.Context(), rc.P, year)
	if err != nil {
		u.failErr(w, r, rc, err)
		return
	}
	u.render(w, r, rc, http.StatusOK, "reports", rep)
}

func (u *UI) yearOf(w http.ResponseWriter, r *http.Request, rc *req) (view.YearReport, bool) {
	year, err := strconv.Atoi(r.PathValue("year"))
	if err != nil {
		u.fail(w, r, rc, http.StatusNotFound, tr(rc.Lang, "not_found"))
		return view.YearReport{}, false
	}
	rep, err := u.Store.YearReport(r.Context(), rc.P, year)
	if err != nil {
		u.failErr(w, r, rc, err)
		return rep, false
	}
	return rep, true
}

// reportTables is the report as titled tables, shared by CSV and XLSX.
func reportTables(rep view.YearReport, lang string, unitName func(string) string) [][][]string {
	t := func(k string) string { return tr(lang, k) }
	summary := [][]string{{"Báo cáo tổng kết năm " + strconv.Itoa(rep.Year) + " (Điều 22 Quy chế 1319/QĐ-BTP)", ""}, {"Tổng số hồ sơ tiếp nhận", strconv.Itoa(rep.Received)}}
	cat := [][]string{{t("category"), "Số lượng"}}
	for _, c := range rep.ByCategory {
		cat = append(cat, []string{workflow.ClassLabel(c.Key, lang), strconv.Itoa(c.N)})
	}
	kind := [][]string{{t("kind"), "Số lượng"}}
	for _, c := range rep.ByKind {
		kind = append(kind, []string{workflow.ClassLabel(c.Key, lang), strconv.Itoa(c.N)})
	}
	unit := [][]string{{t("unit"), t("on_time"), t("late"), t("open_overdue"), "Tỷ lệ đúng hạn"}}
	for _, x := range rep.ByUnit {
		unit = append(unit, []string{unitName(x.Key), strconv.Itoa(x.OnTime), strconv.Itoa(x.Late), strconv.Itoa(x.Open), rateCell(x)})
	}
	ref := [][]string{{t("ground"), "Số lượng"}}
	for _, c := range rep.Refusals {
		ref = append(ref, []string{workflow.ClassLabel(c.Key, lang), strconv.Itoa(c.N)})
	}
	for _, c := range rep.Takedowns {
		ref = append(ref, []string{"Gỡ bỏ " + c.Key + " (Điều 15.3)", strconv.Itoa(c.N)})
	}
	return [][][]string{summary, cat, kind, unit, ref}
}

// rateCell is the on-time rate for the exports: one decimal, or empty
// when no deadline ended.
func rateCell(t view.Timeliness) string {
	if rate, ok := t.Rate(); ok {
		return fmt.Sprintf("%.1f%%", rate)
	}
	return ""
}

var sheetNames = []string{"Tổng hợp", "Theo nhóm Điều 8", "Theo loại", "Theo đơn vị", "Từ chối, gỡ bỏ"}

func (u *UI) unitName(code string) string {
	for _, x := range u.unitList() {
		if x.Code == code {
			return x.Name
		}
	}
	if code == "" {
		return "(chưa xác định)"
	}
	return code
}

// reportCSV exports the report as CSV (UTF-8 with BOM so that Excel reads
// the Vietnamese letters), one section after another.
func (u *UI) reportCSV(w http.ResponseWriter, r *http.Request, rc *req) {
	rep, ok := u.yearOf(w, r, rc)
	if !ok {
		return
	}
	var b bytes.Buffer
	b.WriteString("\ufeff")
	cw := csv.NewWriter(&b)
	for i, table := range reportTables(rep, rc.Lang, u.unitName) {
		if i > 0 {
			cw.Write([]string{})
		}
		cw.Write([]string{sheetNames[i]})
		cw.WriteAll(table)
	}
	cw.Flush()
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="bao-cao-dieu-22-%d.csv"`, rep.Year))
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Write(b.Bytes())
}

// reportXLSX exports the report as an Excel workbook, one sheet per table.
func (u *UI) reportXLSX(w http.ResponseWriter, r *http.Request, rc *req) {
	rep, ok := u.yearOf(w, r, rc)
	if !ok {
		return
	}
	f := excelize.NewFile()
	defer f.Close()
	for i, table := range reportTables(rep, rc.Lang, u.unitName) {
		name := sheetNames[i]
		if i == 0 {
			f.SetSheetName("Sheet1", name)
		} else if _, err := f.NewSheet(name); err != nil {
			u.failErr(w, r, rc, err)
			return
		}
		for ri, row := range table {
			for ci, cell := range row {
				ref, _ := excelize.CoordinatesToCellName(ci+1, ri+1)
				var v any = cell
				if n, err := strconv.Atoi(cell); err == nil {
					v = n
				}
				f.SetCellValue(name, ref, v)
			}
		}
		f.SetColWidth(name, "A", "A", 60)
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		u.failErr(w, r, rc, err)
		return
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="bao-cao-dieu-22-%d.xlsx"`, rep.Year))
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Write(b.Bytes())
}
