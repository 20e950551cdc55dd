//! Plain-text tables line up when cells hold Japanese text (issue 18 item 9).

use diplograph::text::columns;

use crate::net::store_dir;
use crate::sandbox::bin;

#[test]
fn query_table_aligns_a_japanese_label_column() {
    let output = bin()
        .args(["query", "--format", "table", "--store"])
        .arg(store_dir())
        .arg(
            "SELECT DISTINCT ?ja ?en WHERE { ?g a dg:WorkingGroup ; rdfs:label ?ja , ?en \
             FILTER(lang(?ja) = \"ja\" && lang(?en) = \"en\") } ORDER BY ?en",
        )
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let table = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = table.lines().collect();
    let rows = &lines[2..lines.len() - 1];
    assert!(rows.len() >= 3, "{table}");
    assert!(
        rows.iter()
            .any(|r| r.chars().any(|c| ('\u{3040}'..='\u{9fff}').contains(&c))),
        "no Japanese label in {table}"
    );
    // The first column is as wide as its widest label, in display columns; every separator
    // sits at that column.
    let widest = rows
        .iter()
        .map(|r| columns(r.split(" | ").next().unwrap().trim_end()))
        .max()
        .unwrap();
    for line in std::iter::once(&lines[0]).chain(rows) {
        let at = line
            .find(" | ")
            .unwrap_or_else(|| panic!("no separator: {line}"));
        assert_eq!(columns(&line[..at]), widest, "{table}");
    }
    assert_eq!(columns(&lines[1][..lines[1].find("-+-").unwrap()]), widest);
}
