//! The extractor's date parser (`extract::dates::parse_dates`: ISO, Japanese eras, relative
//! dates) never panics, and every date it returns is a valid date.
#![no_main]

use diplograph::PartialDate;
use diplograph::extract::dates::parse_dates;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let document_date: PartialDate = "2023-09-15".parse().expect("a valid date");
    let (dates, _) = parse_dates(text, document_date);
    for date in dates {
        assert!(date.start.first_day() <= date.start.last_day());
    }
});
