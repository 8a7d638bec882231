//! Approximate substring search: Myers' bit-parallel algorithm over blocks of
//! 64 pattern characters, with Ukkonen's cut-off, plus an exact aligner.
//!
//! Edits are counted in code points of the (normalized) text, never in bytes.
//! The pattern is padded at the front with rows that match any character, so
//! the last pattern row is the top bit of the last block and its score is read
//! directly.

use std::collections::HashMap;

use super::normalize::Unit;

const W: usize = 64;
const HIGH: u64 = 1 << 63;
/// Keys of the gram hash: odd, from the golden ratio, one per position.
const GRAM_KEYS: [u64; 16] = {
    let mut keys = [0u64; 16];
    let mut i = 0;
    while i < 16 {
        keys[i] = 0x9E37_79B9_7F4A_7C15u64.wrapping_mul(2 * i as u64 + 1) | 1;
        i += 1;
    }
    keys
};
/// Shortest piece worth filtering on: shorter ones occur everywhere in prose.
const MIN_PIECE: usize = 6;

/// A pattern compiled to its match vectors.
pub struct Pattern {
    chars: Vec<char>,
    m: usize,
    blocks: usize,
    /// `peq[sym * blocks + b]`; symbol 0 is "any character not in the pattern".
    peq: Vec<u64>,
    ascii: [u32; 128],
    other: HashMap<char, u32>,
}

impl Pattern {
    pub fn new(pattern: &[char]) -> Pattern {
        let m = pattern.len();
        let blocks = m.div_ceil(W).max(1);
        let pad = blocks * W - m;
        let mut ascii = [0u32; 128];
        let mut other = HashMap::new();
        let mut symbols = 1u32;
        for &c in pattern {
            let slot = if (c as u32) < 128 {
                &mut ascii[c as usize]
            } else {
                other.entry(c).or_insert(0)
            };
            if *slot == 0 {
                *slot = symbols;
                symbols += 1;
            }
        }
        let mut peq = vec![0u64; symbols as usize * blocks];
        // Padding rows match every symbol.
        for sym in 0..symbols as usize {
            for r in 0..pad {
                peq[sym * blocks + r / W] |= 1 << (r % W);
            }
        }
        let mut p = Pattern {
            chars: pattern.to_vec(),
            m,
            blocks,
            peq,
            ascii,
            other,
        };
        for (i, &c) in pattern.iter().enumerate() {
            let r = pad + i;
            let sym = p.symbol(c);
            p.peq[sym * blocks + r / W] |= 1 << (r % W);
        }
        p
    }

    #[inline]
    fn symbol(&self, c: char) -> usize {
        if (c as u32) < 128 {
            self.ascii[c as usize] as usize
        } else {
            self.other.get(&c).copied().unwrap_or(0) as usize
        }
    }

    /// The same hits as [`Pattern::search`], found faster when `k` is small
    /// against the pattern: by the pigeonhole principle a match with at most
    /// `k` edits contains one of `k + 1` disjoint pieces of the pattern
    /// exactly, so only the text around exact occurrences of a piece is
    /// scanned. Falls back to the full scan when pieces are too short or
    /// occur too often to save anything.
    pub fn find<T: Unit>(&self, text: &[T], k: usize) -> Vec<(usize, usize)> {
        let (m, n) = (self.m, text.len());
        let piece = m / (k + 1);
        if piece < MIN_PIECE || n < 4 * m {
            return self.search(decode(text), k);
        }
        let Some(regions) = self.regions(text, k, piece) else {
            return self.search(decode(text), k);
        };
        let mut hits = Vec::new();
        for (from, to) in regions {
            hits.extend(
                self.search(decode(&text[from..to]), k)
                    .into_iter()
                    .map(|(end, edits)| (from + end, edits)),
            );
        }
        hits
    }

    /// The same hits as [`Pattern::search`], found through a document's
    /// q-gram index: for each of `k + 1` disjoint pieces of the pattern, the
    /// text positions of its rarest q-gram are looked up and the whole piece
    /// verified there, so the cost follows how often the pieces occur, not the
    /// length of the text. Falls back to [`Pattern::find`] when pieces are
    /// shorter than a q-gram or occur too often to save anything.
    pub fn find_indexed<T: Unit>(
        &self,
        text: &[T],
        index: &GramIndex,
        k: usize,
    ) -> Vec<(usize, usize)> {
        let (m, n) = (self.m, text.len());
        let len = m / (k + 1);
        let q = index.q;
        if len < q.max(MIN_PIECE) || n < 4 * m {
            return self.find(text, k);
        }
        let most = 2 * n / (m + 2 * k);
        let mut found: Vec<(usize, usize)> = Vec::new();
        for i in 0..=k {
            let piece = &self.chars[i * len..(i + 1) * len];
            let (g, positions) = (0..=len - q)
                .map(|g| (g, index.positions(&piece[g..g + q])))
                .min_by_key(|(_, p)| p.len())
                .unwrap_or((0, &[]));
            for &t in positions {
                let t = t as usize;
                let Some(u) = t.checked_sub(g) else { continue };
                if u + len > n || !same(&text[u..u + len], piece) {
                    continue;
                }
                // A match holding this piece exactly starts within k of here.
                let Some(at) = u
                    .checked_sub(i * len)
                    .or_else(|| (k >= i * len - u).then_some(0))
                else {
                    continue;
                };
                found.push((at.saturating_sub(k), (at + m + k).min(n)));
                if found.len() > most {
                    return self.search(decode(text), k);
                }
            }
        }
        found.sort_unstable();
        let mut hits = Vec::new();
        let mut merged: Vec<(usize, usize)> = Vec::with_capacity(found.len());
        for (from, to) in found {
            match merged.last_mut() {
                Some(last) if from <= last.1 => last.1 = last.1.max(to),
                _ => merged.push((from, to)),
            }
        }
        for (from, to) in merged {
            hits.extend(
                self.search(decode(&text[from..to]), k)
                    .into_iter()
                    .map(|(end, edits)| (from + end, edits)),
            );
        }
        hits
    }

    /// The merged windows of `text` around exact occurrences of the pieces
    /// `chars[i * len..(i + 1) * len]`, `i <= k`; `None` when they would
    /// cover more than half the text.
    ///
    /// Any occurrence of a piece contains a `q`-gram that starts at a multiple
    /// of `step = len - q + 1` in the text, so only those text positions are
    /// hashed and looked up among every `q`-gram inside the pieces.
    #[expect(
        clippy::cast_possible_truncation,
        reason = "a hash cut to its low bits is the table slot"
    )]
    fn regions<T: Unit>(&self, text: &[T], k: usize, len: usize) -> Option<Vec<(usize, usize)>> {
        let (m, n) = (self.m, text.len());
        let q = len.div_ceil(2).min(16);
        let step = len - q + 1;
        let entries = (k + 1) * step;
        let slots = (entries * 2).next_power_of_two();
        let mask = slots - 1;
        // (hash, pattern offset + 1); 0 marks an empty slot.
        let mut table = vec![(0u64, 0usize); slots];
        for i in 0..=k {
            for o in i * len..i * len + step {
                let h = gram_hash(&self.chars[o..o + q]);
                let mut at = h as usize & mask;
                while table[at].1 != 0 {
                    at = (at + 1) & mask;
                }
                table[at] = (h, o + 1);
            }
        }
        let mut found: Vec<(usize, usize)> = Vec::new();
        // Past this many windows the filter saves nothing.
        let most = 2 * n / (m + 2 * k);
        for t in (0..=n - q).step_by(step) {
            let gram = &text[t..t + q];
            let h = gram_hash(gram);
            let mut at = h as usize & mask;
            while table[at].1 != 0 {
                let (ph, o) = table[at];
                let o = o - 1;
                // The whole piece must be here, not only the gram.
                let piece = o / len * len;
                let u = (t + piece).wrapping_sub(o);
                if ph == h
                    && t + piece >= o
                    && u + len <= n
                    && same(&text[u..u + len], &self.chars[piece..piece + len])
                    && t >= o.saturating_sub(k)
                {
                    // A match that maps the piece here lies in this window.
                    found.push(((t + k).saturating_sub(o + 2 * k), (t + m + k - o).min(n)));
                    if found.len() > most {
                        return None;
                    }
                }
                at = (at + 1) & mask;
            }
        }
        found.sort_unstable();
        let mut merged: Vec<(usize, usize)> = Vec::with_capacity(found.len());
        for (from, to) in found {
            match merged.last_mut() {
                Some(last) if from <= last.1 => last.1 = last.1.max(to),
                _ => merged.push((from, to)),
            }
        }
        let covered: usize = merged.iter().map(|(a, b)| b - a).sum();
        (covered <= n / 2).then_some(merged)
    }

    /// Every end position (exclusive, in chars) where the pattern matches a
    /// substring of `text` ending there with at most `k` edits, with its edits.
    #[expect(
        clippy::cast_possible_wrap,
        clippy::cast_sign_loss,
        clippy::cast_possible_truncation,
        reason = "scores lie between 0 and the pattern length plus a block (64), far inside i64"
    )]
    pub fn search(&self, text: impl IntoIterator<Item = char>, k: usize) -> Vec<(usize, usize)> {
        let nb = self.blocks;
        let pad = nb * W - self.m;
        let k = k as i64;
        let mut pv = vec![!0u64; nb];
        let mut mv = vec![0u64; nb];
        let mut score: Vec<i64> = (0..nb).map(|b| ((b + 1) * W - pad) as i64).collect();
        if pad > 0 {
            pv[0] &= !0u64 << pad;
        }
        let mut y = nb - 1;
        let mut hits = Vec::new();
        for (j, c) in text.into_iter().enumerate() {
            let eqs = &self.peq[self.symbol(c) * nb..][..nb];
            let mut carry = 0i64;
            if y == 0 {
                // The common case under the cut-off: one block, no loop.
                carry = advance(&mut pv[0], &mut mv[0], eqs[0], 0);
                score[0] += carry;
            } else {
                for (((p, m), &eq), sc) in pv[..=y]
                    .iter_mut()
                    .zip(mv[..=y].iter_mut())
                    .zip(&eqs[..=y])
                    .zip(score[..=y].iter_mut())
                {
                    carry = advance(p, m, eq, carry);
                    *sc += carry;
                }
            }
            if score[y] - carry <= k && y + 1 < nb && ((eqs[y + 1] & 1) != 0 || carry < 0) {
                y += 1;
                pv[y] = !0;
                mv[y] = 0;
                let h = advance(&mut pv[y], &mut mv[y], eqs[y], carry);
                score[y] = score[y - 1] - carry + W as i64 + h;
            } else {
                while y > 0 && score[y] >= k + W as i64 {
                    y -= 1;
                }
            }
            if y == nb - 1 && score[y] <= k {
                hits.push((j + 1, score[y] as usize));
            }
        }
        hits
    }
}

/// The code points of a slice of units.
fn decode<T: Unit>(text: &[T]) -> impl Iterator<Item = char> + '_ {
    text.iter().map(|u| u.ch())
}

/// Whether units of a text spell exactly `piece`.
fn same<T: Unit>(text: &[T], piece: &[char]) -> bool {
    text.len() == piece.len() && text.iter().zip(piece).all(|(t, &p)| t.code() == p as u32)
}

/// One column step of one block; returns the horizontal delta at its bottom.
#[expect(
    clippy::inline_always,
    reason = "the inner loop of the bit-parallel matcher; measured in bench/run.py"
)]
#[inline(always)]
fn advance(pv: &mut u64, mv: &mut u64, eq: u64, hin: i64) -> i64 {
    let (p, m) = (*pv, *mv);
    let xv = eq | m;
    let eq = if hin < 0 { eq | 1 } else { eq };
    let xh = (((eq & p).wrapping_add(p)) ^ p) | eq;
    let mut ph = m | !(xh | p);
    let mut mh = p & xh;
    let hout = if ph & HIGH != 0 {
        1
    } else if mh & HIGH != 0 {
        -1
    } else {
        0
    };
    ph <<= 1;
    mh <<= 1;
    if hin < 0 {
        mh |= 1;
    } else if hin > 0 {
        ph |= 1;
    }
    *pv = mh | !(xv | ph);
    *mv = ph & xv;
    hout
}

/// Where every q-gram of a text occurs, bucketed by hash: built once for a
/// large document, so each of its quotes looks its pieces up instead of
/// scanning the whole text.
pub struct GramIndex {
    q: usize,
    mask: usize,
    /// `starts[b]..starts[b + 1]` are the positions in bucket `b`.
    starts: Vec<u32>,
    positions: Vec<u32>,
}

/// The hash of a q-gram: independent multiplies, no chain from char to char.
fn gram_hash<T: Unit>(s: &[T]) -> u64 {
    let h = s.iter().zip(&GRAM_KEYS).fold(0u64, |h, (&c, &key)| {
        h.wrapping_add(u64::from(c.code()).wrapping_mul(key))
    });
    h ^ (h >> 31)
}

impl GramIndex {
    /// Code points per gram.
    const Q: usize = 4;

    #[expect(
        clippy::cast_possible_truncation,
        reason = "a hash cut to its low bits is the bucket; documents are under 4 GiB (project::MAX_DOC_SIZE), so positions fit in u32"
    )]
    pub fn new<T: Unit>(text: &[T]) -> GramIndex {
        let q = Self::Q;
        let grams = text.len().saturating_sub(q - 1);
        let buckets = (grams / 2).next_power_of_two().max(1);
        let mask = buckets - 1;
        let mut starts = vec![0u32; buckets + 1];
        let bucket = |t: usize| gram_hash(&text[t..t + q]) as usize & mask;
        for t in 0..grams {
            starts[bucket(t) + 1] += 1;
        }
        for b in 0..buckets {
            starts[b + 1] += starts[b];
        }
        let mut fill = starts.clone();
        let mut positions = vec![0u32; grams];
        for t in 0..grams {
            let b = bucket(t);
            positions[fill[b] as usize] = t as u32;
            fill[b] += 1;
        }
        GramIndex {
            q,
            mask,
            starts,
            positions,
        }
    }

    /// The positions whose q-gram hashes like `gram` (a superset of its
    /// occurrences; callers verify).
    #[expect(
        clippy::cast_possible_truncation,
        reason = "a hash cut to its low bits is the bucket"
    )]
    fn positions(&self, gram: &[char]) -> &[u32] {
        let b = gram_hash(gram) as usize & self.mask;
        &self.positions[self.starts[b] as usize..self.starts[b + 1] as usize]
    }
}

/// Best alignment of `pattern` inside `window` (free start and end in the
/// window): `(start, end, edits)`. Among equal edits, the span whose length is
/// closest to the pattern's wins (the edited image of the quote, not a shorter
/// piece of it), then the end nearest `near`.
#[expect(
    clippy::cast_possible_truncation,
    reason = "documents are under 4 GiB (project::MAX_DOC_SIZE), so code-point offsets fit in u32"
)]
pub fn align(pattern: &[char], window: &[char], near: usize) -> (usize, usize, usize) {
    let n = window.len();
    // prev[j] = (cost, start) for the row above.
    let mut prev: Vec<(u32, u32)> = (0..=n as u32).map(|j| (0, j)).collect();
    let mut cur = prev.clone();
    for (i, &pc) in pattern.iter().enumerate() {
        cur[0] = (i as u32 + 1, 0);
        for j in 1..=n {
            let diag = prev[j - 1].0 + u32::from(window[j - 1] != pc);
            let up = prev[j].0 + 1;
            let left = cur[j - 1].0 + 1;
            // Prefer the diagonal, then the path that starts earlier (longer span).
            let mut best = (diag, prev[j - 1].1);
            if up < best.0 || (up == best.0 && prev[j].1 < best.1) {
                best = (up, prev[j].1);
            }
            if left < best.0 || (left == best.0 && cur[j - 1].1 < best.1) {
                best = (left, cur[j - 1].1);
            }
            cur[j] = best;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    // (cost, |length - m|, distance to `near`) is minimised; start and end kept.
    let m = pattern.len();
    let mut best: Option<((usize, usize, usize), usize, usize)> = None;
    for (j, &(cost, start)) in prev.iter().enumerate() {
        let key = (
            cost as usize,
            (j - start as usize).abs_diff(m),
            j.abs_diff(near),
        );
        if best.as_ref().is_none_or(|(k, _, _)| key < *k) {
            best = Some((key, start as usize, j));
        }
    }
    let ((cost, _, _), start, end) = best.unwrap_or(((m, 0, 0), 0, 0));
    (start, end, cost)
}

/// The last row of the edit-distance table of `a` against `b`: entry `j` is
/// the edits that turn all of `a` into `b[..j]`. The one table every plain
/// distance in claimtrack is read from.
fn last_row(a: &[char], b: &[char]) -> Vec<usize> {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, &ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev
}

/// Levenshtein distance between two char slices.
pub fn levenshtein(a: &[char], b: &[char]) -> usize {
    last_row(a, b)[b.len()]
}

/// Similarity (0..=1) of `want` against the start of `have`, whose end is
/// free: 1 - edits / |want| for the best prefix of `have`.
pub fn similarity_anchored(want: &[char], have: &[char]) -> f64 {
    if want.is_empty() {
        return 1.0;
    }
    let best = last_row(want, have).into_iter().min().unwrap_or(want.len());
    1.0 - best as f64 / want.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Semi-global edit distance of `p` against every prefix end of `t`.
    fn naive(p: &[char], t: &[char]) -> Vec<usize> {
        let mut prev: Vec<usize> = vec![0; t.len() + 1];
        for (i, &pc) in p.iter().enumerate() {
            let mut cur = vec![i + 1; t.len() + 1];
            for j in 1..=t.len() {
                cur[j] = (prev[j - 1] + usize::from(t[j - 1] != pc))
                    .min(prev[j] + 1)
                    .min(cur[j - 1] + 1);
            }
            prev = cur;
        }
        prev
    }

    use synth::Rng;

    #[test]
    fn bit_parallel_search_agrees_with_dynamic_programming_for_long_patterns() {
        let mut rng = Rng::new(0x9E37_79B9_7F4A_7C15);
        let alphabet: Vec<char> = "abcdé ж".chars().collect();
        for round in 0..300 {
            let m = 1 + rng.below(if round % 3 == 0 { 200 } else { 70 });
            let n = rng.below(400);
            let p: Vec<char> = (0..m)
                .map(|_| alphabet[rng.below(alphabet.len())])
                .collect();
            let mut t: Vec<char> = (0..n)
                .map(|_| alphabet[rng.below(alphabet.len())])
                .collect();
            if n > m && round % 2 == 0 {
                let at = rng.below(n - m);
                t[at..at + m].copy_from_slice(&p);
                t[at + m / 2] = 'z';
            }
            let k = rng.below(m / 2 + 2);
            let expected: Vec<(usize, usize)> = naive(&p, &t)
                .into_iter()
                .enumerate()
                .skip(1)
                .filter(|&(_, d)| d <= k)
                .collect();
            let got = Pattern::new(&p).search(t.iter().copied(), k);
            assert_eq!(got, expected, "m={m} n={n} k={k}");
        }
    }

    #[test]
    fn the_pigeonhole_filter_finds_exactly_the_hits_of_the_full_scan() {
        let mut rng = Rng::new(0x5EED_F11E);
        let words: Vec<&str> = "the of court said that officials arrested hacker \
            treason Mikhailov’s lawyer “source” confirmed — Moscow in 2016 a to"
            .split(' ')
            .collect();
        let mut filtered = 0;
        for round in 0..200 {
            // Prose-like text: common words recur, so pieces recur too.
            let mut t: Vec<char> = Vec::new();
            while t.len() < 3000 + rng.below(3000) {
                t.extend(words[rng.below(words.len())].chars());
                t.push(if rng.chance(0.1) { '\n' } else { ' ' });
            }
            let m = 20 + rng.below(if round % 4 == 0 { 400 } else { 120 });
            let at = rng.below(t.len() - m);
            let p: Vec<char> = t[at..at + m].to_vec();
            // Edit one or two copies of the quote in the text.
            for _ in 0..=rng.below(2) {
                let i = at + rng.below(m);
                match rng.below(3) {
                    0 => t[i] = 'Ж',
                    1 => {
                        t.remove(i);
                    }
                    _ => t.insert(i, 'q'),
                }
            }
            let k = [m / 10, m / 5, m / 3, 0, 1][rng.below(5)];
            let pattern = Pattern::new(&p);
            let full = pattern.search(t.iter().copied(), k);
            let fast = pattern.find(&t, k);
            assert_eq!(fast, full, "round {round}: m={m} k={k}");
            let indexed = pattern.find_indexed(&t, &GramIndex::new(&t), k);
            assert_eq!(indexed, full, "round {round}: m={m} k={k} (indexed)");
            let piece = m / (k + 1);
            filtered += usize::from(
                piece >= MIN_PIECE && t.len() >= 4 * m && pattern.regions(&t, k, piece).is_some(),
            );
        }
        // The filter itself was exercised, not only the fallback.
        assert!(filtered > 40, "filter used in {filtered} rounds");
    }

    #[test]
    fn a_match_at_the_very_start_of_the_text_costs_nothing_extra() {
        let p: Vec<char> = "before".chars().collect();
        let hits = Pattern::new(&p).search("before us".chars(), 0);
        assert_eq!(hits, vec![(6, 0)]);
    }

    #[test]
    fn align_returns_the_edited_image_of_the_quote() {
        let p: Vec<char> = "befor us".chars().collect();
        let w: Vec<char> = "we had everything before us, we".chars().collect();
        let (s, e, d) = align(&p, &w, 27);
        assert_eq!(w[s..e].iter().collect::<String>(), "before us");
        assert_eq!(d, 1);
    }
}
