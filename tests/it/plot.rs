//! `diplograph plot` on a built store, the same pictures on the pages, and what a browser
//! paints of them (headless Chromium screenshots, decoded and looked at).

use std::io::Read as _;
use std::path::Path;
use std::process::{Command, Output};
use std::time::Duration;

use crate::net::{Served, chromium_flags, get, require, run_bounded, store_dir};
use crate::sandbox::bin;

const BASE: &str = "https://w3id.org/diplograph/";

fn plot(args: &[&str], out: &Path) -> Output {
    bin()
        .arg("plot")
        .arg("--store")
        .arg(store_dir())
        .args(args)
        .arg("-o")
        .arg(out)
        .output()
        .unwrap()
}

fn ok(output: &Output) -> String {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stderr.clone()).unwrap()
}

/// The rows of a SELECT run by the binary, as CSV without the header.
fn select(query: &str) -> Vec<Vec<String>> {
    let output = bin()
        .args(["query", "--format", "csv", "--store"])
        .arg(store_dir())
        .arg(query)
        .output()
        .unwrap();
    let text = ok_stdout(&output);
    csv::Reader::from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

fn ok_stdout(output: &Output) -> String {
    ok(output);
    String::from_utf8(output.stdout.clone()).unwrap()
}

/// The `href`s of an SVG's links.
fn links(svg: &str) -> Vec<String> {
    let mut links: Vec<String> = svg
        .match_indices("<a href=\"")
        .map(|(at, m)| {
            let rest = &svg[at + m.len()..];
            rest[..rest.find('"').unwrap()].to_owned()
        })
        .collect();
    links.sort();
    links
}

#[test]
fn plot_draws_the_neighbourhood_the_store_has() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("cdpwg.svg");
    let stderr = ok(&plot(&["--entity", "cdpwg"], &file));
    let svg = std::fs::read_to_string(&file).unwrap();
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    // The resources with a page linked to the CDPWG either way, by SPARQL; mentions by source
    // documents are not drawn (they are not under id/).
    let expected: Vec<String> = select(&format!(
        "SELECT DISTINCT ?o WHERE {{ {{ id:cdpwg ?p ?o }} UNION {{ ?o ?p id:cdpwg }} \
         FILTER(isIRI(?o) && STRSTARTS(STR(?o), \"{BASE}id/\") && ?o != id:cdpwg) }} ORDER BY ?o"
    ))
    .into_iter()
    .map(|row| row[0].clone())
    .collect();
    assert!(expected.len() > 3, "{expected:?}");
    let mut drawn = links(&svg);
    drawn.retain(|l| l != &format!("{BASE}id/cdpwg"));
    assert_eq!(drawn, expected);
    assert!(
        stderr.contains(&format!(
            "{} of {} neighbours",
            expected.len(),
            expected.len()
        )),
        "{stderr}"
    );
    // The same picture on standard output, byte for byte (the layout is deterministic).
    let again = bin()
        .args([
            "plot",
            "--entity",
            &format!("{BASE}id/cdpwg"),
            "-o",
            "-",
            "--store",
        ])
        .arg(store_dir())
        .output()
        .unwrap();
    assert_eq!(ok_stdout(&again), svg);
}

#[test]
fn plot_draws_the_sessions_of_a_series_on_a_time_axis() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("dialogue.svg");
    ok(&plot(&["--timeline", "id:japan-us-cyber-dialogue"], &file));
    let svg = std::fs::read_to_string(&file).unwrap();
    let sessions = select(
        "SELECT ?s (MIN(?d) AS ?date) WHERE { ?s dg:partOf id:japan-us-cyber-dialogue ; \
         a dg:Event ; dg:date ?d } GROUP BY ?s ORDER BY ?date",
    );
    assert!(sessions.len() >= 2, "{sessions:?}");
    let iris: Vec<String> = sessions.iter().map(|row| row[0].clone()).collect();
    let mut sorted = iris.clone();
    sorted.sort();
    assert_eq!(links(&svg), sorted);
    // Each session's date is written in its row, the rows in date order.
    let mut last = 0;
    for row in &sessions {
        let at = svg
            .find(&format!(">{}</tspan>", row[1]))
            .unwrap_or_else(|| panic!("no date {} in {svg}", row[1]));
        assert!(at > last, "{} out of order", row[1]);
        last = at;
    }
    // Every year from the first session to the last is on the axis.
    let year = |row: &Vec<String>| row[1][..4].parse::<u32>().unwrap();
    for y in year(&sessions[0])..=year(&sessions[sessions.len() - 1]) {
        assert!(svg.contains(&format!(">{y}</text>")), "no {y} on the axis");
    }
}

#[test]
fn plot_says_what_it_cannot_draw() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("x.svg");
    let missing = plot(&["--entity", "no-such-entity"], &file);
    assert_eq!(missing.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&missing.stderr).contains("`no-such-entity` is not in the store")
    );
    let not_a_series = plot(&["--timeline", "japan"], &file);
    assert_eq!(not_a_series.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&not_a_series.stderr).contains("has no dated sessions"));
    assert!(!file.exists());
    let neither = bin().args(["plot", "-o"]).arg(&file).output().unwrap();
    assert_eq!(neither.status.code(), Some(2));
}

/// The picture without its links (`href="…"`): pages link to pages, `plot` to IRIs.
fn without_links(svg: &str) -> String {
    let mut out = String::new();
    let mut rest = svg;
    while let Some(at) = rest.find(" href=\"") {
        out.push_str(&rest[..at]);
        rest = &rest[at + 7..];
        rest = &rest[rest.find('"').unwrap() + 1..];
    }
    out.push_str(rest);
    out
}

/// The `<svg>…</svg>` elements of a page.
fn svgs(html: &str) -> Vec<&str> {
    html.match_indices("<svg ")
        .map(|(at, _)| &html[at..at + html[at..].find("</svg>").unwrap() + 6])
        .collect()
}

#[test]
fn entity_pages_show_the_pictures_plot_draws() {
    let dir = tempfile::tempdir().unwrap();
    let server = Served::start(&[]);
    let (status, _, page) = get(
        &format!("{}/id/japan-us-cyber-dialogue", server.url),
        "text/html",
    );
    assert_eq!(status, 200);
    let pictures = svgs(&page);
    assert_eq!(pictures.len(), 2, "a neighbourhood and a timeline");
    assert!(!page.contains("<script"));
    for (flag, picture) in [("--entity", pictures[0]), ("--timeline", pictures[1])] {
        let file = dir.path().join("p.svg");
        ok(&plot(&[flag, "japan-us-cyber-dialogue"], &file));
        let drawn = std::fs::read_to_string(&file).unwrap();
        assert_eq!(
            without_links(picture),
            without_links(drawn.trim_end()),
            "{flag}"
        );
        // On the page, nodes link to the server's pages.
        assert!(
            links(picture).iter().all(|l| l.starts_with("/id/")),
            "{flag}"
        );
    }
    // A resource linked to nothing with a page gets no picture.
    let (_, _, ontology_less) = get(
        &format!("{}/doc/mofa-2023-cyber-diplomacy", server.url),
        "text/html",
    );
    assert!(svgs(&ontology_less).is_empty());
}

/// Decode an 8-bit, non-interlaced RGB or RGBA PNG (what Chromium writes): width, height and
/// the RGB of every pixel.
fn png_pixels(png: &[u8]) -> (usize, usize, Vec<[u8; 3]>) {
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as usize;
    let (mut width, mut height, mut channels) = (0, 0, 0);
    let mut compressed = Vec::new();
    let mut at = 8;
    while at + 8 <= png.len() {
        let length = be(&png[at..]);
        let data = &png[at + 8..at + 8 + length];
        match &png[at + 4..at + 8] {
            b"IHDR" => {
                width = be(data);
                height = be(&data[4..]);
                assert_eq!(data[8], 8, "bit depth");
                channels = match data[9] {
                    2 => 3,
                    6 => 4,
                    other => panic!("colour type {other}"),
                };
                assert_eq!(data[12], 0, "interlaced");
            }
            b"IDAT" => compressed.extend_from_slice(data),
            b"IEND" => break,
            _ => {}
        }
        at += 12 + length;
    }
    let mut raw = Vec::new();
    flate2::read::ZlibDecoder::new(&compressed[..])
        .read_to_end(&mut raw)
        .unwrap();
    let stride = width * channels;
    assert_eq!(raw.len(), height * (stride + 1));
    let mut previous = vec![0u8; stride];
    let mut pixels = Vec::with_capacity(width * height);
    for row in raw.chunks(stride + 1) {
        let mut line = row[1..].to_vec();
        for i in 0..stride {
            let a = if i >= channels { line[i - channels] } else { 0 };
            let b = previous[i];
            let c = if i >= channels {
                previous[i - channels]
            } else {
                0
            };
            let predicted = match row[0] {
                0 => 0,
                1 => a,
                2 => b,
                3 => ((u16::from(a) + u16::from(b)) / 2) as u8,
                4 => {
                    let p = i16::from(a) + i16::from(b) - i16::from(c);
                    let (pa, pb, pc) = (
                        (p - i16::from(a)).abs(),
                        (p - i16::from(b)).abs(),
                        (p - i16::from(c)).abs(),
                    );
                    if pa <= pb && pa <= pc {
                        a
                    } else if pb <= pc {
                        b
                    } else {
                        c
                    }
                }
                other => panic!("filter {other}"),
            };
            line[i] = line[i].wrapping_add(predicted);
        }
        pixels.extend(line.chunks(channels).map(|p| [p[0], p[1], p[2]]));
        previous = line;
    }
    (width, height, pixels)
}

/// Screenshot `url` in a window of `size` with headless Chromium and decode the PNG.
fn screenshot(url: &str, size: (usize, usize)) -> (usize, usize, Vec<[u8; 3]>, usize) {
    require("chromium", "--version", "the Debian package `chromium`");
    let dir = tempfile::tempdir().unwrap();
    let shot = dir.path().join("shot.png");
    let (ok, _, err) = run_bounded(
        Command::new("chromium")
            .args(chromium_flags(&dir.path().join("profile")))
            .arg(format!("--window-size={},{}", size.0, size.1))
            .arg("--hide-scrollbars")
            .arg(format!("--screenshot={}", shot.display()))
            .arg(url),
        Duration::from_secs(90),
    );
    assert!(ok, "chromium failed on {url}: {err}");
    let png = std::fs::read(&shot).unwrap();
    let (width, height, pixels) = png_pixels(&png);
    (width, height, pixels, png.len())
}

fn hex(colour: &str) -> [u8; 3] {
    let byte = |i: usize| u8::from_str_radix(&colour[i..i + 2], 16).unwrap();
    [byte(1), byte(3), byte(5)]
}

/// What a painted picture must look like: the window's size, mostly white background, and
/// some pixels of each of `colours` (node and marker fills, painted unblended inside shapes).
/// Chromium writes the screenshot however it likes; this decodes it rather than trusting its
/// size, so a blank or one-colour image fails.
fn assert_painted(
    what: &str,
    size: (usize, usize),
    shot: (usize, usize, Vec<[u8; 3]>, usize),
    colours: &[&str],
) {
    let (width, height, pixels, bytes) = shot;
    assert_eq!((width, height), size, "{what}");
    let white = pixels.iter().filter(|p| **p == [255, 255, 255]).count();
    let inked = pixels.len() - white;
    assert!(
        inked * 200 > pixels.len() && white * 2 > pixels.len(),
        "{what}: {inked} of {} pixels painted ({bytes} bytes of PNG)",
        pixels.len()
    );
    let mut distinct: Vec<[u8; 3]> = pixels.clone();
    distinct.sort_unstable();
    distinct.dedup();
    assert!(distinct.len() > 20, "{what}: {} colours", distinct.len());
    for colour in colours {
        let want = hex(colour);
        // within 2 per channel: a colour-managed Chromium may shift the fills slightly
        let near = |p: &[u8; 3]| p.iter().zip(want).all(|(a, b)| a.abs_diff(b) <= 2);
        let count = pixels.iter().filter(|p| near(p)).count();
        assert!(count >= 20, "{what}: {count} pixels of {colour}");
    }
}

#[test]
fn chromium_paints_the_pictures() {
    let dir = tempfile::tempdir().unwrap();
    let neighbourhood = dir.path().join("cdpwg.svg");
    ok(&plot(&["--entity", "cdpwg"], &neighbourhood));
    // WorkingGroup (the centre), State, Event: the colours of the legend.
    let window = (800, 600);
    assert_painted(
        "neighbourhood",
        window,
        screenshot(&format!("file://{}", neighbourhood.display()), window),
        &["#e15759", "#4e79a7", "#edc948"],
    );
    let timeline = dir.path().join("dialogue.svg");
    ok(&plot(&["--timeline", "japan-us-cyber-dialogue"], &timeline));
    assert_painted(
        "timeline",
        window,
        screenshot(&format!("file://{}", timeline.display()), window),
        &["#0b5cad"],
    );
    // A blank page paints nothing: the checks above can fail.
    let blank = dir.path().join("blank.svg");
    std::fs::write(
        &blank,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"800\" height=\"600\"/>",
    )
    .unwrap();
    let (_, _, pixels, _) = screenshot(&format!("file://{}", blank.display()), window);
    assert!(pixels.iter().all(|p| *p == [255, 255, 255]));
    // The served page shows them too (below the facts: a tall window).
    let server = Served::start(&[]);
    let tall = (800, 1600);
    assert_painted(
        "page",
        tall,
        screenshot(&format!("{}/id/japan-us-cyber-dialogue", server.url), tall),
        &["#b07aa1", "#edc948", "#0b5cad"],
    );
}
