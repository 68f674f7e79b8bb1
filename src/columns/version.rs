//! strverscmp(3), by which procps orders terminal names.

use std::cmp::Ordering;

/// strverscmp(3): like a byte comparison, except that where the strings
/// first differ inside runs of digits, the runs compare as numbers; runs with
/// leading zeros count as fractions and sort before the others.
pub(super) fn version_order(a: &[u8], b: &[u8]) -> Ordering {
    // Like C's strings, each ends at its first NUL.
    let (a, b) = (up_to_nul(a), up_to_nul(b));
    // Where one string ends, it compares as C's terminating NUL.
    let byte = |s: &[u8], i: usize| s.get(i).copied().unwrap_or(0);
    let Some(diff) = (0..a.len().max(b.len())).find(|&i| byte(a, i) != byte(b, i)) else {
        return Ordering::Equal;
    };
    let start = a[..diff]
        .iter()
        .rposition(|c| !c.is_ascii_digit())
        .map_or(0, |i| i + 1);
    let run = |s: &[u8]| -> usize { s[start..].iter().take_while(|c| c.is_ascii_digit()).count() };
    let (da, db) = (&a[start..start + run(a)], &b[start..start + run(b)]);
    let bytewise = byte(a, diff).cmp(&byte(b, diff));
    if da.is_empty() || db.is_empty() {
        return bytewise;
    }
    let zeros = |d: &[u8]| {
        if d.len() > 1 {
            d.iter().take_while(|&&c| c == b'0').count()
        } else {
            0
        }
    };
    match (zeros(da), zeros(db)) {
        (0, 0) => da.len().cmp(&db.len()).then(bytewise),
        (0, _) => Ordering::Greater,
        (_, 0) => Ordering::Less,
        (za, zb) => zb.cmp(&za).then(bytewise),
    }
}

fn up_to_nul(s: &[u8]) -> &[u8] {
    s.iter().position(|&c| c == 0).map_or(s, |end| &s[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_names_sort_naturally() {
        let order = |a: &str, b: &str| version_order(a.as_bytes(), b.as_bytes());
        assert_eq!(order("pts/9", "pts/10"), Ordering::Less);
        assert_eq!(order("pts/12", "pts/3"), Ordering::Greater);
        assert_eq!(order("tty1", "ttyS0"), Ordering::Less);
        assert_eq!(order("pts/1", "pts/1"), Ordering::Equal);
        assert_eq!(order("pts/1", "pts/10"), Ordering::Less);
        let mut names = ["000", "0", "09", "01", "10", "9", "010", "00", "1"];
        names.sort_by(|a, b| order(a, b));
        assert_eq!(names, ["000", "00", "01", "010", "09", "0", "1", "9", "10"]);
    }

    #[test]
    fn strings_end_at_their_first_nul() {
        let order = |a: &[u8], b: &[u8]| version_order(a, b);
        assert_eq!(order(b"", b"\0x"), Ordering::Equal);
        assert_eq!(order(b"\0\0a", b""), Ordering::Equal);
        assert_eq!(order(b"pts/1\0\0\09", b"pts/10"), Ordering::Less);
        assert_eq!(order(b"12\0", b"9\0\0\0"), Ordering::Greater);
        assert_eq!(order(b"a\0b", b"a\0c"), Ordering::Equal);
    }

    proptest::proptest! {
        #![proptest_config(crate::proptests::config(2000))]

        /// Any two byte strings, NULs anywhere (terminal names come from
        /// /proc): an order, the reverse of the other way round, never a panic.
        #[test]
        fn proptest_version_order_is_total(
            a in proptest::collection::vec(
                proptest::prop_oneof![proptest::strategy::Just(0u8), b'0'..=b'9', proptest::num::u8::ANY],
                0..12,
            ),
            b in proptest::collection::vec(
                proptest::prop_oneof![proptest::strategy::Just(0u8), b'0'..=b'9', proptest::num::u8::ANY],
                0..12,
            ),
        ) {
            proptest::prop_assert_eq!(version_order(&a, &b), version_order(&b, &a).reverse());
            proptest::prop_assert_eq!(version_order(&a, &a), Ordering::Equal);
        }
    }
}
