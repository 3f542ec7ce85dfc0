#!/bin/sh
# The `sidecert` command inside the image: the jlink'd runtime running the shaded jar.
# JAVA_OPTS adds JVM options (e.g. -Xmx64m); exec keeps java as the process Docker signals.
# One-shot commands (check, list, renew, validate, health, ...) run on the C1 compiler alone: on a small
# host the optimising compiler's threads cost a one-shot command more than they win (measured: a check of
# 1,000 certificates 3.6 s -> 2.3 s on 2 cores). The daemon (`run`, the default) keeps both compilers.
tuning="-XX:TieredStopAtLevel=1"
[ $# -eq 0 ] && tuning=""
for argument in "$@"; do
  [ "$argument" = "run" ] && tuning=""
done
exec /opt/sidecert/runtime/bin/java $tuning ${JAVA_OPTS:-} -jar /opt/sidecert/sidecert.jar "$@"
