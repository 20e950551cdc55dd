//! Known publishers by web domain: `sites.tsv`, compiled in.

/// One row of `sites.tsv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Site {
    /// The domain: hosts equal to it or ending in `.{domain}` match.
    pub domain: &'static str,
    /// Short name for reports and document ids (`MOFA`).
    pub short: &'static str,
    /// The publisher, as written in the front matter.
    pub publisher: &'static str,
    /// The reuse terms.
    pub rights: &'static str,
}

/// The table as shipped (`src/ingest/sites.tsv`).
pub const SITES_TSV: &str = include_str!("sites.tsv");

/// Every row of the table.
pub fn sites() -> Vec<Site> {
    SITES_TSV
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .skip(1)
        .filter_map(|line| {
            let mut cells = line.split('\t');
            Some(Site {
                domain: cells.next()?.trim(),
                short: cells.next()?.trim(),
                publisher: cells.next()?.trim(),
                rights: cells.next()?.trim(),
            })
        })
        .collect()
}

/// The host of an `http(s)://` URL, lowercased, without `www.` or a port.
pub fn host(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let host = host.split(':').next()?.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_owned();
    (!host.is_empty()).then_some(host)
}

/// The site of a URL: the longest domain of the table the host falls under.
pub fn site_of(url: &str) -> Option<Site> {
    let host = host(url)?;
    sites()
        .into_iter()
        .filter(|s| host == s.domain || host.ends_with(&format!(".{}", s.domain)))
        .max_by_key(|s| s.domain.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_parses_and_longest_domain_wins() {
        assert!(sites().len() >= 25);
        assert!(
            sites()
                .iter()
                .all(|s| !s.rights.is_empty() && !s.short.is_empty())
        );
        assert_eq!(
            site_of("https://www.mofa.go.jp/mofaj/press/x.html")
                .unwrap()
                .short,
            "MOFA"
        );
        assert_eq!(
            site_of("https://www.eeas.europa.eu/x").unwrap().short,
            "EEAS"
        );
        assert_eq!(site_of("https://europa.eu/x").unwrap().short, "EU");
        assert_eq!(
            site_of("https://2017-2021.state.gov:443/x").unwrap().short,
            "State"
        );
        assert!(site_of("https://notmofa.go.jp.example.com/").is_none());
        assert!(site_of("https://example.com/").is_none());
    }
}
