//! `kps who TARGET...`: the processes that hold a port, a file, a directory,
//! a socket or a pipe, system-wide (what `lsof -i`, `fuser`, `lsof +L1` and
//! `ss -p` answer).

mod find;

use std::collections::{BTreeSet, HashMap};
use std::io::{self, Write};

use find::{Asked, Holding};

use super::fds::{holder_text, insert_target, push_socket, target_text};
use crate::cli::who_args::WhoArgs;
use crate::error::{Error, Result};
use crate::proc::descriptors::Target;
use crate::proc::peers::Holder;
use crate::proc::process::read_bytes;
use crate::proc::root::ProcRoot;
use crate::proc::status::ProcStatus;
use crate::proc::users::Names;
use crate::render::color::Painter;
use crate::render::csv;
use crate::render::escape;
use crate::render::json::Json;
use crate::render::palette::Kind;
use crate::render::tables;

/// The command name and user of a process that holds something.
struct Owner {
    comm: Vec<u8>,
    user: String,
}

pub fn run(args: &WhoArgs, out: &mut impl Write) -> Result<bool> {
    let root = ProcRoot::new(&args.proc_root);
    let asked = find::resolve(&args.targets, &args.under, args.deleted)?;
    let answer = find::find(&root, &asked)?;
    let owners = owners(&root, &answer.uses);
    if args.pids {
        let pids: BTreeSet<i32> = answer.uses.iter().map(|u| u.pid).collect();
        for pid in pids {
            writeln!(out, "{pid}")?;
        }
    } else if args.json || args.csv {
        let rows: Vec<Json> = answer
            .uses
            .iter()
            .map(|u| holding_json(u, &asked, &owners))
            .collect();
        if args.csv {
            if !rows.is_empty() {
                csv::write(out, &csv::keys_of(&rows), &rows)?;
            }
        } else {
            Json::from(rows).write_to(out)?;
            out.write_all(b"\n")?;
        }
    } else if !answer.uses.is_empty() {
        let painter = Painter::for_stdout(args.color);
        write_table(out, &answer.uses, &owners, painter)?;
    }
    out.flush().map_err(Error::output)?;
    let mut stderr = io::stderr().lock();
    let mut all_held = true;
    for (index, a) in asked.iter().enumerate() {
        if !answer.uses.iter().any(|u| u.asked == index) {
            all_held = false;
            let _ = writeln!(
                stderr,
                "kps: nothing holds {}",
                escape::escaped(a.text.as_bytes())
            );
        }
    }
    if answer.denied > 0 {
        let processes = if answer.denied == 1 {
            "process"
        } else {
            "processes"
        };
        let _ = writeln!(
            stderr,
            "kps: {} {processes} could not be inspected: permission denied",
            answer.denied
        );
    }
    Ok(all_held)
}

/// Command name and user of every process named, holders and peers, read once each.
fn owners(root: &ProcRoot, uses: &[Holding]) -> HashMap<i32, Owner> {
    let pids: BTreeSet<i32> = uses
        .iter()
        .flat_map(|u| std::iter::once(u.pid).chain(u.peers.iter().map(|p| p.0)))
        .collect();
    let mut names = Names::default();
    let mut found: Vec<(i32, Vec<u8>, Option<u32>)> = Vec::new();
    for pid in pids {
        let Ok(process) = root.process(pid) else {
            found.push((pid, Vec::new(), None));
            continue;
        };
        let euid = read_bytes(&process, "status")
            .ok()
            .and_then(|s| ProcStatus::parse_checked(&s))
            .map(|s| s.uid[1]);
        if let Some(uid) = euid {
            names.add_user(uid);
        }
        found.push((pid, crate::proc::process::read_comm(&process), euid));
    }
    found
        .into_iter()
        .map(|(pid, comm, euid)| {
            let user = match euid {
                Some(uid) => names
                    .user(uid)
                    .map_or_else(|| uid.to_string(), str::to_string),
                None => "-".to_string(),
            };
            (pid, Owner { comm, user })
        })
        .collect()
}

fn peers_of(holding: &Holding, owners: &HashMap<i32, Owner>) -> Vec<Holder> {
    holding
        .peers
        .iter()
        .filter(|&&(pid, fd, _)| (pid, Some(fd)) != (holding.pid, holding.used_as.fd()))
        .map(|&(pid, fd, access)| Holder {
            pid,
            comm: owners.get(&pid).map(|o| o.comm.clone()).unwrap_or_default(),
            fd,
            access,
        })
        .collect()
}

/// `fd 7 (rw)`, or lsof's name for a use that is not a descriptor.
fn use_text(holding: &Holding) -> String {
    match holding.used_as.fd() {
        Some(fd) => match holding.access {
            Some(access) => format!("fd {fd} ({})", access.as_str()),
            None => format!("fd {fd}"),
        },
        None => holding.used_as.name().to_string(),
    }
}

fn write_table(
    out: &mut impl Write,
    uses: &[Holding],
    owners: &HashMap<i32, Owner>,
    painter: Painter,
) -> Result<()> {
    // Several targets may name the same use (`udp:53 [::1]:53`): one line each.
    let mut seen = std::collections::HashSet::new();
    let rows = uses
        .iter()
        .filter(|u| seen.insert((u.pid, u.used_as)))
        .map(|u| {
            let owner = owners.get(&u.pid);
            vec![
                u.pid.to_string(),
                owner.map_or("-".to_string(), |o| escape::escaped(o.user.as_bytes())),
                owner.map_or(String::new(), |o| escape::escaped(&o.comm)),
                use_text(u),
                what_text(u, &peers_of(u, owners), painter),
            ]
        })
        .collect();
    let table = tables::list(&["PID", "USER", "COMMAND", "USE", "TARGET"], &[0], rows);
    let text = painter.first_line(&tables::render(&table), Kind::Header);
    out.write_all(text.as_bytes())?;
    Ok(())
}

/// What matched: a socket with its kind in front (and its namespace when it
/// is not kps' own), else the target as `kps fds` shows it.
fn what_text(holding: &Holding, peers: &[Holder], painter: Painter) -> String {
    let Target::Socket { inode, socket } = &holding.target else {
        return target_text(&holding.target, peers, painter);
    };
    let mut text = socket.kind();
    text.push(' ');
    push_socket(&mut text, *inode, socket);
    if let Some(ns) = holding.netns {
        text.push_str(&format!(" net:[{ns}]"));
    }
    if !peers.is_empty() {
        text.push_str(" <-> ");
        let named: Vec<String> = peers.iter().map(|h| holder_text(h, painter)).collect();
        text.push_str(&named.join(", "));
    }
    text
}

fn holding_json(holding: &Holding, asked: &[Asked], owners: &HashMap<i32, Owner>) -> Json {
    let owner = owners.get(&holding.pid);
    let mut obj = Json::object()
        .with("target", asked[holding.asked].text.as_str())
        .with("pid", holding.pid)
        .with("user", owner.map(|o| o.user.clone()))
        .with(
            "comm",
            owner.map(|o| String::from_utf8_lossy(&o.comm).into_owned()),
        )
        .with("use", holding.used_as.name());
    if let Some(fd) = holding.used_as.fd() {
        obj.insert("fd", fd);
        obj.insert("mode", holding.access.map(|a| a.as_str()));
    }
    obj.insert("kind", holding.target.kind());
    insert_target(&mut obj, &holding.target);
    if let Target::Socket { .. } = holding.target {
        obj.insert("netns", holding.netns);
        let peers: Vec<Json> = peers_of(holding, owners)
            .iter()
            .map(super::fds::holder_json)
            .collect();
        obj.insert("peers", peers);
    }
    obj
}
