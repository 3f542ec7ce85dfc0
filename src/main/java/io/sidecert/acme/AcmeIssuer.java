package io.sidecert.acme;

import static java.util.Objects.requireNonNull;

import io.sidecert.acme.AcmeFailure.Retry;
import io.sidecert.challenge.ChallengeSolver;
import io.sidecert.config.CertificateSpec;
import io.sidecert.store.CertificateMaterial;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Optional;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Metadata;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.OrderBuilder;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.connector.Resource;
import org.shredzone.acme4j.exception.AcmeException;
import org.shredzone.acme4j.exception.AcmeRateLimitedException;
import org.shredzone.acme4j.exception.AcmeServerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Obtains a certificate from an ACME CA: order, authorize through a {@link ChallengeSolver}, finalize
 * with the given key, download. Polling is bounded and honours the CA's Retry-After (acme4j's
 * {@code waitForCompletion}); badNonce is retried inside acme4j.
 */
public final class AcmeIssuer {
    private static final Logger LOG = LoggerFactory.getLogger(AcmeIssuer.class);

    private final AcmeAccounts accounts;
    private final Duration finalizeTimeout;
    private final Authorizer authorizer;

    public AcmeIssuer(AcmeAccounts accounts, Duration validationTimeout, Duration finalizeTimeout) {
        this.accounts = requireNonNull(accounts, "accounts");
        this.finalizeTimeout = requireNonNull(finalizeTimeout, "finalizeTimeout");
        this.authorizer = new Authorizer(validationTimeout);
    }

    /**
     * Orders a certificate for the spec's names, signed for {@code certificateKey}.
     *
     * @param replacing the certificate this one renews; sent as ARI {@code replaces} where the CA supports it
     */
    public IssuedCertificate issue(CertificateSpec spec, KeyPair certificateKey,
            Optional<X509Certificate> replacing, ChallengeSolver solver) throws AcmeFailure, InterruptedException {
        Login login = accounts.login(spec.name(), spec.ca());
        Order order = createOrder(login, spec, replacing);
        Optional<String> replaced = replacedId(order);
        authorizer.authorize(spec.name(), order, solver);
        return new IssuedCertificate(finalizeAndDownload(spec.name(), order, certificateKey), replaced);
    }

    /** The CA echoes {@code replaces} in the order it accepted as a renewal (RFC 9773 section 5). */
    private static Optional<String> replacedId(Order order) {
        return order.getJSON().get("replaces").optional().map(v -> v.asString());
    }

    private Order createOrder(Login login, CertificateSpec spec, Optional<X509Certificate> replacing)
            throws AcmeFailure {
        try {
            Optional<X509Certificate> replaces = supportsRenewalInfo(login) ? replacing : Optional.empty();
            try {
                return orderBuilder(login, spec, replaces).create();
            } catch (AcmeServerException e) {
                // Only a refusal of the order itself: after a rate limit or network fault, ordering again is wrong.
                if (replaces.isEmpty() || e instanceof AcmeRateLimitedException) {
                    throw e;
                }
                // A CA refuses `replaces` for a certificate it did not issue or that was already replaced;
                // the renewal itself must not fail for that.
                LOG.warn("[{}] order: the CA refused the ARI replaces field ({}); ordering without it",
                        spec.name(), e.getMessage());
                return orderBuilder(login, spec, Optional.empty()).create();
            }
        } catch (AcmeException e) {
            throw AcmeErrors.of(spec.name(), AcmeStep.ORDER, e);
        }
    }

    private OrderBuilder orderBuilder(Login login, CertificateSpec spec, Optional<X509Certificate> replaces)
            throws AcmeException, AcmeFailure {
        OrderBuilder builder = login.newOrder().domains(spec.domains());
        replaces.ifPresent(builder::replaces);
        Optional<String> profile = usableProfile(login, spec);
        profile.ifPresent(builder::profile);
        return builder;
    }

    /** A configured profile is sent where the CA offers profiles; a CA without them gets an order without one. */
    private Optional<String> usableProfile(Login login, CertificateSpec spec) throws AcmeException, AcmeFailure {
        if (spec.profile().isEmpty()) {
            return Optional.empty();
        }
        Metadata meta = login.getSession().getMetadata();
        String profile = spec.profile().get();
        if (!meta.isProfileAllowed()) {
            LOG.warn("[{}] order: {} offers no ACME profiles; ordering without profile {}",
                    spec.name(), spec.ca(), profile);
            return Optional.empty();
        }
        if (!meta.isProfileAllowed(profile)) {
            throw new AcmeFailure(spec.name(), AcmeStep.ORDER, Retry.FIX_CONFIG, Optional.empty(),
                    "the CA offers no profile '" + profile + "' (it offers " + meta.getProfiles()
                            + "): set profile to one of them or remove it", null);
        }
        return Optional.of(profile);
    }

    private static boolean supportsRenewalInfo(Login login) throws AcmeException {
        return login.getSession().resourceUrlOptional(Resource.RENEWAL_INFO).isPresent();
    }

    private CertificateMaterial finalizeAndDownload(String name, Order order, KeyPair key)
            throws AcmeFailure, InterruptedException {
        try {
            order.waitUntilReady(finalizeTimeout);
            order.execute(key);
            Status status = order.waitForCompletion(finalizeTimeout);
            if (status != Status.VALID) {
                throw order.getError()
                        .map(p -> AcmeErrors.ofProblem(name, AcmeStep.FINALIZE, p, null))
                        .orElseGet(() -> new AcmeFailure(name, AcmeStep.FINALIZE, Retry.BACK_OFF, Optional.empty(),
                                "the order ended " + status + " without an error from the CA", null));
            }
        } catch (AcmeException e) {
            throw AcmeErrors.of(name, AcmeStep.FINALIZE, e);
        }
        try {
            var certificate = order.getCertificate();
            certificate.download();
            return new CertificateMaterial(certificate.getCertificateChain(), key);
        } catch (AcmeException e) {
            throw AcmeErrors.of(name, AcmeStep.DOWNLOAD, e);
        }
    }
}
