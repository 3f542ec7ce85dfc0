package io.sidecert.acme;

import static java.util.Objects.requireNonNull;

import io.sidecert.config.CertificateSpec;
import java.security.cert.X509Certificate;
import org.shredzone.acme4j.Certificate;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.RevocationReason;
import org.shredzone.acme4j.exception.AcmeException;

/** Revokes a certificate with the account that ordered it. */
public final class Revoker {
    private final AcmeAccounts accounts;

    public Revoker(AcmeAccounts accounts) {
        this.accounts = requireNonNull(accounts, "accounts");
    }

    public void revoke(CertificateSpec spec, X509Certificate certificate, RevocationReason reason) throws AcmeFailure {
        Login login = accounts.login(spec.name(), spec.ca());
        try {
            Certificate.revoke(login, certificate, reason);
        } catch (AcmeException e) {
            throw AcmeErrors.of(spec.name(), AcmeStep.REVOKE, e);
        }
    }
}
