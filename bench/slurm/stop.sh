#!/usr/bin/env bash
# Stops the one-node cluster bench/slurm/start.sh DIR started: cancels its jobs, then ends
# slurmd, slurmctld and munged by the pid files in DIR (and no other process).
#   bench/slurm/stop.sh DIR
set -uo pipefail
DIR="${1:?usage: bench/slurm/stop.sh DIR}"
PATH="$PATH:/usr/sbin"
if [[ -f "$DIR/slurm.conf" && -f "$DIR/slurmctld.pid" ]]; then
  SLURM_CONF="$DIR/slurm.conf" scancel --full --quiet --partition=main 2>/dev/null
  for _ in $(seq 1 20); do
    [[ -z "$(SLURM_CONF="$DIR/slurm.conf" squeue -h -o %i 2>/dev/null)" ]] && break
    sleep 0.5
  done
fi
for name in slurmd slurmctld munged; do
  pidfile="$DIR/$name.pid"
  [[ -f "$pidfile" ]] || continue
  pid="$(cat "$pidfile")"
  # the pid file may outlive its daemon; end the process only if it is still that daemon
  if [[ -n "$pid" && "$(cat "/proc/$pid/comm" 2>/dev/null)" == "$name" ]]; then
    kill "$pid"
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
  fi
  rm -f "$pidfile"
done
exit 0
