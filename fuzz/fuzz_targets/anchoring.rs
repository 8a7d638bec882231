//! A document and a selector from arbitrary bytes: `text \0 quote \0 prefix
//! \0 suffix`, the first byte choosing which parts are recorded and the next
//! two a `start`. Spans stay in bounds, intact and moved spans are the quote,
//! ambiguity is among at least two places.
#![no_main]

use claimtrack::anchor::Selector;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if data.len() < 3 {
        return;
    }
    let (flags, start) = (data[0], u16::from_le_bytes([data[1], data[2]]) as usize);
    let Ok(rest) = std::str::from_utf8(&data[3..]) else {
        return;
    };
    let mut parts = rest.splitn(4, '\0');
    let text = parts.next().unwrap_or("");
    let quote = parts.next().unwrap_or("");
    let prefix = parts.next();
    let suffix = parts.next();
    let sel = Selector {
        quote,
        start: (flags & 1 != 0).then_some(start),
        prefix: prefix.filter(|_| flags & 2 != 0),
        suffix: suffix.filter(|_| flags & 4 != 0),
    };
    claimtrack::invariants::anchoring(text, &sel);
});
