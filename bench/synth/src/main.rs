//! Generates a synthetic newsroom project for benchmarks and tests:
//! `cargo run --release -p claimtrack-synth -- OUT --docs 50000 --doc-kb 20 --claims 100000 --edit-rate 0.05`

use std::path::PathBuf;

use clap::Parser;

/// Write a synthetic project (corpus/, claims/, expected.tsv) to OUT.
#[derive(Parser)]
struct Args {
    /// Folder to write; created if needed.
    out: PathBuf,
    /// Number of documents.
    #[arg(long, default_value_t = 1000)]
    docs: usize,
    /// Size of each document in KiB.
    #[arg(long, default_value_t = 20)]
    doc_kb: usize,
    /// Number of claims, spread evenly over the documents.
    #[arg(long, default_value_t = 2000)]
    claims: usize,
    /// Share of documents edited after the claims were pinned.
    #[arg(long, default_value_t = 0.0)]
    edit_rate: f64,
    /// Seed: the same seed gives the same project.
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

fn main() -> anyhow::Result<()> {
    let a = Args::parse();
    let summary = synth::generate(&synth::Options {
        out: a.out.clone(),
        docs: a.docs,
        doc_kb: a.doc_kb,
        claims: a.claims,
        edit_rate: a.edit_rate,
        seed: a.seed,
    })?;
    eprintln!(
        "wrote {} documents ({:.1} MB), {} claims, {} documents edited, to {}; expected verdicts: {:?}",
        summary.docs,
        summary.bytes as f64 / 1e6,
        summary.claims,
        summary.edited_docs,
        a.out.display(),
        summary.expected
    );
    Ok(())
}
