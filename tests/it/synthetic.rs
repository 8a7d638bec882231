//! The synthetic project generator: its edits give the verdicts they call for.

use std::collections::BTreeSet;

use synth::Options as SynthOptions;

#[test]
fn a_small_generated_project_with_edits_gets_the_verdicts_the_edits_call_for() {
    let dir = crate::common::Scratch::empty("synth");
    let mut seen = BTreeSet::new();
    for seed in [7, 11, 13] {
        let out = dir.path(&format!("p{seed}"));
        let summary = synth::generate(&SynthOptions {
            out: out.clone(),
            docs: 60,
            doc_kb: 6,
            claims: 300,
            edit_rate: 0.7,
            seed,
        })
        .unwrap();
        assert_eq!(summary.docs, 60);
        assert!(summary.claims >= 290, "{} claims", summary.claims);
        let expected = synth::read_expected(&out).unwrap();
        let run = crate::common::run_in(&out, &["check", "--format", "json"], None);
        let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        let findings = report["findings"].as_array().unwrap();
        assert_eq!(findings.len(), summary.claims);
        for f in findings {
            let id = f["claim"].as_str().unwrap();
            let status = f["status"].as_str().unwrap().to_string();
            let want = &expected[id];
            assert!(
                want.split('|').any(|w| w == status),
                "seed {seed}, {id}: expected {want}, got {status} ({})",
                f["message"]
            );
            seen.insert(status);
        }
    }
    for verdict in &["intact", "moved", "normalized", "altered"] {
        assert!(
            seen.contains(*verdict),
            "no {verdict} verdict was exercised: {seen:?}"
        );
    }
}

#[test]
fn the_generator_is_deterministic_for_a_seed() {
    let dir = crate::common::Scratch::empty("synth-det");
    let opts = |name: &str, seed| SynthOptions {
        out: dir.path(name),
        docs: 5,
        doc_kb: 3,
        claims: 20,
        edit_rate: 0.5,
        seed,
    };
    synth::generate(&opts("a", 42)).unwrap();
    synth::generate(&opts("b", 42)).unwrap();
    synth::generate(&opts("c", 43)).unwrap();
    let read = |n: &str| {
        std::fs::read_to_string(dir.path(n).join("claims/c00000.toml")).unwrap()
            + &std::fs::read_to_string(dir.path(n).join("corpus/d000/n000003.txt")).unwrap()
    };
    assert_eq!(read("a"), read("b"));
    assert_ne!(read("a"), read("c"));
    let text = read("a");
    assert!(
        text.contains('\u{201C}') && text.contains('\u{2014}') && text.contains('\u{00A0}'),
        "news typography"
    );
}
