//! `PartialDate::from_str` never panics, and what it accepts prints back to itself.
#![no_main]

use diplograph::PartialDate;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(date) = text.parse::<PartialDate>() {
        let printed = date.to_string();
        assert_eq!(printed.parse::<PartialDate>(), Ok(date));
        assert!(date.first_day() <= date.last_day());
    }
});
