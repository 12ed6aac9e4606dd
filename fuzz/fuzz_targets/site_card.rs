//! Fuzzes the two signed text files a site receives by hand: a site's card
//! (`trust`) and a key rotation statement. Both must verify or be refused,
//! never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use relais::sync::card::SiteCard;
use relais::sync::rotation::Rotation;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = SiteCard::parse(text);
    let _ = Rotation::parse(text);
});
