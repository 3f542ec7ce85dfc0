package io.sidecert.acme;

import static java.util.Objects.requireNonNull;

import io.sidecert.config.CertificateSpec;
import io.sidecert.store.RenewalWindow;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Optional;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.RenewalInfo;
import org.shredzone.acme4j.connector.Resource;
import org.shredzone.acme4j.exception.AcmeException;

/** Asks the CA when it wants a certificate renewed (ACME Renewal Information, RFC 9773). */
public final class RenewalInfoClient {
    private final AcmeAccounts accounts;

    public RenewalInfoClient(AcmeAccounts accounts) {
        this.accounts = requireNonNull(accounts, "accounts");
    }

    /** The CA's window and when to ask again; empty when the CA does not offer ARI. */
    public Optional<Answer> fetch(CertificateSpec spec, X509Certificate certificate) throws AcmeFailure {
        Login login = accounts.login(spec.name(), spec.ca());
        try {
            if (login.getSession().resourceUrlOptional(Resource.RENEWAL_INFO).isEmpty()) {
                return Optional.empty();
            }
            RenewalInfo info = login.bindRenewalInfo(certificate);
            Optional<Instant> retryAfter = info.fetch();
            RenewalWindow window = new RenewalWindow(info.getSuggestedWindowStart(), info.getSuggestedWindowEnd());
            return Optional.of(new Answer(window, retryAfter));
        } catch (AcmeException e) {
            throw AcmeErrors.of(spec.name(), AcmeStep.RENEWAL_INFO, e);
        }
    }

    /** @param askAgainAfter the CA's Retry-After for this resource, if it sent one */
    public record Answer(RenewalWindow window, Optional<Instant> askAgainAfter) {
        public Answer {
            requireNonNull(window, "window");
            requireNonNull(askAgainAfter, "askAgainAfter");
        }
    }
}
