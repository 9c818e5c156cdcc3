package pos

import (
	"context"
	"fmt"
	"time"
	_ "time/tzdata" // zones work on images without /usr/share/zoneinfo

	"github.com/pandac/pandac/internal/fault"
)

// Period is the width of a report bucket, in the store's calendar.
type Period string

// The periods a sales report can be grouped by. Weeks start on Monday (ISO 8601).
const (
	PeriodHour  Period = "HOUR"
	PeriodDay   Period = "DAY"
	PeriodWeek  Period = "WEEK"
	PeriodMonth Period = "MONTH"
)

// MaxReportBuckets bounds the periods of one sales report (about three months
// by the hour), which keeps the bucket list a query carries small.
const MaxReportBuckets = 2500

// bucket is one report period: [Start, End) in real time. Label groups
// buckets that share a row (two 1 AM hours on a fall-back day share hour 1).
type bucket struct {
	Label      int
	Start, End time.Time
}

// StoreLocation returns the zone reports use: the name given, else the
// store's timezone setting, else UTC. An unknown name is fault.CodeBadInput.
func (s Reports) StoreLocation(ctx context.Context, name string) (*time.Location, error) {
	if name == "" {
		st, err := readSettings(ctx, s.reader(ctx))
		if err != nil {
			return nil, err
		}
		return st.Location, nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fault.BadInput("timezone", "unknown time zone %q", name)
	}
	return loc, nil
}

// dayRange returns the real-time span of a calendar day in loc: 24 hours
// usually, 23 or 25 on the days clocks change.
func dayRange(date time.Time, loc *time.Location) (time.Time, time.Time) {
	y, m, d := date.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, loc), time.Date(y, m, d+1, 0, 0, 0, 0, loc)
}

// periodStart returns the start of the period containing t, in loc.
func periodStart(t time.Time, p Period, loc *time.Location) time.Time {
	t = t.In(loc)
	y, m, d := t.Date()
	switch p {
	case PeriodHour:
		// Truncating the wall clock keeps half-hour zones (India) on their own
		// hours; Truncate on the instant would cut at UTC hours.
		return t.Add(-time.Duration(t.Minute())*time.Minute - time.Duration(t.Second())*time.Second - time.Duration(t.Nanosecond()))
	case PeriodDay:
		return time.Date(y, m, d, 0, 0, 0, 0, loc)
	case PeriodWeek:
		back := (int(t.Weekday()) + 6) % 7 // days since Monday
		return time.Date(y, m, d-back, 0, 0, 0, 0, loc)
	default:
		return time.Date(y, m, 1, 0, 0, 0, 0, loc)
	}
}

// nextPeriod returns the start of the period after the one starting at t.
// Hours step in real time, so a 25-hour day has 25 hourly buckets; days,
// weeks and months step on the calendar, so a DST day is one (short or long)
// day.
func nextPeriod(t time.Time, p Period, loc *time.Location) time.Time {
	t = t.In(loc)
	y, m, d := t.Date()
	switch p {
	case PeriodHour:
		return t.Add(time.Hour)
	case PeriodDay:
		return time.Date(y, m, d+1, 0, 0, 0, 0, loc)
	case PeriodWeek:
		return time.Date(y, m, d+7, 0, 0, 0, 0, loc)
	default:
		return time.Date(y, m+1, 1, 0, 0, 0, 0, loc)
	}
}

// periodBuckets splits [from, to) into the periods of p in loc. The first and
// last bucket are clipped to the range; their labels are their indexes.
func periodBuckets(from, to time.Time, p Period, loc *time.Location) ([]bucket, []time.Time, error) {
	switch p {
	case PeriodHour, PeriodDay, PeriodWeek, PeriodMonth:
	default:
		return nil, nil, fault.BadInput("groupBy", "unknown period %q", p)
	}
	if !from.Before(to) {
		return nil, nil, fault.BadInput("to", "to must be after from")
	}
	var bs []bucket
	var starts []time.Time
	for start := periodStart(from, p, loc); start.Before(to); {
		end := nextPeriod(start, p, loc)
		if !end.After(start) { // cannot happen with real zones; guards the loop
			return nil, nil, fmt.Errorf("period after %s does not advance", start)
		}
		if len(bs) == MaxReportBuckets {
			return nil, nil, fault.BadInput("groupBy", "more than %d periods; choose a shorter range or a longer period", MaxReportBuckets)
		}
		lo, hi := start, end
		if lo.Before(from) {
			lo = from
		}
		if hi.After(to) {
			hi = to
		}
		bs = append(bs, bucket{Label: len(bs), Start: lo, End: hi})
		starts = append(starts, start)
		start = end
	}
	return bs, starts, nil
}

// hourBuckets splits a day into its real hours labelled with their wall-clock
// hour. The repeated hour of a fall-back day gets the same label twice, and
// the skipped hour of a spring-forward day does not appear.
func hourBuckets(dayStart, dayEnd time.Time, loc *time.Location) []bucket {
	var bs []bucket
	for t := dayStart; t.Before(dayEnd); t = t.Add(time.Hour) {
		end := t.Add(time.Hour)
		if end.After(dayEnd) {
			end = dayEnd
		}
		bs = append(bs, bucket{Label: t.In(loc).Hour(), Start: t, End: end})
	}
	return bs
}
