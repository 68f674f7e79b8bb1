//! `kps env PID…`: the environment a process was started with.

use std::io::Write;

use super::{Subject, report_failure, write_json_array};
use crate::cli::inspect_args::EnvArgs;
use crate::error::Result;
use crate::proc::process::{Failure, open_process, read_bytes};
use crate::proc::root::ProcRoot;
use crate::render::color::Painter;
use crate::render::escape;
use crate::render::json::Json;
use crate::render::palette::Kind;

/// One process' environment, as read.
struct Environment {
    subject: Subject,
    /// Raw NUL-separated bytes; empty for kernel threads and zombies.
    bytes: Vec<u8>,
}

pub fn run(args: &EnvArgs, out: &mut impl Write) -> Result<bool> {
    let root = ProcRoot::new(&args.target.proc_root);
    let mut all_found = true;
    let mut printed_any = false;
    let painter = Painter::for_stdout(args.target.color);
    let mut objects = Vec::new();
    for &pid in &args.target.pids {
        let environment = match read_environment(&root, pid) {
            Ok(environment) => environment,
            Err(failure) => {
                report_failure(out, pid, &failure)?;
                all_found = false;
                continue;
            }
        };
        if args.json {
            objects.push(to_json(&environment));
            continue;
        }
        // Exit status 0 means something was printed: say why nothing is.
        if entries(&environment.bytes).next().is_none() {
            let why = match environment.subject.hollow {
                Some(kind) => format!("is {kind}: no environment"),
                None => "has an empty environment".to_string(),
            };
            report_failure(out, pid, &Failure::Empty(why))?;
            all_found = false;
            continue;
        }
        if args.null {
            write_raw(out, &environment, args.target.pids.len() > 1)?;
        } else {
            if args.target.pids.len() > 1 {
                if printed_any {
                    out.write_all(b"\n")?;
                }
                out.write_all(environment.subject.heading(painter).as_bytes())?;
            }
            write_text(out, &environment, painter)?;
        }
        printed_any = true;
    }
    if args.json {
        write_json_array(out, objects)?;
    }
    Ok(all_found)
}

fn read_environment(root: &ProcRoot, pid: i32) -> std::result::Result<Environment, Failure> {
    let process = open_process(root, pid)?;
    let bytes = match read_bytes(&process, "environ").map_err(|e| Failure::of(&e)) {
        Ok(bytes) => bytes,
        // A zombie or kernel thread has no memory to hold an environment, and
        // the kernel answers ESRCH for it; the process itself is still there.
        Err(Failure::NoSuchProcess) if read_bytes(&process, "stat").is_ok() => Vec::new(),
        Err(failure) => return Err(failure),
    };
    Ok(Environment {
        subject: Subject::read(&process, pid),
        bytes,
    })
}

/// The variables, without the empty piece after the last NUL.
fn entries(bytes: &[u8]) -> impl Iterator<Item = &[u8]> {
    let body = bytes.strip_suffix(b"\0").unwrap_or(bytes);
    (!bytes.is_empty())
        .then(|| body.split(|&b| b == 0))
        .into_iter()
        .flatten()
}

fn write_text(
    out: &mut impl Write,
    environment: &Environment,
    painter: Painter,
) -> std::io::Result<()> {
    let mut escaped = String::new();
    let mut line = String::new();
    for entry in entries(&environment.bytes) {
        escaped.clear();
        escape::push_escaped(&mut escaped, entry);
        line.clear();
        // Escaping keeps `=` and turns no other byte into one, so the first
        // `=` of the escaped text is the first of the raw entry.
        let (name, value) = escaped.split_at(escaped.find('=').unwrap_or(escaped.len()));
        let kind = (!name.is_empty()).then_some(Kind::Header);
        painter.paint(&mut line, kind, |l| l.push_str(name));
        line.push_str(value);
        line.push('\n');
        out.write_all(line.as_bytes())?;
    }
    Ok(())
}

fn write_raw(
    out: &mut impl Write,
    environment: &Environment,
    several: bool,
) -> std::io::Result<()> {
    for entry in entries(&environment.bytes) {
        out.write_all(entry)?;
        out.write_all(b"\0")?;
    }
    if several {
        out.write_all(b"\0")?;
    }
    Ok(())
}

fn to_json(environment: &Environment) -> Json {
    let mut variables = Json::object();
    for entry in entries(&environment.bytes) {
        match entry.iter().position(|&b| b == b'=') {
            Some(eq) => variables.insert(
                String::from_utf8_lossy(&entry[..eq]),
                String::from_utf8_lossy(&entry[eq + 1..]).into_owned(),
            ),
            None => variables.insert(String::from_utf8_lossy(entry), Json::Null),
        }
    }
    environment.subject.json().with("environ", variables)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_split_on_nul_and_keep_order() {
        let got: Vec<&[u8]> = entries(b"B=2\0A=1\0\0C\0").collect();
        assert_eq!(got, [&b"B=2"[..], b"A=1", b"", b"C"]);
        assert_eq!(entries(b"").count(), 0);
        assert_eq!(entries(b"X=1").count(), 1);
    }

    #[test]
    fn json_keeps_order_and_odd_entries() {
        let environment = Environment {
            subject: Subject {
                pid: 7,
                comm: b"sh".to_vec(),
                hollow: None,
            },
            bytes: b"Z=1\0A=x=y\0ODD\0".to_vec(),
        };
        assert_eq!(
            to_json(&environment).to_text(),
            r#"{"pid":7,"comm":"sh","environ":{"Z":"1","A":"x=y","ODD":null}}"#
        );
    }
}
