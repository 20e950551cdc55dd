//! Time in the property graph: intervals of nodes and edges, their day ranges for the exports,
//! and the date range filter.

use crate::model::PartialDate;

/// A time interval: from `start` to `end` (both inclusive, partial dates covering their whole
/// month or year); `end` is `None` when open-ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Interval {
    /// The first date.
    pub start: PartialDate,
    /// The last date, `None` when still running.
    pub end: Option<PartialDate>,
}

impl Interval {
    /// The interval of one date (a day, month or year).
    pub fn point(date: PartialDate) -> Self {
        Self {
            start: date,
            end: Some(date),
        }
    }

    /// The first day.
    pub fn first_day(self) -> PartialDate {
        self.start.first_day()
    }

    /// The last day, `None` when open-ended.
    pub fn last_day(self) -> Option<PartialDate> {
        self.end.map(PartialDate::last_day)
    }
}

/// A range of days: first day, last day (`None` when open-ended).
pub type PartialDateRange = (PartialDate, Option<PartialDate>);

/// Intervals as sorted, non-overlapping day ranges: what Gephi's interval sets accept.
/// Overlapping intervals are joined.
pub fn day_ranges(intervals: &[Interval]) -> Vec<PartialDateRange> {
    let mut days: Vec<PartialDateRange> = intervals
        .iter()
        .map(|i| (i.first_day(), i.last_day()))
        .collect();
    days.sort();
    let mut joined: Vec<PartialDateRange> = Vec::with_capacity(days.len());
    for (start, end) in days {
        if let Some(last) = joined.last_mut()
            && last.1.is_none_or(|last_end| start <= last_end)
        {
            last.1 = match (last.1, end) {
                (Some(a), Some(b)) => Some(a.max(b)),
                _ => None,
            };
            continue;
        }
        joined.push((start, end));
    }
    joined
}

/// An optional date range `[from, to]` (partial dates cover their whole month or year).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DateRange {
    /// Earliest date kept.
    pub from: Option<PartialDate>,
    /// Latest date kept.
    pub to: Option<PartialDate>,
}

impl DateRange {
    /// True when `interval` overlaps the range.
    pub fn overlaps(&self, interval: Interval) -> bool {
        let starts_in_time = self
            .to
            .is_none_or(|to| interval.first_day() <= to.last_day());
        let ends_in_time = match (self.from, interval.last_day()) {
            (Some(from), Some(last)) => from.first_day() <= last,
            _ => true,
        };
        starts_in_time && ends_in_time
    }

    /// True when an optional interval is kept: undated things always are.
    pub fn keeps(&self, interval: Option<Interval>) -> bool {
        interval.is_none_or(|i| self.overlaps(i))
    }
}

pub(super) fn earlier(a: Option<PartialDate>, b: PartialDate) -> Option<PartialDate> {
    Some(a.map_or(b, |a| if b.first_day() < a.first_day() { b } else { a }))
}

pub(super) fn later(a: Option<PartialDate>, b: PartialDate) -> Option<PartialDate> {
    Some(a.map_or(b, |a| if b.last_day() > a.last_day() { b } else { a }))
}
