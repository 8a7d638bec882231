//! Deterministic shares of a run (`--partition K/N`) for CI matrices.

/// A deterministic share of the documents: `index` of `count`, 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Partition {
    pub(crate) index: u32,
    pub(crate) count: u32,
}

impl Partition {
    /// Whether a key (a document id, or a claims file for its own problems) is in this share.
    pub(crate) fn contains(self, key: &str) -> bool {
        // FNV-1a: stable across runs, platforms and Rust versions.
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in key.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        h % u64::from(self.count) == u64::from(self.index - 1)
    }
}

impl std::str::FromStr for Partition {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (k, n) = s.split_once('/').ok_or("expected K/N, e.g. 2/4")?;
        let index: u32 = k
            .trim()
            .parse()
            .map_err(|_| format!("K in K/N must be a number, got {k:?}"))?;
        let count: u32 = n
            .trim()
            .parse()
            .map_err(|_| format!("N in K/N must be a number, got {n:?}"))?;
        if count == 0 || index == 0 || index > count {
            return Err(format!("K/N needs 1 <= K <= N, got {s}"));
        }
        Ok(Partition { index, count })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_falls_in_exactly_one_share() {
        for key in ["a", "the-bell/x", "slate/cybercrime-treason-trial", ""] {
            let owners = (1..=4)
                .filter(|&index| Partition { index, count: 4 }.contains(key))
                .count();
            assert_eq!(owners, 1, "{key}");
        }
    }

    #[test]
    fn k_over_n_is_parsed_and_checked() {
        assert_eq!("2/4".parse(), Ok(Partition { index: 2, count: 4 }));
        assert!("3/2".parse::<Partition>().is_err());
        assert!("0/2".parse::<Partition>().is_err());
        assert!("x".parse::<Partition>().is_err());
    }
}
