//! Every extraction rule, by name. The name is what provenance records (`extract:{name}`,
//! e.g. `extract:pattern-org`) and what a mention's `rule` says, so it never changes once
//! published: a renamed rule would change statement IRIs (they hash what they say and where).
//!
//! (Date rules — `ja-era`, `numeric`, `en-month-name`, `relative-*` — are named in
//! [`super::dates`]; a date is never a statement of its own.)

use std::fmt;

macro_rules! rules {
    ($($(#[$doc:meta])* $variant:ident => $name:literal,)+) => {
        /// An extraction rule. Each variant's doc says what it finds and where it lives.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Rule {
            $($(#[$doc])* $variant,)+
        }

        impl Rule {
            /// Every rule, in declaration order.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant),+];

            /// The name recorded in provenance (`extract:` + this).
            pub fn name(self) -> &'static str {
                match self {
                    $(Rule::$variant => $name),+
                }
            }
        }
    };
}

rules! {
    // --- mentions (src/extract/mentions.rs) ---
    /// A gazetteer alias (Aho-Corasick over the normalised text, longest leftmost; ASCII
    /// aliases at word boundaries, katakana at katakana boundaries, one-kanji country forms not
    /// inside common words, nothing inside URLs).
    Alias => "alias",
    /// A run of one-character state abbreviations (日米, 日中韓; `country_abbreviations.tsv`)
    /// mentions every member state.
    Abbreviation => "abbreviation",
    /// Another occurrence, in the same document, of a provisional name found by a pattern.
    PatternRepeat => "pattern-repeat",
    /// An acronym in brackets right after a new English name (Singapore Cyber Office (SCO),
    /// a Memorandum of Understanding (MOU)) names it in the whole document, before any
    /// gazetteer entity of that acronym.
    BracketAcronym => "bracket-acronym",
    // --- sessions (src/extract/sessions.rs) ---
    /// A series name found in a numbered session (第N回 + new name ending in a series word;
    /// `4th … Dialogue` with no known series), or written with its parties (日仏サイバー協議,
    /// `UK-Singapore Cyber Dialogue`): a provisional series.
    SessionSeries => "session-series",
    /// A numbered session with a date is an event of its own, `partOf` its series.
    Session => "session",
    /// A known series followed by its venue in brackets (…委員会(ワシントンDC)) is a meeting.
    SeriesVenue => "series-venue",
    // --- organisations (src/extract/organisations.rs) ---
    /// A new organisation: a run of name characters ending in a head word (`org_heads.tsv`),
    /// with an ASCII acronym in brackets as a second surface.
    PatternOrg => "pattern-org",
    /// A new English organisation: capitalised words ending in a head word (National Security
    /// Council) or a head word + `of`/`for` + capitalised words (Ministry of Defence).
    PatternOrgEn => "pattern-org-en",
    /// A mission by its pattern: `在シンガポール大使館` (Embassy of Japan in Singapore),
    /// `在日米国大使館` (Embassy of the United States in Japan), named in English.
    PatternMission => "pattern-mission",
    /// A conference named by its city: `ロンドン会議`, `ハーグ会議` (a known city right before
    /// 会議, no name character before it) is an Event entity, not the city.
    PatternPlaceConference => "pattern-place-conference",
    /// A known forum followed by a year (`CyCon 2019`) is that year's edition, an Event
    /// `partOf` the forum.
    YearEdition => "year-edition",
    /// A participation word (attended, 出席) with a known forum right after it (English) or
    /// before it (Japanese), in a dated sentence with no other event: a meeting of the forum
    /// (src/extract/events.rs).
    EventAttendance => "event-attendance",
    // --- documents (src/extract/documents.rs) ---
    /// A quoted title ending in a document head word (「サイバーセキュリティ戦略」,
    /// "International Strategy for Cyberspace"; `document_heads.tsv`): a new Document.
    PatternDocument => "pattern-document",
    /// A new bureau written right after its known ministry (国務省|…局) is `partOf` it.
    PatternOrgParent => "pattern-org-parent",
    // --- people (src/extract/people.rs) ---
    /// A new person: a kanji or katakana name right before a post title, a katakana name with
    /// `・` before a title word, an honorific (Mr./Ms./Dr.) + capitalised words.
    PatternPerson => "pattern-person",
    /// A new person: an English title (`titles.tsv`, en: Ambassador, Minister, Deputy Assistant
    /// Secretary…) followed by two to four capitalised name words (Ambassador Kazuhiko Koshikawa).
    PatternPersonEn => "pattern-person-en",
    /// A new person: two to four capitalised name words right before `, TITLE` (`Maciej
    /// Stadejek, Director for …`); the title as a literal post (`TITLE, ORGANISATION`) and the
    /// organisation's state as the state the person represents (src/extract/appositions.rs).
    AppositionEn => "apposition-en",
    /// An English title written before a new person's name, with a comma and an honorific
    /// between them or not (`NATO Secretary General Jens Stoltenberg`, `Vietnamese Minister of
    /// Public Security, Senior Lieutenant General To Lam`): the title as a literal post (a state
    /// or body written first goes last: `Secretary General of NATO`) and the state written with
    /// it as the state the person represents (src/extract/appositions.rs).
    TitleBeforeNameEn => "title-before-name-en",
    /// A title written with a state (`スリランカ首相`, `Prime Minister of the Democratic
    /// Socialist Republic of Sri Lanka`, `Singapore's Minister …`): the person represents it.
    TitleState => "title-state",
    /// A known post's title with no name (`the Japanese Defense Minister`, `防衛大臣は`), of
    /// a state the title names or the publisher's: the person the gazetteer says held it on
    /// the date of the sentence (else the document's).
    TitleAlone => "title-alone",
    /// A person named after a side of a meeting (`on the Indonesian side`, `the ROK
    /// delegation`, `led for Australia by`, `日本側から`) represents its state.
    Side => "side",
    /// A surname before a known post, resolved through tenures to whoever held it then
    /// (鈴木外務副大臣).
    TitleHolder => "title-holder",
    /// A known person written with a post title (岸田外務大臣, apposition `X, Coordinator …`):
    /// `holdsPost`.
    Title => "title",
    // --- events (src/extract/events.rs, triggers in src/extract/triggers.rs) ---
    /// The strongest trigger word of a sentence with a date (`triggers.tsv`) makes its main
    /// event; signings and statements next to a meeting are events of their own.
    EventTrigger => "event-trigger",
    /// An attributive date phrase ending in a trigger (2017年2月の…会談) is an event.
    EventAttributive => "event-attributive",
    // --- relations (src/extract/relations.rs) ---
    /// An agreement or a document issued at the sentence's meeting: `agreedOn`.
    AgreedOn => "agreed-on",
    /// The states of a sentence set up a group or programme: `established`.
    Established => "established",
    /// The states of a sentence signed a document: `signed`.
    Signed => "signed",
    /// Xに拠出: `contributedTo`.
    ContributedTo => "contributed-to",
    /// X主催の / hosted by X: `hosted`.
    Hosted => "hosted",
    /// Xへの参加 of a programme or document: `joined`.
    Joined => "joined",
    /// Xへの参加 of a forum: `participatedIn`.
    ParticipatedIn => "participated-in",
    /// AとBの間における GROUP: `memberOf`.
    MemberOf => "member-of",
    /// ORGにおける GROUP, FORUMの枠組みにおいて, EVENT … as part of X, a new body in the
    /// bureau it is set up in (X Division in the Foreign Policy Bureau, 局にX室を設置):
    /// `partOf`.
    PartOfFrame => "part-of-frame",
    /// Xを筆頭に, X led the STATE delegation: `represents`.
    HeadOfDelegation => "head-of-delegation",
    /// A chair or head of delegation written with their organisation or known post
    /// (熊谷直樹外務省…大使と…が共同議長を務めました) represents the organisation's state.
    ChairRepresents => "chair-represents",
    /// A body written as part of another in English: `X (ACRONYM) of the Y`, `Y's X`
    /// (the Inter-American Committee against Terrorism of the OAS, the Foreign Ministry's
    /// Unit for …): `partOf`.
    PartOfBodyEn => "part-of-body-en",
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_slugs() {
        let mut names: Vec<&str> = Rule::ALL.iter().map(|r| r.name()).collect();
        assert!(
            names
                .iter()
                .all(|n| n.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'))
        );
        let n = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), n);
    }
}
