//! `diplograph add`, `extract` on files without a header, and `curate`: the real binary on
//! saved pages and PDFs, in a temporary data directory (never the repository's `data/`).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use super::common::{data_dir, root};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_diplograph"))
}

fn run(cmd: &mut Command) -> Output {
    cmd.output().expect("the binary runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn fixtures() -> PathBuf {
    root().join("tests/fixtures/ingest")
}

/// A data directory with the bundled gazetteer and an empty corpus.
fn data(dir: &Path) -> PathBuf {
    let data = dir.join("data");
    std::fs::create_dir_all(data.join("gazetteer")).unwrap();
    std::fs::create_dir_all(data.join("corpus")).unwrap();
    for name in ["entities.csv", "posts.csv", "tenures.csv"] {
        std::fs::copy(
            data_dir().join("gazetteer").join(name),
            data.join("gazetteer").join(name),
        )
        .unwrap();
    }
    data
}

/// A PDF written by hand: one page per entry, Helvetica, one text line per string.
fn english_pdf(pages: &[&[&str]]) -> Vec<u8> {
    let mut objects: Vec<String> = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        String::new(), // pages, below
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
            .to_owned(),
    ];
    let mut kids = Vec::new();
    for lines in pages {
        let mut content = String::from("BT /F1 11 Tf 14 TL 60 780 Td\n");
        for line in *lines {
            let escaped = line
                .replace('\\', "\\\\")
                .replace('(', "\\(")
                .replace(')', "\\)");
            content.push_str(&format!("({escaped}) Tj T*\n"));
        }
        content.push_str("ET");
        objects.push(format!(
            "<< /Length {} >>\nstream\n{content}\nendstream",
            content.len()
        ));
        let content_id = objects.len();
        objects.push(format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents {content_id} 0 R >>"
        ));
        kids.push(format!("{} 0 R", objects.len()));
    }
    objects[1] = format!(
        "<< /Type /Pages /Kids [{}] /Count {} >>",
        kids.join(" "),
        kids.len()
    );
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n{object}\nendobj\n", i + 1).as_bytes());
    }
    let xref = pdf.len();
    pdf.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for offset in offsets {
        pdf.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    pdf.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    pdf
}

/// The fixtures plus an English PDF, in one folder.
fn inbox(dir: &Path) -> PathBuf {
    let inbox = dir.join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    for name in [
        "mofa-ja-sjis.html",
        "mofa-en.html",
        "state-gov.html",
        "eu-press.html",
        "mod-ja.pdf",
    ] {
        std::fs::copy(fixtures().join(name), inbox.join(name)).unwrap();
    }
    let pdf = english_pdf(&[
        &[
            "Japan-UK Cyber Dialogue: Joint Statement",
            "London, 12 October 2016",
            "Foreign, Commonwealth & Development Office",
            "The fourth Japan-UK Cyber Dialogue was held in London. Japan and the United",
            "Kingdom reaffirmed their cooperation at the United Nations.",
        ],
        &[
            "Both sides will meet again in Tokyo.",
            "https://www.gov.uk/government/news/japan-uk-cyber-dialogue",
        ],
    ]);
    std::fs::write(inbox.join("uk-statement.pdf"), pdf).unwrap();
    inbox
}

fn add(data: &Path, paths: &[&Path], extra: &[&str]) -> Output {
    run(bin()
        .arg("add")
        .args(paths)
        .arg("--data")
        .arg(data)
        .args(extra))
}

fn build(dir: &Path, data: &Path) -> String {
    let output = run(bin()
        .arg("build")
        .arg("--data")
        .arg(data)
        .arg("--store")
        .arg(dir.join("out/store"))
        .arg("--out")
        .arg(dir.join("out"))
        .args(["--formats", "turtle"]));
    assert!(output.status.success(), "{}", stderr(&output));
    stderr(&output)
}

fn query(dir: &Path, sparql: &str) -> String {
    let output = run(bin()
        .args(["query", "--format", "csv", "--store"])
        .arg(dir.join("out/store"))
        .arg(sparql));
    assert!(output.status.success(), "{}", stderr(&output));
    String::from_utf8_lossy(&output.stdout).replace('\r', "")
}

fn corpus_file(data: &Path, id: &str) -> String {
    std::fs::read_to_string(data.join("corpus").join(format!("{id}.txt"))).unwrap()
}

#[test]
fn ingest_add_infers_the_front_matter_of_pages_and_pdfs() {
    let dir = tempfile::tempdir().unwrap();
    let data = data(dir.path());
    let inbox = inbox(dir.path());
    let output = add(&data, &[&inbox], &[]);
    let err = stderr(&output);
    assert!(output.status.success(), "{err}");
    assert!(
        err.contains("6 added, 0 updated, 0 unchanged, 0 failed"),
        "{err}"
    );
    assert!(
        err.contains(r#"mofa-2019-press4-007123.txt: title "第7回日英サイバー協議の開催" (h1), date 2019-02-27 (dateline), lang ja (html lang), publisher MOFA (domain)"#),
        "{err}"
    );
    assert!(err.contains("Shift_JIS"), "{err}");

    // MOFA, Shift_JIS: the era dateline, the saved-from address, no navigation
    let ja = corpus_file(&data, "mofa-2019-press4-007123");
    for line in [
        "title: 第7回日英サイバー協議の開催",
        "publisher: Ministry of Foreign Affairs of Japan (外務省)",
        "source: https://www.mofa.go.jp/mofaj/press/release/press4_007123.html",
        "date: 2019-02-27",
        "language: ja",
        "rights: Japanese Government Standard Terms of Use",
        "original_file: mofa-ja-sjis.html",
        "2月27日、東京において、第7回日英サイバー協議が開催されました。",
    ] {
        assert!(ja.contains(line), "{line} in\n{ja}");
    }
    for furniture in [
        "トップページ",
        "本文へ",
        "外交政策",
        "Copyright",
        "関連リンク",
        "検索",
        "gnav",
    ] {
        assert!(!ja.contains(furniture), "{furniture} in\n{ja}");
    }

    // MOFA English, UTF-8: og:title, the canonical link, the English dateline
    let en = corpus_file(
        &data,
        "mofa-2023-the-fourth-japan-australia-cyber-policy-dialogue",
    );
    assert!(
        en.contains("title: The Fourth Japan-Australia Cyber Policy Dialogue\n"),
        "{en}"
    );
    assert!(en.contains("source: https://www.mofa.go.jp/press/release/press4e_003401.html\n"));
    assert!(en.contains("date: 2023-09-15\n") && en.contains("language: en\n"));
    assert!(
        !en.contains("Skip to main content") && !en.contains("Legal Matters"),
        "{en}"
    );

    // State: site suffix trimmed from og:title, date from article:published_time
    let state = corpus_file(
        &data,
        "state-2015-joint-statement-on-the-u-s-japan-cyber-dialogue",
    );
    assert!(
        state.contains("title: Joint Statement on the U.S.-Japan Cyber Dialogue\n"),
        "{state}"
    );
    assert!(state.contains("date: 2015-07-24\n") && state.contains("public domain"));
    assert!(
        !state.contains("Share on") && !state.contains("Privacy Policy"),
        "{state}"
    );

    // Council of the EU: day-first numeric dateline, og:url, EU reuse terms
    let eu = corpus_file(
        &data,
        "council-2019-eu-japan-cyber-dialogue-joint-press-release",
    );
    assert!(eu.contains("date: 2019-02-27\n") && eu.contains("reuse authorised with attribution"));
    assert!(
        !eu.contains("cookies") && !eu.contains("Rue de la Loi"),
        "{eu}"
    );

    // PDFs: the text of both pages, lines broken inside a sentence joined again
    let mod_ja = corpus_file(&data, "mod-2023-mod-ja");
    assert!(mod_ja.contains("date: 2023-09-15\n") && mod_ja.contains("language: ja\n"));
    assert!(
        mod_ja.contains("publisher: Ministry of Defense of Japan (防衛省)\n"),
        "{mod_ja}"
    );
    assert!(
        mod_ja.contains("日米サイバー防衛政策ワーキンググループ(CDPWG)第8回会合が開催されました。"),
        "{mod_ja}"
    );
    assert!(
        mod_ja.contains("3 次回会合は東京で開催する予定です。"),
        "{mod_ja}"
    );
    let uk = corpus_file(&data, "ukgov-2016-japan-uk-cyber-dialogue-joint-statement");
    assert!(uk.contains("date: 2016-10-12\n") && uk.contains("Open Government Licence v3.0"));
    assert!(
        uk.contains("Japan and the United Kingdom reaffirmed"),
        "{uk}"
    );
    assert!(uk.contains("Both sides will meet again in Tokyo."), "{uk}");
}

#[test]
fn ingest_round_trip_add_build_query_and_re_add_updates() {
    let dir = tempfile::tempdir().unwrap();
    let data = data(dir.path());
    let inbox = inbox(dir.path());
    assert!(add(&data, &[&inbox], &[]).status.success());
    let built = build(dir.path(), &data);
    assert!(built.contains("built 6 documents"), "{built}");
    let mentioned = query(
        dir.path(),
        "SELECT DISTINCT ?e WHERE { GRAPH <https://w3id.org/diplograph/graph/mofa-2019-press4-007123> { ?d dg:mentions ?e } } ORDER BY ?e",
    );
    for id in [
        "japan-uk-cyber-consultations",
        "united-kingdom",
        "tokyo",
        "un-gge",
        "arf",
    ] {
        assert!(
            mentioned.contains(&format!("/id/{id}\n")),
            "{id} in {mentioned}"
        );
    }
    let mentioned = query(
        dir.path(),
        "SELECT DISTINCT ?e WHERE { GRAPH <https://w3id.org/diplograph/graph/mod-2023-mod-ja> { ?d dg:mentions ?e } }",
    );
    assert!(mentioned.contains("/id/cdpwg\n"), "{mentioned}");

    // the same page again, its text changed: the file is updated, not duplicated
    let page = inbox.join("state-gov.html");
    let html = std::fs::read_to_string(&page).unwrap();
    std::fs::write(
        &page,
        html.replace("led the delegations.", "led the two delegations."),
    )
    .unwrap();
    let output = add(&data, &[&page], &[]);
    let err = stderr(&output);
    assert!(err.contains("0 added, 1 updated, 0 unchanged"), "{err}");
    assert_eq!(std::fs::read_dir(data.join("corpus")).unwrap().count(), 6);
    let rebuilt = build(dir.path(), &data);
    assert!(
        rebuilt.contains("store updated: 1 documents extracted, 5 reused from the cache"),
        "{rebuilt}"
    );
    let output = add(&data, &[&page], &[]);
    assert!(stderr(&output).contains("0 added, 0 updated, 1 unchanged"));
}

#[test]
fn ingest_add_without_a_known_publisher_names_the_file_and_the_option() {
    let dir = tempfile::tempdir().unwrap();
    let data = data(dir.path());
    let page = dir.path().join("think-tank.html");
    std::fs::write(
        &page,
        "<html><head><title>Cyber norms</title><link rel=canonical href=\"https://example.org/cyber\"></head><body><h1>Cyber norms</h1><p>3 May 2021</p><p>Japan and Estonia met.</p></body></html>",
    )
    .unwrap();
    let output = add(&data, &[&page], &[]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(
        err.contains("think-tank.html") && err.contains("--publisher"),
        "{err}"
    );
    assert_eq!(std::fs::read_dir(data.join("corpus")).unwrap().count(), 0);

    let output = add(
        &data,
        &[&page],
        &["--publisher", "Example Institute", "--lang", "en"],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let doc = corpus_file(&data, "2021-cyber-norms");
    assert!(doc.contains("publisher: Example Institute\n") && doc.contains("rights: unknown\n"));
}

#[test]
fn ingest_extract_reads_pages_and_text_without_front_matter() {
    let dir = tempfile::tempdir().unwrap();
    let output = run(bin()
        .arg("extract")
        .arg(fixtures().join("mofa-ja-sjis.html"))
        .arg("--data")
        .arg(data_dir()));
    assert!(output.status.success(), "{}", stderr(&output));
    let json = String::from_utf8_lossy(&output.stdout);
    assert!(json.contains("日英サイバー協議"), "{json}");

    // pasted text in EUC-JP without any date: a diagnostic, not a failure
    let text = dir.path().join("pasted.txt");
    let (bytes, _, _) = encoding_rs::EUC_JP.encode("本年、日英サイバー協議が東京で開催された。\n");
    std::fs::write(&text, &bytes).unwrap();
    let output = run(bin()
        .arg("extract")
        .arg(&text)
        .arg("--data")
        .arg(data_dir()));
    let err = stderr(&output);
    assert!(output.status.success(), "{err}");
    assert!(
        err.contains("no date found in the document") && err.contains("--date"),
        "{err}"
    );
    let output = run(bin()
        .arg("extract")
        .arg(&text)
        .args(["--date", "2019-02-27", "--lang", "ja", "--data"])
        .arg(data_dir()));
    let err = stderr(&output);
    assert!(
        output.status.success() && !err.contains("no date found"),
        "{err}"
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("2019"));
}

#[test]
fn ingest_curate_accept_build_links_a_provisional_entity() {
    let dir = tempfile::tempdir().unwrap();
    let data = data(dir.path());
    let page = fixtures().join("mofa-ja-sjis.html");
    assert!(add(&data, &[&page], &[]).status.success());
    build(dir.path(), &data);
    let review = dir.path().join("review.csv");
    let curate = |extra: &[&str]| {
        run(bin()
            .arg("curate")
            .arg("--data")
            .arg(&data)
            .arg("--store")
            .arg(dir.path().join("out/store"))
            .arg("-o")
            .arg(&review)
            .args(extra))
    };
    let output = curate(&[]);
    let err = stderr(&output);
    assert!(output.status.success(), "{err}");
    assert!(err.contains("Official  ヘンリー・ウィルキンソン"), "{err}");
    let rows = std::fs::read_to_string(&review).unwrap();
    assert!(rows.starts_with("id,type,label_en,label_ja,"), "{rows}");
    let row = rows
        .lines()
        .find(|l| l.contains("ヘンリー・ウィルキンソン"))
        .unwrap()
        .to_owned();
    // only Japanese is known: label_en is left for the analyst, with the evidence sentence
    assert!(
        row.contains(",Official,,ヘンリー・ウィルキンソン,"),
        "{row}"
    );
    assert!(
        row.contains("fill in label_en") && row.contains("出席しました。"),
        "{row}"
    );
    let entities = data.join("gazetteer/entities.csv");
    let before = std::fs::read(&entities).unwrap();

    // not reviewed yet: the empty English name is an error naming file and line, nothing written
    let output = run(bin()
        .arg("curate")
        .arg("--data")
        .arg(&data)
        .arg("--accept")
        .arg(&review));
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(err.contains("review.csv:2: empty `label_en`"), "{err}");
    assert_eq!(std::fs::read(&entities).unwrap(), before);

    let id = row.split(',').next().unwrap();
    let reviewed = format!(
        "{}\n{}\n",
        rows.lines().next().unwrap(),
        row.replacen(
            &format!("{id},Official,,"),
            "henry-wilkinson,Official,Henry Wilkinson,",
            1
        )
    );
    std::fs::write(&review, reviewed).unwrap();
    let output = run(bin()
        .arg("curate")
        .arg("--data")
        .arg(&data)
        .arg("--accept")
        .arg(&review));
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        std::fs::read_to_string(&entities)
            .unwrap()
            .contains("\nhenry-wilkinson,Official,Henry Wilkinson,ヘンリー・ウィルキンソン,")
    );
    build(dir.path(), &data);
    let linked = query(
        dir.path(),
        "SELECT ?d WHERE { ?d dg:mentions id:henry-wilkinson . FILTER NOT EXISTS { id:henry-wilkinson dg:provisional true } }",
    );
    assert!(linked.lines().count() > 1, "{linked}");
    let output = curate(&[]);
    assert!(!stderr(&output).contains("ヘンリー"), "{}", stderr(&output));
}

#[test]
fn ingest_accept_rejects_bad_rows_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let data = data(dir.path());
    let entities = data.join("gazetteer/entities.csv");
    let before = std::fs::read(&entities).unwrap();
    let review = dir.path().join("review.csv");
    std::fs::write(
        &review,
        "id,type,label_en,label_ja,aliases_ja\n\
         japan,State,Japan Again,,\n\
         new-one,Person,New One,,\n\
         other,Official,Other,,米国\n\
         other,Official,Other Two,,\n\
         Bad Slug,Official,Bad,,\n",
    )
    .unwrap();
    let output = run(bin()
        .arg("curate")
        .arg("--data")
        .arg(&data)
        .arg("--accept")
        .arg(&review));
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    for expected in [
        "review.csv:2: duplicate id `japan`",
        "review.csv:3: bad type `Person`",
        "review.csv:4: name `米国` clashes with `united-states`",
        "review.csv:5: duplicate id `other` (also on line 4)",
        "review.csv:6: invalid id `Bad Slug`",
    ] {
        assert!(err.contains(expected), "{expected} in\n{err}");
    }
    assert_eq!(std::fs::read(&entities).unwrap(), before);
}
