//! The curated-facts CSV loaders never panic (against a small fixed gazetteer): the input is
//! split into events and statements files at the first 0xFF byte.
#![no_main]

use diplograph::gazetteer::{Facts, Gazetteer, GazetteerFiles};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let files = GazetteerFiles {
        entities: b"id,type,label_en,country\njapan,State,Japan,\nkishida,Official,Kishida,japan\n"
            .to_vec(),
        ..GazetteerFiles::default()
    };
    let Ok(gazetteer) = Gazetteer::from_csv(&files, "gazetteer".as_ref(), "".as_ref()) else {
        return;
    };
    let mut parts = bytes.splitn(2, |b| *b == 0xff);
    let events = parts.next();
    let statements = parts.next();
    let _ = Facts::from_csv(events, statements, "facts".as_ref(), &gazetteer);
});
