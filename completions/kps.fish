# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_kps_global_optspecs
    string join \n e a d N/deselect p/pid= q/quick-pid= ppid= s/sid= t/tty= C= match= ignore-case u/user= U/User= group= g= G/Group= o/format= O= f F l j c y M P context sort= H/forest no-headers headers w cols= lines= cumulative json csv sample= proc= color= watch= count= L T m help V/version info generate=
end

function __fish_kps_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_kps_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_kps_using_subcommand
    set -l cmd (__fish_kps_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c kps -n "__fish_kps_needs_command" -s p -l pid -d 'Select by process ID. Also BSD p.' -r -f
complete -c kps -n "__fish_kps_needs_command" -s q -l quick-pid -d 'Read only these process IDs, in the order given. Also BSD q.' -r -f
complete -c kps -n "__fish_kps_needs_command" -l ppid -d 'Select by parent process ID.' -r -f
complete -c kps -n "__fish_kps_needs_command" -s s -l sid -d 'Select by session ID.' -r -f
complete -c kps -n "__fish_kps_needs_command" -s t -l tty -d 'Select by terminal (pts/3, tty1, ? for none).' -r -f
complete -c kps -n "__fish_kps_needs_command" -s C -d 'Select by command name.' -r -f -a "(__fish_complete_command)"
complete -c kps -n "__fish_kps_needs_command" -l match -d 'Names or args matching (smart case).' -r -f
complete -c kps -n "__fish_kps_needs_command" -s u -l user -d 'Select by effective user (name or ID). Also BSD U.' -r -f -a "(__fish_complete_users)"
complete -c kps -n "__fish_kps_needs_command" -s U -l User -d 'Select by real user (name or ID).' -r -f -a "(__fish_complete_users)"
complete -c kps -n "__fish_kps_needs_command" -l group -d 'Select by effective group (name or ID).' -r -f
complete -c kps -n "__fish_kps_needs_command" -s g -d 'Select by session ID, or by effective group if names.' -r -f
complete -c kps -n "__fish_kps_needs_command" -s G -l Group -d 'Select by real group (name or ID).' -r -f
complete -c kps -n "__fish_kps_needs_command" -s o -l format -d 'Show these columns (see FORMAT SPECIFIERS). Also BSD o.' -r -f -a '(__kps_specifier_list)'
complete -c kps -n "__fish_kps_needs_command" -s O -d 'Show these columns after PID, then the default ones. Also BSD O.' -r -f -a '(__kps_specifier_list)'
complete -c kps -n "__fish_kps_needs_command" -l sort -d 'Sort by these specifiers; -name for descending. Also BSD k.' -r -f -a '(__kps_specifier_list)'
complete -c kps -n "__fish_kps_needs_command" -l cols -l columns -l width -d 'Cut lines at this many columns. Also --columns, --width.' -r -f
complete -c kps -n "__fish_kps_needs_command" -l lines -l rows -d 'Rows per screen, for --headers. Also --rows.' -r -f
complete -c kps -n "__fish_kps_needs_command" -l sample -d 'Measure %CPU over MS milliseconds (200 by default).' -r -f
complete -c kps -n "__fish_kps_needs_command" -l proc -d 'Read processes from this mount of the proc file system instead of /proc, such as a host\'s /proc mounted in a container. User and terminal names still come from the running system.' -r -f
complete -c kps -n "__fish_kps_needs_command" -l color -d 'Colour headers, states, high use, own processes.' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kps -n "__fish_kps_needs_command" -l watch -d 'Redraw every SECONDS (2); q quits.' -r -f
complete -c kps -n "__fish_kps_needs_command" -l count -d 'Stop after NUM frames of --watch.' -r -f
complete -c kps -n "__fish_kps_needs_command" -l generate -d 'Print the man page (man) or a completion script (bash, zsh, fish, elvish, powershell) and exit; the whole command line, as kps --generate man.' -r -f -a "man\t''
bash\t''
zsh\t''
fish\t''
elvish\t''
powershell\t''"
complete -c kps -n "__fish_kps_needs_command" -s e -s A -d 'Select every process. Also -A.'
complete -c kps -n "__fish_kps_needs_command" -s a -d 'Every process with a terminal, except session leaders.'
complete -c kps -n "__fish_kps_needs_command" -s d -d 'Every process except session leaders.'
complete -c kps -n "__fish_kps_needs_command" -s N -l deselect -d 'Select the processes that do not match the selection.'
complete -c kps -n "__fish_kps_needs_command" -l ignore-case -d '--match ignores capitals too.'
complete -c kps -n "__fish_kps_needs_command" -s f -d 'Full format: UID PID PPID C STIME TTY TIME CMD.'
complete -c kps -n "__fish_kps_needs_command" -s F -d 'Extra full format: -f with SZ RSS PSR.'
complete -c kps -n "__fish_kps_needs_command" -s l -d 'Long format: F S UID PID PPID ... WCHAN.'
complete -c kps -n "__fish_kps_needs_command" -s j -d 'Jobs format: PID PGID SID TTY TIME CMD.'
complete -c kps -n "__fish_kps_needs_command" -s c -d 'Scheduling class columns with -l and -f.'
complete -c kps -n "__fish_kps_needs_command" -s y -d 'With -l: RSS instead of ADDR, no F column.'
complete -c kps -n "__fish_kps_needs_command" -s M -s Z -d 'Add a security label column. Also -Z, BSD Z.'
complete -c kps -n "__fish_kps_needs_command" -s P -d 'Add the processor (PSR) column.'
complete -c kps -n "__fish_kps_needs_command" -l context -d 'Security context format: PID CONTEXT COMMAND.'
complete -c kps -n "__fish_kps_needs_command" -s H -l forest -d 'Draw the process tree as ASCII art (nested in --json). Also BSD f.'
complete -c kps -n "__fish_kps_needs_command" -l no-headers -l no-header -l no-heading -l no-headings -l noheader -l noheaders -l noheading -l noheadings -d 'Print no header line. Also BSD h, --no-header, --no-heading, --no-headings, --noheader, --noheaders, --noheading, --noheadings.'
complete -c kps -n "__fish_kps_needs_command" -l headers -l header -l heading -l headings -d 'Repeat the header line on every screen. Also --header, --heading, --headings.'
complete -c kps -n "__fish_kps_needs_command" -s w -d 'Wide output; twice for unlimited width. Also BSD w.'
complete -c kps -n "__fish_kps_needs_command" -l cumulative -d 'Add the CPU time of waited-for children. Also BSD S.'
complete -c kps -n "__fish_kps_needs_command" -l json -d 'Print JSON, keyed by identifiers (%cpu: pcpu).'
complete -c kps -n "__fish_kps_needs_command" -l csv -d 'Print CSV, a header of JSON keys, a row per process.'
complete -c kps -n "__fish_kps_needs_command" -s L -d 'Show threads, with LWP and NLWP columns.'
complete -c kps -n "__fish_kps_needs_command" -s T -d 'Show threads, with an SPID column.'
complete -c kps -n "__fish_kps_needs_command" -s m -d 'Show threads after their process. Also BSD m, BSD M.'
complete -c kps -n "__fish_kps_needs_command" -l help -l usage -d 'Print a short help and exit. Also --usage.'
complete -c kps -n "__fish_kps_needs_command" -s V -l version -d 'Print the version and exit. Also BSD V.'
complete -c kps -n "__fish_kps_needs_command" -l info -d 'Print debugging information (the version) on standard error and exit.'
complete -c kps -n "__fish_kps_needs_command" -a "tree" -d 'The process tree, one process per line, every line with its PID'
complete -c kps -n "__fish_kps_needs_command" -a "show" -d 'Show one process in full, section by section'
complete -c kps -n "__fish_kps_needs_command" -a "fds" -d 'List open file descriptors and what they point at, like `lsof -p`'
complete -c kps -n "__fish_kps_needs_command" -a "env" -d 'Print the environment of processes, one `VAR=value` per line'
complete -c kps -n "__fish_kps_needs_command" -a "who" -d 'Show which processes hold a port, file, directory, socket or pipe'
complete -c kps -n "__fish_kps_using_subcommand tree" -s o -l format -d 'Show the tree as a table with these ps format specifiers (`pid,user,rss,args`); the command column carries the tree' -r
complete -c kps -n "__fish_kps_using_subcommand tree" -l match -d 'Show the processes whose name or command line matches this regular expression, as a bare pattern does; repeatable. Smart case: ignores case unless the pattern has a capital' -r
complete -c kps -n "__fish_kps_using_subcommand tree" -s u -l user -d 'Show the subtrees of these users\' topmost processes (names or uids)' -r -f -a "(__fish_complete_users)"
complete -c kps -n "__fish_kps_using_subcommand tree" -l totals -d 'Prefix each line with totals over its subtree, under a header line. Without a list: process count, RSS (KiB) and %CPU (PROCS, TRSS, T%CPU). A list picks from `procs`, `rss`, `pss`, `uss` and `pcpu` (`--totals=procs,pss,uss,rss`)' -r
complete -c kps -n "__fish_kps_using_subcommand tree" -l cols -l columns -l width -d 'Cut lines at this many columns. Without it, lines are cut at COLUMNS, or on a terminal at its width; piped output without COLUMNS is never cut' -r
complete -c kps -n "__fish_kps_using_subcommand tree" -l color -d 'When to colour output: headers, states, high %CPU and %MEM, your own processes, the same scheme in every view (see COLOUR in kps(1))' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is not set'
always\t'Colour even when piped or NO_COLOR is set'
never\t'Never colour'"
complete -c kps -n "__fish_kps_using_subcommand tree" -l proc -d 'Read processes from this mount of the proc file system instead of /proc, such as a host\'s /proc mounted in a container. User and terminal names still come from the running system' -r -F
complete -c kps -n "__fish_kps_using_subcommand tree" -l watch -d 'Redraw every SECONDS (2 by default, fractions allowed, at least 0.1): on a terminal in place, with %CPU and I/O over the interval; piped, one frame after another. q or Ctrl-C quits, space pauses' -r
complete -c kps -n "__fish_kps_using_subcommand tree" -l count -d 'Stop after N frames (implies --watch)' -r
complete -c kps -n "__fish_kps_using_subcommand tree" -s a -l args -d 'Show whole command lines instead of process names'
complete -c kps -n "__fish_kps_using_subcommand tree" -l ignore-case -d 'Patterns ignore case even when they have capitals'
complete -c kps -n "__fish_kps_using_subcommand tree" -s s -l ancestors -d 'Also show the chain of ancestors of every root, up to PID 1'
complete -c kps -n "__fish_kps_using_subcommand tree" -l threads -d 'Show threads as children of their process, as `TID {name}`'
complete -c kps -n "__fish_kps_using_subcommand tree" -l kernel -d 'Show kernel threads (kthreadd and its children) too'
complete -c kps -n "__fish_kps_using_subcommand tree" -l compact -d 'Merge identical leaf siblings into one line (`4*[sleep]`), as pstree does; merged lines carry no PID'
complete -c kps -n "__fish_kps_using_subcommand tree" -l cow -d 'Prefix each process with how much of its resident memory is still its parent\'s since fork, in KiB, as show --shared tells it: SHARED is the very same physical pages (neither has written them since the fork), COPIED pages at addresses the parent has too that one of them wrote, so each now has its own copy, OWN memory where the parent has nothing. Compares the frame numbers in /proc/PID/pagemap, which needs CAP_SYS_ADMIN; where pages cannot be compared the figures are - and a line on stderr says why'
complete -c kps -n "__fish_kps_using_subcommand tree" -l ns -d 'Mark where a process enters namespaces its parent is not in, as pstree -S does: `sleep [mnt,net,pid]` (in JSON, `ns_entered`)'
complete -c kps -n "__fish_kps_using_subcommand tree" -l json -d 'Print the tree as nested JSON objects, keyed by ps format specifier'
complete -c kps -n "__fish_kps_using_subcommand tree" -l ascii -d 'Draw the tree with ASCII characters, whatever the locale'
complete -c kps -n "__fish_kps_using_subcommand tree" -s w -l wide -d 'Wide output: lines are cut at the screen\'s width, as ps cuts them; -w widens to at least 132 columns, -ww never cuts'
complete -c kps -n "__fish_kps_using_subcommand show" -l color -d 'When to colour output: headers, states, high %CPU and %MEM, your own processes, the same scheme in every view (see COLOUR in kps(1))' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is not set'
always\t'Colour even when piped or NO_COLOR is set'
never\t'Never colour'"
complete -c kps -n "__fish_kps_using_subcommand show" -l proc -d 'Read processes from this mount of the proc file system instead of /proc, such as a host\'s /proc mounted in a container. User and terminal names still come from the running system' -r -F
complete -c kps -n "__fish_kps_using_subcommand show" -l sample -d 'Add a section on parallelism, measured over MS milliseconds (200 by default; under --watch, which adds it too, over each interval between frames): the cores used, in CPU seconds per second (2.00 is two cores kept busy the whole time, what top shows as 200%), how many threads were busy (ran at least a tenth of the time), and per thread its %CPU and the core it last ran on. Python threads that hold the GIL share about one core however many of them are busy' -r
complete -c kps -n "__fish_kps_using_subcommand show" -l watch -d 'Redraw every SECONDS (2 by default, fractions allowed, at least 0.1): on a terminal in place, with %CPU and I/O over the interval; piped, one frame after another. q or Ctrl-C quits, space pauses' -r
complete -c kps -n "__fish_kps_using_subcommand show" -l count -d 'Stop after N frames (implies --watch)' -r
complete -c kps -n "__fish_kps_using_subcommand show" -l json -d 'Print one JSON array, an object per process; keys are the JSON keys of ps\' specifiers where ps has one (uid, nice, start). Unreadable fields are null and listed under `permission_denied`'
complete -c kps -n "__fish_kps_using_subcommand show" -l shared -d 'Add a section on the memory shared with the parent since fork: how much of the resident memory is the very same physical pages as the parent\'s (never written since the fork), how much was written and so copied, and how much is the process\' own (where the parent has nothing), with huge pages and swapped pages apart. Compares the frame numbers in /proc/PID/pagemap, which needs CAP_SYS_ADMIN; without it the section gives smaps\' shared and private figures, marked as an estimate'
complete -c kps -n "__fish_kps_using_subcommand fds" -l color -d 'When to colour output: headers, states, high %CPU and %MEM, your own processes, the same scheme in every view (see COLOUR in kps(1))' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is not set'
always\t'Colour even when piped or NO_COLOR is set'
never\t'Never colour'"
complete -c kps -n "__fish_kps_using_subcommand fds" -l proc -d 'Read processes from this mount of the proc file system instead of /proc, such as a host\'s /proc mounted in a container. User and terminal names still come from the running system' -r -F
complete -c kps -n "__fish_kps_using_subcommand fds" -l json -d 'Print one JSON array, an object per process: its pid, comm, a `files` array (cwd, rtd, txt, mem) and a `fds` array of its descriptors'
complete -c kps -n "__fish_kps_using_subcommand env" -l color -d 'When to colour output: headers, states, high %CPU and %MEM, your own processes, the same scheme in every view (see COLOUR in kps(1))' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is not set'
always\t'Colour even when piped or NO_COLOR is set'
never\t'Never colour'"
complete -c kps -n "__fish_kps_using_subcommand env" -l proc -d 'Read processes from this mount of the proc file system instead of /proc, such as a host\'s /proc mounted in a container. User and terminal names still come from the running system' -r -F
complete -c kps -n "__fish_kps_using_subcommand env" -s 0 -l null -d 'Print the raw bytes, each variable ended by a NUL, for scripts. With several PIDs an empty entry (a second NUL) ends each process'
complete -c kps -n "__fish_kps_using_subcommand env" -l json -d 'Print one JSON array, an object per process: its pid, comm and an `environ` object of the variables in the process\' order'
complete -c kps -n "__fish_kps_using_subcommand who" -l under -d 'Every file and directory below DIR too, without following symlinks out of it (lsof +D)' -r -F
complete -c kps -n "__fish_kps_using_subcommand who" -l color -d 'When to colour output: headers, states, high %CPU and %MEM, your own processes, the same scheme in every view (see COLOUR in kps(1))' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is not set'
always\t'Colour even when piped or NO_COLOR is set'
never\t'Never colour'"
complete -c kps -n "__fish_kps_using_subcommand who" -l proc -d 'Read processes from this mount of the proc file system instead of /proc, such as a host\'s /proc mounted in a container. User and terminal names still come from the running system' -r -F
complete -c kps -n "__fish_kps_using_subcommand who" -l deleted -d 'Every open or mapped file whose link count is zero (lsof +L1)'
complete -c kps -n "__fish_kps_using_subcommand who" -l json -d 'Print one JSON array, one object per process and use'
complete -c kps -n "__fish_kps_using_subcommand who" -l csv -d 'Print CSV: a header row of the JSON keys, then one row per process and use (RFC 4180 quoting; no raw control byte)'
complete -c kps -n "__fish_kps_using_subcommand who" -l pids -d 'Print only the PIDs, one per line, each once (for xargs, like fuser and pgrep)'

# kps' own part of the fish completion, after clap's: what clap cannot
# express (template: src/docs/completions/kps.fish.in).

# Specifier lists (-o, o, --format, -O, k, --sort, also grouped as in -eo or
# axo): complete the name after the last comma, and after a + or - sign.
function __kps_wants_specifier_list
    set -l words (commandline -opc)
    string match -qr -- '^(-[eAadNfFljcyMZPHwLTmV]*[oO]|[axrTgujlvsXZfhwcenSHmMVL]*[oOk]|--(format|sort))$' $words[-1]
end

function __kps_specifier_list
    set -l value (string replace -r -- '^--[a-z]+=' '' (commandline -ct))
    set -l prefix (string match -r -- '^(?:.*,)?[+-]?' "$value")
    for name in %cpu %mem _left _left2 _right _right2 _unlimited _unlimited2 acflag acflg addr addr_1 ag_id ag_nice alarm argc args atime blocked bnd bsdstart bsdtime busy c caught cgname cgroup cgroupns class cls cmaj_flt cmd cmin_flt cnswap comm command container context cores cp cpu cpuid cputime cputimes ctid cuc cursig cutime cuu cwd drs dsiz egid egroup eip emul end_code environ esp etime etimes euid euser exe f fgid fgroup flag flags fname fsgid fsgroup fsuid fsuser fuid fuser gid group ignored inblk inblock intpri ipcns jid jobc ktrace ktracep label lastcpu lim login logname longtname lsession lstart luid luser lwp lxc m_drs m_dt m_lrs m_resident m_share m_size m_swap m_trs machine maj_flt majflt min_flt minflt mntns msgrcv msgsnd mwchan netns ni nice nivcsw nlwp nsignals nsigs nspid nswap numa nvcsw nwchan oom oomadj opri osz oublk oublock ouid p_ru paddr pagein pcpu pending pgid pgrp pid pidns pmem poip policy ppid pri pri_api pri_bar pri_baz pri_foo priority prmgrp prmid project projid pset psr pss psxpri rbytes rchars re resident rgid rgroup rlink rops rss rssize rsz rtprio ruid ruser s sched scnt scount seat sess session sgi_p sgi_rss sgid sgroup share sid sig sig_block sig_catch sig_ignore sig_pend sigcatch sigignore sigmask size sl slice spid stackp start start_code start_stack start_time stat state status stime suid supgid supgrp suser svgid svgroup svuid svuser systime sz taskid tdev tgid thcount tid time timens timeout times tmout tname tpgid trs trss tsess tsession tsid tsig tsiz tt tty tty4 tty8 u_procp ucmd ucomm uid uid_hack umask uname unit upr uprocp user userns usertime usrpri uss util utime utsns uunit vm_data vm_exe vm_lib vm_lock vm_stack vsize vsz wbytes wcbytes wchan wchars wname wops xstat zone zoneid
        printf '%s%s\n' "$prefix" $name
    end
end

complete -c kps -n __kps_wants_specifier_list -f -a '(__kps_specifier_list)'
complete -c kps -l format -l sort -r -f -a '(__kps_specifier_list)'

# PIDs (described by the command name), users and terminals, read from /proc,
# the user database and /dev: completing runs no program of its own.
function __kps_list_prefix
    string match -r -- '^(?:.*,)?' (string replace -r -- '^--[a-zA-Z-]+=' '' (commandline -ct))
end

function __kps_pids
    set -l prefix (__kps_list_prefix)
    for dir in /proc/*
        set -l pid (string replace -- /proc/ '' $dir)
        string match -qr -- '^[0-9]+$' $pid; or continue
        set -l comm ''
        test -r $dir/comm; and read comm <$dir/comm
        printf '%s%s\t%s\n' "$prefix" $pid (string replace -ra -- '[[:cntrl:]]' '?' "$comm")
    end
end

function __kps_users
    set -l prefix (__kps_list_prefix)
    for user in (__fish_complete_users)
        printf '%s%s\n' "$prefix" $user
    end
end

function __kps_ttys
    set -l prefix (__kps_list_prefix)
    for dev in /dev/pts/* /dev/tty*
        string match -qr -- '^/dev/(pts/[0-9]+|tty[0-9A-Z].*)$' $dev; or continue
        printf '%s%s\n' "$prefix" (string replace -- /dev/ '' $dev)
    end
end

function __kps_last_word_matches
    set -l words (commandline -opc)
    not contains -- "$words[2]" tree show fds env who; and string match -qr -- $argv[1] $words[-1]
end

function __kps_wants_pids
    __kps_last_word_matches '^(-[eAadNfFljcyMZPHwLTmV]*[pq]|[axrTgujlvsXZfhwcenSHmMVL]*[pq]|--(pid|quick-pid|ppid))$'
end

function __kps_wants_users
    __kps_last_word_matches '^(-[eAadNfFljcyMZPHwLTmV]*[uU]|[axrTgujlvsXZfhwcenSHmMVL]*[U]|--(user|User))$'
end

function __kps_wants_ttys
    __kps_last_word_matches '^(-[eAadNfFljcyMZPHwLTmV]*[t]|[axrTgujlvsXZfhwcenSHmMVL]*[t]|--(tty))$'
end

function __kps_in_command
    set -l words (commandline -opc)
    test "$words[2]" = "$argv[1]"
end

function __kps_wants_pid_operand
    set -l words (commandline -opc)
    string match -q -- '-*' (commandline -ct); and return 1
    switch "$words[2]"
        case tree
            not string match -qr -- '^(-o|--format|--match|-u|--user|--cols|--columns|--width|--color|--proc|--count)$' $words[-1]
        case show
            not string match -qr -- '^(--color|--proc|--count)$' $words[-1]
        case fds
            not string match -qr -- '^(--color|--proc)$' $words[-1]
        case env
            not string match -qr -- '^(--color|--proc)$' $words[-1]
        case '*'
            return 1
    end
end

complete -c kps -n __kps_wants_pids -f -a '(__kps_pids)'
complete -c kps -n __kps_wants_users -f -a '(__kps_users)'
complete -c kps -n __kps_wants_ttys -f -a '(__kps_ttys)'
complete -c kps -l pid -l quick-pid -l ppid -r -f -a '(__kps_pids)'
complete -c kps -n __kps_wants_pid_operand -f -a '(__kps_pids)'
complete -c kps -n '__kps_in_command tree' -s u -l user -r -f -a '(__kps_users)'

# BSD options: letters without a dash, as in aux.
function __kps_no_command
    set -l words (commandline -opc)
    not contains -- "$words[2]" tree show fds env who
end

complete -c kps -n __kps_no_command -f -a 'a' -d 'Every user\'s processes with a terminal; ax: all.'
complete -c kps -n __kps_no_command -f -a 'x' -d 'Your processes, with or without a terminal.'
complete -c kps -n __kps_no_command -f -a 'r' -d 'Only running processes.'
complete -c kps -n __kps_no_command -f -a 'T' -d 'Processes on this terminal.'
complete -c kps -n __kps_no_command -f -a 'g' -d 'Accepted for compatibility; always implied.'
complete -c kps -n __kps_no_command -f -a 'p' -d 'Select by process ID.'
complete -c kps -n __kps_no_command -f -a 'q' -d 'Read only these process IDs, in the order given.'
complete -c kps -n __kps_no_command -f -a 't' -d 'Select by terminals (t pts/3); as the last word, this terminal.'
complete -c kps -n __kps_no_command -f -a 'U' -d 'Select by effective user (name or ID).'
complete -c kps -n __kps_no_command -f -a 'o' -d 'Show these columns (see FORMAT SPECIFIERS).'
complete -c kps -n __kps_no_command -f -a 'O' -d 'Show these columns after PID, then the default ones.'
complete -c kps -n __kps_no_command -f -a 'u' -d 'User-oriented format: USER PID %CPU %MEM VSZ RSS ...'
complete -c kps -n __kps_no_command -f -a 'j' -d 'Job control format: PPID PID PGID SID ...'
complete -c kps -n __kps_no_command -f -a 'l' -d 'Long format: F UID PID PPID PRI NI VSZ RSS ...'
complete -c kps -n __kps_no_command -f -a 'v' -d 'Virtual memory format: MAJFL TRS DRS RSS ...'
complete -c kps -n __kps_no_command -f -a 's' -d 'Signal format: PENDING BLOCKED IGNORED CAUGHT.'
complete -c kps -n __kps_no_command -f -a 'X' -d 'Register format: STACKP ESP EIP.'
complete -c kps -n __kps_no_command -f -a 'Z' -d 'Add a security label column.'
complete -c kps -n __kps_no_command -f -a 'k' -d 'Sort by these specifiers; -name for descending.'
complete -c kps -n __kps_no_command -f -a 'f' -d 'Draw the process tree as ASCII art (nested in --json).'
complete -c kps -n __kps_no_command -f -a 'h' -d 'Print no header line.'
complete -c kps -n __kps_no_command -f -a 'w' -d 'Wide output; twice for unlimited width.'
complete -c kps -n __kps_no_command -f -a 'c' -d 'Show the executable name instead of the command line.'
complete -c kps -n __kps_no_command -f -a 'e' -d 'Show the environment after the command.'
complete -c kps -n __kps_no_command -f -a 'n' -d 'Show user and group IDs as numbers.'
complete -c kps -n __kps_no_command -f -a 'S' -d 'Add the CPU time of waited-for children.'
complete -c kps -n __kps_no_command -f -a 'H' -d 'Show threads as if they were processes.'
complete -c kps -n __kps_no_command -f -a 'm' -d 'Show threads after their process.'
complete -c kps -n __kps_no_command -f -a 'M' -d 'Show threads after their process.'
complete -c kps -n __kps_no_command -f -a 'V' -d 'Print the version and exit.'
complete -c kps -n __kps_no_command -f -a 'L' -d 'List the format specifiers and exit.'
