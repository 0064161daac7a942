#!/usr/bin/env bash
# Starts a one-node Slurm cluster on this machine, for trying the README's job-array recipes
# (and for SlurmRecipeTest). Everything it writes, the daemons' pid files included, lives in one
# folder; bench/slurm/stop.sh DIR ends exactly the daemons started here.
#
#   DIR=$(mktemp -d) && bench/slurm/start.sh "$DIR" && export SLURM_CONF=$DIR/slurm.conf
#   sbatch --wait --array=0-3 bench/slurm/sweep.sbatch intro-5-in-2 "$PWD/runs/sweep"
#   bench/slurm/stop.sh "$DIR"
#
# Needs Debian's slurm-wlm and munge packages (apt-get install slurm-wlm munge) and root, as
# slurmd starts jobs as their owners. Exit 0 once sinfo shows the node idle; otherwise 1 with the
# reason on stderr (and the daemons it started are stopped again).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
DIR="${1:?usage: bench/slurm/start.sh DIR}"
mkdir -p "$DIR"
DIR="$(cd "$DIR" && pwd)"
fail() { echo "slurm: $*" >&2; "$HERE/stop.sh" "$DIR" >/dev/null 2>&1 || true; exit 1; }

PATH="$PATH:/usr/sbin:/sbin"
for cmd in munged slurmctld slurmd sinfo sbatch; do
  command -v "$cmd" >/dev/null \
    || fail "$cmd not found (apt-get install slurm-wlm munge)"
done
[[ $(id -u) -eq 0 ]] || fail "slurmd must run as root to start jobs (we are $(id -un))"

# A private munge key and socket: the cluster neither needs nor disturbs a system-wide munged.
mkdir -p "$DIR/munge" "$DIR/state" "$DIR/spool"
chmod 0700 "$DIR/munge"
if [[ ! -f "$DIR/munge/munge.key" ]]; then
  head -c 1024 /dev/urandom >"$DIR/munge/munge.key"
  chmod 0600 "$DIR/munge/munge.key"
fi
munged --force --socket="$DIR/munge/munge.socket" --key-file="$DIR/munge/munge.key" \
  --pid-file="$DIR/munged.pid" --log-file="$DIR/munged.log" --seed-file="$DIR/munge/munged.seed" \
  || fail "munged did not start (see $DIR/munged.log)"

# This host as the one node, with the CPUs and memory slurmd detects; ports picked at random
# so a second test cluster (or a real one) on the machine does not collide.
node="$(slurmd -C | head -n 1)"
host="$(hostname -s)"
port=$((20000 + RANDOM % 20000))
cat >"$DIR/slurm.conf" <<CONF
ClusterName=superpose
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmctldPort=$port
SlurmdPort=$((port + 1))
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$DIR/munge/munge.socket
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool
SlurmctldPidFile=$DIR/slurmctld.pid
SlurmdPidFile=$DIR/slurmd.pid
SlurmctldLogFile=$DIR/slurmctld.log
SlurmdLogFile=$DIR/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
MpiDefault=none
ReturnToService=2
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
$node NodeAddr=127.0.0.1 State=UNKNOWN
PartitionName=main Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$DIR/slurm.conf"

slurmctld -f "$SLURM_CONF" || fail "slurmctld did not start (see $DIR/slurmctld.log)"
slurmd -f "$SLURM_CONF" || fail "slurmd did not start (see $DIR/slurmd.log)"

for _ in $(seq 1 120); do
  state="$(sinfo -h -n "$host" -o %T 2>/dev/null || true)"
  if [[ "$state" == idle ]]; then
    echo "slurm: node $host idle; export SLURM_CONF=$SLURM_CONF"
    exit 0
  fi
  sleep 0.5
done
fail "node $host is '${state:-unknown}', not idle, after 60 s (see $DIR/slurmctld.log and $DIR/slurmd.log)"
