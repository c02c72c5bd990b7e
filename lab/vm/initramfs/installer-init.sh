#!/bin/sh
# /init of the lab's agent initramfs (PXE-booted): brings up the network, finds the machine's
# NVRAM disk (a small virtio disk with serial "metal-nvram": the machine credential survives a
# disk wipe there), and runs the machine agent; a crashed agent is started again, as a reboot would.
. /etc/metal-common.sh
bring_up_network
for d in /sys/block/*; do
  if [ "$(cat "$d/serial" 2>/dev/null)" = metal-nvram ]; then export METAL_CREDENTIAL_FILE="/dev/${d##*/}"; fi
done
# This initramfs exists to provision the machine: it may write the disks its layout names.
export METAL_ALLOW_DISK_WIPE=1 METAL_SCRATCH_DIR=/tmp
export HOME=/root NODE_OPTIONS=--max-old-space-size=256
echo "metal: starting the machine agent (API $METAL_API_URL)"
while true; do
  node /agent.js
  echo "metal: agent exited ($?); restarting in 5 s"
  sleep 5
done
