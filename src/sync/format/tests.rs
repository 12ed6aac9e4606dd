//! The format's own tests: changes and stubs round-trip, headers are
//! checked, preambles are signed and verified.

use super::*;
use crate::domain::purge::Logged;
use crate::domain::{Change, ChangeId, Kind};

fn sample() -> Change {
    Change {
        id: ChangeId::new("0123456789abcdef", 7),
        record: "r-1".into(),
        kind: Kind::Request,
        field: "title".into(),
        value: Some("Carte é".into()),
        stamp: Stamp(42),
        wall_ms: -5,
        author: "Anne".into(),
        parents: vec![ChangeId::new("0123456789abcdef", 3)],
    }
}

#[test]
fn changes_round_trip_and_truncations_are_refused() {
    let mut out = Vec::new();
    encode_change(&sample(), &mut out);
    let body = &out[4..];
    assert_eq!(decode_change(body).unwrap(), sample());
    for cut in 0..body.len() {
        assert!(decode_change(&body[..cut]).is_err(), "cut at {cut}");
    }
    let mut longer = body.to_vec();
    longer.push(0);
    assert!(decode_change(&longer).is_err());
}

#[test]
fn decoding_into_one_slot_leaves_nothing_of_the_change_before() {
    let whole = Logged::from(sample());
    let cleared = Logged::from(Change {
        id: ChangeId::new("fedcba9876543210", 1),
        record: "r-22".into(),
        kind: Kind::Org,
        field: "name".into(),
        value: None,
        stamp: Stamp(1),
        wall_ms: 9,
        author: "Bé".into(),
        parents: Vec::new(),
    });
    let stub = Logged::stub_of(sample(), [7u8; 32]);
    let sequence = [&whole, &cleared, &stub, &whole, &stub, &cleared, &whole];
    let mut slot = blank_logged();
    for (at, logged) in sequence.into_iter().enumerate() {
        let mut out = Vec::new();
        encode_logged(logged, &mut out);
        decode_logged_into(&out[4..], FORMAT_VERSION, &mut slot).unwrap();
        assert_eq!(&slot, logged, "change {at}");
        assert_eq!(decode_logged(&out[4..], FORMAT_VERSION).unwrap(), slot);
    }
}

#[test]
fn a_header_that_promises_too_many_raw_bytes_is_refused() {
    let mut header = test_header("0123456789abcdef", 1, 10, 100, "0".repeat(64));
    assert!(header.check().is_ok());
    header.payload_raw_bytes = 10 << 30;
    assert!(matches!(header.check(), Err(SyncError::BadHeader(_))));
    // A million changes announced by a 24 KB payload: refused before
    // anything is decompressed.
    header.change_count = 1_000_000;
    header.payload_bytes = 24_000;
    header.payload_raw_bytes = 100_000_000;
    assert!(matches!(header.check(), Err(SyncError::BadHeader(_))));
    header.change_count = MAX_CHANGES + 1;
    header.payload_raw_bytes = 100;
    assert!(matches!(header.check(), Err(SyncError::BadHeader(_))));
    header.change_count = 1;
    header.ack.insert("0123456789abcdef".into(), MAX_SEQ + 1);
    assert!(matches!(header.check(), Err(SyncError::BadHeader(_))));
}
