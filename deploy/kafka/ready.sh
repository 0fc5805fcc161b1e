#!/usr/bin/env bash
# Kafka's health check in compose, without a second JVM (kafka-broker-api-versions.sh would start
# one of ~100 MB and seconds of CPU inside the broker's memory limit, every interval): bash sends
# an ApiVersions v0 request (key 18, correlation id 1, client id "ping") and the broker's reply
# must echo correlation id 1 with error code 0.
#   ready.sh [host] [port]      (default 127.0.0.1 9092)
set -euo pipefail
exec 3<>"/dev/tcp/${1:-127.0.0.1}/${2:-9092}"
printf '\x00\x00\x00\x0e\x00\x12\x00\x00\x00\x00\x00\x01\x00\x04ping' >&3
reply=$(head -c 10 <&3 | od -An -v -tx1 | tr -d ' \n')
# The first four bytes are the reply's length, which depends on the broker's version.
[[ ${reply:8} == 000000010000 ]]
