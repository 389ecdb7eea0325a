// gen.js writes the lunar-calendar test vectors of internal/workday from an
// independent implementation: the npm package "amlich" (Hồ Ngọc Đức's own
// JavaScript calendar, https://github.com/vanng822/amlich), at time zone 7.
// It is run once by hand, never by the tests:
//
//   cd testdata/lunar && npm install --no-save amlich@0.0.2 && node gen.js
//
// Output:
//   tet_gioto.csv  year,tet,gio_to: the Gregorian dates of 1/1 and 10/3 lunar
//                  of every year 1900–2100;
//   days.csv       solar,lunar_year,lunar_month,lunar_day,leap: the first day
//                  of every lunar month, the last day of every leap month and
//                  every 29th day from 1900-01-31 to 2100-12-31.
"use strict";
const fs = require("fs");
const al = require("amlich");
const TZ = 7;

const iso = (d, m, y) =>
  `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;

let out = "year,tet,gio_to\n";
for (let y = 1900; y <= 2100; y++) {
  const [td, tm, ty] = al.convertLunar2Solar(1, 1, y, 0, TZ);
  const [gd, gm, gy] = al.convertLunar2Solar(10, 3, y, 0, TZ);
  out += `${y},${iso(td, tm, ty)},${iso(gd, gm, gy)}\n`;
}
fs.writeFileSync("tet_gioto.csv", out);

const first = al.jdFromDate(31, 1, 1900);
const last = al.jdFromDate(31, 12, 2100);
const rows = [];
let prev = null;
for (let jd = first; jd <= last; jd++) {
  const [d, m, y] = al.jdToDate(jd);
  const [ld, lm, ly, leap] = al.convertSolar2Lunar(d, m, y, TZ);
  const row = `${iso(d, m, y)},${ly},${lm},${ld},${leap}`;
  // The day before a month start ends the previous month.
  if (ld === 1 && prev && prev.leap === 1) rows.push(prev.row);
  if (ld === 1 || (jd - first) % 29 === 0) rows.push(row);
  prev = { row, leap };
}
fs.writeFileSync("days.csv", "solar,lunar_year,lunar_month,lunar_day,leap\n" + [...new Set(rows)].join("\n") + "\n");
