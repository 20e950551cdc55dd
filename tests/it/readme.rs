//! The README's console blocks are what the program prints: every block whose commands are
//! all `diplograph …` (or `cargo run … -- …`) of the subcommands below, or `echo`, runs in order
//! in one temporary directory (with `data/`, `examples/` and `ontology/` linked from the
//! repository, as in a fresh clone), and its output must match the block.
//!
//! Matching: standard error and standard output together, line by line, after replacing every
//! duration (`5.84s`, `0.10s`) with `[T]`; a line that is only `…` or `...` in the README stands
//! for any number of lines. Blocks with other commands (servers, curl, benchmarks, `cargo
//! test`) are not run.

use std::path::Path;
use std::process::Command;

use crate::common::root;

/// Subcommands whose README examples are checked.
const CHECKED: &[&str] = &[
    "build",
    "query",
    "export",
    "stats",
    "check",
    "synth",
    "publish",
    "plot",
    "extract",
    "eval",
    "--version",
];

/// A console block: its commands with the lines each should print.
struct Block {
    line: usize,
    commands: Vec<(String, Vec<String>)>,
}

fn console_blocks(readme: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut current: Option<Block> = None;
    for (i, line) in readme.lines().enumerate() {
        match &mut current {
            None if line.trim_end() == "```console" => {
                current = Some(Block {
                    line: i + 1,
                    commands: Vec::new(),
                })
            }
            None => {}
            Some(_) if line.starts_with("```") => blocks.extend(current.take()),
            Some(block) => match line.strip_prefix("$ ") {
                Some(command) => block.commands.push((command.to_owned(), Vec::new())),
                None => {
                    if let Some((_, lines)) = block.commands.last_mut() {
                        lines.push(line.to_owned());
                    }
                }
            },
        }
    }
    blocks
}

/// The shell command to run for a README command, or `None` when the block is not checked.
fn runnable(command: &str, bin: &str) -> Option<String> {
    // drop a trailing comment
    let command = match command.find("  #") {
        Some(at) => command[..at].trim_end(),
        None => command,
    };
    if command.starts_with("echo ") {
        return Some(command.to_owned());
    }
    let rest = if let Some(rest) = command.strip_prefix("diplograph ") {
        rest
    } else if command.starts_with("cargo run") {
        command.split_once(" -- ")?.1
    } else {
        return None;
    };
    let subcommand = rest.split_whitespace().next()?;
    CHECKED
        .contains(&subcommand)
        .then(|| format!("'{bin}' {rest}"))
}

/// Replace durations (`12.34s`, `0.5s`) with `[T]`.
fn normalize(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let starts_number =
            chars[i].is_ascii_digit() && (i == 0 || !chars[i - 1].is_alphanumeric());
        if starts_number {
            let mut j = i;
            while j < chars.len() && (chars[j].is_ascii_digit() || chars[j] == '.') {
                j += 1;
            }
            let ends_duration = j < chars.len()
                && chars[j] == 's'
                && chars.get(j + 1).is_none_or(|c| !c.is_alphanumeric())
                && chars[i..j].contains(&'.');
            if ends_duration {
                out.push_str("[T]");
                i = j + 1;
                continue;
            }
            out.extend(&chars[i..j]);
            i = j;
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    out.trim_end().to_owned()
}

/// Whether `actual` matches `expected`, where an expected `…` (or `...`) line matches any run
/// of lines and a line ending in `…` or `...` any line that starts with the text before it.
fn matches(expected: &[String], actual: &[String]) -> bool {
    match expected.split_first() {
        None => actual.is_empty(),
        Some((first, rest)) if first.trim() == "…" || first.trim() == "..." => {
            (0..=actual.len()).any(|skip| matches(rest, &actual[skip..]))
        }
        Some((first, rest)) => actual
            .split_first()
            .is_some_and(|(line, more)| line_matches(first, line) && matches(rest, more)),
    }
}

fn line_matches(expected: &str, actual: &str) -> bool {
    match expected
        .strip_suffix('…')
        .or_else(|| expected.strip_suffix("..."))
    {
        Some(prefix) => actual.starts_with(prefix),
        None => expected == actual,
    }
}

fn link(from: &Path, to: &Path) {
    #[cfg(unix)]
    std::os::unix::fs::symlink(from, to).unwrap();
    #[cfg(not(unix))]
    let _ = (from, to);
}

#[test]
fn readme_console_blocks_match_the_program() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    for name in ["data", "examples", "ontology"] {
        link(&root().join(name), &dir.path().join(name));
    }
    let bin = env!("CARGO_BIN_EXE_diplograph");
    let mut checked = 0;
    let mut failures = Vec::new();
    for block in console_blocks(&readme) {
        let Some(commands) = block
            .commands
            .iter()
            .map(|(command, expected)| Some((runnable(command, bin)?, command, expected)))
            .collect::<Option<Vec<_>>>()
        else {
            continue;
        };
        checked += 1;
        for (shell, command, expected) in commands {
            let output = Command::new("sh")
                .arg("-c")
                .arg(format!("{shell} 2>&1"))
                .current_dir(dir.path())
                .env("NO_COLOR", "1")
                .output()
                .unwrap();
            let text = String::from_utf8_lossy(&output.stdout);
            let actual: Vec<String> = text.lines().map(normalize).collect();
            let expected: Vec<String> = expected.iter().map(|l| normalize(l)).collect();
            if !matches(&expected, &actual) {
                failures.push(format!(
                    "README.md:{} `{command}` printed:\n{}\n",
                    block.line,
                    text.trim_end()
                ));
            }
        }
    }
    assert!(checked >= 5, "only {checked} README blocks checked");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn durations_are_normalized_and_ellipses_match_any_lines() {
    assert_eq!(
        normalize("built 5 documents in 5.84s; 2 x 0.1s, v1.2s3"),
        "built 5 documents in [T]; 2 x [T], v1.2s3"
    );
    let lines = |text: &str| text.lines().map(str::to_owned).collect::<Vec<_>>();
    assert!(matches(&lines("a\n…\nd"), &lines("a\nb\nc\nd")));
    assert!(matches(&lines("a\n…"), &lines("a")));
    assert!(!matches(&lines("a\nd"), &lines("a\nb\nd")));
    assert!(matches(&lines("  ...\nab..."), &lines("x\nabc")));
}

/// The `push` example needs a triple store, so it is not run: its counts are checked against
/// the named graphs of the bundled data instead.
#[test]
fn readme_push_counts_are_the_graphs_of_the_bundled_data() {
    use std::collections::BTreeMap;
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let quads = diplograph::rdf::to_quads(
        &crate::common::bundled().graph,
        &diplograph::rdf::Iris::default(),
    );
    let mut graphs: BTreeMap<String, usize> = BTreeMap::new();
    for quad in &quads {
        let name = quad.graph_name.to_string();
        *graphs
            .entry(name.trim_matches(['<', '>']).to_owned())
            .or_default() += 1;
    }
    let mut listed = BTreeMap::new();
    let mut total = None;
    for line in readme.lines() {
        if let Some((graph, rest)) = line.split_once(' ')
            && graph.starts_with("https://w3id.org/diplograph/")
            && rest.ends_with("triples -> 201")
        {
            let n: usize = rest.split(' ').next().unwrap().parse().unwrap();
            listed.insert(graph.to_owned(), n);
        }
        if let Some(rest) = line.strip_prefix("pushed ") {
            let n = rest.split(", ").nth(1).unwrap().split(' ').next().unwrap();
            total = Some(n.parse::<usize>().unwrap());
        }
    }
    assert_eq!(listed, graphs, "README push example");
    assert_eq!(total, Some(quads.len()));
}
