package io.sidecert.testing;

import io.sidecert.acme.AcmeFailure;
import io.sidecert.acme.CertificateAuthority;
import io.sidecert.acme.IssuedCertificate;
import io.sidecert.acme.RenewalInfoClient;
import io.sidecert.config.CertificateSpec;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.shredzone.acme4j.RevocationReason;

/**
 * A CA for fast tests of the renewal cycle: issues from {@link TestCertificates}' local CA for the key it is
 * given, fails when told to, and counts what it was asked. Offers no renewal information unless told.
 */
public final class FakeCertificateAuthority implements CertificateAuthority {
    private final Clock clock;
    private final Duration lifetime;
    private final Deque<AcmeFailure> failures = new ArrayDeque<>();
    private volatile Optional<RenewalInfoClient.Answer> renewalInfo = Optional.empty();
    /** The names of the certificates ordered, in order; whether each carried {@code replaces}. */
    public final List<String> orders = new CopyOnWriteArrayList<>();
    public final List<Boolean> replacing = new CopyOnWriteArrayList<>();
    public final List<String> renewalInfoRequests = new CopyOnWriteArrayList<>();
    public final List<String> revocations = new CopyOnWriteArrayList<>();

    public FakeCertificateAuthority(Clock clock, Duration lifetime) {
        this.clock = clock;
        this.lifetime = lifetime;
    }

    /** The next order fails with this. */
    public synchronized FakeCertificateAuthority failNext(AcmeFailure failure) {
        failures.add(failure);
        return this;
    }

    /** Answers renewal-information requests with this window from now on (empty: no ARI). */
    public FakeCertificateAuthority renewalInfo(Optional<RenewalInfoClient.Answer> answer) {
        renewalInfo = answer;
        return this;
    }

    /** Every call the cycle made: orders, renewal-information requests and revocations. */
    public int calls() {
        return orders.size() + renewalInfoRequests.size() + revocations.size();
    }

    @Override
    public IssuedCertificate issue(CertificateSpec spec, KeyPair certificateKey, Optional<X509Certificate> replacing)
            throws AcmeFailure {
        orders.add(spec.name());
        this.replacing.add(replacing.isPresent());
        AcmeFailure failure;
        synchronized (this) {
            failure = failures.poll();
        }
        if (failure != null) {
            throw failure;
        }
        var now = clock.instant();
        return new IssuedCertificate(TestCertificates.issue(spec.domains(), certificateKey,
                now, now.plus(lifetime)), replacing.map(c -> "replaced-id"));
    }

    @Override
    public Optional<RenewalInfoClient.Answer> renewalInfo(CertificateSpec spec, X509Certificate certificate) {
        renewalInfoRequests.add(spec.name());
        return renewalInfo;
    }

    @Override
    public void revoke(CertificateSpec spec, X509Certificate certificate, RevocationReason reason) {
        revocations.add(spec.name());
    }
}
