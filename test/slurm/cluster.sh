#!/usr/bin/env bash
# A one-node Slurm cluster on localhost for the runner's end-to-end Slurm test.
#   cluster.sh start DIR   installs slurm-wlm + munge if missing (as root), writes DIR/slurm.conf,
#                          starts munged, slurmctld and slurmd, waits until the node is idle, and
#                          prints `export SLURM_CONF=DIR/slurm.conf`.
#   cluster.sh start-two DIR
#                          two nodes: network namespaces A and B joined by a veth pair (10.213.79.1
#                          and .2), slurmctld and slurmd `vnode-a` in A, slurmd `vnode-b` in B (Debian's
#                          slurm-wlm is built without --enable-multiple-slurmd, but `slurmd -N` names the
#                          node and each namespace has its own address and ports). Each namespace gets
#                          /etc/netns/<ns>/hosts (which `ip netns exec` mounts over /etc/hosts): the node
#                          names, and this machine's hostname as the namespace's own address, so gloo and
#                          torchrun's rendezvous find the right interface. Slurm's commands reach the
#                          controller from namespace A only: it prints `export SLURM_CONF=…` and
#                          `export VLA_SLURM_NETNS=<A>` (run them as `ip netns exec <A> …`).
#   cluster.sh stop DIR    stops the daemons started from DIR (and deletes its namespaces).
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

# The test clusters using munged now (one file per cluster folder), and `started` when one of them
# started it.
users=/tmp/vla-lab-test-munge-users
mkdir -p "$users"

stop_netns() {
  [ -f "$dir/netns" ] || return 0
  local ns
  for ns in $(cat "$dir/netns"); do
    for p in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$p" 2>/dev/null; done
    ip netns del "$ns" 2>/dev/null
    rm -rf "/etc/netns/$ns"
  done
  rm -f "$dir/netns"
}

if [ "$cmd" = stop ]; then
  for p in "$dir"/slurmd-*.pid; do [ -f "$p" ] && kill "$(cat "$p")" 2>/dev/null && rm -f "$p"; done
  stop
  stop_netns
  # munged too, when a test cluster started it and this was the last test cluster using it (the
  # one-node and two-node tests may run at once; a munged that was already running is left alone).
  rm -f "$users/$(echo "$dir" | md5sum | cut -c1-16)"
  if [ -f "$users/started" ] && [ -z "$(ls "$users")" -o "$(ls "$users")" = started ]; then
    [ -f /run/munge/munged.pid ] && kill "$(cat /run/munge/munged.pid)" 2>/dev/null
    rm -f "$users/started"
  fi
  exit 0
fi
[ "$cmd" = start ] || [ "$cmd" = start-two ] || { echo "usage: cluster.sh start|start-two|stop DIR" >&2; exit 2; }

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
  touch "$users/started"
  sleep 1
  munge -n | unmunge >/dev/null 2>&1 || { echo "munge authentication does not work on this machine" >&2; exit 3; }
fi
touch "$users/$(echo "$dir" | md5sum | cut -c1-16)"

stop
host=$(hostname -s)
if [ "$cmd" = start-two ]; then
  command -v ip >/dev/null || { echo "the ip command (iproute2) is missing: scripts/setup.sh --tests installs it" >&2; exit 3; }
  stop_netns
  tag=$(( $$ % 100000 )); A="vsl${tag}a"; B="vsl${tag}b"; sub=10.213.79
  echo "$A $B" > "$dir/netns"
  { ip netns add "$A" && ip netns add "$B" &&
    ip -n "$A" link add "vsl${tag}x" type veth peer name "vsl${tag}y" netns "$B" &&
    ip -n "$A" addr add "$sub.1/30" dev "vsl${tag}x" && ip -n "$A" link set "vsl${tag}x" up && ip -n "$A" link set lo up &&
    ip -n "$B" addr add "$sub.2/30" dev "vsl${tag}y" && ip -n "$B" link set "vsl${tag}y" up && ip -n "$B" link set lo up; } 2>"$dir/netns.err" ||
    { stop_netns; echo "could not make the two node namespaces: $(tail -1 "$dir/netns.err")" >&2; exit 3; }
  mkdir -p "/etc/netns/$A" "/etc/netns/$B"
  printf '127.0.0.1 localhost\n%s.1 vnode-a %s\n%s.2 vnode-b\n' "$sub" "$(hostname)" "$sub" > "/etc/netns/$A/hosts"
  printf '127.0.0.1 localhost\n%s.1 vnode-a\n%s.2 vnode-b %s\n' "$sub" "$sub" "$(hostname)" > "/etc/netns/$B/hosts"
  mkdir -p "$dir/state" "$dir/log"
  cat > "$dir/slurm.conf" <<CONF
ClusterName=vlalab-two
SlurmctldHost=$host($sub.1)
SlurmUser=root
SlurmdUser=root
SlurmctldPort=16827
SlurmdPort=16828
AuthType=auth/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool-%n
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd-%n.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd-%n.log
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
NodeName=vnode-a NodeAddr=$sub.1 CPUs=1 RealMemory=2000 State=UNKNOWN
NodeName=vnode-b NodeAddr=$sub.2 CPUs=1 RealMemory=2000 State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
  printf 'CgroupPlugin=cgroup/v1\nIgnoreSystemd=yes\n' > "$dir/cgroup.conf"
  ip netns exec "$A" slurmctld -f "$SLURM_CONF" 2>"$dir/slurmctld.err" || { stop_netns; echo "slurmctld does not start: $(tail -1 "$dir/slurmctld.err")" >&2; exit 3; }
  for n in a b; do
    ns=$A; [ $n = b ] && ns=$B
    ip netns exec "$ns" slurmd -f "$SLURM_CONF" -N "vnode-$n" 2>"$dir/slurmd-$n.err" ||
      { "$0" stop "$dir"; echo "slurmd vnode-$n does not start: $(tail -1 "$dir/slurmd-$n.err")" >&2; exit 3; }
  done
  for _ in $(seq 1 30); do
    idle=$(ip netns exec "$A" sinfo -h -N -o %t 2>/dev/null | grep -c '^idle$')
    [ "$idle" = 2 ] && { echo "export SLURM_CONF=$SLURM_CONF"; echo "export VLA_SLURM_NETNS=$A"; exit 0; }
    sleep 1
  done
  echo "the two Slurm nodes did not become idle within 30 s (see $dir/log/)" >&2
  "$0" stop "$dir"
  exit 3
fi
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
