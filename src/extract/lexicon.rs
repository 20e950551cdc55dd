//! The extractor's word lists, kept as data: one TSV file per list under `data/lexicon/`,
//! compiled in with `include_str!` and parsed once ([`lexicon`]).
//!
//! Adding a trigger word, an organisation head word, a title or a one-character state
//! abbreviation is a new row in a file, not Rust. Each file starts with `#` comment lines saying
//! what the list is for, then a header row naming the columns, then one row per entry (columns
//! separated by one tab; no quoting). Words are written as they appear in text; they are matched
//! on the normalised text (NFKC, ASCII lowercase), so English words are written in lower case.
//! Row order matters where a file says so (the first matching head word wins).
//!
//! A malformed row (a wrong column count, an unknown type) is skipped, never a panic at run
//! time; the unit test `every_row_parses` fails on it instead.
//!
//! | file | columns | used by |
//! |---|---|---|
//! | `triggers.tsv` | word, lang, kind, strength | [`super::triggers`]: event and relation triggers |
//! | `plan_words.tsv` | word, lang | [`super::events`]: plans, not facts (開催する予定) |
//! | `place_markers.tsv` | word, lang, side | [`super::events`]: venues (東京で, in Tokyo) |
//! | `org_heads.tsv` | head, lang, type | [`super::organisations`]: new organisations |
//! | `anaphor_prefixes.tsv` | char | [`super::organisations`]: 同局, 各省 are not names |
//! | `document_heads.tsv` | head, lang | [`super::documents`]: quoted document titles |
//! | `series_heads.tsv` | word, lang, type | [`super::sessions`]: series names |
//! | `session_words.tsv` | word, lang | [`super::sessions`]: 第N回局長級会合 |
//! | `group_heads.tsv` | word, lang, type | [`super::sessions`]: …グループ|対面会合 |
//! | `ordinals.tsv` | word, number | [`super::sessions`]: fourth … Dialogue |
//! | `titles.tsv` | word, lang | [`super::people`]: post titles after names |
//! | `title_translations.tsv` | ja, en | [`super::people`]: 次席公使 → Deputy Chief of Mission |
//! | `honorifics.tsv` | word, lang | [`super::people`]: Mr., Ms., Dr. |
//! | `not_name_kanji.tsv`, `not_name_katakana.tsv` | char / word | [`super::people`] |
//! | `country_abbreviations.tsv` | char, entity | [`super::mentions`]: 日米, 日中韓 |
//! | `abbreviation_stops.tsv` | char, where | [`super::mentions`]: 来日, 英文 |
//! | `sentence_abbreviations.tsv` | word | [`super::sentences`]: Mr. does not end a sentence |

use std::sync::LazyLock;

use crate::model::{EntityType, EventType};

/// What a trigger word says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Trigger {
    /// An event of this type, with a strength (the strongest makes a sentence's main event).
    Event(EventType, u8),
    /// Taking part (出席, attended): adds people to an event.
    Participation,
    /// Hosting (主催, hosted).
    Host,
}

/// Where a place marker is written relative to the place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Side {
    /// Right after the place (東京で).
    After,
    /// Right before the place (in Tokyo).
    Before,
}

/// Every word list, parsed.
#[derive(Debug, Clone, Default)]
pub(crate) struct Lexicon {
    /// `triggers.tsv`.
    pub(crate) triggers: Vec<(String, Trigger)>,
    /// `plan_words.tsv`.
    pub(crate) plan_words: Vec<String>,
    /// `place_markers.tsv`: Japanese markers are written as is, English ones with a space
    /// either side (` in `).
    pub(crate) place_markers: Vec<(String, Side)>,
    /// `org_heads.tsv`: Japanese heads.
    pub(crate) org_heads_ja: Vec<(String, EntityType)>,
    /// `org_heads.tsv`: English heads (lower case).
    pub(crate) org_heads_en: Vec<(String, EntityType)>,
    /// `anaphor_prefixes.tsv`.
    pub(crate) anaphor_prefixes: String,
    /// `document_heads.tsv`: Japanese heads.
    pub(crate) document_heads_ja: Vec<String>,
    /// `document_heads.tsv`: English heads (lower case).
    pub(crate) document_heads_en: Vec<String>,
    /// `series_heads.tsv`: Japanese words.
    pub(crate) series_words_ja: Vec<(String, EntityType)>,
    /// `series_heads.tsv`: English words.
    pub(crate) series_words_en: Vec<String>,
    /// `session_words.tsv`.
    pub(crate) session_words: Vec<String>,
    /// `group_heads.tsv`.
    pub(crate) group_heads: Vec<(String, EntityType)>,
    /// `ordinals.tsv`.
    pub(crate) ordinals: Vec<(String, u32)>,
    /// `titles.tsv`: Japanese title words.
    pub(crate) titles_ja: Vec<String>,
    /// `titles.tsv`: English title words (lower case), for English names after titles.
    pub(crate) titles_en: Vec<String>,
    /// `title_translations.tsv`: Japanese title words and their English, longest first.
    pub(crate) title_translations: Vec<(String, String)>,
    /// `honorifics.tsv` (lower case, without the following space).
    pub(crate) honorifics: Vec<String>,
    /// `not_name_kanji.tsv`, as one string.
    pub(crate) not_name_kanji: String,
    /// `not_name_katakana.tsv`.
    pub(crate) not_name_katakana: Vec<String>,
    /// `country_abbreviations.tsv`: (char, gazetteer id).
    pub(crate) country_abbreviations: Vec<(char, String)>,
    /// `abbreviation_stops.tsv`, `before-japan`.
    pub(crate) not_japan_before: String,
    /// `abbreviation_stops.tsv`, `after-one-kanji`.
    pub(crate) one_kanji_next: String,
    /// `abbreviation_stops.tsv`, `before-one-kanji`.
    pub(crate) one_kanji_prev: String,
    /// `sentence_abbreviations.tsv`.
    pub(crate) sentence_abbreviations: Vec<String>,
}

/// The files, by name, as compiled in.
pub(crate) const FILES: &[(&str, &str)] = &[
    (
        "triggers.tsv",
        include_str!("../../data/lexicon/triggers.tsv"),
    ),
    (
        "plan_words.tsv",
        include_str!("../../data/lexicon/plan_words.tsv"),
    ),
    (
        "place_markers.tsv",
        include_str!("../../data/lexicon/place_markers.tsv"),
    ),
    (
        "org_heads.tsv",
        include_str!("../../data/lexicon/org_heads.tsv"),
    ),
    (
        "anaphor_prefixes.tsv",
        include_str!("../../data/lexicon/anaphor_prefixes.tsv"),
    ),
    (
        "document_heads.tsv",
        include_str!("../../data/lexicon/document_heads.tsv"),
    ),
    (
        "series_heads.tsv",
        include_str!("../../data/lexicon/series_heads.tsv"),
    ),
    (
        "session_words.tsv",
        include_str!("../../data/lexicon/session_words.tsv"),
    ),
    (
        "group_heads.tsv",
        include_str!("../../data/lexicon/group_heads.tsv"),
    ),
    (
        "ordinals.tsv",
        include_str!("../../data/lexicon/ordinals.tsv"),
    ),
    ("titles.tsv", include_str!("../../data/lexicon/titles.tsv")),
    (
        "title_translations.tsv",
        include_str!("../../data/lexicon/title_translations.tsv"),
    ),
    (
        "honorifics.tsv",
        include_str!("../../data/lexicon/honorifics.tsv"),
    ),
    (
        "not_name_kanji.tsv",
        include_str!("../../data/lexicon/not_name_kanji.tsv"),
    ),
    (
        "not_name_katakana.tsv",
        include_str!("../../data/lexicon/not_name_katakana.tsv"),
    ),
    (
        "country_abbreviations.tsv",
        include_str!("../../data/lexicon/country_abbreviations.tsv"),
    ),
    (
        "abbreviation_stops.tsv",
        include_str!("../../data/lexicon/abbreviation_stops.tsv"),
    ),
    (
        "sentence_abbreviations.tsv",
        include_str!("../../data/lexicon/sentence_abbreviations.tsv"),
    ),
];

/// The rows of one file: comment lines and the header skipped, cells split at tabs.
pub(crate) fn rows(file: &str) -> impl Iterator<Item = Vec<&str>> {
    file.lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .skip(1)
        .map(|line| line.split('\t').collect())
}

fn file(name: &str) -> &'static str {
    FILES
        .iter()
        .find(|(n, _)| *n == name)
        .map_or("", |(_, text)| text)
}

/// A row's problem, if any (for the test that every row parses).
#[cfg(test)]
pub(crate) fn check_row(name: &str, row: &[&str]) -> Option<String> {
    let expected = file(name)
        .lines()
        .find(|l| !l.starts_with('#'))
        .map_or(1, |header| header.split('\t').count());
    if row.len() != expected {
        return Some(format!("{} columns, expected {expected}", row.len()));
    }
    if row.iter().any(|cell| cell.is_empty()) {
        return Some("empty cell".to_owned());
    }
    let ok = match name {
        "triggers.tsv" => parse_trigger(row[2], row[3]).is_some(),
        "org_heads.tsv" | "series_heads.tsv" | "group_heads.tsv" => {
            EntityType::from_name(row[2]).is_some()
        }
        "ordinals.tsv" => row[1].parse::<u32>().is_ok(),
        "place_markers.tsv" => matches!(row[2], "after" | "before"),
        "abbreviation_stops.tsv" => {
            matches!(
                row[1],
                "before-japan" | "after-one-kanji" | "before-one-kanji"
            )
        }
        _ => true,
    };
    (!ok).then(|| "unknown value".to_owned())
}

fn parse_trigger(kind: &str, strength: &str) -> Option<Trigger> {
    match kind {
        "participation" => Some(Trigger::Participation),
        "host" => Some(Trigger::Host),
        _ => Some(Trigger::Event(
            EventType::from_name(kind)?,
            strength.parse().ok()?,
        )),
    }
}

fn words(name: &str, lang: Option<&str>) -> Vec<String> {
    rows(file(name))
        .filter(|r| lang.is_none_or(|l| r.get(1) == Some(&l)))
        .filter_map(|r| r.first().map(|w| (*w).to_owned()))
        .collect()
}

fn typed(name: &str, lang: &str) -> Vec<(String, EntityType)> {
    rows(file(name))
        .filter(|r| r.len() == 3 && r[1] == lang)
        .filter_map(|r| Some((r[0].to_owned(), EntityType::from_name(r[2])?)))
        .collect()
}

fn chars(name: &str, filter: Option<&str>) -> String {
    rows(file(name))
        .filter(|r| filter.is_none_or(|f| r.get(1) == Some(&f)))
        .filter_map(|r| r.first().and_then(|w| w.chars().next()))
        .collect()
}

impl Lexicon {
    fn parse() -> Self {
        Self {
            triggers: rows(file("triggers.tsv"))
                .filter(|r| r.len() == 4)
                .filter_map(|r| Some((r[0].to_owned(), parse_trigger(r[2], r[3])?)))
                .collect(),
            plan_words: words("plan_words.tsv", None),
            place_markers: rows(file("place_markers.tsv"))
                .filter(|r| r.len() == 3)
                .filter_map(|r| {
                    let side = match r[2] {
                        "after" => Side::After,
                        "before" => Side::Before,
                        _ => return None,
                    };
                    let word = if r[1] == "en" {
                        format!(" {} ", r[0])
                    } else {
                        r[0].to_owned()
                    };
                    Some((word, side))
                })
                .collect(),
            org_heads_ja: typed("org_heads.tsv", "ja"),
            org_heads_en: typed("org_heads.tsv", "en"),
            anaphor_prefixes: chars("anaphor_prefixes.tsv", None),
            document_heads_ja: words("document_heads.tsv", Some("ja")),
            document_heads_en: words("document_heads.tsv", Some("en")),
            series_words_ja: typed("series_heads.tsv", "ja"),
            series_words_en: words("series_heads.tsv", Some("en")),
            session_words: words("session_words.tsv", None),
            group_heads: typed("group_heads.tsv", "ja"),
            ordinals: rows(file("ordinals.tsv"))
                .filter(|r| r.len() == 2)
                .filter_map(|r| Some((r[0].to_owned(), r[1].parse().ok()?)))
                .collect(),
            titles_ja: words("titles.tsv", Some("ja")),
            titles_en: words("titles.tsv", Some("en")),
            title_translations: {
                let mut pairs: Vec<(String, String)> = rows(file("title_translations.tsv"))
                    .filter(|r| r.len() == 2)
                    .map(|r| (r[0].to_owned(), r[1].to_owned()))
                    .collect();
                pairs.sort_by_key(|(ja, _)| std::cmp::Reverse(ja.chars().count()));
                pairs
            },
            honorifics: words("honorifics.tsv", None),
            not_name_kanji: chars("not_name_kanji.tsv", None),
            not_name_katakana: words("not_name_katakana.tsv", None),
            country_abbreviations: rows(file("country_abbreviations.tsv"))
                .filter(|r| r.len() == 2)
                .filter_map(|r| Some((r[0].chars().next()?, r[1].to_owned())))
                .collect(),
            not_japan_before: chars("abbreviation_stops.tsv", Some("before-japan")),
            one_kanji_next: chars("abbreviation_stops.tsv", Some("after-one-kanji")),
            one_kanji_prev: chars("abbreviation_stops.tsv", Some("before-one-kanji")),
            sentence_abbreviations: words("sentence_abbreviations.tsv", None),
        }
    }
}

/// The lexicon, parsed on first use.
pub(crate) fn lexicon() -> &'static Lexicon {
    static LEXICON: LazyLock<Lexicon> = LazyLock::new(Lexicon::parse);
    &LEXICON
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_parses() {
        for (name, text) in FILES {
            assert!(
                text.lines().any(|l| !l.starts_with('#')),
                "{name} has no header"
            );
            for (i, row) in rows(text).enumerate() {
                assert_eq!(check_row(name, &row), None, "{name}: row {} {row:?}", i + 1);
            }
        }
    }

    #[test]
    fn lists_are_loaded() {
        let lexicon = lexicon();
        assert!(
            lexicon
                .triggers
                .iter()
                .any(|(w, t)| w == "開催" && *t == Trigger::Event(EventType::Meeting, 9))
        );
        assert_eq!(lexicon.org_heads_ja[2].0, "小委員会");
        assert!(lexicon.not_japan_before.contains('来'));
        assert!(
            lexicon
                .country_abbreviations
                .contains(&('米', "united-states".to_owned()))
        );
    }
}
