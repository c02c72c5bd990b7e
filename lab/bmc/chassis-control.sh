#!/bin/bash
# ipmi_sim's chassis_control program for a lab BMC. ipmi_sim runs it through /bin/sh as
#   chassis-control.sh <server-url> <machine-id> get <param>...        → prints "<param>:<value>" lines
#   chassis-control.sh <server-url> <machine-id> set <param> <value>... → prints nothing
# and it forwards each to the lab's chassis control server (chassis-control-server.ts), with the
# token from LAB_CHASSIS_CONTROL_TOKEN (ipmi_sim's environment, inherited). On failure it prints
# the reason on stdout (ipmi_sim logs it) and exits 1: ipmi_sim then answers the IPMI request
# with completion code 0xFF "Unspecified error".
# Bash with /dev/tcp rather than node: ipmi_sim is single-threaded and waits for this program on
# every chassis request; bash starts in milliseconds, node in 80-150 ms on a busy lab host.
set -u
if [ $# -lt 4 ] || { [ "$3" != get ] && [ "$3" != set ]; }; then
  echo "chassis-control: usage: chassis-control.sh <url> <machine-id> get|set <param> [<value>]..."
  exit 1
fi
url=$1 id=$2 op=$3
shift 3
hostport=${url#http://}
host=${hostport%:*} port=${hostport##*:}
token=${LAB_CHASSIS_CONTROL_TOKEN:-}

# call METHOD PARAM [BODY]: one HTTP/1.0 request (the server closes after answering); the answer's body in $body.
call() {
  local method=$1 param=$2 payload=${3:-} status line
  if ! exec 3<>"/dev/tcp/$host/$port"; then
    echo "chassis-control: cannot connect to $url"
    exit 1
  fi
  printf '%s /chassis/%s/%s HTTP/1.0\r\nHost: %s\r\nAuthorization: Bearer %s\r\nContent-Length: %d\r\n\r\n%s' \
    "$method" "$id" "$param" "$hostport" "$token" "${#payload}" "$payload" >&3
  if ! IFS=' ' read -r -t 5 _ status _ <&3; then
    echo "chassis-control: $method $param: no answer from $url within 5 s"
    exit 1
  fi
  while IFS= read -r -t 5 line <&3 && [ -n "${line%$'\r'}" ]; do :; done
  body=
  IFS= read -r -t 5 -d '' body <&3
  exec 3<&-
  case $status in
    2??) ;;
    *) echo "chassis-control: $method $param: HTTP $status $body"; exit 1 ;;
  esac
}

if [ "$op" = get ]; then
  for param in "$@"; do
    call GET "$param"
    printf '%s:%s\n' "$param" "$body"
  done
  exit 0
fi
if [ $(($# % 2)) -ne 0 ]; then
  echo "chassis-control: set needs <param> <value> pairs"
  exit 1
fi
while [ $# -gt 0 ]; do
  call PUT "$1" "$2"
  shift 2
done
