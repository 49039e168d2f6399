#!/bin/sh
# netcheck collector: read-only evidence about one node's networking (conntrack, iptables/IPVS/nft, sockets, routes,
# DNS, kernel log). POSIX sh: runs under busybox sh, dash and bash.
#
#   sh -c "$SCRIPT" netcheck-collector [--interval S] [--deadline S] [--section-timeout S]
#        [--only NAME,...] [--skip NAME,...] [--cluster-name NAME] [--external-name NAME]
#
# It prints the report described in docs/report-format.md: a `#netcheck report` line, one `#netcheck section` header
# plus a bounded body per section, and a `#netcheck end sections=N bytes=B` sentinel. It never aborts early, writes
# only inside its own temp dir (removed on exit) and never changes the system: tools that would load a kernel module
# (ipvsadm, nft, conntrack) are only run when that module is already there.
#
# Checked by `shellcheck -s sh` (npm run lint). SC2317 (unreachable code) is off for the whole file: the sections
# (sec_*) are called by name through nc_section, nc_on_signal through a trap, and shellcheck cannot follow a call
# through a variable or a trap string, so it would take them and the helpers only they call for unreachable.
# shellcheck disable=SC2317

LC_ALL=C
export LC_ALL
NC_NL='
'

NC_VERSION=1
NC_INTERVAL=5
NC_DEADLINE=60
NC_STO=10
NC_ONLY=
NC_SKIP=
NC_CLUSTER_NAME=kubernetes.default.svc.cluster.local
NC_EXTERNAL_NAME=example.com
# Hard cap of the whole report, in bytes (the end line included).
NC_MAX_BYTES=262144
NC_ALL_SECTIONS='basics netns conntrack-count conntrack-sysctl conntrack-stats-1 conntrack-stat-1 conntrack-breakdown sockets sockstat iptables-counts iptables-nat ipvs nft-kube-proxy kube-proxy-mode links routes resolv-conf kernel-log cilium-status cilium-metrics conntrack-stats-2 conntrack-stat-2 dns-cluster dns-external net-dev-1 softnet-1 netstat-1 net-dev-2 softnet-2 netstat-2'
NC_MAX_SECTIONS=30

# ---------------------------------------------------------------------------------------------------------- arguments

nc_usage() {
  printf '%s\n' 'usage: netcheck-collector [--interval S] [--deadline S] [--section-timeout S] [--only NAME,...]' \
    '         [--skip NAME,...] [--cluster-name NAME] [--external-name NAME]' \
    "  --interval S         seconds between the two conntrack counter samples (0-300, default 5)" \
    "  --deadline S         deadline of the whole script (1-3600, default 60)" \
    "  --section-timeout S  timeout of each command (1-600, default 10)" \
    "  --only/--skip        comma-separated section names: $NC_ALL_SECTIONS" \
    "  --cluster-name NAME  name looked up by dns-cluster (default kubernetes.default.svc.cluster.local)" \
    "  --external-name NAME name looked up by dns-external (default example.com)"
}

nc_bad() {
  printf 'netcheck-collector: %s\n' "$1" >&2
  nc_usage >&2
  exit 2
}

# nc_num OPTION VALUE MIN MAX: sets nc_n to VALUE as a decimal number or exits 2.
nc_num() {
  case $2 in '' | *[!0-9]*) nc_bad "$1 needs a whole number of seconds, got '$2'" ;; esac
  nc_n=$2
  while :; do case $nc_n in 0?*) nc_n=${nc_n#0} ;; *) break ;; esac; done
  [ ${#nc_n} -le 6 ] || nc_bad "$1 must be between $3 and $4, got '$2'"
  if [ "$nc_n" -lt "$3" ] || [ "$nc_n" -gt "$4" ]; then nc_bad "$1 must be between $3 and $4, got '$2'"; fi
}

# nc_dnsname OPTION VALUE: exits 2 unless VALUE is a DNS name.
nc_dnsname() {
  case $2 in
    '' | *[!A-Za-z0-9.-]* | .* | -* | *..* | *.-* | *-.*) nc_bad "$1 needs a DNS name, got '$2'" ;;
  esac
  [ ${#2} -le 253 ] || nc_bad "$1 is longer than 253 characters"
}

# nc_names OPTION LIST: exits 2 unless LIST is a comma-separated list of known section names.
nc_names() {
  case $2 in '' | *[!a-z0-9,-]*) nc_bad "$1 needs comma-separated section names, got '$2'" ;; esac
  nc_l=$2,
  while [ -n "$nc_l" ]; do
    nc_w=${nc_l%%,*}
    nc_l=${nc_l#*,}
    [ -n "$nc_w" ] || continue
    case " $NC_ALL_SECTIONS " in *" $nc_w "*) ;; *) nc_bad "$1: unknown section '$nc_w'" ;; esac
  done
}

while [ $# -gt 0 ]; do
  nc_opt=$1
  nc_val=
  nc_has_val=0
  case $nc_opt in
    --*=*)
      nc_val=${nc_opt#*=}
      nc_opt=${nc_opt%%=*}
      nc_has_val=1
      ;;
  esac
  case $nc_opt in
    -h | --help)
      nc_usage
      exit 0
      ;;
    --interval | --deadline | --section-timeout | --only | --skip | --cluster-name | --external-name)
      if [ $nc_has_val -eq 0 ]; then
        [ $# -ge 2 ] || nc_bad "$nc_opt needs a value"
        nc_val=$2
        shift
      fi
      ;;
    *) nc_bad "unknown argument '$nc_opt'" ;;
  esac
  shift
  case $nc_opt in
    --interval) nc_num "$nc_opt" "$nc_val" 0 300 && NC_INTERVAL=$nc_n ;;
    --deadline) nc_num "$nc_opt" "$nc_val" 1 3600 && NC_DEADLINE=$nc_n ;;
    --section-timeout) nc_num "$nc_opt" "$nc_val" 1 600 && NC_STO=$nc_n ;;
    --only) nc_names "$nc_opt" "$nc_val" && NC_ONLY=$nc_val ;;
    --skip) nc_names "$nc_opt" "$nc_val" && NC_SKIP=$nc_val ;;
    --cluster-name) nc_dnsname "$nc_opt" "$nc_val" && NC_CLUSTER_NAME=$nc_val ;;
    --external-name) nc_dnsname "$nc_opt" "$nc_val" && NC_EXTERNAL_NAME=$nc_val ;;
  esac
done

# ------------------------------------------------------------------------------------------------------------ helpers

nc_have() { command -v "$1" >/dev/null 2>&1; }

# nc_readfirst FILE: sets nc_v to the first line of FILE; fails when FILE is unreadable.
nc_readfirst() {
  nc_v=
  [ -r "$1" ] || return 1
  case $1 in
    /proc/* | /sys/*)
      # dash and busybox `read` fetch one byte per read(2), and most /proc/sys files answer a read at a non-zero
      # offset with EOF: "262144" would come back as "2". cat reads them in one go.
      if nc_have cat; then
        nc_v=$(cat "$1" 2>/dev/null) || return 1
      elif nc_have head; then
        nc_v=$(head -n 1 "$1" 2>/dev/null) || return 1
      elif nc_have dd; then
        nc_v=$(dd if="$1" bs=4096 count=1 2>/dev/null) || return 1
      else
        case $1 in /proc/sys/*) return 1 ;; esac
        { IFS= read -r nc_v || [ -n "$nc_v" ]; } <"$1" 2>/dev/null
        return
      fi
      nc_v=${nc_v%%"$NC_NL"*}
      return 0
      ;;
  esac
  { IFS= read -r nc_v || [ -n "$nc_v" ]; } <"$1" 2>/dev/null
}

nc_kv() { printf '%s=%s\n' "$1" "$2"; }

# nc_cat FILE: prints FILE (cat, or a read loop when cat is missing).
nc_cat() {
  if nc_have cat; then
    cat "$1"
    return
  fi
  [ -r "$1" ] || {
    printf 'netcheck: cannot read %s\n' "$1" >&2
    return 1
  }
  while IFS= read -r nc_cl || [ -n "$nc_cl" ]; do printf '%s\n' "$nc_cl"; done <"$1"
}

# nc_mono: sets NC_NOW to milliseconds since boot (10 ms resolution, from /proc/uptime).
nc_mono() {
  nc_up=
  { read -r nc_up _ </proc/uptime; } 2>/dev/null
  case $nc_up in
    *[0-9].[0-9]*)
      nc_us=${nc_up%%.*}
      nc_uf=${nc_up#*.}
      nc_uf=${nc_uf%"${nc_uf#??}"}
      case $nc_uf in ?) nc_uf=${nc_uf}0 ;; esac
      case $nc_uf in 0?) nc_uf=${nc_uf#0} ;; esac
      NC_NOW=$((nc_us * 1000 + nc_uf * 10))
      ;;
    *)
      nc_d=$(date +%s 2>/dev/null)
      case $nc_d in '' | *[!0-9]*) nc_d=0 ;; esac
      NC_NOW=$((nc_d * 1000))
      ;;
  esac
}

# nc_now_ms: sets nc_ms to a millisecond clock with the best resolution available (for DNS timing).
nc_now_ms() {
  nc_ns=$(date +%s%N 2>/dev/null)
  case $nc_ns in
    '' | *[!0-9]*) ;;
    ????????????????*)
      nc_ms=${nc_ns%??????}
      return
      ;;
  esac
  nc_mono
  nc_ms=$NC_NOW
}

# nc_size FILE: sets nc_sz to the size of FILE in bytes.
nc_size() {
  nc_sz=0
  if nc_have wc; then
    nc_sz=$(wc -c <"$1" 2>/dev/null)
    nc_sz=$((nc_sz + 0))
    return
  fi
  nc_sl=
  while IFS= read -r nc_sl; do nc_sz=$((nc_sz + ${#nc_sl} + 1)); done <"$1"
  nc_sz=$((nc_sz + ${#nc_sl}))
}

# nc_head BYTES IN OUT: copies the first BYTES bytes of IN to OUT.
nc_head() {
  if nc_have head; then
    head -c "$1" "$2" >"$3"
  elif nc_have dd; then
    dd if="$2" of="$3" bs="$1" count=1 2>/dev/null
  else
    nc_hn=0
    : >"$3"
    while IFS= read -r nc_hl; do
      [ $((nc_hn + ${#nc_hl} + 1)) -le "$1" ] || break
      printf '%s\n' "$nc_hl" >>"$3"
      nc_hn=$((nc_hn + ${#nc_hl} + 1))
    done <"$2"
  fi
}

# nc_ends_nl FILE: true when FILE is empty or ends with a newline.
nc_ends_nl() {
  [ -s "$1" ] || return 0
  if nc_have tail; then
    [ -z "$(tail -c 1 "$1" 2>/dev/null)" ]
    return
  fi
  nc_el=
  while IFS= read -r nc_el; do :; done <"$1"
  [ -z "$nc_el" ]
}

# nc_mod_ok MODULE: true unless running a tool could make the kernel load MODULE (it is not loaded, not built in,
# and the kernel supports modules).
nc_mod_ok() {
  [ -d "/sys/module/$1" ] && return 0
  [ -r /proc/modules ] || return 0
  nc_readfirst /proc/sys/kernel/osrelease || return 1
  nc_mb=/lib/modules/$nc_v/modules.builtin
  [ -r "$nc_mb" ] || return 1
  while IFS= read -r nc_ml; do
    case $nc_ml in */"$1".ko | */"$1".ko.*) return 0 ;; esac
  done <"$nc_mb"
  return 1
}

# nc_mark WHAT: records a fact about the running section (timeout, truncated) for its header.
nc_mark() { : >"$NC_MARK.$1"; }

# nc_skip REASON: the running section does not apply here; the reason becomes its body.
nc_skip() {
  printf '%s\n' "$1"
  printf 'skipped' >"$NC_MARK.status"
}

# nc_setcmd TEXT: the command line shown in the section header (what actually ran).
nc_setcmd() { printf '%s' "$1" >"$NC_MARK.cmd"; }

# nc_to CMD ARGS...: runs CMD under the timeout tool with what is left of the section's time; returns 124 (and marks
# the section) when it timed out.
nc_to() {
  nc_mono
  nc_tl=$(((NC_SEC_END - NC_NOW + 999) / 1000))
  if [ "$nc_tl" -lt 1 ]; then
    nc_mark timeout
    printf 'netcheck: no time left to run %s\n' "$1" >&2
    return 124
  fi
  nc_ts=$NC_NOW
  # In the background with its pid on file, so a signal to the collector can stop it (coreutils timeout runs in
  # its own process group, out of reach of a signal to ours).
  case $NC_TIMEOUT_KIND in
    timeout-k) timeout -k 2 "$nc_tl" "$@" & ;;
    timeout) timeout "$nc_tl" "$@" & ;;
    timeout-t) timeout -t "$nc_tl" "$@" & ;;
    *) "$@" & ;;
  esac
  nc_tp=$!
  echo "$nc_tp" >"$NC_T/cmd.pid"
  wait "$nc_tp"
  nc_tr=$?
  : >"$NC_T/cmd.pid"
  case $nc_tr in
    124)
      [ "$NC_TIMEOUT_KIND" = none ] && return 124
      ;;
    137 | 143)
      [ "$NC_TIMEOUT_KIND" = none ] && return "$nc_tr"
      nc_mono
      [ $((NC_NOW - nc_ts)) -ge $((nc_tl * 1000 - 100)) ] || return "$nc_tr"
      ;;
    *) return "$nc_tr" ;;
  esac
  nc_mark timeout
  printf 'netcheck: %s timed out after %ss\n' "$1" "$nc_tl" >&2
  return 124
}

# ------------------------------------------------------------------------------------------------------------ awk

# The conntrack table breakdown: one streaming pass over `conntrack -L -o extended` or /proc/net/nf_conntrack lines.
# Output lines: KEY [NAME] COUNT (see docs/report-format.md).
# shellcheck disable=SC2016 # an awk program: its $ are awk's, not the shell's
NC_AWK_BREAKDOWN='
function hp(a, p) {
  if (index(a, ":") > 0) a = "[" a "]"
  if (p != "") a = a ":" p
  return a
}
function top(arr, n, label,   k, i, best, bk, used) {
  for (i = 0; i < n; i++) {
    best = -1
    bk = ""
    for (k in arr) {
      if (k in used) continue
      if (arr[k] > best || (arr[k] == best && k < bk)) { best = arr[k]; bk = k }
    }
    if (best < 0) break
    used[bk] = 1
    print label " " bk " " best
  }
}
BEGIN { total = 0; maxto = 0; longto = 0; ndnat = 0; nsnat = 0; nudp = 0; dk = 0; udk = 0; over = 0; CAP = 100000 }
{
  i = 1
  if ($1 == "ipv4" || $1 == "ipv6") { fam[$1]++; i = 3 }
  if (NF < i + 4) next
  to = $(i + 2)
  if (to !~ /^[0-9]+$/) next
  total++
  p = $i
  pc[p]++
  to = to + 0
  if (to > maxto) maxto = to
  if (to > 86400) longto++
  j = i + 3
  st = $j
  if (index(st, "=") == 0 && substr(st, 1, 1) != "[") { sc[st]++; j++ }
  # Flags by substring search: much faster than a loop over the fields (busybox awk).
  unrep = index($0, "[UNREPLIED]") > 0
  if (unrep) fc["UNREPLIED"]++
  if (index($0, "[ASSURED]") > 0) fc["ASSURED"]++
  if (index($0, "OFFLOAD]") > 0) {
    if (index($0, "[OFFLOAD]") > 0) fc["OFFLOAD"]++
    if (index($0, "[HW_OFFLOAD]") > 0) fc["HW_OFFLOAD"]++
  }
  os = ""; od = ""; osp = ""; odp = ""; rs = ""; rd = ""; rsp = ""; rdp = ""
  # Original tuple, then (after optional packets=/bytes=/[UNREPLIED]/zone fields) the reply tuple.
  while (j <= NF && substr($j, 1, 4) != "src=") j++
  if (j <= NF) {
    os = substr($j, 5); od = substr($(j + 1), 5)
    if (substr($(j + 2), 1, 6) == "sport=") { osp = substr($(j + 2), 7); odp = substr($(j + 3), 7); j += 4 }
    else j += 2
    while (j <= NF && substr($j, 1, 4) != "src=") j++
    if (j <= NF) {
      rs = substr($j, 5); rd = substr($(j + 1), 5)
      if (substr($(j + 2), 1, 6) == "sport=") { rsp = substr($(j + 2), 7); rdp = substr($(j + 3), 7) }
    }
  }
  isdnat = 0
  if (rs != "" && (rs != od || rsp != odp)) {
    isdnat = 1
    ndnat++
    if (odp == "" || index(od, ":") > 0 || index(rs, ":") > 0) dkey = hp(od, odp) ">" hp(rs, rsp)
    else dkey = od ":" odp ">" rs ":" rsp
    if (dkey in dn) dn[dkey]++
    else if (dk < CAP) { dn[dkey] = 1; dk++ }
    else over++
  }
  if (rd != "" && (rd != os || rdp != osp)) nsnat++
  if (p == "udp" && unrep) {
    nudp++
    up[odp]++
    if (isdnat) {
      if (dkey in ud) ud[dkey]++
      else if (udk < CAP) { ud[dkey] = 1; udk++ }
      else over++
    }
  }
}
END {
  print "source " src
  print "total " total
  for (k in fam) print "family " k " " fam[k]
  top(pc, 50, "proto")
  top(sc, 50, "state")
  if (!("UNREPLIED" in fc)) fc["UNREPLIED"] = 0
  if (!("ASSURED" in fc)) fc["ASSURED"] = 0
  top(fc, 20, "flag")
  print "nat dnat " ndnat
  print "nat snat " nsnat
  print "udp-unreplied " nudp
  top(up, 10, "udp-unreplied-dport")
  top(dn, 10, "dnat")
  top(ud, 10, "udp-unreplied-dnat")
  print "dnat-distinct " dk
  if (over > 0) print "dnat-uncounted " over
  print "long-timeout " longto
  print "max-timeout " maxto
}'

# iptables-save filter: keep the nat table and the KUBE chains of the filter table, bounded.
# shellcheck disable=SC2016 # an awk program: its $ are awk's, not the shell's
NC_AWK_IPTNAT='
function svc(c) { return c ~ /^KUBE-(SVC|SEP|EXT|FW|SVL|XLB)-/ }
function builtin(c) { return c == "PREROUTING" || c == "INPUT" || c == "OUTPUT" || c == "POSTROUTING" || c == "FORWARD" }
function always(c) {
  return c == "KUBE-SERVICES" || c == "KUBE-POSTROUTING" || c == "KUBE-NODEPORTS" || c == "KUBE-EXTERNAL-SERVICES" || c == "POSTROUTING"
}
BEGIN { keep = 0; kept = 0; used = 0; CAP_CHAIN = 40; CAP_ALWAYS = 60; CAP_SVC = 30; CAP_NOEP = 60; CAP_MASQ = 40; CAP_TOTAL = 320 }
/^\*/ {
  tbl = substr($0, 2)
  keep = (tbl == "nat" || tbl == "filter")
  if (keep) {
    seen = 1
    print
    rules = 0; om = 0; omc = 0; split("", svcr); noep = 0; masq = 0; nsvc = 0; nsep = 0; nchains = 0; noept = 0; masqt = 0
    split("", cnt)
  } else other[tbl] = 0
  next
}
/^COMMIT/ {
  if (keep) {
    print "# netcheck: table " tbl " rules=" rules " chains=" nchains " kube_svc_chains=" nsvc " kube_sep_chains=" nsep " no_endpoints_rules=" noept " masquerade_snat_rules=" masqt
    print "# netcheck: omitted " om " rules"
    print "# netcheck: omitted " omc " chain declarations"
    print
    if (om > 0 || omc > 0) truncated = 1
  }
  keep = 0
  next
}
/^:/ {
  if (!keep) next
  c = substr($1, 2)
  nchains++
  if (c ~ /^KUBE-SVC-/) nsvc++
  if (c ~ /^KUBE-SEP-/) nsep++
  if (builtin(c) || (c ~ /^KUBE-/ && !svc(c))) print
  else omc++
  next
}
/^-A / {
  if (!keep) { other[tbl]++; next }
  rules++
  c = $2
  isnoep = index($0, "has no endpoints") > 0
  ismasq = ($0 ~ /-j (MASQUERADE|SNAT)/)
  if (isnoep) noept++
  if (ismasq) masqt++
  k = 0
  if (always(c)) k = (cnt[c]++ < CAP_ALWAYS)
  else if (builtin(c)) k = (cnt[c]++ < CAP_CHAIN)
  else if (svc(c)) k = (svcr[c ~ /^KUBE-FW-/ ? "FW" : substr(c, 6, 3)]++ < CAP_SVC)
  else if (c ~ /^KUBE-/) k = (cnt[c]++ < CAP_CHAIN)
  if (!k && isnoep) k = (noep++ < CAP_NOEP)
  if (!k && ismasq) k = (masq++ < CAP_MASQ)
  if (k && kept < CAP_TOTAL && used + length($0) + 1 <= maxb) { print; kept++; used += length($0) + 1 }
  else om++
  next
}
/^#/ { if (length($0) < 300) print; next }
{ if (keep && length($0) < 300) print }
END {
  if (!seen) print "# netcheck: no nat or filter table in the iptables-save output"
  for (t in other) print "# netcheck: skipped table " t " rules=" other[t]
  if (truncated) printf "" > (mark ".truncated")
}'

# Rule counts of one iptables-save output: KEY_rules=N, KEY_tables=..., KEY_kube_rules=N, ...
# shellcheck disable=SC2016 # an awk program: its $ are awk's, not the shell's
NC_AWK_IPTCOUNT='
/^\*/ { t = substr($0, 2); tables = tables (tables == "" ? "" : ",") t; next }
/^:/ { chains++; next }
/^-A / { rules++; per[t]++; if ($2 ~ /^KUBE-/) kube++; next }
/iptables-legacy tables present/ { warn = 1 }
END {
  print pfx "_rules=" rules + 0
  print pfx "_tables=" tables
  n = split(tables, ts, ",")
  for (i = 1; i <= n; i++) print pfx "_rules_" ts[i] "=" per[ts[i]] + 0
  print pfx "_chains=" chains + 0
  print pfx "_kube_rules=" kube + 0
  if (warn) print pfx "_warns_legacy_tables=yes"
}'

# First MAX lines of a listing, then a count of what was left out.
# shellcheck disable=SC2016 # an awk program: its $ are awk's, not the shell's
NC_AWK_LINES='
!done && NR <= max && used + length($0) + 1 <= maxb { print; used += length($0) + 1; next }
{ done = 1; om++ }
END {
  if (om > 0) { print "# netcheck: omitted " om " lines"; printf "" > (mark ".truncated") }
}'

# ipvsadm -Ln: first MAX lines plus service and real-server counts.
# shellcheck disable=SC2016 # an awk program: its $ are awk's, not the shell's
NC_AWK_IPVS='
/^(TCP|UDP|SCTP|FWM) / { vs++ }
/^  -> / && $2 != "RemoteAddress:Port" { rs++ }
!done && NR <= max && used + length($0) + 1 <= maxb { print; used += length($0) + 1; next }
{ done = 1; om++ }
END {
  print "# netcheck: virtual_services=" vs + 0 " real_servers=" rs + 0
  if (om > 0) { print "# netcheck: omitted " om " lines"; printf "" > (mark ".truncated") }
}'

# Kernel log lines about conntrack, IPVS, INVALID drops and rate limiting: the last MAX of them.
# shellcheck disable=SC2016 # an awk program: its $ are awk's, not the shell's
NC_AWK_KLOG='
/conntrack|IPVS|INVALID|net_ratelimit|TCP: |SYN flooding|neighbo/ { buf[n % max] = $0; n++ }
END {
  # The newest lines matter most: keep the last ones that fit in max lines and maxb bytes.
  s = n > max ? n - max : 0
  used = 0
  for (i = n - 1; i >= s; i--) {
    if (used + length(buf[i % max]) + 1 > maxb) break
    used += length(buf[i % max]) + 1
  }
  s = i + 1
  if (s > 0) { print "# netcheck: " n " matching lines, the last " n - s " shown"; printf "" > (mark ".truncated") }
  for (i = s; i < n; i++) print buf[i % max]
}'

# ------------------------------------------------------------------------------------------------------ host facts

nc_detect_timeout() {
  NC_TIMEOUT_KIND=none
  NC_TIMEOUT_TOOL=none
  nc_have timeout || return 0
  nc_th=$(timeout --help 2>&1)
  case $nc_th in
    *'-t SECS'*)
      NC_TIMEOUT_KIND=timeout-t
      NC_TIMEOUT_TOOL=busybox-old
      ;;
    *BusyBox*)
      NC_TIMEOUT_TOOL=busybox
      NC_TIMEOUT_KIND=timeout
      case $nc_th in *KILL_SECS*) NC_TIMEOUT_KIND=timeout-k ;; esac
      ;;
    *kill-after*)
      NC_TIMEOUT_TOOL=coreutils
      NC_TIMEOUT_KIND=timeout-k
      ;;
    *)
      NC_TIMEOUT_TOOL=timeout
      NC_TIMEOUT_KIND=timeout
      ;;
  esac
}

# nc_link PATH: sets nc_lk to the target of the symlink PATH (e.g. net:[4026531840]).
nc_link() {
  nc_lk=
  if nc_have readlink; then
    nc_lk=$(readlink "$1" 2>/dev/null)
  elif nc_have ls; then
    nc_lk=$(ls -l "$1" 2>/dev/null)
    case $nc_lk in *' -> '*) nc_lk=${nc_lk##* -> } ;; *) nc_lk= ;; esac
  fi
}

# nc_netns_facts: sets NS_* variables: whether this process runs in the host network namespace.
nc_netns_facts() {
  nc_link /proc/self/ns/net
  NS_SELF=$nc_lk
  nc_link /proc/1/ns/net
  NS_PID1=$nc_lk
  NS_PID1_VISIBLE=no
  [ -n "$NS_PID1" ] && NS_PID1_VISIBLE=yes
  nc_readfirst /proc/1/comm
  NS_PID1_COMM=$nc_v
  case $NS_PID1_COMM in
    systemd | init | openrc-init | runit | runit-init | s6-svscan | launchd) NS_PID1_INIT=yes ;;
    '') NS_PID1_INIT=unknown ;;
    *) NS_PID1_INIT=no ;;
  esac
  NS_IFACES=
  NS_IFCOUNT=0
  NS_HOSTLIKE=
  NS_PODLIKE=yes
  if [ -r /proc/net/dev ]; then
    while IFS= read -r nc_dl; do
      case $nc_dl in *:*) ;; *) continue ;; esac
      nc_if=${nc_dl%%:*}
      while :; do case $nc_if in ' '*) nc_if=${nc_if# } ;; *) break ;; esac; done
      NS_IFCOUNT=$((NS_IFCOUNT + 1))
      [ "$NS_IFCOUNT" -le 40 ] && NS_IFACES=${NS_IFACES:+$NS_IFACES,}$nc_if
      case $nc_if in
        # Fallback tunnel devices exist in every network namespace once their module is loaded.
        lo | tunl0 | sit0 | ip6tnl0 | gre0 | gretap0 | erspan0 | ip_vti0 | ip6_vti0 | ip6gre0) ;;
        veth* | cali* | lxc* | cni* | docker* | flannel* | cilium_* | kube-ipvs0 | kube-bridge | vxlan* | weave* | \
          gke* | eni* | azv* | ens* | enp* | eno* | em[0-9]* | bond* | br-* | virbr* | nodelocaldns | genev_sys*)
          [ -n "$NS_HOSTLIKE" ] || NS_HOSTLIKE=$nc_if
          NS_PODLIKE=no
          ;;
        eth* | net[0-9]*) ;;
        *) NS_PODLIKE=no ;;
      esac
    done </proc/net/dev
  else
    NS_PODLIKE=no
  fi
  NS_VERDICT=unknown
  NS_REASON=undetermined
  if [ -n "$NS_SELF" ] && [ -n "$NS_PID1" ] && [ "$NS_SELF" != "$NS_PID1" ]; then
    NS_VERDICT=pod
    NS_REASON=differs-from-pid1
  elif [ -n "$NS_SELF" ] && [ "$NS_SELF" = "$NS_PID1" ] && [ "$NS_PID1_INIT" = yes ]; then
    NS_VERDICT=host
    NS_REASON=same-as-host-init
  elif [ "$NS_SELF" = 'net:[4026531833]' ]; then
    # Linux 6.x gives the initial network namespace this fixed inode (PROC_NET_INIT_INO); older kernels never hand
    # it to another namespace.
    NS_VERDICT=host
    NS_REASON=initial-netns-inode
  elif [ -n "$NS_HOSTLIKE" ]; then
    NS_VERDICT=host
    NS_REASON=host-interfaces
  elif [ "$NS_PODLIKE" = yes ]; then
    NS_VERDICT=pod
    NS_REASON=pod-interfaces
  fi
}

# ------------------------------------------------------------------------------------------------------- sections

sec_basics() {
  nc_setcmd 'read /proc/sys/kernel/{hostname,osrelease,version}, /proc/uptime, /proc/cpuinfo, /proc/self/status; id; date; uname -m'
  if nc_readfirst /proc/sys/kernel/hostname; then nc_kv hostname "$nc_v"; elif nc_have hostname; then nc_kv hostname "$(hostname)"; fi
  if nc_readfirst /proc/sys/kernel/osrelease; then nc_kv kernel "$nc_v"; elif nc_have uname; then nc_kv kernel "$(uname -r)"; fi
  nc_readfirst /proc/sys/kernel/version && nc_kv kernel_version "$nc_v"
  nc_have uname && nc_kv arch "$(uname -m 2>/dev/null)"
  if nc_readfirst /proc/uptime; then nc_kv uptime_s "${nc_v%%.*}"; fi
  nc_cpus=0
  if nc_have grep; then
    nc_cpus=$(grep -c '^processor' /proc/cpuinfo 2>/dev/null)
  elif [ -r /proc/cpuinfo ]; then
    while IFS= read -r nc_cl; do case $nc_cl in processor*) nc_cpus=$((nc_cpus + 1)) ;; esac; done </proc/cpuinfo
  fi
  nc_kv cpus "$nc_cpus"
  nc_have nproc && nc_kv nproc "$(nproc 2>/dev/null)"
  if nc_readfirst /proc/loadavg; then
    # shellcheck disable=SC2086 # split into fields on purpose
    set -- $nc_v
    nc_kv loadavg "$1 $2 $3"
  fi
  nc_have date && nc_kv date "$(date -u +%Y-%m-%dT%H:%M:%SZ 2>/dev/null)"
  nc_kv epoch "$NC_EPOCH0"
  nc_readfirst /proc/sys/kernel/random/boot_id && nc_kv boot_id "$nc_v"
  if nc_have id; then
    nc_kv user "$(id -un 2>/dev/null)"
  fi
  nc_uid=
  nc_cap=
  if [ -r /proc/self/status ]; then
    while IFS= read -r nc_sl; do
      case $nc_sl in
        Uid:*)
          # shellcheck disable=SC2086 # split into fields on purpose
          set -- ${nc_sl#Uid:}
          nc_uid=$1
          ;;
        CapEff:*)
          # shellcheck disable=SC2086 # split into fields on purpose
          set -- ${nc_sl#CapEff:}
          nc_cap=$1
          ;;
      esac
    done </proc/self/status
  fi
  [ -n "$nc_uid" ] && nc_kv uid "$nc_uid"
  if [ -n "$nc_cap" ]; then
    nc_kv cap_eff "$nc_cap"
    case $nc_cap in
      *[!0-9a-fA-F]*) ;;
      *)
        if [ $(((0x$nc_cap >> 12) & 1)) -eq 1 ]; then nc_kv cap_net_admin yes; else nc_kv cap_net_admin no; fi
        ;;
    esac
  fi
  nc_kv timeout_tool "$NC_TIMEOUT_TOOL"
  nc_kv shell "$NC_SHELL"
  if [ -r /etc/os-release ]; then
    while IFS= read -r nc_ol; do
      case $nc_ol in
        PRETTY_NAME=*)
          nc_ol=${nc_ol#PRETTY_NAME=}
          nc_ol=${nc_ol#\"}
          nc_kv os "${nc_ol%\"}"
          ;;
      esac
    done </etc/os-release
  fi
  nc_ic=no
  if [ -e /.dockerenv ] || [ -e /run/.containerenv ] || [ -n "$KUBERNETES_SERVICE_HOST" ]; then nc_ic=yes; fi
  nc_kv in_container "$nc_ic"
  nc_netns_facts
  nc_kv netns "$NS_VERDICT"
  nc_kv netns_reason "$NS_REASON"
  nc_found=
  nc_missing=
  for nc_tool in conntrack iptables iptables-save iptables-legacy-save iptables-nft-save ip6tables-save nft ipvsadm ip ss \
    getent nslookup dmesg journalctl curl wget awk timeout sleep date head tail wc; do
    if nc_have "$nc_tool"; then nc_found=${nc_found:+$nc_found,}$nc_tool; else nc_missing=${nc_missing:+$nc_missing,}$nc_tool; fi
  done
  nc_kv tools_found "$nc_found"
  nc_kv tools_missing "$nc_missing"
  nc_kv collector_version "$NC_VERSION"
}

sec_netns() {
  nc_setcmd 'readlink /proc/self/ns/net /proc/1/ns/net; read /proc/1/comm /proc/net/dev /proc/sys/net/netfilter/nf_conntrack_{count,max}'
  nc_netns_facts
  nc_kv self_netns "$NS_SELF"
  nc_kv pid1_netns "$NS_PID1"
  nc_kv pid1_visible "$NS_PID1_VISIBLE"
  nc_kv pid1_comm "$NS_PID1_COMM"
  nc_kv pid1_is_init "$NS_PID1_INIT"
  nc_kv interfaces "$NS_IFACES"
  nc_kv interface_count "$NS_IFCOUNT"
  [ -n "$NS_HOSTLIKE" ] && nc_kv host_interface "$NS_HOSTLIKE"
  nc_readfirst /proc/sys/net/netfilter/nf_conntrack_count && nc_kv conntrack_count "$nc_v"
  nc_readfirst /proc/sys/net/netfilter/nf_conntrack_max && nc_kv conntrack_max "$nc_v"
  nc_kv netns "$NS_VERDICT"
  nc_kv reason "$NS_REASON"
}

sec_conntrack_count() {
  nc_setcmd 'read /proc/sys/net/netfilter/nf_conntrack_{count,max,buckets} (or /proc/sys/net/ipv4/netfilter/ip_conntrack_*), /sys/module/nf_conntrack/parameters/hashsize'
  nc_got=0
  nc_src=
  # source= lists each path read once, in the order count, max, buckets were read: the first names the count's.
  for nc_k in count max buckets; do
    if nc_readfirst "/proc/sys/net/netfilter/nf_conntrack_$nc_k"; then
      nc_kv "nf_conntrack_$nc_k" "$nc_v"
      nc_got=$((nc_got + 1))
      case ,$nc_src, in *,proc-netfilter,*) ;; *) nc_src=${nc_src:+$nc_src,}proc-netfilter ;; esac
    elif nc_readfirst "/proc/sys/net/ipv4/netfilter/ip_conntrack_$nc_k"; then
      nc_kv "nf_conntrack_$nc_k" "$nc_v"
      nc_got=$((nc_got + 1))
      case ,$nc_src, in *,legacy-ip-conntrack,*) ;; *) nc_src=${nc_src:+$nc_src,}legacy-ip-conntrack ;; esac
    else
      nc_miss=${nc_miss:+$nc_miss,}nf_conntrack_$nc_k
    fi
  done
  nc_readfirst /sys/module/nf_conntrack/parameters/hashsize && nc_kv hashsize "$nc_v"
  [ -n "$nc_src" ] && nc_kv source "$nc_src"
  [ -n "$nc_miss" ] && nc_kv unavailable "$nc_miss"
  if [ "$nc_got" -eq 0 ]; then
    printf 'netcheck: no conntrack counters readable (nf_conntrack not loaded, or /proc/sys not visible)\n' >&2
    return 1
  fi
  return 0
}

# The sysctl name of a /proc/sys path, in nc_dots: /proc/sys/net/ipv4/ip_forward -> net.ipv4.ip_forward (no fork).
nc_sysctl_name() {
  nc_key=${1#/proc/sys/}
  nc_dots=
  while :; do
    case $nc_key in
      */*)
        nc_dots=$nc_dots${nc_key%%/*}.
        nc_key=${nc_key#*/}
        ;;
      *)
        nc_dots=$nc_dots$nc_key
        break
        ;;
    esac
  done
}

sec_conntrack_sysctl() {
  nc_setcmd 'read /proc/sys/net/netfilter/nf_conntrack_* and related sysctls'
  nc_absent=
  nc_files=
  for nc_f in /proc/sys/net/netfilter/nf_conntrack_max /proc/sys/net/netfilter/nf_conntrack_buckets \
    /proc/sys/net/netfilter/nf_conntrack_tcp_timeout_* /proc/sys/net/netfilter/nf_conntrack_udp_timeout* \
    /proc/sys/net/netfilter/nf_conntrack_generic_timeout /proc/sys/net/netfilter/nf_conntrack_icmp_timeout \
    /proc/sys/net/netfilter/nf_conntrack_acct /proc/sys/net/netfilter/nf_conntrack_tcp_loose \
    /proc/sys/net/netfilter/nf_conntrack_tcp_be_liberal /proc/sys/net/netfilter/nf_conntrack_tcp_max_retrans \
    /proc/sys/net/netfilter/nf_conntrack_checksum /proc/sys/net/netfilter/nf_conntrack_expect_max \
    /proc/sys/net/ipv4/netfilter/ip_conntrack_max /proc/sys/net/ipv4/netfilter/ip_conntrack_buckets \
    /proc/sys/net/ipv4/ip_local_port_range /proc/sys/net/ipv4/tcp_tw_reuse /proc/sys/net/ipv4/tcp_fin_timeout \
    /proc/sys/net/ipv4/tcp_max_tw_buckets /proc/sys/net/ipv4/tcp_max_syn_backlog /proc/sys/net/core/somaxconn \
    /proc/sys/net/core/netdev_max_backlog /proc/sys/net/ipv4/ip_forward /proc/sys/net/ipv4/conf/all/rp_filter \
    /proc/sys/net/bridge/bridge-nf-call-iptables /proc/sys/net/bridge/bridge-nf-call-ip6tables; do
    if [ -r "$nc_f" ]; then
      nc_files="$nc_files $nc_f"
      continue
    fi
    nc_sysctl_name "$nc_f"
    case $nc_dots in *'*'* | net.ipv4.netfilter.ip_conntrack_*) continue ;; esac
    nc_absent="$nc_absent $nc_dots"
  done
  if nc_have awk; then
    # One awk reads every file in one go (a fork per file is slow on a busy node).
    # shellcheck disable=SC2086 # the file list is split on purpose
    awk 'FNR == 1 { k = FILENAME; sub(/^\/proc\/sys\//, "", k); gsub(/\//, ".", k); print k " = " $0 }' $nc_files
  else
    for nc_f in $nc_files; do
      nc_sysctl_name "$nc_f"
      nc_readfirst "$nc_f" && printf '%s = %s\n' "$nc_dots" "$nc_v"
    done
  fi
  [ -n "$nc_absent" ] && printf '# netcheck: not present:%s\n' "$nc_absent"
  return 0
}

sec_conntrack_stats() {
  nc_setcmd 'conntrack -S'
  if ! nc_mod_ok nf_conntrack_netlink; then
    nc_skip 'nf_conntrack_netlink is not loaded (conntrack -S would load it); see conntrack-stat-N'
    return 0
  fi
  nc_to conntrack -S
}

# The first sample failed or timed out: not worth another wait.
sec_conntrack_stats_again() {
  nc_skip "netcheck: not run: conntrack -S gave status=$NC_S1_STATUS in the first sample"
}

sec_conntrack_stat_hex() {
  nc_setcmd 'cat /proc/net/stat/nf_conntrack'
  nc_cat /proc/net/stat/nf_conntrack
}

sec_conntrack_breakdown() {
  if nc_have conntrack && nc_mod_ok nf_conntrack_netlink; then
    nc_setcmd 'conntrack -L -o extended 2>/dev/null | awk (breakdown)'
    {
      nc_to conntrack -L -o extended 2>"$NC_T/ct.err"
      echo $? >"$NC_T/ct.rc"
    } | awk -v src=conntrack "$NC_AWK_BREAKDOWN" >"$NC_T/ct.out"
    nc_rc=
    nc_readfirst "$NC_T/ct.rc" && nc_rc=$nc_v
    case $nc_rc in
      0)
        nc_cat "$NC_T/ct.out"
        return 0
        ;;
      124)
        nc_cat "$NC_T/ct.out"
        printf '# netcheck: conntrack -L timed out; the counts cover only the entries read before that\n'
        return 124
        ;;
    esac
    nc_cat "$NC_T/ct.err" >&2
    printf 'netcheck: conntrack -L failed (rc=%s)\n' "$nc_rc" >&2
    [ -r /proc/net/nf_conntrack ] || return 1
  fi
  if [ -r /proc/net/nf_conntrack ]; then
    if ! nc_have cat; then
      nc_setcmd 'awk (breakdown) /proc/net/nf_conntrack'
      nc_to awk -v src=proc "$NC_AWK_BREAKDOWN" /proc/net/nf_conntrack
      return
    fi
    # cat under the timeout, awk after it: when the read is cut short, awk still prints what it counted.
    nc_setcmd 'cat /proc/net/nf_conntrack | awk (breakdown)'
    {
      nc_to cat /proc/net/nf_conntrack 2>"$NC_T/ct.err"
      echo $? >"$NC_T/ct.rc"
    } | awk -v src=proc "$NC_AWK_BREAKDOWN"
    nc_readfirst "$NC_T/ct.rc"
    case $nc_v in
      0) return 0 ;;
      124)
        printf '# netcheck: reading /proc/net/nf_conntrack timed out; the counts cover only the entries read before that\n'
        return 124
        ;;
    esac
    nc_cat "$NC_T/ct.err"
    return "${nc_v:-1}"
  fi
  printf 'missing tool: conntrack (and /proc/net/nf_conntrack is not readable)\n'
  printf 'missing' >"$NC_MARK.status"
  return 127
}

sec_sockets() {
  nc_setcmd 'ss -s'
  nc_to ss -s
}

sec_sockstat() {
  nc_setcmd 'cat /proc/net/sockstat /proc/net/sockstat6'
  nc_cat /proc/net/sockstat || return 1
  [ -r /proc/net/sockstat6 ] && nc_cat /proc/net/sockstat6
  return 0
}

# nc_ipt_count PREFIX BINARY: prints the rule counts of one iptables-save variant.
nc_ipt_count() {
  if ! nc_have "$2"; then
    nc_kv "$1_save" missing
    return 0
  fi
  case $1 in
    nft*)
      if ! nc_mod_ok nf_tables; then
        nc_kv "$1_save" skipped-nf_tables-not-loaded
        return 0
      fi
      ;;
  esac
  {
    nc_to "$2" 2>"$NC_T/ipt.err"
    echo $? >"$NC_T/ipt.rc"
  } | awk -v pfx="$1" "$NC_AWK_IPTCOUNT" >"$NC_T/ipt.out"
  nc_readfirst "$NC_T/ipt.rc"
  if [ "$nc_v" = 0 ]; then
    nc_cat "$NC_T/ipt.out"
    while IFS= read -r nc_il; do
      case $nc_il in "$1_kube_rules="*) nc_kube=${nc_il#*=} ;; esac
    done <"$NC_T/ipt.out"
    if [ "${nc_kube:-0}" -gt "${NC_KUBE_MAX:-0}" ]; then
      NC_KUBE_MAX=$nc_kube
      printf '%s' "$2" >"$NC_T/ipt.kube-save"
    fi
    nc_kube=0
  else
    nc_kv "$1_save" failed
    nc_kv "$1_rc" "$nc_v"
    nc_readfirst "$NC_T/ipt.err" && nc_kv "$1_error" "$nc_v"
  fi
}

sec_iptables_counts() {
  nc_setcmd 'iptables -V; iptables-legacy-save, iptables-nft-save, ip6tables-legacy-save, ip6tables-nft-save (or iptables-save) | count -A lines'
  nc_backend=unknown
  if nc_have iptables; then
    nc_iv=$(nc_to iptables -V 2>&1)
    nc_kv iptables_version "$nc_iv"
    case $nc_iv in
      *nf_tables*) nc_backend=nft ;;
      *legacy*) nc_backend=legacy ;;
      *' v1.'[0-7].*) nc_backend=legacy ;;
    esac
  else
    nc_kv iptables missing
  fi
  nc_kv default_backend "$nc_backend"
  NC_KUBE_MAX=0
  if ! nc_have iptables-legacy-save && ! nc_have iptables-nft-save && nc_have iptables-save; then
    case $nc_backend in
      nft) nc_ipt_count nft_default iptables-save ;;
      *) nc_ipt_count save iptables-save ;;
    esac
  fi
  nc_ipt_count legacy iptables-legacy-save
  nc_ipt_count nft iptables-nft-save
  nc_ipt_count legacy6 ip6tables-legacy-save
  nc_ipt_count nft6 ip6tables-nft-save
  nc_kb=none
  nc_readfirst "$NC_T/ipt.kube-save" && nc_kb=$nc_v
  nc_kv kube_rules_in "$nc_kb"
  return 0
}

sec_iptables_nat() {
  nc_bin=
  # Prefer the backend that holds kube-proxy's rules (found by iptables-counts), else the default iptables-save.
  nc_readfirst "$NC_T/ipt.kube-save" && nc_bin=$nc_v
  if [ -z "$nc_bin" ]; then
    for nc_b in iptables-save iptables-nft-save iptables-legacy-save; do
      if nc_have "$nc_b"; then
        nc_bin=$nc_b
        break
      fi
    done
  fi
  nc_nftish=
  case $nc_bin in
    iptables-nft-save) nc_nftish=1 ;;
    iptables-save) case $(nc_to iptables-save -V 2>&1) in *nf_tables*) nc_nftish=1 ;; esac ;;
  esac
  case $nc_nftish in
    1)
      if ! nc_mod_ok nf_tables; then
        nc_skip 'nf_tables is not loaded (iptables-nft-save would load it)'
        return 0
      fi
      ;;
  esac
  nc_setcmd "$nc_bin | awk (nat table and filter KUBE chains, bounded)"
  {
    nc_to "$nc_bin" 2>"$NC_T/nat.err"
    echo $? >"$NC_T/nat.rc"
  } | awk -v maxb=48000 -v mark="$NC_MARK" "$NC_AWK_IPTNAT"
  nc_cat "$NC_T/nat.err"
  nc_readfirst "$NC_T/nat.rc"
  return "${nc_v:-1}"
}

sec_ipvs() {
  nc_setcmd 'ipvsadm -Ln | head'
  if [ ! -e /proc/net/ip_vs ]; then
    nc_skip 'IPVS is not active here (/proc/net/ip_vs is absent; ipvsadm would load the ip_vs module)'
    return 0
  fi
  if ! nc_have awk; then
    nc_to ipvsadm -Ln
    return
  fi
  {
    nc_to ipvsadm -Ln 2>&1
    echo $? >"$NC_T/ipvs.rc"
  } | awk -v max=300 -v maxb=15000 -v mark="$NC_MARK" "$NC_AWK_IPVS"
  nc_readfirst "$NC_T/ipvs.rc"
  return "${nc_v:-1}"
}

sec_nft_kube_proxy() {
  nc_setcmd 'nft list table ip kube-proxy'
  if ! nc_mod_ok nf_tables; then
    nc_skip 'nf_tables is not loaded (nft would load it)'
    return 0
  fi
  nc_tables=$(nc_to nft list tables 2>&1)
  nc_r=$?
  if [ "$nc_r" -ne 0 ]; then
    printf '%s\n' "$nc_tables"
    return "$nc_r"
  fi
  nc_fams=
  case $nc_tables in *'table ip kube-proxy'*) nc_fams=ip ;; esac
  case $nc_tables in *'table ip6 kube-proxy'*) nc_fams="$nc_fams ip6" ;; esac
  if [ -z "$nc_fams" ]; then
    nc_skip 'no nft table ip kube-proxy (kube-proxy does not run in nftables mode here)'
    return 0
  fi
  nc_cmd=
  : >"$NC_T/nft.rc"
  for nc_fam in $nc_fams; do
    nc_cmd="${nc_cmd:+$nc_cmd; }nft list table $nc_fam kube-proxy"
    nc_to nft list table "$nc_fam" kube-proxy 2>&1 || echo "$?" >"$NC_T/nft.rc"
  done >"$NC_T/nft.out"
  nc_setcmd "$nc_cmd"
  if nc_have awk; then
    awk -v max=400 -v maxb=15000 -v mark="$NC_MARK" "$NC_AWK_LINES" "$NC_T/nft.out"
  else
    nc_cat "$NC_T/nft.out"
  fi
  nc_readfirst "$NC_T/nft.rc"
  return "${nc_v:-0}"
}

sec_kube_proxy_mode() {
  unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY
  if nc_have curl; then
    nc_setcmd 'curl -sS --max-time 2 http://127.0.0.1:10249/proxyMode'
    nc_to curl -sS --noproxy '*' --max-time 2 http://127.0.0.1:10249/proxyMode
  else
    nc_setcmd 'wget -qO- -T 2 http://127.0.0.1:10249/proxyMode'
    nc_to wget -q -T 2 -O - http://127.0.0.1:10249/proxyMode
  fi
}

sec_links() {
  nc_setcmd 'ip -d link'
  nc_to ip -d link 2>"$NC_T/links.err" && return 0
  nc_r=$?
  [ "$nc_r" -eq 124 ] && return 124
  nc_setcmd 'ip link'
  nc_to ip link
}

sec_routes() {
  nc_setcmd 'ip route show table all'
  nc_to ip route show table all 2>"$NC_T/routes.err" && return 0
  nc_r=$?
  [ "$nc_r" -eq 124 ] && return 124
  nc_setcmd 'ip route'
  nc_to ip route
}

sec_resolv_conf() {
  nc_setcmd 'cat /etc/resolv.conf'
  nc_cat /etc/resolv.conf
}

# sec_dns NAME: a timed lookup of NAME.
sec_dns() {
  nc_qname=$1
  if nc_have getent; then
    nc_tool=getent
    set -- getent hosts "$1"
  else
    nc_tool=nslookup
    set -- nslookup "$1"
  fi
  nc_setcmd "$*"
  nc_now_ms
  nc_t0=$nc_ms
  nc_to "$@"
  nc_r=$?
  nc_now_ms
  printf 'elapsed_ms=%s rc=%s name=%s tool=%s\n' "$((nc_ms - nc_t0))" "$nc_r" "$nc_qname" "$nc_tool"
  return "$nc_r"
}

sec_dns_cluster() { sec_dns "$NC_CLUSTER_NAME"; }
sec_dns_external() { sec_dns "$NC_EXTERNAL_NAME"; }

sec_kernel_log() {
  if nc_have dmesg; then
    nc_setcmd 'dmesg | awk (conntrack|IPVS|INVALID|net_ratelimit|TCP|neighbour, last 200 lines)'
    {
      nc_to dmesg 2>"$NC_T/klog.err"
      echo $? >"$NC_T/klog.rc"
    } | awk -v max=200 -v maxb=15000 -v mark="$NC_MARK" "$NC_AWK_KLOG" >"$NC_T/klog.out"
    nc_readfirst "$NC_T/klog.rc"
    if [ "$nc_v" = 0 ]; then
      nc_cat "$NC_T/klog.out"
      return 0
    fi
    [ "$nc_v" = 124 ] && return 124
    nc_have journalctl || {
      nc_cat "$NC_T/klog.err"
      return "${nc_v:-1}"
    }
  fi
  nc_setcmd 'journalctl -k -q --no-pager -n 100000 | awk (conntrack|IPVS|INVALID|net_ratelimit|TCP|neighbour, last 200 lines)'
  {
    nc_to journalctl -k -q --no-pager -n 100000 2>"$NC_T/klog.err"
    echo $? >"$NC_T/klog.rc"
  } | awk -v max=200 -v maxb=15000 -v mark="$NC_MARK" "$NC_AWK_KLOG"
  nc_readfirst "$NC_T/klog.rc"
  [ "$nc_v" = 0 ] || nc_cat "$NC_T/klog.err"
  return "${nc_v:-1}"
}

# Cilium: the agent's own view (status, drop and map counters). The agent runs in its pod; its CLI is used from PATH
# (cilium-dbg), else from the agent's root (/proc/PID/root/usr/bin/cilium-dbg, or cilium before 1.15), talking to the
# agent's API socket. Without a CLI, the metrics come from the agent's Prometheus port when it is enabled.
# nc_cilium_find: sets NC_CIL_PID (a cilium-agent process, or empty), NC_CIL_BIN (a CLI, or empty) and NC_CIL_SOCK
# (-H argument, or empty when the default socket path works).
nc_cilium_find() {
  NC_CIL_PID=
  for nc_d in /proc/[0-9]*; do
    nc_c=
    { read -r nc_c <"$nc_d/comm"; } 2>/dev/null
    if [ "$nc_c" = cilium-agent ]; then
      NC_CIL_PID=${nc_d#/proc/}
      break
    fi
  done
  NC_CIL_BIN=
  NC_CIL_SOCK=
  if nc_have cilium-dbg; then
    NC_CIL_BIN=cilium-dbg
  elif [ -n "$NC_CIL_PID" ] && [ -x "/proc/$NC_CIL_PID/root/usr/bin/cilium-dbg" ]; then
    NC_CIL_BIN=/proc/$NC_CIL_PID/root/usr/bin/cilium-dbg
  elif [ -n "$NC_CIL_PID" ] && [ -x "/proc/$NC_CIL_PID/root/usr/bin/cilium" ]; then
    NC_CIL_BIN=/proc/$NC_CIL_PID/root/usr/bin/cilium
  fi
  if [ ! -S /var/run/cilium/cilium.sock ] && [ -n "$NC_CIL_PID" ] &&
    [ -S "/proc/$NC_CIL_PID/root/var/run/cilium/cilium.sock" ]; then
    NC_CIL_SOCK=unix:///proc/$NC_CIL_PID/root/var/run/cilium/cilium.sock
  fi
}

# nc_cilium CMD ARGS...: runs the Cilium CLI found by nc_cilium_find (with -H when needed), under the timeout.
nc_cilium() {
  if [ -n "$NC_CIL_SOCK" ]; then
    nc_to "$NC_CIL_BIN" -H "$NC_CIL_SOCK" "$@"
  else
    nc_to "$NC_CIL_BIN" "$@"
  fi
}

nc_cilium_absent() {
  if [ -n "$NC_CIL_PID" ]; then
    nc_skip "cilium-agent runs (pid $NC_CIL_PID) but no Cilium CLI was found (cilium-dbg on PATH, or in the agent's root)"
  else
    nc_skip 'no cilium-agent process on this node and no cilium-dbg on PATH'
  fi
}

sec_cilium_status() {
  nc_cilium_find
  if [ -z "$NC_CIL_BIN" ]; then
    nc_cilium_absent
    return 0
  fi
  nc_setcmd "$NC_CIL_BIN status --verbose"
  if ! nc_have awk; then
    nc_cilium status --verbose 2>&1
    return
  fi
  {
    nc_cilium status --verbose 2>&1
    echo $? >"$NC_T/cil.rc"
  } | awk -v max=300 -v maxb=15000 -v mark="$NC_MARK" "$NC_AWK_LINES"
  nc_readfirst "$NC_T/cil.rc"
  return "${nc_v:-1}"
}

# The series netcheck reads from Cilium's metrics (drops by reason, map pressure and failed map operations, failing
# controllers, unreachable nodes, CT garbage collection), at most MAX lines.
# shellcheck disable=SC2016 # an awk program: its $ are awk's, not the shell's
NC_AWK_CILIUM_METRICS='
/^Metric[ \t]+Labels[ \t]+Value/ { print; next }
/^(curl: |Error: |error: )/ { print; next }
/^(cilium|hubble)_(drop_count_total|drop_total|bpf_map_pressure|controllers_failing|unreachable_nodes|unreachable_health_endpoints|datapath_conntrack_gc_entries)[ {\t]/ ||
/^cilium_bpf_map_ops_total.*outcome="?fail/ {
  if (kept < max && used + length($0) + 1 <= maxb) { print; kept++; used += length($0) + 1 } else om++
}
END { if (om > 0) { print "# netcheck: omitted " om " lines"; printf "" > (mark ".truncated") } }'

sec_cilium_metrics() {
  nc_cilium_find
  if ! nc_have awk; then
    nc_skip 'awk is needed to keep only the drop, map and health series'
    return 0
  fi
  if [ -n "$NC_CIL_BIN" ]; then
    nc_setcmd "$NC_CIL_BIN metrics list | awk (drops, map pressure, controllers, health)"
    {
      nc_cilium metrics list 2>&1
      echo $? >"$NC_T/cilm.rc"
    } | awk -v max=200 -v maxb=12000 -v mark="$NC_MARK" "$NC_AWK_CILIUM_METRICS"
  elif [ -n "$NC_CIL_PID" ] && nc_have curl; then
    unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY
    nc_setcmd 'curl -sS --max-time 2 http://127.0.0.1:9962/metrics | awk (drops, map pressure, controllers, health)'
    {
      nc_to curl -sS --noproxy '*' --max-time 2 http://127.0.0.1:9962/metrics 2>&1
      echo $? >"$NC_T/cilm.rc"
    } | awk -v max=200 -v maxb=12000 -v mark="$NC_MARK" "$NC_AWK_CILIUM_METRICS"
  else
    nc_cilium_absent
    return 0
  fi
  nc_readfirst "$NC_T/cilm.rc"
  return "${nc_v:-1}"
}

# Interface and softirq counters, read twice (net-dev-N, softnet-N, netstat-N) for rates, drops and squeezes.
# Pod-side interfaces (veth, cali, lxc, tap) are left out of /proc/net/dev: one per pod, the node's traffic is elsewhere.
# shellcheck disable=SC2016 # an awk program: its $ are awk's, not the shell's
NC_AWK_NETDEV='
$1 ~ /^(veth|cali|lxc[0-9a-f]|tap|vethwe)/ && $1 ~ /:/ { left++; next }
{ print }
END { if (left > 0) print "# netcheck: left out " left " pod-side interfaces (veth/cali/lxc/tap)" }'

# The counters netcheck reads from /proc/net/netstat and /proc/net/snmp ("Prefix: names" then "Prefix: values"),
# printed as nstat prints them.
# shellcheck disable=SC2016 # an awk program: its $ are awk's, not the shell's
NC_AWK_NETSTAT='
BEGIN {
  split("TcpExtListenOverflows TcpExtListenDrops TcpExtTCPReqQFullDrop TcpExtSyncookiesSent TcpExtTCPAbortOnMemory TcpExtPruneCalled TcpExtTCPBacklogDrop TcpRetransSegs TcpOutSegs UdpInErrors UdpRcvbufErrors UdpSndbufErrors", a, " ")
  for (i in a) want[a[i]] = 1
}
$1 ~ /^(TcpExt|Tcp|Udp):$/ {
  p = substr($1, 1, length($1) - 1)
  if (!(p in names)) { names[p] = $0; next }
  n = split(names[p], k, " ")
  for (i = 2; i <= n && i <= NF; i++) if ((p k[i]) in want) print p k[i], $i
  delete names[p]
}'

sec_net_dev() {
  nc_setcmd 'cat /proc/net/dev | awk (pod-side interfaces left out)'
  [ -r /proc/net/dev ] || {
    printf 'netcheck: cannot read /proc/net/dev\n'
    return 1
  }
  if nc_have awk; then
    awk "$NC_AWK_NETDEV" /proc/net/dev
  else
    nc_setcmd 'cat /proc/net/dev'
    nc_cat /proc/net/dev
  fi
}

sec_softnet() {
  nc_setcmd 'cat /proc/net/softnet_stat'
  nc_cat /proc/net/softnet_stat
}

sec_netstat() {
  nc_setcmd 'cat /proc/net/netstat /proc/net/snmp | awk (nstat names)'
  [ -r /proc/net/snmp ] || {
    printf 'netcheck: cannot read /proc/net/snmp\n'
    return 1
  }
  if [ -r /proc/net/netstat ]; then
    awk "$NC_AWK_NETSTAT" /proc/net/netstat /proc/net/snmp
  else
    awk "$NC_AWK_NETSTAT" /proc/net/snmp
  fi
}

# ------------------------------------------------------------------------------------------------------- runner

NC_BYTES=0
NC_SECS=0
NC_T=
NC_CHILD=
NC_LAST_STATUS=
NC_SECIDX=0
NC_MARK=

# nc_out TEXT: prints TEXT (which ends with a newline) and counts its bytes.
nc_out() {
  printf '%s' "$1"
  NC_BYTES=$((NC_BYTES + ${#1}))
}

nc_selected() {
  case $1 in
    conntrack-stat-1 | conntrack-stat-2)
      nc_base=conntrack-stats-${1#conntrack-stat-}
      ;;
    *) nc_base=$1 ;;
  esac
  case ",$NC_SKIP," in *",$1,"*) return 1 ;; esac
  [ -z "$NC_ONLY" ] && return 0
  case ",$NC_ONLY," in *",$1,"* | *",$nc_base,"*) return 0 ;; esac
  return 1
}

# nc_tools_ok "A B|C": every space-separated group needs one of its |-separated tools. Sets nc_missing_msg.
nc_tools_ok() {
  nc_missing_msg=
  for nc_grp in $1; do
    nc_ok=0
    nc_alts=$nc_grp
    while [ -n "$nc_alts" ]; do
      nc_t1=${nc_alts%%|*}
      case $nc_alts in *'|'*) nc_alts=${nc_alts#*|} ;; *) nc_alts= ;; esac
      if nc_have "$nc_t1"; then
        nc_ok=1
        break
      fi
    done
    if [ $nc_ok -eq 0 ]; then
      case $nc_grp in
        *'|'*)
          nc_list=
          nc_alts=$nc_grp
          while [ -n "$nc_alts" ]; do
            nc_list=${nc_list:+$nc_list, }${nc_alts%%|*}
            case $nc_alts in *'|'*) nc_alts=${nc_alts#*|} ;; *) nc_alts= ;; esac
          done
          nc_missing_msg="missing tool: none of $nc_list found in PATH"
          ;;
        *) nc_missing_msg="missing tool: $nc_grp not found in PATH" ;;
      esac
      return 1
    fi
  done
  return 0
}

# nc_print NAME KIND STATUS RC MS AT MONO CMD BODYFILE BUDGET
nc_print() {
  nc_tr=0
  nc_size "$9"
  nc_bf=$9
  nc_avail=$((NC_MAX_BYTES - NC_BYTES - 512 * (NC_MAX_SECTIONS - NC_SECS) - 64))
  nc_bud=${10}
  [ "$nc_bud" -gt "$nc_avail" ] && nc_bud=$nc_avail
  [ "$nc_bud" -lt 0 ] && nc_bud=0
  if [ "$nc_sz" -gt "$nc_bud" ]; then
    nc_head "$nc_bud" "$9" "$NC_T/body"
    nc_bf=$NC_T/body
    nc_tr=1
    nc_size "$nc_bf"
  fi
  [ -e "$NC_MARK.truncated" ] && nc_tr=1
  if ! nc_ends_nl "$nc_bf"; then
    if [ "$nc_bf" != "$NC_T/body" ]; then
      nc_cat "$nc_bf" >"$NC_T/body"
      nc_bf=$NC_T/body
    fi
    printf '\n' >>"$nc_bf"
    nc_sz=$((nc_sz + 1))
  fi
  NC_SECS=$((NC_SECS + 1))
  nc_out "#netcheck section name=$1 kind=$2 status=$3 rc=$4 ms=$5 at=$6 truncated=$nc_tr mono_ms=$7 bytes=$nc_sz cmd=$8
"
  nc_cat "$nc_bf"
  NC_BYTES=$((NC_BYTES + nc_sz))
}

# nc_print_text NAME KIND STATUS RC MS AT MONO CMD TEXT: a section whose body is one line of text.
nc_print_text() {
  NC_SECS=$((NC_SECS + 1))
  nc_out "#netcheck section name=$1 kind=$2 status=$3 rc=$4 ms=$5 at=$6 truncated=0 mono_ms=$7 bytes=$((${#9} + 1)) cmd=$8
"
  nc_out "$9
"
}

# nc_section NAME KIND TOOLS CMD FUNCTION BUDGET [ARG]: runs one section and prints it. Sets NC_LAST_STATUS.
nc_section() {
  NC_LAST_STATUS=
  nc_selected "$1" || return 0
  nc_mono
  nc_t0=$NC_NOW
  nc_at=$((NC_EPOCH0 + (NC_NOW - NC_MONO0) / 1000))
  nc_left=$((NC_DEADLINE * 1000 - (NC_NOW - NC_MONO0)))
  # Less than a second left: not enough for one command (timeouts have whole seconds).
  if [ "$nc_left" -lt 1000 ]; then
    NC_LAST_STATUS=skipped
    nc_print_text "$1" "$2" skipped 0 0 "$nc_at" "$NC_NOW" "$4" \
      "netcheck: not run: the collector deadline of ${NC_DEADLINE}s was reached"
    return 0
  fi
  if [ -z "$NC_T" ]; then
    NC_LAST_STATUS=skipped
    nc_print_text "$1" "$2" skipped 0 0 "$nc_at" "$NC_NOW" "$4" \
      "netcheck: not run: no writable temp dir (mktemp/mkdir missing or no writable TMPDIR, /tmp, /dev/shm, /var/tmp)"
    return 0
  fi
  if ! nc_tools_ok "$3"; then
    NC_LAST_STATUS=missing
    nc_print_text "$1" "$2" missing 127 0 "$nc_at" "$NC_NOW" "$4" "$nc_missing_msg"
    return 0
  fi
  nc_to_ms=$((NC_STO * 1000))
  [ "$nc_left" -lt "$nc_to_ms" ] && nc_to_ms=$nc_left
  NC_SEC_END=$((NC_NOW + nc_to_ms))
  # Per-section marker files (timeout, truncated, status, cmd): numbered, so nothing needs deleting between sections.
  NC_SECIDX=$((NC_SECIDX + 1))
  NC_MARK=$NC_T/sec.$NC_SECIDX
  ("$5" "$7") >"$NC_T/out" 2>&1 </dev/null &
  NC_CHILD=$!
  wait "$NC_CHILD"
  nc_rc=$?
  NC_CHILD=
  nc_mono
  nc_ms=$((NC_NOW - nc_t0))
  nc_cmd=$4
  nc_readfirst "$NC_MARK.cmd" && nc_cmd=$nc_v
  nc_st=
  nc_readfirst "$NC_MARK.status" && nc_st=$nc_v
  if [ -z "$nc_st" ]; then
    if [ -e "$NC_MARK.timeout" ] || [ $nc_rc -eq 124 ]; then
      nc_st=timeout
      nc_rc=124
    elif [ $nc_rc -eq 0 ]; then
      nc_st=ok
    elif [ $nc_rc -eq 127 ]; then
      nc_st=missing
    else
      nc_st=failed
    fi
  fi
  NC_LAST_STATUS=$nc_st
  nc_print "$1" "$2" "$nc_st" "$nc_rc" "$nc_ms" "$nc_at" "$nc_t0" "$nc_cmd" "$NC_T/out" "$6"
}

nc_cleanup() {
  if [ -n "$NC_T" ] && [ -d "$NC_T" ]; then
    rm -rf "$NC_T" 2>/dev/null
  fi
  NC_T=
}

nc_on_signal() {
  [ -n "$NC_CHILD" ] && kill -TERM "$NC_CHILD" 2>/dev/null
  if [ -n "$NC_T" ] && nc_readfirst "$NC_T/cmd.pid"; then
    case $nc_v in '' | *[!0-9]*) ;; *) kill -TERM "$nc_v" 2>/dev/null ;; esac
  fi
  nc_cleanup
  trap - EXIT
  exit "$1"
}

nc_mktemp() {
  NC_T=
  for nc_dir in "${TMPDIR:-/tmp}" /tmp /dev/shm /var/tmp; do
    [ -d "$nc_dir" ] || continue
    [ -w "$nc_dir" ] || continue
    if nc_have mktemp; then
      NC_T=$(mktemp -d "$nc_dir/netcheck.XXXXXX" 2>/dev/null)
      [ -n "$NC_T" ] && [ -d "$NC_T" ] && return 0
    fi
    if nc_have mkdir; then
      NC_T=$nc_dir/netcheck.$$
      (umask 077 && mkdir "$NC_T") 2>/dev/null && return 0
    fi
    NC_T=
  done
  return 1
}

# nc_sleep_until MONO_MS: waits until the monotonic clock reaches MONO_MS, within the deadline.
nc_sleep_until() {
  nc_mono
  nc_wait=$((($1 - NC_NOW + 999) / 1000))
  nc_left=$((NC_DEADLINE - (NC_NOW - NC_MONO0) / 1000 - 1))
  [ "$nc_wait" -gt "$nc_left" ] && nc_wait=$nc_left
  [ "$nc_wait" -gt 0 ] || return 0
  nc_have sleep || return 0
  # shellcheck disable=SC2217 # sleep reads no stdin, but must not hold the one the script may be read from
  sleep "$nc_wait" >/dev/null 2>&1 </dev/null &
  NC_CHILD=$!
  wait "$NC_CHILD"
  NC_CHILD=
}

# -------------------------------------------------------------------------------------------------------- main

trap 'nc_cleanup' EXIT
trap 'nc_on_signal 129' HUP
trap 'nc_on_signal 130' INT
trap 'nc_on_signal 143' TERM
trap 'nc_on_signal 141' PIPE

nc_mono
NC_MONO0=$NC_NOW
NC_EPOCH0=$(date +%s 2>/dev/null)
case $NC_EPOCH0 in '' | *[!0-9]*) NC_EPOCH0=$(awk 'BEGIN { srand(); print srand() }' 2>/dev/null) ;; esac
case $NC_EPOCH0 in '' | *[!0-9]*) NC_EPOCH0=0 ;; esac
nc_detect_timeout
NC_SHELL=unknown
nc_link "/proc/$$/exe"
[ -n "$nc_lk" ] && NC_SHELL=$nc_lk
nc_mktemp

NC_HOST=unknown
if nc_readfirst /proc/sys/kernel/hostname; then NC_HOST=$nc_v; elif nc_have hostname; then NC_HOST=$(hostname 2>/dev/null); fi
case $NC_HOST in '' | *[!A-Za-z0-9._-]*) NC_HOST=unknown ;; esac

nc_out "#netcheck report version=$NC_VERSION host=$NC_HOST start=$NC_EPOCH0 interval=$NC_INTERVAL deadline=$NC_DEADLINE section_timeout=$NC_STO mono_ms=$NC_MONO0 timeout_tool=$NC_TIMEOUT_TOOL
"

nc_section basics host-info '' 'basics' sec_basics 4096
nc_section netns netns-check '' 'netns check' sec_netns 4096
nc_section conntrack-count conntrack-count '' 'conntrack counters' sec_conntrack_count 2048
nc_section conntrack-sysctl sysctl '' 'conntrack sysctls' sec_conntrack_sysctl 8192

NC_S1_MONO=
NC_S1_STATUS=
NC_HEX=0
if nc_selected conntrack-stats-1; then
  nc_mono
  NC_S1_MONO=$NC_NOW
fi
nc_section conntrack-stats-1 conntrack-stats conntrack 'conntrack -S' sec_conntrack_stats 20480
NC_S1_STATUS=$NC_LAST_STATUS
if [ -n "$NC_S1_STATUS" ] && [ "$NC_S1_STATUS" != ok ] && [ -r /proc/net/stat/nf_conntrack ]; then
  NC_HEX=1
  nc_section conntrack-stat-1 conntrack-stat-hex '' 'cat /proc/net/stat/nf_conntrack' sec_conntrack_stat_hex 20480
fi

NC_N1_MONO=
if nc_selected net-dev-1 || nc_selected softnet-1 || nc_selected netstat-1; then
  nc_mono
  NC_N1_MONO=$NC_NOW
fi
nc_section net-dev-1 net-dev '' 'cat /proc/net/dev' sec_net_dev 8192
nc_section softnet-1 softnet-stat '' 'cat /proc/net/softnet_stat' sec_softnet 8192
nc_section netstat-1 netstat-stats awk 'cat /proc/net/netstat /proc/net/snmp' sec_netstat 1024

nc_section conntrack-breakdown conntrack-breakdown awk 'conntrack -L -o extended | awk (breakdown)' sec_conntrack_breakdown 8192
nc_section sockets ss-summary ss 'ss -s' sec_sockets 4096
nc_section sockstat sockstat '' 'cat /proc/net/sockstat /proc/net/sockstat6' sec_sockstat 4096
nc_section iptables-counts iptables-count 'iptables|iptables-save|iptables-legacy-save|iptables-nft-save' \
  'iptables-*-save | count' sec_iptables_counts 4096
nc_section iptables-nat iptables-save 'awk iptables-save|iptables-legacy-save|iptables-nft-save' \
  'iptables-save | awk (bounded)' sec_iptables_nat 57344
nc_section ipvs ipvsadm ipvsadm 'ipvsadm -Ln' sec_ipvs 16384
nc_section nft-kube-proxy nft-ruleset nft 'nft list table ip kube-proxy' sec_nft_kube_proxy 16384
nc_section kube-proxy-mode kube-proxy-mode 'curl|wget' 'curl -sS --max-time 2 http://127.0.0.1:10249/proxyMode' \
  sec_kube_proxy_mode 1024
nc_section links ip-link ip 'ip -d link' sec_links 24576
nc_section routes ip-route ip 'ip route show table all' sec_routes 16384
nc_section resolv-conf resolv-conf '' 'cat /etc/resolv.conf' sec_resolv_conf 4096
nc_section kernel-log kernel-log 'awk dmesg|journalctl' 'dmesg | awk' sec_kernel_log 16384
nc_section cilium-status cilium-status '' 'cilium-dbg status --verbose' sec_cilium_status 16384
nc_section cilium-metrics cilium-metrics '' 'cilium-dbg metrics list | awk' sec_cilium_metrics 12288

if [ -n "$NC_S1_MONO" ] && [ "$NC_S1_STATUS" = ok ] || [ "$NC_HEX" = 1 ]; then
  if nc_selected conntrack-stats-2 || nc_selected conntrack-stat-2; then
    nc_sleep_until $((NC_S1_MONO + NC_INTERVAL * 1000))
  fi
fi
case $NC_S1_STATUS in
  failed | timeout) nc_section conntrack-stats-2 conntrack-stats '' 'conntrack -S' sec_conntrack_stats_again 20480 ;;
  *) nc_section conntrack-stats-2 conntrack-stats conntrack 'conntrack -S' sec_conntrack_stats 20480 ;;
esac
if [ "$NC_HEX" = 1 ]; then
  nc_section conntrack-stat-2 conntrack-stat-hex '' 'cat /proc/net/stat/nf_conntrack' sec_conntrack_stat_hex 20480
fi

if [ -n "$NC_N1_MONO" ]; then
  if nc_selected net-dev-2 || nc_selected softnet-2 || nc_selected netstat-2; then
    nc_sleep_until $((NC_N1_MONO + NC_INTERVAL * 1000))
  fi
fi
nc_section net-dev-2 net-dev '' 'cat /proc/net/dev' sec_net_dev 8192
nc_section softnet-2 softnet-stat '' 'cat /proc/net/softnet_stat' sec_softnet 8192
nc_section netstat-2 netstat-stats awk 'cat /proc/net/netstat /proc/net/snmp' sec_netstat 1024

nc_section dns-cluster dns-timing 'getent|nslookup' "getent hosts $NC_CLUSTER_NAME" sec_dns_cluster 2048
nc_section dns-external dns-timing 'getent|nslookup' "getent hosts $NC_EXTERNAL_NAME" sec_dns_external 2048

nc_cleanup
printf '#netcheck end sections=%s bytes=%s\n' "$NC_SECS" "$NC_BYTES"
exit 0
