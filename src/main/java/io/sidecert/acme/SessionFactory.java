package io.sidecert.acme;

import java.io.IOException;
import java.net.URI;
import org.shredzone.acme4j.Session;

/** Opens acme4j sessions on a CA directory; the seam where a private CA's TLS trust is applied. */
@FunctionalInterface
public interface SessionFactory {
    /** @throws IOException when the trust material for the CA cannot be read */
    Session open(URI directory) throws IOException;
}
