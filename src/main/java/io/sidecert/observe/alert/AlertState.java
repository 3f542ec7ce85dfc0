package io.sidecert.observe.alert;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What has been alerted on and not yet resolved, and when the last digest went out: kept in the state
 * directory so that a restart neither repeats an alert nor forgets to send the recovery.
 */
record AlertState(List<Active> active, Optional<Instant> lastDigest) {

    AlertState {
        active = List.copyOf(active);
        requireNonNull(lastDigest, "lastDigest");
    }

    static AlertState empty() {
        return new AlertState(List.of(), Optional.empty());
    }

    Optional<Active> find(String certificate, Condition condition, String target) {
        return active.stream().filter(a -> a.is(certificate, condition, target)).findFirst();
    }

    /** Adds or replaces the entry for the same certificate, condition and target. */
    AlertState with(Active entry) {
        List<Active> next = new ArrayList<>(active);
        next.removeIf(a -> a.is(entry.certificate(), entry.condition(), entry.target()));
        next.add(entry);
        return new AlertState(next, lastDigest);
    }

    AlertState without(Predicate<Active> resolved) {
        List<Active> next = new ArrayList<>(active);
        next.removeIf(resolved);
        return new AlertState(next, lastDigest);
    }

    AlertState withLastDigest(Instant at) {
        return new AlertState(active, Optional.of(at));
    }

    /**
     * A condition alerted on.
     *
     * @param target       the reload target for reload conditions, else empty
     * @param since        when the condition began
     * @param lastNotified when it was last alerted (for daily repeats)
     * @param detail       what was said, for the recovery message
     */
    record Active(String certificate, Condition condition, String target, Instant since, Instant lastNotified,
            String detail) {
        Active {
            requireNonNull(certificate, "certificate");
            requireNonNull(condition, "condition");
            requireNonNull(target, "target");
            requireNonNull(since, "since");
            requireNonNull(lastNotified, "lastNotified");
            requireNonNull(detail, "detail");
        }

        boolean is(String certificate, Condition condition, String target) {
            return this.certificate.equals(certificate) && this.condition == condition && this.target.equals(target);
        }
    }
}
