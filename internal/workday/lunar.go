package workday

import (
	"fmt"
	"math"
)

// This file implements the Vietnamese lunisolar calendar after the
// description published by Hồ Ngọc Đức ("Thuật toán tính âm lịch"), itself
// built on Jean Meeus, Astronomical Algorithms (1998): new moons (Meeus
// ch. 49, truncated series) and the Sun's apparent longitude (Meeus ch. 25,
// low accuracy), both evaluated at the meridian of UTC+7 (105°E).
//
// Rules of the calendar:
//   - a lunar month begins on the (local) day of a new moon;
//   - month 11 is the month that contains the winter solstice (the Sun's
//     longitude reaches 270°);
//   - a lunar year with 13 months (between two months 11) has a leap month:
//     the first month after month 11 that contains no major solar term
//     (trung khí, a multiple of 30° of solar longitude); it repeats the
//     number of the month before it.
//
// Results are trustworthy for 1900–2100 (checked against an independent
// implementation in the tests); far outside that range the truncated series
// drift.

// lunarTZ is the time zone, in hours east of Greenwich, of the Vietnamese
// lunar calendar.
const lunarTZ = 7.0

// synodicMonth is the mean length of a lunation in days.
const synodicMonth = 29.530588853

// jdEpoch is the Julian day number of 1970-01-01.
const jdEpoch = 2440588

// LunarDate is a day of the Vietnamese lunar calendar. Leap is true in the
// leap month (tháng nhuận), which repeats the number of the month before it.
type LunarDate struct {
	Year  int
	Month int
	Day   int
	Leap  bool
}

// String formats the lunar date as "D/M[n]/Y âm lịch" (n marks a leap month).
func (l LunarDate) String() string {
	leap := ""
	if l.Leap {
		leap = " nhuận"
	}
	return fmt.Sprintf("%d/%d%s/%d âm lịch", l.Day, l.Month, leap, l.Year)
}

// julianDay is the Julian day number of d (proleptic Gregorian calendar).
func julianDay(d Date) int { return d.dayNumber() + jdEpoch }

func fromJulianDay(jd int) Date { return fromDayNumber(jd - jdEpoch) }

// newMoon is the Julian day (dynamical time approximated to UT) of the k-th
// new moon after the one of 1900-01-01 (Meeus ch. 49, as simplified in
// Hồ Ngọc Đức's description).
func newMoon(k int) float64 {
	const dr = math.Pi / 180
	kf := float64(k)
	t := kf / 1236.85 // Julian centuries since 1900-01-01
	t2 := t * t
	t3 := t2 * t
	jd := 2415020.75933 + 29.53058868*kf + 0.0001178*t2 - 0.000000155*t3 +
		0.00033*math.Sin((166.56+132.87*t-0.009173*t2)*dr) // mean new moon
	m := 359.2242 + 29.10535608*kf - 0.0000333*t2 - 0.00000347*t3   // Sun's mean anomaly
	mp := 306.0253 + 385.81691806*kf + 0.0107306*t2 + 0.00001236*t3 // Moon's mean anomaly
	f := 21.2964 + 390.67050646*kf - 0.0016528*t2 - 0.00000239*t3   // Moon's argument of latitude
	c := (0.1734-0.000393*t)*math.Sin(m*dr) + 0.0021*math.Sin(2*dr*m)
	c = c - 0.4068*math.Sin(mp*dr) + 0.0161*math.Sin(dr*2*mp)
	c = c - 0.0004*math.Sin(dr*3*mp)
	c = c + 0.0104*math.Sin(dr*2*f) - 0.0051*math.Sin(dr*(m+mp))
	c = c - 0.0074*math.Sin(dr*(m-mp)) + 0.0004*math.Sin(dr*(2*f+m))
	c = c - 0.0004*math.Sin(dr*(2*f-m)) - 0.0006*math.Sin(dr*(2*f+mp))
	c = c + 0.0010*math.Sin(dr*(2*f-mp)) + 0.0005*math.Sin(dr*(2*mp+m))
	var deltaT float64 // ΔT = TT − UT, in days
	if t < -11 {
		deltaT = 0.001 + 0.000839*t + 0.0002261*t2 - 0.00000845*t3 - 0.000000081*t*t3
	} else {
		deltaT = -0.000278 + 0.000265*t + 0.000262*t2
	}
	return jd + c - deltaT
}

// sunLongitude is the Sun's apparent longitude, in radians in [0, 2π), at
// Julian day jdn (Meeus ch. 25, low accuracy).
func sunLongitude(jdn float64) float64 {
	const dr = math.Pi / 180
	t := (jdn - 2451545.0) / 36525 // Julian centuries since J2000.0
	t2 := t * t
	m := 357.52910 + 35999.05030*t - 0.0001559*t2 - 0.00000048*t*t2 // mean anomaly, degrees
	l0 := 280.46645 + 36000.76983*t + 0.0003032*t2                  // mean longitude, degrees
	dl := (1.914600-0.004817*t-0.000014*t2)*math.Sin(dr*m) +
		(0.019993-0.000101*t)*math.Sin(dr*2*m) + 0.000290*math.Sin(dr*3*m) // equation of centre
	l := (l0 + dl) * dr
	l -= math.Pi * 2 * math.Floor(l/(math.Pi*2))
	return l
}

// solarSector is the number (0–11) of the 30° sector of solar longitude the
// Sun is in at the start of local day jd: sector k begins at the major solar
// term of k·30°; 9 is the winter solstice (270°).
func solarSector(jd int) int {
	return int(math.Floor(sunLongitude(float64(jd)-0.5-lunarTZ/24) / math.Pi * 6))
}

// newMoonDay is the Julian day number of the local day of the k-th new moon.
func newMoonDay(k int) int {
	return int(math.Floor(newMoon(k) + 0.5 + lunarTZ/24))
}

// month11 is the Julian day of the first day of lunar month 11 that
// contains the winter solstice of Gregorian year y.
func month11(y int) int {
	off := julianDay(Date{y, 12, 31}) - 2415021
	k := int(math.Floor(float64(off) / synodicMonth))
	nm := newMoonDay(k)
	if solarSector(nm) >= 9 { // the Sun passed 270° before this new moon
		nm = newMoonDay(k - 1)
	}
	return nm
}

// leapMonthOffset is, for a lunar year of 13 months whose month 11 begins on
// a11, the number of months after month 11 of the leap month: the first
// month during which the Sun enters no new sector (no major solar term).
func leapMonthOffset(a11 int) int {
	k := int(math.Floor((float64(a11)-2415021.076998695)/synodicMonth + 0.5))
	i := 1
	arc := solarSector(newMoonDay(k + i))
	for {
		last := arc
		i++
		arc = solarSector(newMoonDay(k + i))
		if arc == last || i >= 14 {
			break
		}
	}
	return i - 1
}

// SolarToLunar converts a Gregorian date to the Vietnamese lunar calendar.
func SolarToLunar(d Date) LunarDate {
	jd := julianDay(d)
	k := int(math.Floor((float64(jd) - 2415021.076998695) / synodicMonth))
	start := newMoonDay(k + 1)
	if start > jd {
		start = newMoonDay(k)
	}
	a11 := month11(d.Year)
	b11 := a11
	var year int
	if a11 >= start {
		year = d.Year
		a11 = month11(d.Year - 1)
	} else {
		year = d.Year + 1
		b11 = month11(d.Year + 1)
	}
	day := jd - start + 1
	diff := int(math.Floor(float64(start-a11) / 29))
	leap := false
	month := diff + 11
	if b11-a11 > 365 { // 13 lunations between the two months 11
		off := leapMonthOffset(a11)
		if diff >= off {
			month = diff + 10
			if diff == off {
				leap = true
			}
		}
	}
	if month > 12 {
		month -= 12
	}
	if month >= 11 && diff < 4 {
		year--
	}
	return LunarDate{Year: year, Month: month, Day: day, Leap: leap}
}

// LunarToSolar converts a Vietnamese lunar date to the Gregorian calendar.
// It fails when the month does not exist (a leap flag for a month that is
// not the leap month of that year) or the day is past the month's end (a
// 30th in a 29-day month).
func LunarToSolar(l LunarDate) (Date, error) {
	if l.Month < 1 || l.Month > 12 {
		return Date{}, fmt.Errorf("tháng âm lịch %d không hợp lệ (1–12)", l.Month)
	}
	if l.Day < 1 || l.Day > 30 {
		return Date{}, fmt.Errorf("ngày âm lịch %d không hợp lệ (1–30)", l.Day)
	}
	start, err := lunarMonthStart(l.Year, l.Month, l.Leap)
	if err != nil {
		return Date{}, err
	}
	// The month ends where the next new moon begins.
	k := int(math.Floor((float64(start)-2415021.076998695)/synodicMonth + 0.5))
	length := newMoonDay(k+1) - start
	if l.Day > length {
		return Date{}, fmt.Errorf("tháng %d%s năm %d âm lịch chỉ có %d ngày",
			l.Month, leapSuffix(l.Leap), l.Year, length)
	}
	return fromJulianDay(start + l.Day - 1), nil
}

// lunarMonthStart is the Julian day of day 1 of the given lunar month.
func lunarMonthStart(year, month int, leap bool) (int, error) {
	var a11, b11 int
	if month < 11 {
		a11 = month11(year - 1)
		b11 = month11(year)
	} else {
		a11 = month11(year)
		b11 = month11(year + 1)
	}
	k := int(math.Floor(0.5 + (float64(a11)-2415021.076998695)/synodicMonth))
	off := month - 11
	if off < 0 {
		off += 12
	}
	if b11-a11 > 365 {
		leapOff := leapMonthOffset(a11)
		// Offset 1 after month 11 is a leap month 11, offset 2 a leap month
		// 12, offset 3 a leap month 1, …
		leapMonth := (leapOff+9)%12 + 1
		if leap && month != leapMonth {
			return 0, fmt.Errorf("năm %d âm lịch không có tháng %d nhuận (tháng nhuận là tháng %d)", year, month, leapMonth)
		}
		if leap || off >= leapOff {
			off++
		}
	} else if leap {
		return 0, fmt.Errorf("năm %d âm lịch không có tháng nhuận", year)
	}
	return newMoonDay(k + off), nil
}

// LeapMonth returns the number of the leap month of lunar year y, or 0 when
// the year has none.
func LeapMonth(y int) int {
	for m := 1; m <= 12; m++ {
		if _, err := lunarMonthStart(y, m, true); err == nil {
			return m
		}
	}
	return 0
}

func leapSuffix(leap bool) string {
	if leap {
		return " nhuận"
	}
	return ""
}
