package io.sidecert.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sidecert.event.RenewalEvent;
import io.sidecert.event.RenewalListener;
import io.sidecert.store.StoredCertificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records the events a reloader raises, and makes the ones a check would feed it. */
final class ReloadEvents implements RenewalListener {
    final List<RenewalEvent> seen = new CopyOnWriteArrayList<>();

    @Override
    public void on(RenewalEvent event) {
        seen.add(event);
    }

    <T extends RenewalEvent> List<T> all(Class<T> type) {
        return seen.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends RenewalEvent> T only(Class<T> type) {
        List<T> found = all(type);
        assertEquals(1, found.size(), () -> "exactly one " + type.getSimpleName() + " in " + seen);
        return found.get(0);
    }

    void clear() {
        seen.clear();
    }

    static CertificateChange change(StoredCertificate stored) {
        return new CertificateChange(stored.name(), stored.facts().domains(), stored.facts().serial());
    }
}
