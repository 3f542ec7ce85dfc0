package io.sidecert.renew;

import static java.util.Objects.requireNonNull;

import io.sidecert.config.CertificateSpec;
import io.sidecert.store.CertificateFacts;
import io.sidecert.store.CertificateState;
import io.sidecert.store.CertificateStore;
import io.sidecert.store.StateStore;
import io.sidecert.store.StoreException;
import io.sidecert.store.StoredCertificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/** Builds the status of each configured certificate from the store and the state, without asking the CA. */
public final class StatusReport {
    private final CertificateStore store;
    private final StateStore states;
    private final RenewalPolicy policy;
    private final Clock clock;

    public StatusReport(CertificateStore store, StateStore states, RenewalPolicy policy, Clock clock) {
        this.store = requireNonNull(store, "store");
        this.states = requireNonNull(states, "states");
        this.policy = requireNonNull(policy, "policy");
        this.clock = requireNonNull(clock, "clock");
    }

    public List<CertificateStatus> of(List<CertificateSpec> specs) {
        List<CertificateStatus> rows = new ArrayList<>();
        for (CertificateSpec spec : specs) {
            rows.add(of(spec));
        }
        return rows;
    }

    private CertificateStatus of(CertificateSpec spec) {
        Optional<StoredCertificate> current = read(spec.name());
        CertificateState state = state(spec.name());
        Optional<CertificateFacts> facts = current.map(StoredCertificate::facts);
        Instant now = clock.instant();
        RenewalDecision decision = policy.decide(spec, facts, state.chosenRenewalTime(), now);
        Instant next = decision.due() ? state.nextAttempt().filter(now::isBefore).orElse(now) : decision.renewAt();
        return new CertificateStatus(spec.name(), spec.domains(),
                current.map(c -> issuerName(c.material().leaf().getIssuerX500Principal().getName())),
                facts.map(CertificateFacts::notAfter), Optional.of(next),
                state.lastOutcome().map(o -> o.name().toLowerCase(java.util.Locale.ROOT)), state.lastError(),
                facts.map(CertificateFacts::notBefore), facts.map(f -> decision.renewAt()),
                state.lastAttempt(), state.lastSuccess(), state.consecutiveFailures());
    }

    /** The placeholder written before the first issuance shows as no certificate, as the renewer sees it. */
    private Optional<StoredCertificate> read(String name) {
        try {
            return store.current(name).filter(stored -> !stored.isPlaceholder());
        } catch (StoreException e) {
            return Optional.empty();
        }
    }

    private CertificateState state(String name) {
        try {
            return states.load(name);
        } catch (StoreException e) {
            return CertificateState.initial(name);
        }
    }

    /** The issuer's CN (e.g. "R11"), or the whole DN when it has none. */
    static String issuerName(String dn) {
        try {
            for (Rdn rdn : new LdapName(dn).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return rdn.getValue().toString();
                }
            }
        } catch (InvalidNameException e) {
            // fall through to the raw DN
        }
        return dn;
    }
}
