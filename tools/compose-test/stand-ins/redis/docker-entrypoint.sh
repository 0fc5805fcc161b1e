#!/bin/sh
# As the official image's: options alone run redis-server; as root, /data is handed to redis and
# the server runs as redis; a default umask becomes 0077.
set -e
if [ "${1#-}" != "$1" ] || [ "${1%.conf}" != "$1" ]; then
  set -- redis-server "$@"
fi
if [ "$1" = 'redis-server' ] && [ "$(id -u)" = '0' ]; then
  find . \! -user redis -exec chown redis '{}' +
  exec gosu redis "$0" "$@"
fi
if [ "$(umask)" = '0022' ]; then umask 0077; fi
exec "$@"
