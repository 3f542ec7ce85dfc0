#!/bin/sh
# The `sidecert` command inside the image: the jlink'd runtime running the shaded jar.
# JAVA_OPTS adds JVM options (e.g. -Xmx64m); exec keeps java as the process Docker signals.
exec /opt/sidecert/runtime/bin/java ${JAVA_OPTS:-} -jar /opt/sidecert/sidecert.jar "$@"
