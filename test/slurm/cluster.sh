#!/usr/bin/env bash
# A one-node Slurm cluster on localhost for the runner's end-to-end Slurm test.
#   cluster.sh start DIR   installs slurm-wlm + munge if missing (as root), writes DIR/slurm.conf,
#                          starts munged, slurmctld and slurmd, waits until the node is idle, and
#                          prints `export SLURM_CONF=DIR/slurm.conf`.
#   cluster.sh stop DIR    stops the daemons started from DIR.
# Exit 3 with one line on stderr when this machine cannot run the daemons (the test then fails
# with that line as its reason).
set -uo pipefail
cmd=${1:-}; dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: cluster.sh start|stop DIR" >&2; exit 2; }
mkdir -p "$dir"; dir=$(cd "$dir" && pwd)
export SLURM_CONF="$dir/slurm.conf"

stop() {
  for p in slurmd slurmctld; do
    [ -f "$dir/$p.pid" ] && kill "$(cat "$dir/$p.pid")" 2>/dev/null
  done
  sleep 1
  for p in slurmd slurmctld; do
    [ -f "$dir/$p.pid" ] && kill -9 "$(cat "$dir/$p.pid")" 2>/dev/null; rm -f "$dir/$p.pid"
  done
  return 0
}

if [ "$cmd" = stop ]; then
  stop
  # munged too, when this cluster started it (a munged that was already running is left alone).
  if [ -f "$dir/munged.started" ]; then
    [ -f /run/munge/munged.pid ] && kill "$(cat /run/munge/munged.pid)" 2>/dev/null
    rm -f "$dir/munged.started"
  fi
  exit 0
fi
[ "$cmd" = start ] || { echo "usage: cluster.sh start|stop DIR" >&2; exit 2; }

if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
  if [ "$(id -u)" != 0 ]; then echo "slurm-wlm/munge are not installed and this user cannot install them (not root)" >&2; exit 3; fi
  (export DEBIAN_FRONTEND=noninteractive; apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null 2>&1 ||
    { apt-get update -qq && apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null 2>&1; }) ||
    { echo "could not install slurm-wlm and munge from apt" >&2; exit 3; }
fi
[ "$(id -u)" = 0 ] || { echo "the one-node test cluster runs its daemons as root; this user is not root" >&2; exit 3; }

# munge: the key Debian's package generated, a socket directory, one daemon per machine.
mkdir -p /run/munge /var/lib/munge /var/log/munge
[ -f /etc/munge/munge.key ] || { /usr/sbin/mungekey --create >/dev/null 2>&1 || dd if=/dev/urandom of=/etc/munge/munge.key bs=1 count=128 2>/dev/null; }
chown -R munge:munge /etc/munge /run/munge /var/lib/munge /var/log/munge 2>/dev/null
chmod 400 /etc/munge/munge.key
if ! munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
  munged --force 2>"$dir/munged.err" || { echo "munged does not start: $(tail -1 "$dir/munged.err")" >&2; exit 3; }
  touch "$dir/munged.started"
  sleep 1
  munge -n | unmunge >/dev/null 2>&1 || { echo "munge authentication does not work on this machine" >&2; exit 3; }
fi

stop
host=$(hostname -s)
cpus=$(nproc)
mem=$(( $(awk '/MemTotal/{print $2}' /proc/meminfo) / 1024 - 1024 ))
mkdir -p "$dir/state" "$dir/spool" "$dir/log"
cat > "$dir/slurm.conf" <<CONF
ClusterName=vlalab-test
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
SlurmctldPort=16817
SlurmdPort=16818
AuthType=auth/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MinJobAge=3600
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MpiDefault=none
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
# No systemd inside the sandbox: cgroup v1 plugin without systemd, processes tracked by /proc.
printf 'CgroupPlugin=cgroup/v1\nIgnoreSystemd=yes\n' > "$dir/cgroup.conf"

slurmctld -f "$SLURM_CONF" 2>"$dir/slurmctld.err" || { echo "slurmctld does not start: $(tail -1 "$dir/slurmctld.err")" >&2; exit 3; }
slurmd -f "$SLURM_CONF" 2>"$dir/slurmd.err" || { stop; echo "slurmd does not start: $(grep -m1 error "$dir/log/slurmd.log" 2>/dev/null || tail -1 "$dir/slurmd.err")" >&2; exit 3; }
for _ in $(seq 1 30); do
  state=$(sinfo -h -o %t 2>/dev/null | head -1)
  [ "$state" = idle ] && { echo "export SLURM_CONF=$SLURM_CONF"; exit 0; }
  sleep 1
done
echo "the Slurm node did not become idle within 30 s (state: ${state:-none}; see $dir/log/slurmd.log)" >&2
stop
exit 3
