//! Fuzzes the bundle reader: magic, version, header, signature bytes and the
//! streamed, bounded zstd payload of changes. It must return an error for
//! bad input, never panic, hang or allocate without bound.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = relais::sync::parse_untrusted(&mut &data[..]);
    // Also from just after the magic, so that the fuzzer reaches the header
    // and payload without having to discover the magic bytes first.
    let mut with_magic = relais::sync::format::MAGIC.to_vec();
    with_magic.extend_from_slice(data);
    let _ = relais::sync::parse_untrusted(&mut &with_magic[..]);
});
