#!/bin/sh
# As the official image's: options alone run redis-server; as root, /data is handed to redis and
# the server runs as redis; a default umask becomes 0077.
set -e
if [ "${1#-}" != "$1" ] || [ "${1%.conf}" != "$1" ]; then
  set -- redis-server "$@"
fi
# The official image builds Redis with protected mode off by default (it patches config.c), so
# other containers may connect without a password; Debian's build keeps it on: say it here, after
# the config file if one is given (it must come first), before the caller's options (which win).
if [ "$1" = 'redis-server' ] && [ -z "${REDIS_STANDIN_DEFAULTS:-}" ]; then
  export REDIS_STANDIN_DEFAULTS=1
  shift
  if [ "${1%.conf}" != "${1:-}" ]; then conf=$1; shift; set -- redis-server "$conf" --protected-mode no "$@"
  else set -- redis-server --protected-mode no "$@"; fi
fi
if [ "$1" = 'redis-server' ] && [ "$(id -u)" = '0' ]; then
  find . \! -user redis -exec chown redis '{}' +
  exec gosu redis "$0" "$@"
fi
if [ "$(umask)" = '0022' ]; then umask 0077; fi
exec "$@"
