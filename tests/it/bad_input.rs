//! Bad input: a clear error naming file and line, exit code 1, and nothing half-written.

use std::fs;
use std::path::Path;
use std::process::Command;

use crate::common::mini_dir;

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

struct Case {
    name: &'static str,
    file: &'static str,
    edit: fn(String) -> String,
    expected: &'static str,
}

const CASES: &[Case] = &[
    Case {
        name: "malformed csv row",
        file: "gazetteer/entities.csv",
        edit: |text| text + "x,State,Bad, unquoted, comma,,,,,,,,,,\n",
        expected: "entities.csv:9: row has 15 fields but the header has 14",
    },
    Case {
        name: "unknown entity reference",
        file: "facts/events.csv",
        edit: |text| text.replace("japan|united-kingdom", "japan|atlantis"),
        expected: "events.csv:2: unknown entity `atlantis` referenced",
    },
    Case {
        name: "impossible date",
        file: "gazetteer/tenures.csv",
        edit: |text| text.replace("2011-09-02", "2011-02-30"),
        expected: "tenures.csv:2: invalid date `2011-02-30`: no such day in that month in column `start`",
    },
    Case {
        name: "duplicate id",
        file: "gazetteer/entities.csv",
        edit: |text| text + "tokyo,Place,Tokyo again,,,,,,,,,,,\n",
        expected: "entities.csv:9: duplicate id `tokyo`",
    },
    Case {
        name: "document without a header",
        file: "corpus/mini-press-release.txt",
        edit: |text| text.split("---\n").nth(2).unwrap_or_default().to_owned(),
        expected: "mini-press-release.txt:1: missing front-matter header",
    },
    Case {
        name: "evidence not in the document",
        file: "facts/statements.csv",
        edit: |text| text.replace("と述べた。", "と述べなかった。"),
        expected: "statements.csv:2: evidence does not occur verbatim in document `mini-press-release`",
    },
    // See: issue 19 (CSV mistakes lost data silently, even with --strict)
    Case {
        name: "unclosed quote in the last column",
        file: "gazetteer/tenures.csv",
        edit: |text| {
            text + "gemba-koichiro,minister-for-foreign-affairs-japan,2013-01-01,2013-02-01,\"unclosed\n\
                    gemba-koichiro,minister-for-foreign-affairs-japan,2014-01-01,,lost row\n"
        },
        expected: "tenures.csv:3: cell in column `source` runs over 2 lines: a quote is probably left open",
    },
    Case {
        name: "duplicated header column",
        file: "gazetteer/entities.csv",
        edit: |text| text.replacen(",note\n", ",label_en\n", 1),
        expected: "entities.csv:1: duplicate column `label_en` in the header",
    },
    Case {
        name: "over-long id",
        file: "gazetteer/entities.csv",
        edit: |text| text + &"a".repeat(201) + ",State,Long,,,,,,,,,,,\n",
        expected: "entities.csv:9: id in column `id` is 201 characters long (at most 200)",
    },
    Case {
        name: "control character in a label",
        file: "gazetteer/entities.csv",
        edit: |text| text + "bell,State,Bell\u{7}land,,,,,,,,,,,\n",
        expected: "entities.csv:9: control character U+0007 in column `label_en`",
    },
];

#[test]
fn each_bad_input_names_file_and_line_and_writes_nothing() {
    let bin = env!("CARGO_BIN_EXE_diplograph");
    for case in CASES {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        copy_dir(&mini_dir(), &data);
        let store = dir.path().join("out/store");
        let out = dir.path().join("out");
        // A good build first: its store must survive the bad one untouched.
        let build = || {
            Command::new(bin)
                .arg("build")
                .arg("--data")
                .arg(&data)
                .arg("--store")
                .arg(&store)
                .arg("--out")
                .arg(&out)
                .output()
                .unwrap()
        };
        let good = build();
        assert!(
            good.status.success(),
            "{}",
            String::from_utf8_lossy(&good.stderr)
        );
        let before = fs::read(out.join("diplograph.nq")).unwrap();
        fs::remove_file(out.join("diplograph.ttl")).unwrap();

        let path = data.join(case.file);
        let text = fs::read_to_string(&path).unwrap();
        fs::write(&path, (case.edit)(text)).unwrap();
        let bad = build();
        let stderr = String::from_utf8_lossy(&bad.stderr);
        assert_eq!(bad.status.code(), Some(1), "{}: {stderr}", case.name);
        assert!(
            stderr.contains(case.expected),
            "{}: expected `{}` in:\n{stderr}",
            case.name,
            case.expected
        );
        assert!(
            !out.join("diplograph.ttl").exists(),
            "{}: an export was written",
            case.name
        );
        assert_eq!(
            fs::read(out.join("diplograph.nq")).unwrap(),
            before,
            "{}",
            case.name
        );
        let query = Command::new(bin)
            .args(["query", "--format", "tsv", "--store"])
            .arg(&store)
            .arg("SELECT (COUNT(*) AS ?n) WHERE { ?e a dg:Event }")
            .output()
            .unwrap();
        assert!(
            query.status.success(),
            "{}: the previous store is unusable",
            case.name
        );
        assert_eq!(
            String::from_utf8_lossy(&query.stdout).lines().nth(1),
            Some("1"),
            "{}",
            case.name
        );
    }
}

#[test]
fn strict_turns_warnings_into_errors() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    copy_dir(&mini_dir(), &data);
    // An alias shared by two entities is a warning: it is not used for matching.
    let path = data.join("gazetteer/entities.csv");
    let text = fs::read_to_string(&path).unwrap()
        + "england,Place,England,イングランド,,英,,united-kingdom,,,,,,\n";
    fs::write(&path, text).unwrap();
    let run = |strict: bool| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_diplograph"));
        cmd.arg("build").arg("--data").arg(&data);
        cmd.arg("--store")
            .arg(dir.path().join("store"))
            .arg("--out")
            .arg(dir.path().join("out"));
        if strict {
            cmd.arg("--strict");
        }
        cmd.output().unwrap()
    };
    let strict = run(true);
    assert_eq!(strict.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&strict.stderr);
    assert!(
        stderr.contains("alias `英` is shared by england, united-kingdom"),
        "{stderr}"
    );
    assert!(!dir.path().join("store").exists() && !dir.path().join("out").exists());
    let lenient = run(false);
    assert!(lenient.status.success());
    assert!(String::from_utf8_lossy(&lenient.stderr).contains("1 warning(s)"));
}
