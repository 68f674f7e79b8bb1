# kps completion for bash, written by `kps --generate bash` from the template
# src/docs/completions/kps.bash.in and kps' own tables of options.

# The format specifiers, for -o, -O, --sort and their BSD spellings.
_kps_specifiers="%cpu %mem _left _left2 _right _right2 _unlimited _unlimited2 acflag acflg addr addr_1 ag_id ag_nice alarm argc args atime blocked bnd bsdstart bsdtime busy c caught cgname cgroup cgroupns class cls cmaj_flt cmd cmin_flt cnswap comm command container context cores cp cpu cpuid cputime cputimes ctid cuc cursig cutime cuu cwd drs dsiz egid egroup eip emul end_code environ esp etime etimes euid euser exe f fgid fgroup flag flags fname fsgid fsgroup fsuid fsuser fuid fuser gid group ignored inblk inblock intpri ipcns jid jobc ktrace ktracep label lastcpu lim login logname longtname lsession lstart luid luser lwp lxc m_drs m_dt m_lrs m_resident m_share m_size m_swap m_trs machine maj_flt majflt min_flt minflt mntns msgrcv msgsnd mwchan netns ni nice nivcsw nlwp nsignals nsigs nspid nswap numa nvcsw nwchan oom oomadj opri osz oublk oublock ouid p_ru paddr pagein pcpu pending pgid pgrp pid pidns pmem poip policy ppid pri pri_api pri_bar pri_baz pri_foo priority prmgrp prmid project projid pset psr pss psxpri rbytes rchars re resident rgid rgroup rlink rops rss rssize rsz rtprio ruid ruser s sched scnt scount seat sess session sgi_p sgi_rss sgid sgroup share sid sig sig_block sig_catch sig_ignore sig_pend sigcatch sigignore sigmask size sl slice spid stackp start start_code start_stack start_time stat state status stime suid supgid supgrp suser svgid svgroup svuid svuser systime sz taskid tdev tgid thcount tid time timens timeout times tmout tname tpgid trs trss tsess tsession tsid tsig tsiz tt tty tty4 tty8 u_procp ucmd ucomm uid uid_hack umask uname unit upr uprocp user userns usertime usrpri uss util utime utsns uunit vm_data vm_exe vm_lib vm_lock vm_stack vsize vsz wbytes wcbytes wchan wchars wname wops xstat zone zoneid"

# The PIDs of running processes, read from /proc: completing runs no program.
_kps_pids() {
    local dir
    for dir in /proc/[0-9]*; do
        printf '%s\n' "${dir#/proc/}"
    done
}

# Terminal names as ps takes them: pts/N, ttyN, ttyS0.
_kps_ttys() {
    local dev
    for dev in /dev/pts/[0-9]* /dev/tty[0-9A-Z]*; do
        [[ -e "$dev" ]] && printf '%s\n' "${dev#/dev/}"
    done
}

# Completes the item after the last comma of a list with one of the words.
_kps_reply_list() {
    local prefix="" name="$1"
    if [[ "$name" == *,* ]]; then
        prefix="${name%,*},"
        name="${name##*,}"
    fi
    COMPREPLY=( $(compgen -P "$prefix" -W "$2" -- "$name") )
}

# The options and commands of kps and of each command, and what follows an
# option that takes a value: one of its values, a file name, or free text.
_kps() {
    local cur prev cmd="" level=1 opts i
    COMPREPLY=()
    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
        cur="$2"
    else
        cur="${COMP_WORDS[COMP_CWORD]}"
    fi
    prev="$3"
    for (( i = 1; i < COMP_CWORD; i++ )); do
        if [[ -z "$cmd" && " tree show fds env who " == *" ${COMP_WORDS[i]} "* ]]; then
            cmd="${COMP_WORDS[i]}"
            level=2
        fi
    done
    case "$cmd" in
        "") opts="-A -e -a -d -N -p -q -s -t -C -u -U -g -G -o -O -f -F -l -j -c -y -Z -M -P -H -w -L -T -m -V --deselect --pid --quick-pid --ppid --sid --tty --match --ignore-case --user --User --group --Group --format --context --sort --forest --no-header --no-heading --no-headings --noheader --noheaders --noheading --noheadings --no-headers --header --heading --headings --headers --columns --width --cols --rows --lines --cumulative --json --csv --sample --proc --color --watch --count --usage --help --version --info --generate a x r T g p q t U o O u j l v s X Z k f h w c e n S H m M V L tree show fds env who" ;;
        "tree") opts="-a -o -u -s -w --args --format --match --ignore-case --user --ancestors --threads --kernel --compact --totals --cow --ns --json --ascii --wide --columns --width --cols --color --proc --watch --count" ;;
        "show") opts="--color --proc --json --shared --sample --watch --count" ;;
        "fds") opts="--color --proc --json" ;;
        "env") opts="-0 --color --proc --null --json" ;;
        "who") opts="--under --deleted --json --csv --pids --color --proc" ;;
    esac
    if [[ "$cur" == -* || "$COMP_CWORD" -eq "$level" ]]; then
        COMPREPLY=( $(compgen -W "$opts" -- "$cur") )
        return 0
    fi
    case "${cmd:-kps} $prev" in
        "kps --pid"|"kps -p"|"kps --quick-pid"|"kps -q"|"kps --ppid"|"kps --sid"|"kps -s"|"kps --tty"|"kps -t"|"kps --match"|"kps --group"|"kps -g"|"kps --Group"|"kps -G"|"kps --cols"|"kps --columns"|"kps --width"|"kps --lines"|"kps --rows"|"kps --sample"|"kps --proc"|"kps --watch"|"kps --count")
            COMPREPLY=("$cur")
            compopt -o nospace 2>/dev/null
            return 0
            ;;
        "kps -C"|"kps --user"|"kps -u"|"kps --User"|"kps -U"|"tree --format"|"tree -o"|"tree --match"|"tree --user"|"tree -u"|"tree --totals"|"tree --cols"|"tree --columns"|"tree --width"|"tree --proc"|"tree --watch"|"tree --count"|"show --proc"|"show --sample"|"show --watch"|"show --count"|"fds --proc"|"env --proc"|"who --under"|"who --proc")
            COMPREPLY=( $(compgen -f -- "$cur") )
            return 0
            ;;
        "kps --format"|"kps -o"|"kps -O"|"kps --sort")
            COMPREPLY=( $(compgen -W "$_kps_specifiers" -- "$cur") )
            return 0
            ;;
        "kps --color"|"tree --color"|"show --color"|"fds --color"|"env --color"|"who --color")
            COMPREPLY=( $(compgen -W "auto always never" -- "$cur") )
            return 0
            ;;
        "kps --generate")
            COMPREPLY=( $(compgen -W "man bash zsh fish elvish powershell" -- "$cur") )
            return 0
            ;;
    esac
    COMPREPLY=( $(compgen -W "$opts" -- "$cur") )
}

# PIDs after -p, q, --pid and after show, fds, env and tree; users after -u,
# -U, U; terminals after -t, t. Specifier lists (-o, o, --format, -O, k,
# --sort, also grouped as in -eo or axo): the name after the last comma, and
# after a + or - sign.
_kps_complete() {
    local cur="${COMP_WORDS[COMP_CWORD]}" option="" command="" users="" values=""
    if (( COMP_CWORD > 0 )); then
        option="${COMP_WORDS[COMP_CWORD-1]}"
    fi
    if (( COMP_CWORD > 1 )); then
        command="${COMP_WORDS[1]}"
    fi
    if [[ "$cur" == "=" ]]; then
        cur=""
    elif [[ "$option" == "=" ]] && (( COMP_CWORD > 1 )); then
        option="${COMP_WORDS[COMP_CWORD-2]}"
    fi
    # The commands whose operands are PIDs: the options of each whose value
    # names users, and those whose value is the next word, not a PID.
    case "$command" in
        tree) users='^(-u|--user)$' values='^(-o|--format|--match|-u|--user|--cols|--columns|--width|--color|--proc|--count)$' ;;
        show) users='^$' values='^(--color|--proc|--count)$' ;;
        fds) users='^$' values='^(--color|--proc)$' ;;
        env) users='^$' values='^(--color|--proc)$' ;;
        tree|show|fds|env|who)
            _kps "$@"
            return
            ;;
    esac
    if [[ -n "$values" ]]; then
        if [[ "$option" =~ $users ]]; then
            _kps_reply_list "$cur" "$(compgen -u)"
        elif [[ "$cur" == -* || "$option" =~ $values ]]; then
            _kps "$@"
        else
            _kps_reply_list "$cur" "$(_kps_pids)"
        fi
        return 0
    fi
    if [[ "$option" =~ ^(-[eAadNfFljcyMZPHwLTmV]*[pq]|[axrTgujlvsXZfhwcenSHmMVL]*[pq]|--(pid|quick-pid|ppid))$ ]]; then
        _kps_reply_list "$cur" "$(_kps_pids)"
        return 0
    elif [[ "$option" =~ ^(-[eAadNfFljcyMZPHwLTmV]*[uU]|[axrTgujlvsXZfhwcenSHmMVL]*[U]|--(user|User))$ ]]; then
        _kps_reply_list "$cur" "$(compgen -u)"
        return 0
    elif [[ "$option" =~ ^(-[eAadNfFljcyMZPHwLTmV]*[t]|[axrTgujlvsXZfhwcenSHmMVL]*[t]|--(tty))$ ]]; then
        _kps_reply_list "$cur" "$(_kps_ttys)"
        return 0
    elif [[ ! "$option" =~ ^(-[eAadNfFljcyMZPHwLTmV]*[oO]|[axrTgujlvsXZfhwcenSHmMVL]*[oOk]|--(format|sort))$ ]]; then
        _kps "$@"
        return
    fi
    local prefix="" name="$cur"
    if [[ "$name" == *,* ]]; then
        prefix="${name%,*},"
        name="${name##*,}"
    fi
    if [[ "$name" == [+-]* ]]; then
        prefix="$prefix${name:0:1}"
        name="${name:1}"
    fi
    COMPREPLY=( $(compgen -P "$prefix" -W "$_kps_specifiers" -- "$name") )
    compopt -o nospace 2>/dev/null
    return 0
}

if [[ "${BASH_VERSINFO[0]}" -eq 4 && "${BASH_VERSINFO[1]}" -ge 4 || "${BASH_VERSINFO[0]}" -gt 4 ]]; then
    complete -F _kps_complete -o nosort -o bashdefault -o default kps
else
    complete -F _kps_complete -o bashdefault -o default kps
fi
