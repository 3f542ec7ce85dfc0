package io.sidecert.challenge;

import java.util.List;

/**
 * Makes a challenge answerable before the CA is told to validate it, and removes it afterwards.
 *
 * <p>The issuer presents every challenge of an order before triggering any of them, then calls
 * {@link #awaitVisible} once with all of them, and calls {@link #cleanUp} for each presented task in a
 * {@code finally}, whatever happened.
 */
public interface ChallengeSolver {

    /** The ACME challenge type this solver answers, e.g. {@code http-01}. */
    String challengeType();

    void present(ChallengeTask task) throws ChallengeException;

    /**
     * Returns once what {@link #present} made for {@code presented} can be seen from the CA, or fails. An
     * HTTP-01 answer is there at once (the default); a DNS record must first reach every nameserver of its
     * zone, and waiting once for all records of an order takes one propagation delay instead of one per name.
     */
    default void awaitVisible(List<ChallengeTask> presented) throws ChallengeException, InterruptedException {
    }

    /** Removes what {@link #present} left; logs failures instead of throwing so cleanup never masks the real error. */
    void cleanUp(ChallengeTask task);
}
