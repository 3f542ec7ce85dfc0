package io.sidecert.acme;

import static java.util.Objects.requireNonNull;

import io.sidecert.acme.AcmeFailure.Retry;
import io.sidecert.config.AcmeSettings;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.security.KeyPair;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.exception.AcmeException;
import org.shredzone.acme4j.exception.AcmeServerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs in to each CA with sidecert's account there, registering it on first use (contact e-mail, terms
 * agreed, EAB where the CA requires it). Each call opens a fresh {@link Session} (the directory is fetched
 * anew, which also notices a CA's changed endpoints); the HTTP client underneath and the account URL are shared.
 */
public final class AcmeAccounts {
    private static final Logger LOG = LoggerFactory.getLogger(AcmeAccounts.class);
    private static final String ACCOUNT_DOES_NOT_EXIST = "urn:ietf:params:acme:error:accountDoesNotExist";

    private final AcmeSettings settings;
    private final AccountKeyStore keys;
    private final SessionFactory sessions;
    private final Map<URI, URL> accountUrls = new ConcurrentHashMap<>();

    public AcmeAccounts(AcmeSettings settings, AccountKeyStore keys, SessionFactory sessions) {
        this.settings = requireNonNull(settings, "settings");
        this.keys = requireNonNull(keys, "keys");
        this.sessions = requireNonNull(sessions, "sessions");
    }

    /** A fresh session on the CA, logged in to sidecert's account; {@code certificate} is for messages. */
    public Login login(String certificate, URI ca) throws AcmeFailure {
        KeyPair key = accountKey(certificate, ca);
        Session session = open(certificate, ca);
        URL known = accountUrls.get(ca);
        if (known != null) {
            return session.login(known, key);
        }
        try {
            // Parallel first orders would each register; one registration per CA is enough.
            synchronized (this) {
                URL registered = accountUrls.get(ca);
                if (registered != null) {
                    return session.login(registered, key);
                }
                Login login = findOrRegister(session, ca, key);
                accountUrls.put(ca, login.getAccountLocation());
                return login;
            }
        } catch (AcmeException e) {
            throw AcmeErrors.of(certificate, AcmeStep.ACCOUNT, e);
        }
    }

    private Login findOrRegister(Session session, URI ca, KeyPair key) throws AcmeException {
        try {
            return new AccountBuilder().useKeyPair(key).onlyExisting().createLogin(session);
        } catch (AcmeServerException e) {
            if (!ACCOUNT_DOES_NOT_EXIST.equals(e.getType().toString())) {
                throw e;
            }
        }
        AccountBuilder builder = new AccountBuilder().useKeyPair(key).agreeToTermsOfService();
        settings.email().ifPresent(builder::addEmail);
        eabFor(ca).ifPresent(eab -> builder.withKeyIdentifier(eab.keyId(), eab.hmacKey()));
        Login login = builder.createLogin(session);
        LOG.info("registered ACME account {} at {}", login.getAccountLocation(), ca);
        return login;
    }

    /** EAB credentials belong to the account-wide CA only; a per-certificate CA override gets none. */
    private Optional<AcmeSettings.ExternalAccountBinding> eabFor(URI ca) {
        return ca.equals(settings.directory()) ? settings.eab() : Optional.empty();
    }

    private Session open(String certificate, URI ca) throws AcmeFailure {
        try {
            return sessions.open(ca);
        } catch (IOException e) {
            throw new AcmeFailure(certificate, AcmeStep.ACCOUNT, Retry.FIX_CONFIG, Optional.empty(),
                    "cannot set up TLS trust for " + ca + ": " + e.getMessage() + " (check acme.trust-pem)", e);
        }
    }

    // A local, fixable fault (a directory not writable, a full disk): the normal back-off, never a day's wait.
    private KeyPair accountKey(String certificate, URI ca) throws AcmeFailure {
        try {
            return keys.loadOrCreate(ca);
        } catch (IOException e) {
            throw new AcmeFailure(certificate, AcmeStep.ACCOUNT, Retry.BACK_OFF, Optional.empty(),
                    "cannot read or create the account key " + keys.describe(ca) + ": " + e.getMessage(), e);
        }
    }
}
