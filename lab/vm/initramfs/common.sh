# Shared by both inits (sourced): early userspace of a PXE- or disk-booted lab VM.
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mkdir -p /tmp /run /mnt
mount -t tmpfs tmp /tmp
# Debian builds every driver this needs as a module (virtio, ext4, vfat): load them in order.
while read -r module; do
  [ -n "$module" ] && modprobe "$module" || true
done < /etc/metal-modules
ip link set lo up

# The first NIC with a device (lo and virtual interfaces have none), once its driver has bound.
first_nic() {
  for n in /sys/class/net/*; do
    [ -e "$n/device" ] && { echo "${n##*/}"; return 0; }
  done
  return 1
}
bring_up_network() {
  i=0
  until nic=$(first_nic); do
    i=$((i + 1)); [ $i -gt 100 ] && { echo "metal: no NIC"; return 1; }
    sleep 0.1
  done
  ip link set "$nic" up
  udhcpc -i "$nic" -s /etc/udhcpc.script -q -t 30 -T 2 -n || { echo "metal: no DHCP answer on $nic"; return 1; }
}

# Kernel command line parameter $1 (a=b), else $2.
cmdline_value() {
  for word in $(cat /proc/cmdline); do
    case $word in "$1="*) echo "${word#*=}"; return 0 ;; esac
  done
  echo "$2"
}
