//! Dates in Japanese and English text, normalised to [`PartialDate`]s that keep their precision.
//!
//! Forms recognised (on the normalised text, so full-width digits count as digits):
//!
//! | form | example | result |
//! |---|---|---|
//! | Western year, month, day | `2013年10月3日`, `2013年10月`, `2009年`, `2015年度`, `2012年,4月` (a chronology's cells) | day / month / year |
//! | Japanese era (明治 大正 昭和 平成 令和; `元年` = 1) | `令和5年9月15日`, `平成30年7月`, `令和元年` | same precisions |
//! | two-digit year with its era in brackets | `13(平成25)年` | 2013 (the two must agree) |
//! | month and day, year from context | `5月9日`, `7月` | the year of the last date, else of the document |
//! | ranges | `5月9~10日`, `2013年12月5日~12日`, `3月28日から29日まで`, `7月20日及び21日`, `2009年~2014年` | start and end |
//! | weekday in brackets (checked) | `2月13日(金曜日)`, `(金)` | a wrong weekday is a diagnostic |
//! | relative to the document date | `本年5月`, `今年`, `昨年7月`, `本日`, `本27日`, `今月` | |
//! | relative to the last date | `同日`, `同年`, `同月`, `同年5月`, `翌年`, a bare day `26日` (not `26日間`), `the same day` | |
//! | English | `July 27, 2016`, `27 July 2016`, `July 2016`, `May 9-10, 2013`, `in 2009` | |
//! | English, relative to the document date | `today`, `last Friday` (the latest Friday before it) | |
//! | numeric | `2013-10-03`, `2013/10/03`, day-first `14/03/2018` (month-first only when the day cannot be a month: `03/14/2018`) | |
//!
//! Impossible dates (`2月30日`, `令和0年`, `99999年`, `13月`) give a [`Diagnostic`], never a
//! panic and never a date.

use crate::model::{Diagnostic, PartialDate, Span};

use super::text::Text;

/// A date found in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateMention {
    /// Where, in original chars.
    pub span: Span,
    /// Normalised byte range (for adjacency checks).
    pub(crate) norm: (usize, usize),
    /// The date (the start, for ranges).
    pub start: PartialDate,
    /// The end of a range.
    pub end: Option<PartialDate>,
    /// Which form matched: `ja-western`, `ja-era`, `ja-month-day`, `relative-document`,
    /// `relative-last`, `en-month-name`, `numeric`.
    pub rule: &'static str,
}

/// An era: name, first Gregorian year, last era year (`None` for the current era).
const ERAS: &[(&str, i32, Option<i64>)] = &[
    ("明治", 1868, Some(45)),
    ("大正", 1912, Some(15)),
    ("昭和", 1926, Some(64)),
    ("平成", 1989, Some(31)),
    ("令和", 2019, None),
];

const MONTHS: &[(&str, u8)] = &[
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
    ("sept", 9),
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("oct", 10),
    ("nov", 11),
    ("dec", 12),
];

/// The Gregorian year of `era_year` of era `name` (`元` = 1), or why not.
pub fn era_year(name: &str, era_year: i64) -> Result<i32, String> {
    let Some((_, first, last)) = ERAS.iter().find(|(n, _, _)| *n == name) else {
        return Err(format!("unknown era `{name}`"));
    };
    if era_year < 1 {
        return Err(format!("{name}{era_year}年: era years start at 1 (元年)"));
    }
    if let Some(last) = last
        && era_year > *last
    {
        return Err(format!(
            "{name}{era_year}年: {name} ended in its year {last}"
        ));
    }
    Ok(first + (era_year - 1).min(20_000) as i32)
}

/// Day of the week (0 = Monday) of a Gregorian date (Sakamoto's method).
fn weekday(year: i32, month: u8, day: u8) -> u8 {
    const T: [i32; 12] = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4];
    let y = if month < 3 { year - 1 } else { year };
    let sunday_based =
        (y + y / 4 - y / 100 + y / 400 + T[usize::from(month - 1)] + i32::from(day)).rem_euclid(7);
    ((sunday_based + 6) % 7) as u8
}

/// English weekday names from Monday (the numbering of [`weekday`]), lower case.
const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// The day `n` (at most 7) days before a date.
fn days_before(year: i32, month: u8, day: u8, n: u8) -> (i32, u8, u8) {
    if day > n {
        return (year, month, day - n);
    }
    let (year, month) = if month == 1 {
        (year - 1, 12)
    } else {
        (year, month - 1)
    };
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let length = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    (year, month, length + day - n)
}

/// Scanner state over the normalised text.
struct Scanner<'t, 'a> {
    text: &'t Text<'a>,
    bytes: &'t [u8],
}

impl Scanner<'_, '_> {
    fn lit(&self, at: usize, word: &str) -> Option<usize> {
        self.text
            .norm
            .get(at..)
            .filter(|rest| rest.starts_with(word))
            .map(|_| at + word.len())
    }

    fn spaces(&self, mut at: usize) -> usize {
        while at < self.bytes.len() && self.bytes[at] == b' ' {
            at += 1;
        }
        at
    }

    /// ASCII digits at `at`: (value saturated, end, digit count).
    fn number(&self, at: usize) -> Option<(i64, usize, usize)> {
        let mut end = at;
        let mut value: i64 = 0;
        while end < self.bytes.len() && self.bytes[end].is_ascii_digit() {
            value = value
                .saturating_mul(10)
                .saturating_add(i64::from(self.bytes[end] - b'0'));
            end += 1;
        }
        (end > at).then_some((value, end, end - at))
    }

    /// A number, or `元` (1) when `gan` is set.
    fn era_number(&self, at: usize) -> Option<(i64, usize)> {
        if let Some(end) = self.lit(at, "元") {
            return Some((1, end));
        }
        self.number(at).map(|(v, e, _)| (v, e))
    }

    /// One of the range separators, returning the position after it.
    fn range_separator(&self, at: usize) -> Option<usize> {
        let at = self.spaces(at);
        for sep in ["~", "〜", "-", "–", "—", "‐", "から", "及び", "および"] {
            if let Some(end) = self.lit(at, sep) {
                return Some(self.spaces(end));
            }
        }
        None
    }

    /// `(金)`, `(金曜日)`, `(金曜)` after a day: returns (weekday, end).
    fn weekday_bracket(&self, at: usize) -> Option<(u8, usize)> {
        let at = self.lit(at, "(")?;
        let c = self.text.char_at(at)?;
        let day = "月火水木金土日".chars().position(|d| d == c)? as u8;
        let mut end = at + c.len_utf8();
        for suffix in ["曜日", "曜"] {
            if let Some(e) = self.lit(end, suffix) {
                end = e;
                break;
            }
        }
        let end = self.lit(end, ")")?;
        Some((day, end))
    }
}

/// Where dates are resolved from: the document date and the last date seen.
#[derive(Debug, Clone, Copy)]
struct Context {
    document: PartialDate,
    last: Option<PartialDate>,
}

impl Context {
    fn year(&self) -> i32 {
        self.last.unwrap_or(self.document).year_part()
    }
}

/// Parts of a date as written, before validation.
#[derive(Debug, Clone, Copy, Default)]
struct Parts {
    year: Option<i64>,
    month: Option<i64>,
    day: Option<i64>,
}

impl Parts {
    /// The parts of a date already read.
    fn of(date: PartialDate) -> Self {
        Self {
            year: Some(i64::from(date.year_part())),
            month: date.month_part().map(i64::from),
            day: date.day_part().map(i64::from),
        }
    }
}

fn small(value: i64) -> Option<u8> {
    u8::try_from(value).ok()
}

fn make(parts: Parts, default_year: i32) -> Result<PartialDate, String> {
    let year = match parts.year {
        Some(y) => i32::try_from(y).map_err(|_| format!("year {y} out of range"))?,
        None => default_year,
    };
    let month = match parts.month {
        Some(m) => Some(small(m).ok_or_else(|| format!("month {m} out of range"))?),
        None => None,
    };
    let day = match parts.day {
        Some(d) => Some(small(d).ok_or_else(|| format!("day {d} out of range"))?),
        None => None,
    };
    PartialDate::new(year, month, day).map_err(|e| format!("{}: {}", e.input, e.reason))
}

/// What one parse attempt found.
struct Found {
    end: usize,
    start: Result<PartialDate, String>,
    range_end: Option<Result<PartialDate, String>>,
    rule: &'static str,
    weekday: Option<u8>,
}

/// Find every date in `text`. `doc` names the document in diagnostics.
pub(crate) fn find_dates(
    text: &Text<'_>,
    document_date: PartialDate,
    urls: &[(usize, usize)],
    doc: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<DateMention> {
    let scanner = Scanner {
        text,
        bytes: text.norm.as_bytes(),
    };
    let mut context = Context {
        document: document_date,
        last: None,
    };
    let mut found = Vec::new();
    let bytes = scanner.bytes;
    let mut at = 0;
    let mut url = 0;
    while at < bytes.len() {
        while url < urls.len() && urls[url].1 <= at {
            url += 1;
        }
        if url < urls.len() && urls[url].0 <= at {
            at = urls[url].1;
            continue;
        }
        let b = bytes[at];
        let candidate = if b.is_ascii_digit() {
            at == 0 || !bytes[at - 1].is_ascii_digit()
        } else if b.is_ascii_lowercase() {
            at == 0 || !super::text::is_word(char::from(bytes[at - 1]))
        } else {
            (0xE4..=0xE7).contains(&b)
                && text.char_at(at).is_some_and(|c| {
                    matches!(
                        c,
                        '同' | '本' | '今' | '昨' | '前' | '翌' | '明' | '大' | '昭' | '平' | '令'
                    )
                })
        };
        let attempt = if candidate {
            parse_at(&scanner, at, &context)
        } else {
            None
        };
        match attempt {
            Some(f) => {
                let span = text.span_of(at, f.end);
                let location = format!("{doc}:{}", span.start);
                let surface = text.slice(span);
                match (f.start, f.range_end) {
                    (Ok(start), end) => {
                        let end = match end {
                            Some(Ok(end)) if end >= start => Some(end),
                            Some(Ok(end)) => {
                                diagnostics.push(Diagnostic::warning(
                                    location.clone(),
                                    format!("date range `{surface}` ends ({end}) before it starts ({start}); the end is ignored"),
                                ));
                                None
                            }
                            Some(Err(reason)) => {
                                diagnostics.push(Diagnostic::warning(
                                    location.clone(),
                                    format!("impossible end date in `{surface}`: {reason}"),
                                ));
                                None
                            }
                            None => None,
                        };
                        if let (Some(wd), (y, Some(m), Some(d))) = (
                            f.weekday,
                            (start.year_part(), start.month_part(), start.day_part()),
                        ) && weekday(y, m, d) != wd
                        {
                            diagnostics.push(Diagnostic::warning(
                                location,
                                format!("`{surface}`: {start} is not that day of the week"),
                            ));
                        }
                        context.last = Some(end.unwrap_or(start));
                        found.push(DateMention {
                            span,
                            norm: (at, f.end),
                            start,
                            end,
                            rule: f.rule,
                        });
                    }
                    (Err(reason), _) => diagnostics.push(Diagnostic::warning(
                        location,
                        format!("impossible date `{surface}`: {reason}"),
                    )),
                }
                at = f.end.max(at + 1);
            }
            None => {
                // the next char: its length from its first byte (1 inside a char, as before)
                at += match b {
                    0xC0..=0xDF => 2,
                    0xE0..=0xEF => 3,
                    0xF0..=0xFF => 4,
                    _ => 1,
                };
            }
        }
    }
    found
}

fn parse_at(s: &Scanner<'_, '_>, at: usize, context: &Context) -> Option<Found> {
    let b = s.bytes[at];
    if b.is_ascii_digit() {
        return parse_numeric_start(s, at, context);
    }
    if b.is_ascii_lowercase() {
        return parse_english(s, at, context);
    }
    for (name, _, _) in ERAS {
        if let Some(after) = s.lit(at, name) {
            return parse_era(s, at, after, name, context);
        }
    }
    parse_relative(s, at, context)
}

/// After a year: `[M月[D日]]` plus a range tail. `year` may be `None` (take it from context).
fn month_day_tail(
    s: &Scanner<'_, '_>,
    mut parts: Parts,
    after_year: usize,
    default_year: i32,
    rule: &'static str,
) -> Found {
    let mut end = after_year;
    let mut range_end = None;
    let mut weekday = None;
    let at = s.spaces(after_year);
    if let Some((month, after_number, _)) = s.number(at)
        && let Some(after_month) = s.lit(s.spaces(after_number), "月")
    {
        parts.month = Some(month);
        end = after_month;
        let day_at = s.spaces(after_month);
        if let Some((day, after_day_number, _)) = s.number(day_at) {
            if let Some(after_day) = s.lit(s.spaces(after_day_number), "日") {
                parts.day = Some(day);
                end = after_day;
                if let Some((wd, e)) = s.weekday_bracket(end) {
                    weekday = Some(wd);
                    end = e;
                }
                if let Some((range, e)) = range_tail(s, end, parts, default_year) {
                    range_end = Some(range);
                    end = e;
                }
            } else if let Some(after_sep) = s.range_separator(after_day_number)
                && let Some((day2, after_day2, _)) = s.number(after_sep)
                && let Some(after_day) = s.lit(s.spaces(after_day2), "日")
            {
                // 5月9~10日
                parts.day = Some(day);
                end = after_day;
                let end_parts = Parts {
                    day: Some(day2),
                    ..parts
                };
                range_end = Some(make(end_parts, default_year));
                if let Some(e) = s.lit(end, "まで") {
                    end = e;
                }
            }
        }
    } else if parts.year.is_some()
        && let Some((range, e)) = range_tail(s, end, parts, default_year)
    {
        // 2009年~2014年
        range_end = Some(range);
        end = e;
    }
    Found {
        end,
        start: make(parts, default_year),
        range_end,
        rule,
        weekday,
    }
}

/// `~[YYYY年][M月]D日[まで]` after a complete date; missing parts come from `start`.
fn range_tail(
    s: &Scanner<'_, '_>,
    at: usize,
    start: Parts,
    default_year: i32,
) -> Option<(Result<PartialDate, String>, usize)> {
    let after_sep = s.range_separator(at)?;
    let mut parts = start;
    let mut end = after_sep;
    let (n1, e1, digits1) = s.number(end)?;
    let e1s = s.spaces(e1);
    if let Some(after_year) = s.lit(e1s, "年") {
        if digits1 < 3 || start.year.is_none() {
            return None;
        }
        parts.year = Some(n1);
        end = after_year;
        match (start.month, s.number(s.spaces(end))) {
            (Some(_), Some((m, em, _))) => {
                let after_month = s.lit(s.spaces(em), "月")?;
                parts.month = Some(m);
                end = after_month;
                if start.day.is_some() {
                    let (d, ed, _) = s.number(s.spaces(end))?;
                    end = s.lit(s.spaces(ed), "日")?;
                    parts.day = Some(d);
                }
            }
            (None, _) => {}
            (Some(_), None) => return None,
        }
    } else if let Some(after_month) = s.lit(e1s, "月") {
        start.month?;
        parts.month = Some(n1);
        end = after_month;
        if start.day.is_some() {
            let (d, ed, _) = s.number(s.spaces(end))?;
            end = s.lit(s.spaces(ed), "日")?;
            parts.day = Some(d);
        } else {
            parts.day = None;
        }
    } else if let Some(after_day) = s.lit(e1s, "日") {
        start.day?;
        parts.day = Some(n1);
        end = after_day;
    } else {
        return None;
    }
    if let Some(e) = s.lit(end, "まで") {
        end = e;
    }
    Some((make(parts, default_year), end))
}

fn parse_numeric_start(s: &Scanner<'_, '_>, at: usize, context: &Context) -> Option<Found> {
    let (n, after, digits) = s.number(at)?;
    let after_s = s.spaces(after);
    // `26日,同じくシンガポールにおいて`, `30日午前`: a bare day of the last date's month (not
    // `30日間`, `30日付`, `3日目`)
    if digits <= 2
        && let Some(end) = s.lit(after, "日")
        && !s.text.char_at(end).is_some_and(|c| {
            matches!(
                c,
                '間' | '付' | '目' | '分' | '以' | 'ぶ' | '後' | '前' | '本'
            )
        })
        && !s
            .text
            .char_before(at)
            .is_some_and(|c| c == '第' || c == '月' || c.is_ascii_digit())
        && (1..=31).contains(&n)
    {
        let base = context.last.unwrap_or(context.document);
        let month = base.month_part()?;
        let parts = Parts {
            year: Some(i64::from(base.year_part())),
            month: Some(i64::from(month)),
            day: Some(n),
        };
        return Some(plain(end, parts, "relative-last"));
    }
    // 13(平成25)年
    if digits <= 2
        && let Some(open) = s.lit(after_s, "(")
    {
        for (name, _, _) in ERAS {
            if let Some(era_at) = s.lit(open, name)
                && let Some((ey, e)) = s.era_number(era_at)
                && let Some(close) = s.lit(e, ")")
                && let Some(after_year) = s.lit(s.spaces(close), "年")
            {
                let mut found = match era_year(name, ey) {
                    Ok(year) => {
                        let parts = Parts {
                            year: Some(i64::from(year)),
                            ..Parts::default()
                        };
                        month_day_tail(s, parts, after_year, year, "ja-era")
                    }
                    Err(reason) => Found {
                        end: after_year,
                        start: Err(reason),
                        range_end: None,
                        rule: "ja-era",
                        weekday: None,
                    },
                };
                if let Ok(year) = era_year(name, ey)
                    && i64::from(year % 100) != n
                {
                    found.start = Err(format!(
                        "{n}({name}{ey})年: {name}{ey} is {year}, which does not end in {n}"
                    ));
                }
                return Some(found);
            }
        }
    }
    if let Some(after_year) = s.lit(after_s, "年") {
        if s.lit(after_year, "代").is_some()
            || s.lit(after_year, "間").is_some()
            || s.lit(after_year, "ぶり").is_some()
            || s.lit(after_year, "以上").is_some()
            || s.lit(after_year, "前").is_some()
            || s.lit(after_year, "後").is_some()
        {
            return None;
        }
        if digits < 3 {
            // 7年 (a duration or an abbreviated year): not a date without an era
            return None;
        }
        let after_year = s.lit(after_year, "度").unwrap_or(after_year);
        // a chronology table's year and month cells: 2012年,4月 / 2012年、4月
        let after_year = [",", "、"]
            .iter()
            .find_map(|sep| s.lit(after_year, sep))
            .map(|cell| s.spaces(cell))
            .filter(|&cell| {
                // a four-digit year and a month cell without a day (not `99999年、2月30日`)
                digits == 4
                    && s.number(cell).is_some_and(|(m, e, d)| {
                        d <= 2
                            && (1..=12).contains(&m)
                            && s.lit(e, "月").is_some_and(|after| {
                                !s.bytes.get(after).is_some_and(u8::is_ascii_digit)
                            })
                    })
            })
            .unwrap_or(after_year);
        let parts = Parts {
            year: Some(n),
            ..Parts::default()
        };
        let default = i32::try_from(n).unwrap_or(i32::MAX);
        return Some(month_day_tail(s, parts, after_year, default, "ja-western"));
    }
    if let Some(after_month) = s.lit(after_s, "月") {
        // M月 or M月D日, year from context; skip "3か月" style counts (they have no 月 here)
        if digits > 2 {
            return None;
        }
        let next_is_day = s.number(s.spaces(after_month)).is_some_and(|(_, e, _)| {
            s.lit(s.spaces(e), "日").is_some() || s.range_separator(e).is_some()
        });
        if !(1..=12).contains(&n) && !next_is_day {
            return None;
        }
        let parts = Parts::default();
        return Some(month_day_tail(s, parts, at, context.year(), "ja-month-day"));
    }
    // ISO and slashed dates
    if digits == 4
        && let Some(sep) = s
            .bytes
            .get(after)
            .copied()
            .filter(|b| *b == b'-' || *b == b'/')
        && let Some((m, em, dm)) = s.number(after + 1)
        && dm <= 2
    {
        let mut parts = Parts {
            year: Some(n),
            month: Some(m),
            day: None,
        };
        let mut end = em;
        if s.bytes.get(em) == Some(&sep)
            && let Some((d, ed, dd)) = s.number(em + 1)
            && dd <= 2
        {
            parts.day = Some(d);
            end = ed;
        } else if sep == b'/' {
            return None;
        }
        if s.bytes.get(end).is_some_and(u8::is_ascii_digit) {
            return None;
        }
        return Some(Found {
            end,
            start: make(parts, 1),
            range_end: None,
            rule: "numeric",
            weekday: None,
        });
    }
    if digits <= 2
        && s.bytes.get(after) == Some(&b'/')
        && let Some((m, em, dm)) = s.number(after + 1)
        && dm <= 2
        && s.bytes.get(em) == Some(&b'/')
        && let Some((y, ey, dy)) = s.number(em + 1)
        && dy == 4
        && !s
            .bytes
            .get(ey)
            .is_some_and(|b| b.is_ascii_digit() || *b == b'/')
    {
        // day-first unless the first number cannot be a day-first reading (03/14/2018)
        let (day, month) = if m > 12 && n <= 12 { (m, n) } else { (n, m) };
        let parts = Parts {
            year: Some(y),
            month: Some(month),
            day: Some(day),
        };
        return Some(Found {
            end: ey,
            start: make(parts, 1),
            range_end: None,
            rule: "numeric",
            weekday: None,
        });
    }
    // in 2009 / since 2009
    if digits == 4
        && (1000..=2999).contains(&n)
        && !s
            .bytes
            .get(after)
            .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'/')
        && ["in ", "since ", "during ", "until ", "from ", "by "]
            .iter()
            .any(|w| s.text.norm[..at].ends_with(w))
    {
        let parts = Parts {
            year: Some(n),
            ..Parts::default()
        };
        return Some(plain(after, parts, "en-year"));
    }
    // 27 July 2016; without a year (5 December: the year from context); ranges 5-6 December,
    // 5 and 6 December 2024, 13th to 17th December
    if digits <= 2 {
        let after_first = day_suffix(s, after);
        let mut day2 = None;
        let mut cursor = after_first;
        for separator in ["-", "–", " and ", " to "] {
            if let Some(x) = s.lit(cursor, separator)
                && let Some((d2, e2, 1..=2)) = s.number(x)
                && d2 > n
            {
                day2 = Some(d2);
                cursor = day_suffix(s, e2);
                break;
            }
        }
        let month_at = s.spaces(cursor);
        if month_at > cursor
            && let Some((month, after_month)) = month_name(s, month_at)
        {
            let (year, end) = match s.number(s.spaces(after_month.trim_comma(s))) {
                Some((y, ey, 4)) => (Some(y), ey),
                _ => (None, after_month),
            };
            return Some(english_day(end, (year, month, n), day2, context.year()));
        }
    }
    None
}

/// An English day date (`5 December`, `December 5, 2024`, ranges `5 and 6 December`): the
/// year from context when it is not written.
fn english_day(
    end: usize,
    (year, month, day): (Option<i64>, u8, i64),
    day2: Option<i64>,
    default: i32,
) -> Found {
    let parts = Parts {
        year,
        month: Some(i64::from(month)),
        day: Some(day),
    };
    Found {
        end,
        start: make(parts, default),
        range_end: day2.map(|d2| {
            make(
                Parts {
                    day: Some(d2),
                    ..parts
                },
                default,
            )
        }),
        rule: "en-month-name",
        weekday: None,
    }
}

/// Skip an English ordinal suffix (`13th`).
fn day_suffix(s: &Scanner<'_, '_>, at: usize) -> usize {
    ["st", "nd", "rd", "th"]
        .iter()
        .find_map(|suffix| s.lit(at, suffix))
        .filter(|end| !s.bytes.get(*end).is_some_and(u8::is_ascii_alphanumeric))
        .unwrap_or(at)
}

/// Skip a comma after a position (for `July 27, 2016`).
trait TrimComma {
    fn trim_comma(self, s: &Scanner<'_, '_>) -> usize;
}

impl TrimComma for usize {
    fn trim_comma(self, s: &Scanner<'_, '_>) -> usize {
        let at = s.spaces(self);
        if s.bytes.get(at) == Some(&b',') {
            at + 1
        } else {
            self
        }
    }
}

/// An English month name at `at` (word-bounded, optional `.`): (month, end).
fn month_name(s: &Scanner<'_, '_>, at: usize) -> Option<(u8, usize)> {
    for (name, month) in MONTHS {
        if let Some(end) = s.lit(at, name)
            && !s.bytes.get(end).is_some_and(|b| b.is_ascii_alphabetic())
        {
            let end = if s.bytes.get(end) == Some(&b'.') {
                end + 1
            } else {
                end
            };
            return Some((*month, end));
        }
    }
    None
}

fn parse_english(s: &Scanner<'_, '_>, at: usize, context: &Context) -> Option<Found> {
    // `convened today`: the document's date; `the same day`: the last date written (each
    // when it has a day)
    for (word, base, rule) in [
        ("today", Some(context.document), "relative-document"),
        ("the same day", context.last, "relative-last"),
    ] {
        if let Some(after) = s.lit(at, word)
            && !s.bytes.get(after).is_some_and(u8::is_ascii_alphanumeric)
            && (at == 0 || !s.bytes[at - 1].is_ascii_alphanumeric())
            && let Some(base) = base
        {
            base.day_part()?;
            return Some(plain(after, Parts::of(base), rule));
        }
    }
    // `last Friday`: the latest such day before the document's date
    if let Some(after_last) = s.lit(at, "last ")
        && (at == 0 || !s.bytes[at - 1].is_ascii_alphanumeric())
    {
        let document = context.document;
        let (Some(month), Some(day)) = (document.month_part(), document.day_part()) else {
            return None;
        };
        let (wanted, end) = WEEKDAYS
            .iter()
            .enumerate()
            .find_map(|(k, name)| Some((k as u8, s.lit(after_last, name)?)))?;
        if s.bytes.get(end).is_some_and(u8::is_ascii_alphanumeric) {
            return None;
        }
        let year = document.year_part();
        let today = weekday(year, month, day);
        let back = match (7 + today - wanted) % 7 {
            0 => 7,
            n => n,
        };
        let (year, month, day) = days_before(year, month, day, back);
        let parts = Parts {
            year: Some(i64::from(year)),
            month: Some(i64::from(month)),
            day: Some(i64::from(day)),
        };
        return Some(plain(end, parts, "relative-document"));
    }
    let (month, after_month) = month_name(s, at)?;
    let day_at = s.spaces(after_month);
    if let Some((day, after_day, digits)) = s.number(day_at) {
        if digits == 4 {
            // July 2016
            return Some(Found {
                end: after_day,
                start: make(
                    Parts {
                        year: Some(day),
                        month: Some(i64::from(month)),
                        day: None,
                    },
                    1,
                ),
                range_end: None,
                rule: "en-month-name",
                weekday: None,
            });
        }
        if digits > 2 {
            return None;
        }
        let after_day = ["st", "nd", "rd", "th"]
            .iter()
            .find_map(|suffix| s.lit(after_day, suffix))
            .unwrap_or(after_day);
        // May 9-10, 2013
        let mut day2 = None;
        let mut end = after_day;
        if let Some(b) = s.bytes.get(after_day)
            && *b == b'-'
            && let Some((d2, e2, 1..=2)) = s.number(after_day + 1)
        {
            day2 = Some(d2);
            end = e2;
        } else if let Some(after_dash) = s.lit(after_day, "–")
            && let Some((d2, e2, 1..=2)) = s.number(after_dash)
        {
            day2 = Some(d2);
            end = e2;
        } else if let Some(after_to) = s
            .lit(after_day, " to ")
            .or_else(|| s.lit(after_day, " and "))
            && let Some((d2, e2, 1..=2)) = s.number(after_to)
            && d2 > day
            && !s
                .bytes
                .get(day_suffix(s, e2))
                .is_some_and(u8::is_ascii_alphanumeric)
            && month_name(s, s.spaces(day_suffix(s, e2))).is_none()
        {
            // December 13th to 17th (not "December 13 to 2 January")
            day2 = Some(d2);
            end = day_suffix(s, e2);
        }
        let year_at = s.spaces(end.trim_comma(s));
        let (year, end) = match s.number(year_at) {
            Some((y, e, 4)) => (Some(y), e),
            _ => (None, end),
        };
        return Some(english_day(end, (year, month, day), day2, context.year()));
    }
    None
}

fn parse_era(
    s: &Scanner<'_, '_>,
    _at: usize,
    after_name: usize,
    name: &str,
    _context: &Context,
) -> Option<Found> {
    let (n, after_number) = s.era_number(s.spaces(after_name))?;
    let after_year = s.lit(s.spaces(after_number), "年")?;
    match era_year(name, n) {
        Ok(year) => {
            let parts = Parts {
                year: Some(i64::from(year)),
                ..Parts::default()
            };
            let after_year = s.lit(after_year, "度").unwrap_or(after_year);
            Some(month_day_tail(s, parts, after_year, year, "ja-era"))
        }
        Err(reason) => Some(Found {
            end: after_year,
            start: Err(reason),
            range_end: None,
            rule: "ja-era",
            weekday: None,
        }),
    }
}

fn parse_relative(s: &Scanner<'_, '_>, at: usize, context: &Context) -> Option<Found> {
    let document = context.document;
    let last = context.last.unwrap_or(document);
    let year_of = |date: PartialDate| Parts {
        year: Some(i64::from(date.year_part())),
        ..Parts::default()
    };
    let shifted = |date: PartialDate, by: i32| Parts {
        year: Some(i64::from(date.year_part() + by)),
        ..Parts::default()
    };
    // (word, base parts, rule, may take M月D日 after it)
    let years: [(&str, Parts, &'static str); 7] = [
        ("本年", year_of(document), "relative-document"),
        ("今年", year_of(document), "relative-document"),
        ("昨年", shifted(document, -1), "relative-document"),
        ("前年", shifted(last, -1), "relative-last"),
        ("翌年", shifted(last, 1), "relative-last"),
        ("同年", year_of(last), "relative-last"),
        ("昨年度", shifted(document, -1), "relative-document"),
    ];
    for (word, parts, rule) in years {
        if let Some(after) = s.lit(at, word) {
            let year = parts.year.map_or(document.year_part(), |y| y as i32);
            return Some(month_day_tail(s, parts, after, year, rule));
        }
    }
    if let Some(after) = s.lit(at, "同日") {
        return Some(plain(after, Parts::of(last), "relative-last"));
    }
    if let Some(after) = s.lit(at, "本日") {
        return Some(plain(after, Parts::of(document), "relative-document"));
    }
    for (word, base, rule) in [
        ("同月", last, "relative-last"),
        ("本月", document, "relative-document"),
        ("今月", document, "relative-document"),
    ] {
        if let Some(after) = s.lit(at, word) {
            let mut parts = Parts::of(base);
            parts.day = None;
            base.month_part()?;
            if let Some((d, e, 1..=2)) = s.number(s.spaces(after))
                && let Some(end) = s.lit(s.spaces(e), "日")
            {
                parts.day = Some(d);
                return Some(plain(end, parts, rule));
            }
            return Some(plain(after, parts, rule));
        }
    }
    // 本27日 / 同27日: a day of the document's (or the last date's) month
    for (word, base, rule) in [
        ("本", document, "relative-document"),
        ("同", last, "relative-last"),
    ] {
        if let Some(after) = s.lit(at, word)
            && let Some((d, e, 1..=2)) = s.number(after)
            && let Some(end) = s.lit(s.spaces(e), "日")
            && base.month_part().is_some()
        {
            let mut parts = Parts::of(base);
            parts.day = Some(d);
            return Some(plain(end, parts, rule));
        }
    }
    None
}

fn plain(end: usize, parts: Parts, rule: &'static str) -> Found {
    Found {
        end,
        start: make(parts, 1),
        range_end: None,
        rule,
        weekday: None,
    }
}

/// Parse every date of a standalone text (for tests, docs and tools): the dates and the
/// diagnostics, resolving relative dates against `document_date`.
///
/// ```
/// use diplograph::extract::dates::parse_dates;
/// let (dates, problems) = parse_dates("令和5年9月15日、同月20日。", "2023-09-15".parse().unwrap());
/// assert_eq!(dates[0].start.to_string(), "2023-09-15");
/// assert_eq!(dates[1].start.to_string(), "2023-09-20");
/// assert!(problems.is_empty());
/// ```
pub fn parse_dates(text: &str, document_date: PartialDate) -> (Vec<DateMention>, Vec<Diagnostic>) {
    let text = Text::new(text);
    let urls = super::find_urls(&text);
    let mut diagnostics = Vec::new();
    let dates = find_dates(&text, document_date, &urls, "text", &mut diagnostics);
    (dates, diagnostics)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str, doc: &str) -> (String, Option<String>) {
        let (dates, problems) = parse_dates(text, doc.parse().unwrap());
        assert!(problems.is_empty(), "{text}: {problems:?}");
        assert_eq!(dates.len(), 1, "{text}: {dates:?}");
        (
            dates[0].start.to_string(),
            dates[0].end.map(|d| d.to_string()),
        )
    }

    fn start(text: &str) -> String {
        one(text, "2017-07-24").0
    }

    #[test]
    fn western_japanese_dates_keep_precision() {
        assert_eq!(start("2013年10月3日、東京で"), "2013-10-03");
        assert_eq!(start("2013年10月に"), "2013-10");
        assert_eq!(start("2009年:ACCJ"), "2009");
        assert_eq!(start("2012年,4月:日米首脳会談"), "2012-04");
        assert_eq!(start("2012年、 6月:"), "2012-06");
        assert_eq!(start("2012年,東京"), "2012");
        assert_eq!(start("２０１３年１０月３日"), "2013-10-03");
        assert_eq!(start("2015年度から"), "2015");
        assert_eq!(start("2015年02月18日"), "2015-02-18");
    }

    #[test]
    fn era_dates() {
        assert_eq!(start("令和5年9月15日"), "2023-09-15");
        assert_eq!(start("平成30年7月に"), "2018-07");
        assert_eq!(start("平成25年12月17日"), "2013-12-17");
        assert_eq!(start("令和元年12月12日"), "2019-12-12");
        assert_eq!(start("昭和64年1月7日"), "1989-01-07");
        assert_eq!(start("明治元年"), "1868");
        assert_eq!(start("大正15年"), "1926");
        assert_eq!(start("13(平成25)年"), "2013");
        assert_eq!(start("13(平成25)年5月"), "2013-05");
        assert_eq!(era_year("令和", 1), Ok(2019));
        assert!(era_year("平成", 32).is_err());
    }

    #[test]
    fn ranges() {
        assert_eq!(
            one("2013年5月9~10日:", "2015").1.as_deref(),
            Some("2013-05-10")
        );
        assert_eq!(
            one("2013年5月9〜10日", "2015"),
            ("2013-05-09".into(), Some("2013-05-10".into()))
        );
        assert_eq!(
            one("3月28日から29日まで", "2014-04"),
            ("2014-03-28".into(), Some("2014-03-29".into()))
        );
        assert_eq!(
            one("2014年12月8日~14日", "2015"),
            ("2014-12-08".into(), Some("2014-12-14".into()))
        );
        assert_eq!(
            one("7月20日及び21日,外務省", "2017-07-24"),
            ("2017-07-20".into(), Some("2017-07-21".into()))
        );
        assert_eq!(
            one("2012年6月19~20日には", "2012"),
            ("2012-06-19".into(), Some("2012-06-20".into()))
        );
        assert_eq!(
            one("2013年12月30日~2014年1月2日", "2015"),
            ("2013-12-30".into(), Some("2014-01-02".into()))
        );
        assert_eq!(
            one("2009年~2014年", "2015"),
            ("2009".into(), Some("2014".into()))
        );
        assert_eq!(
            one("May 9-10, 2013", "2015"),
            ("2013-05-09".into(), Some("2013-05-10".into()))
        );
    }

    #[test]
    fn weekday_brackets_are_skipped_and_checked() {
        assert_eq!(one("2015年2月13日(金曜日)、", "2015").0, "2015-02-13");
        assert_eq!(one("2015年2月13日(金)", "2015").0, "2015-02-13");
        let (dates, problems) = parse_dates("2015年2月13日(月)", "2015".parse().unwrap());
        assert_eq!(dates.len(), 1);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].message.contains("day of the week"));
    }

    #[test]
    fn relative_dates() {
        let (dates, problems) = parse_dates(
            "2013年10月3日に開催。同日、署名。同年12月に演習。本年5月、表明。昨年7月に開催。本27日、発表。",
            "2017-07-24".parse().unwrap(),
        );
        assert!(problems.is_empty(), "{problems:?}");
        let got: Vec<String> = dates.iter().map(|d| d.start.to_string()).collect();
        assert_eq!(
            got,
            [
                "2013-10-03",
                "2013-10-03",
                "2013-12",
                "2017-05",
                "2016-07",
                "2017-07-27"
            ]
        );
        assert_eq!(dates[1].rule, "relative-last");
        assert_eq!(dates[3].rule, "relative-document");
        let (dates, _) = parse_dates(
            "He met the minister on June 1. The same day, he met the chief.",
            "2018-06".parse().unwrap(),
        );
        let got: Vec<String> = dates.iter().map(|d| d.start.to_string()).collect();
        assert_eq!(got, ["2018-06-01", "2018-06-01"]);
        // month-day without a year takes the year of the last date
        let (dates, _) = parse_dates("2014年2月3日。2月4日の記者会見", "2015".parse().unwrap());
        assert_eq!(dates[1].start.to_string(), "2014-02-04");
    }

    #[test]
    fn a_bare_day_is_of_the_last_dates_month() {
        let document = PartialDate::new(2019, Some(5), Some(31)).unwrap();
        let (dates, _) = parse_dates(
            "3月28日に開会し,26日には会合が,30日午前には講演が",
            document,
        );
        let days: Vec<String> = dates.iter().map(|d| d.start.to_string()).collect();
        assert_eq!(days, ["2019-03-28", "2019-03-26", "2019-03-30"]);
        // durations, dated documents and ordinals are not dates
        for text in ["30日間の研修", "26日付の書簡", "第3日目", "2026日"] {
            assert!(parse_dates(text, document).0.is_empty(), "{text}");
        }
    }

    #[test]
    fn last_weekday_is_before_the_document_date() {
        // 2014-06-02 was a Monday
        let monday = PartialDate::new(2014, Some(6), Some(2)).unwrap();
        let (dates, _) = parse_dates("Last Friday an agreement was signed.", monday);
        assert_eq!(dates[0].start.to_string(), "2014-05-30");
        let (dates, _) = parse_dates("last Monday", monday);
        assert_eq!(dates[0].start.to_string(), "2014-05-26");
        let new_year = PartialDate::new(2015, Some(1), Some(1)).unwrap();
        let (dates, _) = parse_dates("last Sunday", new_year);
        assert_eq!(dates[0].start.to_string(), "2014-12-28");
        // a month-only document date gives no day
        let month = PartialDate::new(2014, Some(6), None).unwrap();
        assert!(parse_dates("last Friday", month).0.is_empty());
        assert!(parse_dates("the last Fridayish", monday).0.is_empty());
    }

    #[test]
    fn english_and_numeric_dates() {
        assert_eq!(start("held on July 27, 2016."), "2016-07-27");
        assert_eq!(start("on 27 July 2016"), "2016-07-27");
        assert_eq!(start("in July 2016"), "2016-07");
        assert_eq!(start("Sept. 5, 2014"), "2014-09-05");
        assert_eq!(start("14/03/2018"), "2018-03-14");
        assert_eq!(start("03/14/2018"), "2018-03-14");
        assert_eq!(start("05/04/2018"), "2018-04-05");
        assert_eq!(start("2013-10-03"), "2013-10-03");
        assert_eq!(start("2013/10/03"), "2013-10-03");
        assert_eq!(start("founded in 2009, it"), "2009");
        let (dates, _) = parse_dates("it may be held", "2015".parse().unwrap());
        assert!(dates.is_empty());
    }

    #[test]
    fn impossible_dates_are_diagnostics() {
        for bad in [
            "2013年2月30日",
            "令和0年",
            "99999年",
            "2013年13月",
            "平成35年",
            "13(平成20)年",
        ] {
            let (dates, problems) = parse_dates(bad, "2015".parse().unwrap());
            assert!(dates.is_empty(), "{bad}: {dates:?}");
            assert_eq!(problems.len(), 1, "{bad}: {problems:?}");
        }
    }

    #[test]
    fn numbers_that_are_not_dates() {
        for text in [
            "7年ぶりに",
            "1990年代後半",
            "18ヶ月間",
            "約4500名",
            "3か月",
            "今後1年以上",
        ] {
            let (dates, problems) = parse_dates(text, "2015".parse().unwrap());
            assert!(
                dates.is_empty() && problems.is_empty(),
                "{text}: {dates:?} {problems:?}"
            );
        }
    }

    #[test]
    fn dates_in_urls_are_ignored() {
        let (dates, _) = parse_dates(
            "http://www.guardian.co.uk/politics/2012/apr/10/x 2012年4月",
            "2015".parse().unwrap(),
        );
        assert_eq!(dates.len(), 1);
        assert_eq!(dates[0].start.to_string(), "2012-04");
    }
}
