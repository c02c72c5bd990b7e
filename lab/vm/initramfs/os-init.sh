#!/bin/sh
# /init of the lab OS image's initramfs: mounts the root filesystem the bootloader (or the
# installer's kexec) names, reads what the installer left there (hostname, machine id, API URL,
# machine credential), and phones home at once and then every METAL_PHONE_HOME_INTERVAL seconds.
. /etc/metal-common.sh
root=$(cmdline_value root "")
i=0
until [ -b "$root" ]; do
  i=$((i + 1)); [ $i -gt 100 ] && break
  sleep 0.1
done
mount -o ro "$root" /mnt || echo "metal: cannot mount the root filesystem $root"
hostname "$(cat /mnt/etc/hostname 2>/dev/null || echo metal)"
field() { sed -n "s/^ *\"$1\": *\"\\(.*\\)\",\\{0,1\\}\$/\\1/p" /mnt/etc/metal/phone-home.json; }
id=$(field machineId) url=$(field apiUrl) credential=$(field credential)
. /mnt/etc/os-release 2>/dev/null
echo "metal: ${PRETTY_NAME:-$NAME} ($METAL_IMAGE_ID) on $(hostname), machine $id"
bring_up_network
interval=${METAL_PHONE_HOME_INTERVAL:-60}
while true; do
  if wget -q -O /tmp/answer --post-data '' --header "Authorization: Bearer $credential" "$url/api/boot/machines/$id/phone-home"; then
    echo "metal: phoned home: $(cat /tmp/answer)"
  else
    echo "metal: phone home failed"
  fi
  sleep "$interval"
done
