package io.sidecert.cli;

import io.sidecert.acme.AccountKeys;
import io.sidecert.acme.AcmeAccounts;
import io.sidecert.acme.AcmeIssuer;
import io.sidecert.acme.RenewalInfoClient;
import io.sidecert.acme.Revoker;
import io.sidecert.acme.TrustingSessionFactory;
import io.sidecert.challenge.ChallengeSolver;
import io.sidecert.challenge.ChallengeSolvers;
import io.sidecert.challenge.http01.StandaloneResponder;
import io.sidecert.challenge.http01.WebrootSolver;
import io.sidecert.config.Http01Mode;
import io.sidecert.config.SidecertConfig;
import io.sidecert.event.RenewalEvents;
import io.sidecert.observe.LogListener;
import io.sidecert.renew.AriTracker;
import io.sidecert.renew.CertificateLocks;
import io.sidecert.renew.CertificateRenewer;
import io.sidecert.renew.PlaceholderWriter;
import io.sidecert.renew.RenewalPolicy;
import io.sidecert.renew.RenewalService;
import io.sidecert.renew.RetryPolicy;
import io.sidecert.renew.StatusReport;
import io.sidecert.store.CertbotLayoutStore;
import io.sidecert.store.CertificateStore;
import io.sidecert.store.JsonStateStore;
import io.sidecert.store.StateStore;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The object graph, wired by hand from a validated configuration: no container, no static state, and a
 * reader sees in one screen what depends on what.
 */
final class Wiring implements AutoCloseable {
    private static final Duration VALIDATION_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration FINALIZE_TIMEOUT = Duration.ofMinutes(3);

    final SidecertConfig config;
    final RenewalEvents events = new RenewalEvents();
    final CertificateStore store;
    final StateStore states;
    final RenewalService renewals;
    final StatusReport status;
    final Revoker revoker;
    final PlaceholderWriter placeholders;
    private final Optional<StandaloneResponder> responder;

    private Wiring(SidecertConfig config, Clock clock, Optional<StandaloneResponder> responder) {
        this.config = config;
        this.responder = responder;
        events.subscribe(new LogListener());
        store = new CertbotLayoutStore(config.storage());
        states = new JsonStateStore(config.storage().state());
        var random = new SecureRandom();
        var accounts = new AcmeAccounts(config.acme(), new AccountKeys(config.storage().state()),
                directory -> new TrustingSessionFactory().open(directory, config.acme().trustPem()));
        var issuer = new AcmeIssuer(accounts, VALIDATION_TIMEOUT, FINALIZE_TIMEOUT);
        var ari = new AriTracker(new RenewalInfoClient(accounts), random);
        var policy = new RenewalPolicy();
        ChallengeSolver http01 = responder.<ChallengeSolver>map(r -> r)
                .orElseGet(() -> new WebrootSolver(config.http01().webroot()));
        var locks = new CertificateLocks(config.storage().state());
        var renewer = new CertificateRenewer(store, states, locks, issuer,
                new ChallengeSolvers(http01), ari, policy, new RetryPolicy(random), events, clock);
        renewals = new RenewalService(renewer, events, clock, config.schedule().parallelism());
        status = new StatusReport(store, states, policy, clock);
        revoker = new Revoker(accounts);
        placeholders = new PlaceholderWriter(store, locks, clock);
    }

    /** Wires everything; in standalone mode this binds the HTTP-01 responder's port. */
    static Wiring of(SidecertConfig config, Clock clock) throws IOException {
        Optional<StandaloneResponder> responder = config.http01().mode() == Http01Mode.STANDALONE
                ? Optional.of(StandaloneResponder.start("0.0.0.0", config.http01().port()))
                : Optional.empty();
        return new Wiring(config, clock, responder);
    }

    @Override
    public void close() {
        responder.ifPresent(StandaloneResponder::close);
    }
}
