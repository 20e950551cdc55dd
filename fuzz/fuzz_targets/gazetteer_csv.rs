//! The gazetteer CSV loaders never panic: the input is split into entities, posts and
//! tenures files at the first two 0xFF bytes.
#![no_main]

use diplograph::gazetteer::{Gazetteer, GazetteerFiles};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let mut parts = bytes.splitn(3, |b| *b == 0xff);
    let files = GazetteerFiles {
        entities: parts.next().unwrap_or_default().to_vec(),
        posts: parts.next().map(<[u8]>::to_vec),
        tenures: parts.next().map(<[u8]>::to_vec),
    };
    let _ = Gazetteer::from_csv(&files, "gazetteer".as_ref(), "".as_ref());
});
