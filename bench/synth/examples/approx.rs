//! Times one approximate search: a 300-character quote, edited, in a 1 MB
//! document. Prints medians of several runs: the search for a quote in a
//! document already normalized, a document's first quote (normalization
//! included), the normalization alone, and the unfiltered scan.

use std::time::Instant;

use claimtrack::anchor::{Doc, Selector, Verdict, myers::Pattern, normalize::Normalized};
use claimtrack::text::DocText;

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

fn main() {
    // News-like text from the synthetic generator, 1 MB.
    let dir = std::env::temp_dir().join(format!("claimtrack-approx-{}", std::process::id()));
    synth::generate(&synth::Options {
        out: dir.clone(),
        docs: 1,
        doc_kb: 1024,
        claims: 0,
        edit_rate: 0.0,
        seed: 5,
    })
    .expect("generate");
    let text = std::fs::read_to_string(dir.join("corpus/d000/n000000.txt")).expect("read");
    let _ = std::fs::remove_dir_all(&dir);
    let chars: Vec<char> = text.chars().collect();
    // A 300-char quote from the middle, and the document edited inside it.
    let at = chars.len() / 2;
    let quote: String = chars[at..at + 300].iter().collect();
    let mut edited = chars.clone();
    for i in [at + 40, at + 150, at + 260] {
        edited[i] = if edited[i] == 'x' { 'y' } else { 'x' };
    }
    let edited: String = edited.into_iter().collect();
    let doc = DocText::new(edited);
    let runs = 21;
    let time = |f: &mut dyn FnMut()| {
        let mut xs = Vec::new();
        for _ in 0..runs {
            let t = Instant::now();
            f();
            xs.push(t.elapsed().as_secs_f64() * 1e3);
        }
        median(xs)
    };
    let sel = Selector {
        quote: &quote,
        start: Some(at),
        ..Selector::default()
    };
    let altered = |v: &Verdict| assert!(matches!(v, Verdict::Altered { .. }), "{v:?}");
    // The search itself: the document's normalization is made once per
    // document and shared by its quotes, so it is made before timing.
    let prepared = Doc::new(&doc);
    altered(&prepared.anchor(&sel));
    let search = time(&mut || altered(&prepared.anchor(&sel)));
    // Everything for a first quote: exact search, normalization, approximate search.
    let first = time(&mut || altered(&Doc::new(&doc).anchor(&sel)));
    let normalize = time(&mut || {
        Normalized::new(doc.as_str(), false);
    });
    // For reference: the bit-parallel scan over the whole text, no filter.
    let nq = Normalized::new(&quote, true);
    let nd = Normalized::new(doc.as_str(), false);
    let pattern = Pattern::new(&nq.to_chars());
    let full = time(&mut || {
        assert!(
            !pattern
                .search(nd.chars(0..nd.len()), nq.len() / 10)
                .is_empty()
        );
    });
    println!(
        "document {} bytes, quote 300 chars, 3 edits: approximate search median {search:.2} ms; \
         a document's first quote (exact search, normalization of the 1 MB text, approximate search) \
         median {first:.2} ms; normalization alone {normalize:.2} ms; unfiltered bit-parallel scan \
         (k = a tenth) {full:.2} ms",
        doc.as_str().len(),
    );
}
