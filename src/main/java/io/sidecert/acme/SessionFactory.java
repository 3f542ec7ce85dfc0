package io.sidecert.acme;

import java.net.URI;
import org.shredzone.acme4j.Session;

/** Opens acme4j sessions on a CA directory; the seam where a private CA's TLS trust is applied. */
@FunctionalInterface
public interface SessionFactory {
    Session open(URI directory);
}
