package io.sidecert.challenge;

/**
 * Makes a challenge answerable before the CA is told to validate it, and removes it afterwards.
 *
 * <p>The issuer presents every challenge of an order before triggering any of them, and calls
 * {@link #cleanUp} for each presented task in a {@code finally}, whatever happened.
 */
public interface ChallengeSolver {

    /** The ACME challenge type this solver answers, e.g. {@code http-01}. */
    String challengeType();

    void present(ChallengeTask task) throws ChallengeException;

    /** Removes what {@link #present} left; logs failures instead of throwing so cleanup never masks the real error. */
    void cleanUp(ChallengeTask task);
}
