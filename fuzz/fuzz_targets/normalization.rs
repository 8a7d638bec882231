//! Arbitrary text normalized: every character maps back inside it, in order.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        claimtrack::invariants::normalization(s);
    }
});
