#!/bin/sh
# Before starting nginx, run the executable *.sh scripts in /docker-entrypoint.d/ in name order, as
# the official nginx image does (compose.yaml mounts wait-for-certificates.sh there). Any other
# command runs as it is.
set -eu
if [ "${1:-}" = nginx ]; then
    for script in /docker-entrypoint.d/*.sh; do
        if [ -f "$script" ] && [ -x "$script" ]; then
            echo "$0: running $script"
            "$script"
        fi
    done
fi
exec "$@"
