//! Fuzzes the places directory reader (`sites import`): any bytes, in
//! UTF-8 or Windows-1252, comma or semicolon separated, with any header.
//! It must read or refuse the file, never panic or hang; a row it cannot
//! take is reported with its line, not fatal.
#![no_main]

use libfuzzer_sys::fuzz_target;
use relais::report::opendata::directory::read_directory;

fuzz_target!(|data: &[u8]| {
    let _ = read_directory(data);
    // Also under a header that names a known format, so that the fuzzer
    // reaches the rows without discovering the column names first.
    let mut lamednum = b"id,pivot,nom,commune,code_postal,code_insee,adresse,latitude,longitude\n".to_vec();
    lamednum.extend_from_slice(data);
    let _ = read_directory(&lamednum);
});
