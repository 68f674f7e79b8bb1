//! The man page's COMPATIBILITY section: where kps is procps ps 4.0.2, and
//! where it stays sane where ps is broken.

use clap_mangen::roff::{Roff, roman};

use super::{paragraph, section, terms};

/// Places where procps ps 4.0.2 is broken and kps prints something sane.
const PROCPS_BUGS: &[(&str, &str)] = &[
    (
        "-m, m",
        "ps prints garbage for PSR (CPUID), PRI, NI, CLS, WCHAN and the I/O counters \
         (RCHARS, WCHARS, RBYTES, WBYTES, ROPS, WOPS) on thread rows, and crashes on \
         ps -ml and ps -m -o wchan; kps prints each thread's own values.",
    ),
    (
        "-m -C NAME",
        "ps prints a thread named NAME of a process with another name forever; kps \
         selects processes, and shows every thread of the ones it selects.",
    ),
    (
        "--cols, --columns, --width",
        "above 131072, ps prints \"fix bigness error\" on stderr for every line; kps \
         prints the lines.",
    ),
    (
        "-ww, ww",
        "ps cuts every line at 131071 bytes, its output buffer, in the middle of a long \
         command line; kps prints the whole line.",
    ),
];

pub(super) fn compatibility() -> Roff {
    let mut roff = section("COMPATIBILITY");
    roff.text([roman(
        "Without a command, kps prints what procps-ng ps 4.0.2 prints, byte for byte, \
         for the same options and environment (PS_FORMAT, PS_PERSONALITY, \
         LIBPROC_HIDE_KERNEL, COLUMNS): the same rows in the same order, the same \
         columns and the same errors (one line on stderr). kps' own row reads as \
         running, as ps' does; kps reads with worker threads, so with thread rows \
         asked for, its own process shows them (and l in STAT) where ps has one.",
    )]);
    paragraph(
        &mut roff,
        "alias ps=kps is not quite ps: as kps, a first word that names a command is that \
         command. A link named ps to kps has no commands and reads every word as ps does.",
    );
    paragraph(&mut roff, "Where ps 4.0.2 is broken, kps stays sane:");
    terms(&mut roff, PROCPS_BUGS.iter().copied());
    roff
}
