package io.sidecert.deploy;

import static java.util.Objects.requireNonNull;

import io.sidecert.config.ReloadCommand;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads a proxy outside Docker with the user's commands: {@code test} first, and only when it passes, {@code run};
 * the same contract as {@link ContainerReload}, for nginx or HAProxy on the host, systemd units, or a certbot deploy
 * hook. Each command's exit status and output go to the log.
 *
 * <p>The environment says what changed, in sidecert's words and in certbot's, so that existing deploy hooks run
 * unchanged: {@code SIDECERT_CERTIFICATES} and {@code SIDECERT_LIVE_DIRS} (space-separated, every certificate of
 * this pass), {@code RENEWED_LINEAGE} and {@code RENEWED_DOMAINS} (the first of them: certbot calls its hook once
 * per lineage, sidecert once per pass).
 */
final class CommandReload {
    private static final Logger LOG = LoggerFactory.getLogger(CommandReload.class);

    private final Path certificates;

    /** @param certificates the store's directory, which holds {@code live/} */
    CommandReload(Path certificates) {
        this.certificates = requireNonNull(certificates, "certificates");
    }

    /**
     * @return what was done, e.g. {@code `nginx -t` passed, then `nginx -s reload`}
     * @throws TargetFailure when the test or the run failed, did not start, or timed out
     */
    String reload(ReloadCommand command, List<CertificateChange> changes) throws TargetFailure, InterruptedException {
        Map<String, String> environment = environment(changes);
        Optional<List<String>> test = command.test();
        if (test.isPresent()) {
            LocalProcess.Finished result = step(command, test.get(), environment);
            if (!result.succeeded()) {
                throw new TargetFailure(LocalProcess.describe(test.get()) + " failed (" + result.summary() + "), so "
                        + LocalProcess.describe(command.run()) + " was not run and the proxy keeps serving the "
                        + "previous certificates; the new ones stay in the store and the reload is tried again at the "
                        + "next check; fix the proxy's configuration", null);
            }
        }
        LocalProcess.Finished result = step(command, command.run(), environment);
        if (!result.succeeded()) {
            throw new TargetFailure(LocalProcess.describe(command.run()) + " failed (" + result.summary() + "); the "
                    + "reload is tried again at the next check", null);
        }
        String before = test.map(t -> LocalProcess.describe(t) + " passed, then ").orElse("no test, ");
        return before + LocalProcess.describe(command.run());
    }

    private static LocalProcess.Finished step(ReloadCommand command, List<String> words,
            Map<String, String> environment) throws TargetFailure, InterruptedException {
        LocalProcess.Finished result = LocalProcess.run(words, environment, command.timeout());
        LOG.info("{}: {} {}", command.describe(), LocalProcess.describe(words), result.summary());
        return result;
    }

    Map<String, String> environment(List<CertificateChange> changes) {
        CertificateChange first = changes.get(0);
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("SIDECERT_CERTIFICATES", changes.stream().map(CertificateChange::certificate)
                .collect(Collectors.joining(" ")));
        environment.put("SIDECERT_LIVE_DIRS", changes.stream().map(c -> live(c).toString())
                .collect(Collectors.joining(" ")));
        environment.put("RENEWED_LINEAGE", live(first).toString());
        environment.put("RENEWED_DOMAINS", String.join(" ", first.domains()));
        return environment;
    }

    private Path live(CertificateChange change) {
        return certificates.toAbsolutePath().resolve("live").resolve(change.certificate());
    }
}
