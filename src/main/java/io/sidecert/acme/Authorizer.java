package io.sidecert.acme;

import io.sidecert.acme.AcmeFailure.Retry;
import io.sidecert.challenge.ChallengeException;
import io.sidecert.challenge.ChallengeSolver;
import io.sidecert.challenge.ChallengeTask;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Challenge;
import org.shredzone.acme4j.challenge.Dns01Challenge;
import org.shredzone.acme4j.challenge.Http01Challenge;
import org.shredzone.acme4j.exception.AcmeException;

/**
 * Proves control of every name of an order: presents all challenges first, then triggers them, then
 * waits, and always cleans up, also after a failure (lego's prober).
 */
final class Authorizer {
    private final Duration validationTimeout;

    Authorizer(Duration validationTimeout) {
        this.validationTimeout = validationTimeout;
    }

    void authorize(String name, Order order, ChallengeSolver solver) throws AcmeFailure, InterruptedException {
        List<Pending> pending = pendingChallenges(name, order, solver);
        List<ChallengeTask> presented = new ArrayList<>();
        try {
            for (Pending p : pending) {
                present(name, solver, p.task());
                presented.add(p.task());
            }
            awaitVisible(name, solver, presented);
            for (Pending p : pending) {
                p.challenge().trigger();
            }
            for (Pending p : pending) {
                await(name, p);
            }
        } catch (AcmeException e) {
            throw AcmeErrors.of(name, AcmeStep.VALIDATE, e);
        } finally {
            presented.forEach(solver::cleanUp);
        }
    }

    private List<Pending> pendingChallenges(String name, Order order, ChallengeSolver solver) throws AcmeFailure {
        List<Pending> result = new ArrayList<>();
        try {
            for (Authorization auth : order.getAuthorizations()) {
                if (auth.getStatus() == Status.VALID) {
                    continue;   // reused from an earlier order: nothing to prove
                }
                String domain = auth.getIdentifier().getDomain();
                Challenge challenge = auth.findChallenge(solver.challengeType())
                        .orElseThrow(() -> new AcmeFailure(name, AcmeStep.PRESENT, Retry.FIX_CONFIG, Optional.empty(),
                                domain + ": the CA offers no " + solver.challengeType() + " challenge"
                                        + " (wildcards need dns-01)", null));
                result.add(new Pending(auth, challenge, task(name, domain, challenge)));
            }
        } catch (org.shredzone.acme4j.exception.AcmeLazyLoadingException e) {
            throw AcmeErrors.of(name, AcmeStep.ORDER, (AcmeException) e.getCause());
        }
        return result;
    }

    private static ChallengeTask task(String name, String domain, Challenge challenge) {
        if (challenge instanceof Http01Challenge http) {
            return new ChallengeTask(name, domain, http.getToken(), http.getAuthorization());
        }
        if (challenge instanceof Dns01Challenge dns) {
            // The TXT value is base64url(SHA-256(key authorization)): the solver derives it (Dns01Challenge.getDigest).
            return new ChallengeTask(name, domain, dns.getJSON().get("token").asString(), dns.getAuthorization());
        }
        throw new IllegalStateException("no task mapping for challenge type " + challenge.getType());
    }

    private static void present(String name, ChallengeSolver solver, ChallengeTask task) throws AcmeFailure {
        try {
            solver.present(task);
        } catch (ChallengeException e) {
            throw AcmeFailure.named(name, AcmeStep.PRESENT, Retry.BACK_OFF, e.getMessage(), e);
        }
    }

    private static void awaitVisible(String name, ChallengeSolver solver, List<ChallengeTask> presented)
            throws AcmeFailure, InterruptedException {
        try {
            solver.awaitVisible(List.copyOf(presented));
        } catch (ChallengeException e) {
            throw AcmeFailure.named(name, AcmeStep.PRESENT, Retry.BACK_OFF, e.getMessage(), e);
        }
    }

    private void await(String name, Pending p) throws AcmeException, AcmeFailure, InterruptedException {
        Status status = p.challenge().waitForCompletion(validationTimeout);
        if (status == Status.VALID) {
            return;
        }
        String domain = p.task().domain();
        throw p.challenge().getError()
                .map(problem -> p.challenge() instanceof Dns01Challenge
                        ? AcmeErrors.ofDns01Problem(name, AcmeStep.VALIDATE, domain + ": ", problem)
                        : AcmeErrors.ofProblem(name, AcmeStep.VALIDATE, domain + ": ", problem, null))
                .orElseGet(() -> new AcmeFailure(name, AcmeStep.VALIDATE, Retry.BACK_OFF, Optional.empty(),
                        domain + ": the challenge ended " + status + " without an error from the CA", null));
    }

    private record Pending(Authorization authorization, Challenge challenge, ChallengeTask task) {
    }
}
