//! The three syntaxes of ps options, read by one parser driven by the option
//! table: UNIX options (`-ef`, grouped, with a dash), BSD options (`aux`,
//! grouped, no dash) and GNU long options (`--sort=-rss`), mixed freely; a
//! bare number is a PID list.
//!
//! Parsing does no work beyond what procps does while parsing (reading lists
//! of users, groups and terminals, so that the first wrong word is the one
//! named): it ends in an option that stops ps ([`Exit`]) or in the readings
//! of the words that the ps module resolves ([`PsReadings`]).

use std::ffi::OsString;

use super::lists;
use super::personality::Personality;
use super::ps_args::{Mode, PsArgs};
use super::ps_flags::{self, Action, Exit, Given, PsFlag, Syntax};
use crate::error::{Error, Result};

/// The ways to read a ps command line, in the order procps tries them.
///
/// When the first reading fails, in parsing or in resolution, procps reads
/// the words a second time with every option cluster taken as BSD letters
/// (`ps -o pid -f` then means `o pid` plus BSD `f`); if that fails too, the
/// first error is the one reported. Some personalities read every option as
/// BSD from the start, and have no second reading.
#[derive(Debug)]
pub struct PsReadings {
    /// The first reading, or why it failed to parse (then `second` is there).
    pub first: Result<PsArgs>,
    /// The second reading, when it parsed.
    pub second: Option<PsArgs>,
}

/// What reading the words ends in.
#[derive(Debug)]
pub enum PsCommandLine {
    Exit(Exit),
    Readings(Box<PsReadings>),
}

/// Reads a ps command line (the words after the program name).
pub fn read(words: &[OsString], personality: &Personality) -> Result<PsCommandLine> {
    // Bytes that are not UTF-8 can only be values (a command name for -C, a
    // header): replaced, they match no process, as the raw bytes would not.
    let words: Vec<String> = words
        .iter()
        .map(|w| w.to_string_lossy().into_owned())
        .collect();
    let reading = |mode| parse(&words, mode, personality);
    let only = |args| {
        Box::new(PsReadings {
            first: Ok(args),
            second: None,
        })
    };
    if personality.all_bsd {
        return Ok(match reading(Mode::AllBsd)? {
            Parsed::Exit(exit) => PsCommandLine::Exit(exit),
            Parsed::Args(args) => PsCommandLine::Readings(only(*args)),
        });
    }
    let first = match reading(Mode::Standard) {
        Ok(Parsed::Exit(exit)) => return Ok(PsCommandLine::Exit(exit)),
        Err(e) if e.is_abort() => return Err(e),
        Ok(Parsed::Args(args)) => Ok(*args),
        Err(e) => Err(e),
    };
    Ok(match (first, reading(Mode::AllBsd)) {
        (Err(_), Ok(Parsed::Exit(exit))) => PsCommandLine::Exit(exit),
        (first, Ok(Parsed::Args(second))) => PsCommandLine::Readings(Box::new(PsReadings {
            first,
            second: Some(*second),
        })),
        (Err(first), Err(_)) => return Err(first),
        // A second reading that fails leaves the first alone. (One that ends
        // in an exit cannot follow a first that parsed: the words that end
        // ps are read the same way both times.)
        (Ok(first), _) => PsCommandLine::Readings(only(first)),
    })
}

/// One reading of the words.
#[derive(Debug)]
pub(crate) enum Parsed {
    Args(Box<PsArgs>),
    Exit(Exit),
}

/// Reads the words once, in `mode`.
pub(crate) fn parse(words: &[String], mode: Mode, personality: &Personality) -> Result<Parsed> {
    let mut args = PsArgs {
        prefer_bsd: personality.prefer_bsd || mode == Mode::AllBsd,
        ..PsArgs::default()
    };
    let mut rest = words.iter().map(String::as_str);
    while let Some(word) = rest.next() {
        let reader = Reader {
            mode,
            personality,
            word,
            alone: words.len() == 1,
        };
        let bytes = word.as_bytes();
        let exit = match (bytes.first(), bytes.get(1), bytes.get(2)) {
            (Some(b'-'), Some(b'-'), Some(c)) if c.is_ascii_alphabetic() => {
                reader.long(&mut args, &word[2..], &mut rest)?
            }
            (Some(b'-'), Some(c), _) if c.is_ascii_alphabetic() => match mode {
                Mode::Standard => reader.cluster(&mut args, Syntax::Unix, &word[1..], &mut rest)?,
                Mode::AllBsd => {
                    args.prefer_bsd = true;
                    reader.cluster(&mut args, Syntax::Bsd, &word[1..], &mut rest)?
                }
            },
            // A number, `-` and a number, or `+` and anything: IDs to the end.
            (Some(b'+'), ..) | (Some(b'-'), Some(b'0'..=b'9'), _) | (Some(b'0'..=b'9'), ..) => {
                push_trailing_ids(&mut args, word, &mut rest)?;
                args.prefer_bsd = true;
                None
            }
            // procps' second reading gives up on words without a dash unless
            // the personality reads everything as BSD.
            (Some(c), _, _) if c.is_ascii_alphabetic() && reader.rereading() => {
                return Err(Error::new(
                    "error: second chance parse failed, not BSD or SysV",
                ));
            }
            (Some(c), _, _) if c.is_ascii_alphabetic() => {
                args.prefer_bsd = true;
                reader.cluster(&mut args, Syntax::Bsd, word, &mut rest)?
            }
            _ => return Err(Error::new(format!("error: garbage option: '{word}'"))),
        };
        if let Some(exit) = exit {
            return Ok(Parsed::Exit(exit));
        }
    }
    Ok(Parsed::Args(Box::new(args)))
}

type Words<'a, 'b> = dyn Iterator<Item = &'a str> + 'b;

/// `ps 12 -34 +56`: a bare number, and every word after it, names one
/// process, process group (`-N`) or session (`+N`). Unlike the lists of
/// options, procps does not split these words at commas or blanks, so
/// `ps 1,2` is a syntax error.
fn push_trailing_ids<'a>(
    args: &mut PsArgs,
    first: &'a str,
    rest: &mut Words<'a, '_>,
) -> Result<()> {
    for word in std::iter::once(first).chain(rest) {
        let (list, id) = match word.as_bytes().first() {
            Some(b'-') => (&mut args.pgrps, &word[1..]),
            Some(b'+') => (&mut args.sids, &word[1..]),
            _ => (&mut args.pids, word),
        };
        list.push(lists::parse_id(id)?);
    }
    Ok(())
}

/// How one word is being read: which pass, under which personality.
struct Reader<'w, 'p> {
    mode: Mode,
    personality: &'p Personality,
    word: &'w str,
    /// The command line is this one word.
    alone: bool,
}

impl<'w> Reader<'w, '_> {
    /// The BSD reading after a failed first one, under a personality that
    /// otherwise reads UNIX options.
    fn rereading(&self) -> bool {
        self.mode == Mode::AllBsd && !self.personality.all_bsd
    }

    /// A word of UNIX or BSD letters (without its dash). A letter that takes
    /// a value takes the rest of the word, else the next word.
    fn cluster(
        &self,
        args: &mut PsArgs,
        syntax: Syntax,
        cluster: &'w str,
        rest: &mut Words<'w, '_>,
    ) -> Result<Option<Exit>> {
        for (i, letter) in cluster.char_indices() {
            let after = i + letter.len_utf8();
            let (name, inline) = (&cluster[i..after], &cluster[after..]);
            let what = match syntax {
                Syntax::Unix => "SysV",
                _ => "BSD",
            };
            if letter == '-' {
                return Err(Error::new(format!(
                    "error: embedded '-' among {what} options makes no sense"
                )));
            }
            // procps reads digits among BSD letters as a list of process IDs
            // that ends the word: `ps u1`, `ps ux1,2`.
            if syntax == Syntax::Bsd && letter.is_ascii_digit() {
                ps_flags::push_pid_list(args, &cluster[i..])?;
                return Ok(None);
            }
            let Some(flag) = ps_flags::find_letter(syntax, letter) else {
                return Err(Error::new(match syntax {
                    Syntax::Unix => format!("error: unsupported SysV option: -{letter}"),
                    _ => format!("error: unsupported option (BSD syntax): {letter}"),
                }));
            };
            if flag.takes == ps_flags::Takes::Nothing {
                if let Some(exit) = self.meet(args, flag, syntax, name, None)? {
                    return Ok(Some(exit));
                }
                continue;
            }
            let value = if inline.is_empty() {
                rest.next()
            } else {
                Some(inline)
            };
            return self.meet(args, flag, syntax, name, value);
        }
        Ok(None)
    }

    /// A GNU long option (without its dashes): `sort=-rss`, `sort:-rss`, or
    /// `sort` and the value in the next word.
    fn long(
        &self,
        args: &mut PsArgs,
        long: &'w str,
        rest: &mut Words<'w, '_>,
    ) -> Result<Option<Exit>> {
        let (name, inline) = match long.find(['=', ':']) {
            Some(i) => (&long[..i], Some(&long[i + 1..])),
            None => (long, None),
        };
        let flag = ps_flags::find_long(name)
            .ok_or_else(|| Error::new(format!("error: unknown gnu long option: --{name}")))?;
        let value = match inline {
            None if flag.takes.is_required() => rest.next(),
            inline => inline,
        };
        self.meet(args, flag, Syntax::Long, name, value)
    }

    /// Applies an option met in the words, or ends the parse on it.
    fn meet(
        &self,
        args: &mut PsArgs,
        flag: &'static PsFlag,
        syntax: Syntax,
        name: &str,
        value: Option<&str>,
    ) -> Result<Option<Exit>> {
        let given = Given {
            flag,
            syntax,
            name,
            value,
            personality: self.personality,
            mode: self.mode,
        };
        if flag.takes.is_required() && value.is_none_or(str::is_empty) {
            return Err(given.missing_value());
        }
        match flag.action {
            Action::Set(switch) => *switch(args) = true,
            Action::Apply(apply) => apply(args, &given)?,
            Action::Exit(Exit::Help) => return Ok(Some(Exit::Help)),
            // The others must be the only word, and that word exactly, which
            // procps checks on meeting them.
            Action::Exit(exit) => {
                let spelling = given.spelling();
                if !self.alone || self.word != spelling {
                    return Err(Error::new(format!(
                        "error: the option is exclusive: {spelling}"
                    )));
                }
                return Ok(Some(exit));
            }
        }
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::ps_args::{BsdFormat, ListKind};

    fn parse_str(line: &str) -> Result<PsArgs> {
        let words: Vec<String> = line.split_whitespace().map(String::from).collect();
        match parse(&words, Mode::Standard, &Personality::default())? {
            Parsed::Args(args) => Ok(*args),
            Parsed::Exit(exit) => Err(Error::new(format!("{exit:?}"))),
        }
    }

    #[test]
    fn three_syntaxes_mix() {
        let a = parse_str("aux --sort=-rss -p 1,2").unwrap();
        assert!(a.bsd_all_users && a.bsd_no_tty && a.prefer_bsd);
        assert_eq!(a.bsd_formats, vec![BsdFormat::User]);
        assert_eq!(a.lists[0].text, "-rss");
        assert_eq!(a.lists[0].kind, ListKind::Sort);
        assert_eq!(a.pids, vec![1, 2]);
    }

    #[test]
    fn option_values_inline_or_next_word() {
        let a = parse_str("-eopid,comm -p1 o user").unwrap();
        assert!(a.every);
        assert_eq!(a.lists.len(), 2);
        assert_eq!(a.lists[0].text, "pid,comm");
        assert_eq!(a.lists[1].text, "user");
        assert_eq!(a.pids, vec![1]);
    }

    #[test]
    fn bare_lists_take_the_rest() {
        assert_eq!(parse_str("123 456").unwrap().pids, vec![123, 456]);
        assert_eq!(parse_str("+7").unwrap().sids, vec![7]);
        assert_eq!(parse_str("-9").unwrap().pgrps, vec![9]);
        let mixed = parse_str("5 -6 +7 8").unwrap();
        assert_eq!(mixed.pids, vec![5, 8]);
        assert_eq!(mixed.pgrps, vec![6]);
        assert_eq!(mixed.sids, vec![7]);
        // One ID per word, each checked as it comes.
        assert!(parse_str("1 1,2").is_err());
        assert!(parse_str("1 u").is_err());
    }

    #[test]
    fn mistakes_are_errors() {
        for bad in [
            "-p",
            "--bogus",
            "-Q",
            "aQ",
            "-",
            "-p 1,,2",
            "h h",
            "--forest=1",
        ] {
            assert!(parse_str(bad).is_err(), "{bad} should fail");
        }
    }
}
