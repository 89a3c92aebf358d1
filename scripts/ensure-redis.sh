#!/usr/bin/env bash
# Makes sure a Redis answers at REDIS_URL (default redis://127.0.0.1:6379). When none does
# and the URL is local: installs Debian's redis-server if missing (as root; otherwise prints
# the command) and starts one with persistence (AOF) under $RUNLEDGER_DATA_DIR/redis.
set -euo pipefail

url="${REDIS_URL:-redis://127.0.0.1:6379}"
hostport="${url#*://}"; hostport="${hostport##*@}"; hostport="${hostport%%/*}"
host="${hostport%%:*}"; port="${hostport##*:}"
[ "$port" = "$hostport" ] && port=6379
data_dir="${RUNLEDGER_DATA_DIR:-./data}"

listening() { (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; }

if listening; then
  echo "Redis: answering at $host:$port"
  exit 0
fi
case "$host" in
  127.0.0.1|localhost|::1) ;;
  *) echo "Redis at $url does not answer; start it or set REDIS_URL" >&2; exit 1 ;;
esac

if ! command -v redis-server >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Redis: installing Debian's redis-server"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends redis-server >/dev/null
  else
    echo "Redis is not installed. Install it, then run this again:" >&2
    echo "  sudo apt-get install -y redis-server" >&2
    exit 1
  fi
fi

mkdir -p "$data_dir/redis"
redis_dir="$(cd "$data_dir/redis" && pwd)"
redis-server --daemonize yes --bind 127.0.0.1 --port "$port" --dir "$redis_dir" \
  --appendonly yes --appendfsync everysec --save "" \
  --pidfile "$redis_dir/redis.pid" --logfile "$redis_dir/redis.log"
for _ in $(seq 1 50); do
  listening && { echo "Redis: started on $host:$port (data in $redis_dir)"; exit 0; }
  sleep 0.1
done
echo "Redis did not start; see $redis_dir/redis.log" >&2
exit 1
