//! Times one approximate search: a 300-character quote, edited, in a 1 MB
//! document. Prints the median of several runs of the bit-parallel scan alone
//! and of the whole anchoring (exact, normalized, then approximate).

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
    claimtrack::synth::generate(&claimtrack::synth::Options {
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
    let nq = Normalized::new(&quote, true);
    let nd = Normalized::new(doc.as_str(), false);
    let mut scan = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        let hits = Pattern::new(&nq.chars).search(nd.chars.iter().copied(), nq.len() / 10);
        scan.push(t.elapsed().as_secs_f64() * 1e3);
        assert!(!hits.is_empty());
    }
    let mut whole = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        let v = Doc::new(&doc).anchor(&Selector {
            quote: &quote,
            start: Some(at),
            ..Selector::default()
        });
        whole.push(t.elapsed().as_secs_f64() * 1e3);
        assert!(matches!(v, Verdict::Altered { .. }), "{v:?}");
    }
    println!(
        "document {} bytes, quote 300 chars, 3 edits: bit-parallel scan (k = a tenth) median {:.2} ms; whole anchoring (exact, normalization of the 1 MB text, scan, alignment) median {:.2} ms",
        doc.as_str().len(),
        median(scan),
        median(whole)
    );
}
