#!/usr/bin/env bash
# A single-node SLURM on this machine, for the cluster tests (tests/integration/slurm.test.ts) and
# for trying `lab cluster` without a cluster: this machine is both the controller and the only
# compute node. Needs root and Debian's packages `slurm-wlm munge`.
#
#   scripts/slurm-local.sh start    write the configuration, start munged, slurmctld, slurmd
#   scripts/slurm-local.sh stop     stop the daemons this script started
#   scripts/slurm-local.sh status   say whether the node answers
#
# The configuration is the smallest one that runs job arrays without cgroups or an accounting
# daemon: ProctrackType=proctrack/linuxproc, TaskPlugin=task/none, SelectType=select/cons_tres
# (cores and memory are the consumable resources), AccountingStorageType=accounting_storage/none
# (so `sacct` does not work here; `lab cluster status` reads squeue and the shards instead).
# CPUs and memory come from the machine (nproc, free). /etc/slurm/slurm.conf is written only if
# it is absent or was written by this script: a real cluster's configuration is never touched.
set -euo pipefail

CONF_DIR=/etc/slurm
CONF=$CONF_DIR/slurm.conf
MARK='# written by manifold-lab scripts/slurm-local.sh'
STATE=/var/spool/manifold-lab-slurm
LOG=/var/log/slurm
RUN=/run/manifold-lab-slurm
NODE=$(hostname -s)
PARTITION=lab

die() { echo "slurm-local: $*" >&2; exit 1; }

need_root() {
  [ "$(id -u)" = 0 ] || die "must run as root (it writes $CONF and starts munged as the munge user)"
  for c in munged slurmctld slurmd sinfo scontrol; do
    command -v "$c" >/dev/null 2>&1 || die "'$c' is missing: apt-get install slurm-wlm munge"
  done
}

# is the process in this pid file alive?
alive() { [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

write_conf() {
  if [ -f "$CONF" ] && ! grep -qF "$MARK" "$CONF"; then
    die "$CONF exists and was not written by this script; not touching a real cluster's configuration"
  fi
  local cpus mem
  cpus=$(nproc)
  # RealMemory a little below the total, or slurmd drains the node as "Low RealMemory"
  if command -v free >/dev/null 2>&1; then mem=$(free -m | awk '/^Mem:/ { printf "%d", $2 * 0.9 }')
  else mem=$(awk '/^MemTotal:/ { printf "%d", $2 / 1024 * 0.9 }' /proc/meminfo); fi
  mkdir -p "$CONF_DIR" "$STATE/ctld" "$STATE/d" "$LOG" "$RUN"
  cat >"$CONF" <<EOF
$MARK
# A single-node cluster: $NODE is the controller and the compute node. Regenerated on start.
ClusterName=manifold-lab
SlurmctldHost=$NODE(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
SchedulerType=sched/backfill
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
ReturnToService=2
KillWait=5
MinJobAge=600
StateSaveLocation=$STATE/ctld
SlurmdSpoolDir=$STATE/d
SlurmctldPidFile=$RUN/slurmctld.pid
SlurmdPidFile=$RUN/slurmd.pid
SlurmctldLogFile=$LOG/slurmctld.log
SlurmdLogFile=$LOG/slurmd.log
NodeName=$NODE NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=$PARTITION Nodes=$NODE Default=YES MaxTime=INFINITE State=UP
EOF
}

start_munge() {
  if [ ! -s /etc/munge/munge.key ]; then
    mkdir -p /etc/munge
    if command -v mungekey >/dev/null 2>&1; then mungekey --create --keyfile=/etc/munge/munge.key
    else dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none; fi
  fi
  chown munge:munge /etc/munge /etc/munge/munge.key
  chmod 700 /etc/munge
  chmod 400 /etc/munge/munge.key
  mkdir -p /run/munge /var/lib/munge /var/log/munge
  chown munge:munge /run/munge /var/lib/munge /var/log/munge
  chmod 755 /run/munge
  if alive /run/munge/munged.pid; then return; fi
  runuser -u munge -- /usr/sbin/munged
  for _ in $(seq 50); do munge -n </dev/null 2>/dev/null | unmunge >/dev/null 2>&1 && return; sleep 0.1; done
  die "munged did not come up (see /var/log/munge/munged.log)"
}

node_state() { sinfo --noheader --nodes="$NODE" --format=%T 2>/dev/null | head -1; }

start() {
  need_root
  write_conf
  start_munge
  alive "$RUN/slurmctld.pid" || slurmctld
  alive "$RUN/slurmd.pid" || slurmd
  local state=''
  for _ in $(seq 100); do
    state=$(node_state || true)
    case "$state" in
      idle*|mixed*|allocated*) echo "slurm-local: node $NODE is $state in partition $PARTITION ($(nproc) CPUs)"; return ;;
      drain*|down*) scontrol update nodename="$NODE" state=resume >/dev/null 2>&1 || true ;;
    esac
    sleep 0.2
  done
  die "node $NODE did not become idle (state '${state}'); logs in $LOG"
}

# stop a daemon by its pid file and wait for it to go (only processes this setup started)
stop_pid() {
  local file=$1 pid
  alive "$file" || return 0
  pid=$(cat "$file")
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
}

stop() {
  [ -f "$CONF" ] && grep -qF "$MARK" "$CONF" || { echo "slurm-local: no configuration of this script; nothing to stop"; return; }
  stop_pid "$RUN/slurmd.pid"
  stop_pid "$RUN/slurmctld.pid"
  stop_pid /run/munge/munged.pid
  echo "slurm-local: stopped"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) s=$(node_state || true); [ -n "$s" ] && echo "slurm-local: node $NODE is $s" || { echo "slurm-local: no answer from slurmctld"; exit 1; } ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
