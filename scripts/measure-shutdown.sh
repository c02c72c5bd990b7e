#!/bin/bash
# How long SIGTERM of `npm start` with the live lab fabric takes, and what it leaves behind.
# Starts `npm start` (LAB_FABRIC=live: root + FRR) in its own process group, as a terminal or
# Playwright's webServer does, waits for the banner's "lab fabric: live" and 15 s more (the agents
# then sit in their long polls), sends SIGTERM to the group and times until every process of the
# group exited; then counts the namespaces with the prefix and the FRR processes of its data dir.
#   usage: scripts/measure-shutdown.sh [port] [namespace prefix]   (defaults 3600, sd3600-)
set -u
PORT=${1:-3600}; PREFIX=${2:-sd$PORT-}; DATA=.data/shutdown-$PORT; LOG=$DATA.log
rm -rf "$DATA"; mkdir -p .data
PORT=$PORT DEV_IDP_PORT=$((PORT + 1)) BOOT_PORT=$((PORT + 2)) LAB_BMC_BASE_PORT=$((PORT + 20)) DATA_DIR=$DATA \
  LAB_FABRIC=live LAB_FABRIC_PREFIX=$PREFIX LAB_BMC_POWER_DELAY_MS=0 setsid npm start > "$LOG" 2>&1 &
PGID=$!
for _ in $(seq 1 600); do grep -q "lab fabric: live" "$LOG" && break; kill -0 $PGID 2>/dev/null || { echo "npm start exited, see $LOG"; exit 1; }; sleep 1; done
grep "lab fabric" "$LOG" | sed 's/^ *//'
sleep 15
echo "before: $(ip netns list | grep -c "^$PREFIX") namespaces, $(pgrep -f "$(pwd)/$DATA/fabric" | wc -l) FRR processes; $(uptime)"
t0=$(date +%s.%N)
kill -TERM -- -$PGID
while pgrep -g $PGID > /dev/null; do sleep 0.05; done
printf "SIGTERM to the process group -> all exited in %.1f s\n" "$(echo "$(date +%s.%N) - $t0" | bc)"
echo "after: $(ip netns list | grep -c "^$PREFIX") namespaces, $(pgrep -f "$(pwd)/$DATA/fabric" | wc -l) FRR processes (log: $LOG)"
