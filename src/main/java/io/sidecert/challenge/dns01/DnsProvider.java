package io.sidecert.challenge.dns01;

/**
 * Writes and removes the TXT records of DNS-01 challenges in one DNS service (lego's {@code Provider},
 * libdns' record appender and deleter). One instance serves every certificate that names it, possibly
 * several at once, so implementations are thread-safe.
 *
 * <p>{@link #present} <em>adds</em> a value next to any others at the same name and {@link #cleanUp} removes
 * exactly that value: a wildcard and its apex ({@code *.example.com}, {@code example.com}) are proven by two
 * values at the one name {@code _acme-challenge.example.com}, and other orders may be in flight.
 *
 * <p>Exception messages say what went wrong and what to do about it; the solver prefixes the certificate,
 * the step and the name.
 */
public interface DnsProvider {

    void present(TxtRecord record) throws DnsProviderException, InterruptedException;

    void cleanUp(TxtRecord record) throws DnsProviderException, InterruptedException;

    /** How long this provider's changes may take to reach every authoritative nameserver, and how often to look. */
    default Propagation propagation() {
        return Propagation.DEFAULT;
    }
}
