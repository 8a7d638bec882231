//! Claims files as arbitrary text: parsing never panics, problems stay in the file.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(src) = std::str::from_utf8(data) {
        claimtrack::invariants::claims_parse(src);
    }
});
