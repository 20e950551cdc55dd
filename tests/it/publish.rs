//! `diplograph publish`: a static linked-data site whose every link resolves to a file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use diplograph::rdf::{Iris, quad_table, to_quads, write_store};
use oxigraph::io::{RdfFormat, RdfParser};

use crate::common::mini;
use crate::net::{chromium_dom, store_dir};

fn publish(store: &Path, out: &Path, extra: &[&str]) -> std::process::Output {
    crate::sandbox::bin()
        .args(["publish", "--store"])
        .arg(store)
        .arg("--out")
        .arg(out)
        .args(extra)
        .output()
        .unwrap()
}

/// The bundled data published once for the tests that only read the site.
fn site() -> &'static Path {
    static SITE: OnceLock<PathBuf> = OnceLock::new();
    SITE.get_or_init(|| {
        let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("publish-it-site");
        let output = publish(
            store_dir(),
            &out,
            &["--sparql-endpoint", "https://query.example.org/sparql"],
        );
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        out
    })
}

fn files(root: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let name = path.strip_prefix(root).unwrap().display().to_string();
                out.insert(name, std::fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(root, root, &mut out);
    out
}

fn hrefs(html: &str) -> Vec<String> {
    html.match_indices("href=\"")
        .map(|(i, m)| {
            let rest = &html[i + m.len()..];
            rest[..rest.find('"').unwrap()].replace("&amp;", "&")
        })
        .collect()
}

#[test]
fn the_site_has_a_page_and_data_per_entity_and_every_link_resolves() {
    let site = site();
    let all = files(site);
    let kg = &crate::common::bundled().graph;
    for entity in kg.entities.keys() {
        for extension in ["html", "ttl", "jsonld"] {
            assert!(
                all.contains_key(&format!("id/{entity}.{extension}")),
                "no id/{entity}.{extension}"
            );
        }
    }
    for doc in kg.documents.keys() {
        assert!(all.contains_key(&format!("doc/{doc}.html")));
    }
    for file in [
        "index.html",
        "entities.html",
        "void.ttl",
        "void.jsonld",
        "dumps/diplograph.nq",
        "dumps/diplograph.ttl",
        "dumps/diplograph.jsonld",
        ".diplograph-site",
    ] {
        assert!(all.contains_key(file), "no {file}");
    }
    let mut checked = 0;
    for (name, bytes) in &all {
        if !name.ends_with(".html") {
            continue;
        }
        let page = String::from_utf8(bytes.clone()).unwrap();
        let dir = site.join(name).parent().unwrap().to_path_buf();
        for href in hrefs(&page) {
            if href.starts_with("http://") || href.starts_with("https://") {
                continue;
            }
            assert!(!href.starts_with('/'), "{name}: absolute link {href}");
            let target = dir.join(href.split('#').next().unwrap());
            assert!(target.is_file(), "{name} links to missing {href}");
            checked += 1;
        }
    }
    assert!(checked > 5_000, "only {checked} links");
    // The data files parse, and the Turtle says what the page says.
    let turtle = RdfParser::from_format(RdfFormat::Turtle)
        .for_slice(&all["id/japan.ttl"])
        .collect::<Result<Vec<_>, _>>()
        .unwrap();
    assert!(turtle.iter().any(|q| q.object.to_string() == "\"日本\"@ja"));
    let jsonld = RdfParser::from_format(RdfFormat::JsonLd {
        profile: oxigraph::io::JsonLdProfileSet::empty(),
    })
    .for_slice(&all["id/japan.jsonld"])
    .collect::<Result<Vec<_>, _>>()
    .unwrap();
    assert_eq!(jsonld.len(), turtle.len());
    let nq = RdfParser::from_format(RdfFormat::NQuads)
        .for_slice(&all["dumps/diplograph.nq"])
        .count();
    let quads = to_quads(kg, &Iris::default());
    let restricted_quotes = quads
        .iter()
        .filter(|q| {
            q.predicate.as_str() == format!("{}evidence", diplograph::rdf::vocab::dg::NS)
                && ["hitachi-", "infocom-"]
                    .iter()
                    .any(|p| q.graph_name.to_string().contains(&format!("/graph/{p}")))
        })
        .count();
    assert!(restricted_quotes > 0);
    assert_eq!(
        nq,
        quads.len() - restricted_quotes,
        "the dump holds the whole graph but the sentences of sources that reserve their rights"
    );
    // The VoID names the hosted dumps and the endpoint given on the command line.
    let void: Vec<(String, String)> = RdfParser::from_format(RdfFormat::Turtle)
        .for_slice(&all["void.ttl"])
        .map(|q| {
            let q = q.unwrap();
            (q.predicate.as_str().to_owned(), q.object.to_string())
        })
        .collect();
    let has =
        |p: &str, o: &str| void.contains(&(format!("http://rdfs.org/ns/void#{p}"), o.to_owned()));
    assert!(has(
        "dataDump",
        "<https://w3id.org/diplograph/dumps/diplograph.jsonld>"
    ));
    assert!(has("sparqlEndpoint", "<https://query.example.org/sparql>"));
    // The home page offers the query form, sent to that endpoint.
    let home = String::from_utf8(all["index.html"].clone()).unwrap();
    assert!(home.contains("<form method=\"get\" action=\"https://query.example.org/sparql\">"));
}

#[test]
fn publishing_is_deterministic_and_replaces_only_its_own_sites() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    write_store(&store, &quad_table(&mini().graph, &Iris::default())).unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    for out in [&a, &b, &a] {
        let output = publish(&store, out, &[]);
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(String::from_utf8_lossy(&output.stderr).contains("published"));
    }
    let (first, second) = (files(&a), files(&b));
    assert!(first.len() > 10);
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    for (name, bytes) in &first {
        assert!(*bytes == second[name], "{name} differs between runs");
    }
    // A directory that publish did not make is never replaced.
    let foreign = dir.path().join("mine");
    std::fs::create_dir(&foreign).unwrap();
    std::fs::write(foreign.join("notes.txt"), "keep me").unwrap();
    let output = publish(&store, &foreign, &[]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("was not made by `diplograph publish`")
    );
    assert_eq!(
        std::fs::read_to_string(foreign.join("notes.txt")).unwrap(),
        "keep me"
    );
}

#[test]
fn chromium_reads_the_static_site_from_files() {
    let page = site().join("id/japan.html");
    let dom = chromium_dom(&format!("file://{}", page.display()));
    assert!(dom.contains(
        "<h1><span lang=\"en\">Japan</span><span class=\"ja\" lang=\"ja\">日本</span></h1>"
    ));
    assert!(dom.contains("<a href=\"../id/united-states.html\">United States</a>"));
    assert!(dom.contains("<ol class=\"timeline\">"));
    let linked = dom
        .match_indices("<a href=\"../doc/")
        .next()
        .map(|(i, m)| {
            let rest = &dom[i + m.len() - "../doc/".len()..];
            rest[..rest.find('"').unwrap()].to_owned()
        })
        .expect("a link to a source document");
    let document = chromium_dom(&format!(
        "file://{}",
        site().join("id").join(&linked).display()
    ));
    assert!(document.contains("<section id=\"provenance\">"));
    assert!(document.contains("Statements read from this document"));
}

#[test]
fn sources_that_reserve_their_rights_are_not_quoted_unless_asked() {
    let doc = "doc/hitachi-2012-japan-uk-cyber.html";
    let graph = "https://w3id.org/diplograph/graph/hitachi-2012-japan-uk-cyber>";
    let evidence = format!("<{}evidence>", diplograph::rdf::vocab::dg::NS);
    let quoted_lines = |nq: &str, graph: &str| {
        nq.lines()
            .filter(|l| l.contains(&evidence) && l.ends_with(&format!("{graph} .")))
            .count()
    };
    // the default site (shared): the rights on the document page and in the VoID, no quotes
    let page = std::fs::read_to_string(site().join(doc)).unwrap();
    assert!(page.contains("All rights reserved"), "{page}");
    assert!(page.contains("not reproduced"), "{page}");
    assert!(!page.contains("<blockquote"), "{page}");
    let void = std::fs::read_to_string(site().join("void.ttl")).unwrap();
    assert!(
        void.contains("All rights reserved by the publisher"),
        "{void}"
    );
    assert!(void.contains("reusable with attribution"), "{void}");
    assert!(void.contains("The licence covers what the diplograph project made"));
    let nq = std::fs::read_to_string(site().join("dumps/diplograph.nq")).unwrap();
    assert_eq!(quoted_lines(&nq, graph), 0);
    // a source that allows reuse is still quoted
    let mofa = "https://w3id.org/diplograph/graph/mofa-2017-japan-us-cyber-dialogue-5>";
    assert!(quoted_lines(&nq, mofa) > 0);
    let ttl = std::fs::read_to_string(site().join("doc/hitachi-2012-japan-uk-cyber.ttl")).unwrap();
    assert!(!ttl.contains("dg:evidence"), "{ttl}");

    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let output = publish(store_dir(), &out, &["--include-restricted-quotes"]);
    assert!(output.status.success(), "{output:?}");
    let page = std::fs::read_to_string(out.join(doc)).unwrap();
    assert!(page.contains("<blockquote"), "{page}");
    let nq = std::fs::read_to_string(out.join("dumps/diplograph.nq")).unwrap();
    assert!(quoted_lines(&nq, graph) > 0);
}

#[test]
fn the_home_page_counts_statements_as_build_does() {
    let kg = &crate::common::bundled().graph;
    let home = std::fs::read_to_string(site().join("index.html")).unwrap();
    let counts = format!(
        "{} statements and {} mentions with their provenance",
        kg.relations.len(),
        kg.mentions.len()
    );
    assert!(home.contains(&counts), "{counts} not in {home}");
}
