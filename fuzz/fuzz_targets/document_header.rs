//! `Document::parse` (front-matter header) never panics on any text.
#![no_main]

use diplograph::Document;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(doc) = Document::parse(text, "fuzz.txt") {
        assert!(text.ends_with(&doc.text));
    }
});
