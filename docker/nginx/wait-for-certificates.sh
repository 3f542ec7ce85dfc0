#!/bin/sh
# Holds nginx back until every file its ssl_certificate and ssl_certificate_key lines name exists.
#
# nginx refuses to start without them, and the first HTTP-01 challenge needs nginx running. sidecert
# writes a self-signed placeholder for each configured certificate as soon as it starts (never over a
# real one), so this wait is a few seconds on the first start and none after; the real certificate
# replaces the placeholder and nginx is reloaded.
#
# Mounted into /docker-entrypoint.d/ of the official nginx image or of docker/nginx/Dockerfile.
# SIDECERT_WAIT_SECONDS (default 300): how long to wait before starting nginx anyway.
set -eu
limit=${SIDECERT_WAIT_SECONDS:-300}
# Paths holding nginx variables ($ssl_server_name) are resolved per connection: nothing to wait for.
files=$(cat /etc/nginx/conf.d/*.conf 2>/dev/null \
    | sed -n 's/^[[:space:]]*ssl_certificate\(_key\)\{0,1\}[[:space:]][[:space:]]*\([^;$[:space:]]*\);.*/\2/p' \
    | sort -u)
waited=0
for file in $files; do
    while [ ! -e "$file" ]; do
        if [ "$waited" -ge "$limit" ]; then
            echo "$0: $file is still missing after ${limit}s: is sidecert running, and does its" \
                 "certificates volume hold the certificate this name refers to? Starting nginx anyway." >&2
            exit 0
        fi
        if [ $((waited % 10)) -eq 0 ]; then
            echo "$0: waiting for $file (sidecert writes a placeholder when it starts)"
        fi
        sleep 1
        waited=$((waited + 1))
    done
done
echo "$0: certificate files present: $(echo $files | tr '\n' ' ')"
