//! Content negotiation: pick the representation a client prefers from an `Accept` header.
//!
//! Media ranges are matched by specificity (`text/turtle` before `text/*` before `*/*`) and
//! ranked by their `q` value; parameters other than `q` are ignored; ties go to the server's
//! order of preference (the order of the offers). A missing or empty header accepts anything.

/// One media range of an `Accept` header.
#[derive(Debug, Clone, PartialEq, Eq)]
struct MediaRange {
    kind: String,
    subtype: String,
    /// Quality in thousandths (0..=1000).
    quality: u16,
}

fn parse_quality(text: &str) -> u16 {
    let text = text.trim();
    let value: f64 = text.parse().unwrap_or(1.0);
    // Clamped to 0..=1000 before the cast, so the cast cannot truncate.
    (value.clamp(0.0, 1.0) * 1000.0).round() as u16
}

fn parse_accept(header: &str) -> Vec<MediaRange> {
    let mut ranges = Vec::new();
    for item in header.split(',') {
        let mut parts = item.split(';');
        let media = parts.next().unwrap_or("").trim().to_ascii_lowercase();
        let Some((kind, subtype)) = media.split_once('/') else {
            continue;
        };
        let mut quality = 1000;
        for parameter in parts {
            if let Some((name, value)) = parameter.split_once('=')
                && name.trim().eq_ignore_ascii_case("q")
            {
                quality = parse_quality(value);
            }
        }
        ranges.push(MediaRange {
            kind: kind.trim().to_owned(),
            subtype: subtype.trim().to_owned(),
            quality,
        });
    }
    ranges
}

/// The quality a client gives to `media_type` (`type/subtype`), from its most specific
/// matching range; `None` when no range matches.
fn quality_of(ranges: &[MediaRange], media_type: &str) -> Option<u16> {
    let (kind, subtype) = media_type.split_once('/')?;
    ranges
        .iter()
        .filter_map(|range| {
            let specificity = if range.kind == kind && range.subtype == subtype {
                2
            } else if range.kind == kind && range.subtype == "*" {
                1
            } else if range.kind == "*" && range.subtype == "*" {
                0
            } else {
                return None;
            };
            Some((specificity, range.quality))
        })
        .max_by_key(|(specificity, _)| *specificity)
        .map(|(_, quality)| quality)
}

/// The offer the client prefers, given as `(media type, value)` pairs in the server's order
/// of preference; `None` when the client accepts none of them.
pub(crate) fn best<T: Copy>(accept: Option<&str>, offers: &[(&str, T)]) -> Option<T> {
    let ranges = match accept {
        Some(header) if !header.trim().is_empty() => parse_accept(header),
        _ => return offers.first().map(|(_, value)| *value),
    };
    if ranges.is_empty() {
        return offers.first().map(|(_, value)| *value);
    }
    let mut best: Option<(u16, T)> = None;
    for (media_type, value) in offers {
        if let Some(quality) = quality_of(&ranges, media_type)
            && quality > 0
            && best.is_none_or(|(q, _)| quality > q)
        {
            best = Some((quality, *value));
        }
    }
    best.map(|(_, value)| value)
}

#[cfg(test)]
mod tests {
    use super::*;

    const OFFERS: &[(&str, u8)] = &[
        ("text/html", 0),
        ("text/turtle", 1),
        ("application/ld+json", 2),
    ];

    #[test]
    fn no_header_takes_the_first_offer() {
        assert_eq!(best(None, OFFERS), Some(0));
        assert_eq!(best(Some(""), OFFERS), Some(0));
        assert_eq!(best(Some("*/*"), OFFERS), Some(0));
    }

    #[test]
    fn exact_types_and_quality_values_win() {
        assert_eq!(best(Some("text/turtle"), OFFERS), Some(1));
        assert_eq!(
            best(Some("text/html;q=0.5, application/ld+json"), OFFERS),
            Some(2)
        );
        assert_eq!(
            best(Some("text/*;q=0.3, text/turtle;q=0.9"), OFFERS),
            Some(1)
        );
        // A browser.
        assert_eq!(
            best(
                Some("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"),
                OFFERS
            ),
            Some(0)
        );
    }

    #[test]
    fn refused_and_unknown_types_are_not_chosen() {
        assert_eq!(best(Some("image/png"), OFFERS), None);
        assert_eq!(best(Some("text/turtle;q=0, */*;q=0"), OFFERS), None);
        assert_eq!(best(Some("*/*, text/html;q=0"), OFFERS), Some(1));
    }
}
