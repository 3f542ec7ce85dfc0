package io.sidecert.challenge.http01;

import static java.nio.charset.StandardCharsets.US_ASCII;

import io.sidecert.challenge.ChallengeException;
import io.sidecert.challenge.ChallengeSolver;
import io.sidecert.challenge.ChallengeTask;
import io.sidecert.store.AtomicFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers HTTP-01 by writing the key authorization where the proxy serves
 * {@code /.well-known/acme-challenge/}, like certbot's webroot plugin.
 */
public final class WebrootSolver implements ChallengeSolver {
    private static final Logger LOG = LoggerFactory.getLogger(WebrootSolver.class);

    private final Path challengeDir;

    public WebrootSolver(Path webroot) {
        this.challengeDir = webroot.resolve(".well-known").resolve("acme-challenge");
    }

    @Override
    public String challengeType() {
        return "http-01";
    }

    @Override
    public void present(ChallengeTask task) throws ChallengeException {
        try {
            Files.createDirectories(challengeDir);
            // The proxy usually runs as another user: the answer must be world-readable, it is public anyway.
            AtomicFile.write(tokenFile(task), task.keyAuthorization().getBytes(US_ASCII),
                    PosixFilePermissions.fromString("rw-r--r--"));
        } catch (IOException e) {
            throw new ChallengeException("[" + task.certificate() + "] http-01 present " + task.domain()
                    + ": cannot write " + tokenFile(task) + ": " + e.getMessage()
                    + " (is http-01.webroot mounted writable into sidecert and served by the proxy?)", e);
        }
    }

    @Override
    public void cleanUp(ChallengeTask task) {
        try {
            Files.deleteIfExists(tokenFile(task));
        } catch (IOException e) {
            LOG.warn("[{}] http-01 cleanup {}: could not remove {}: {}",
                    task.certificate(), task.domain(), tokenFile(task), e.getMessage());
        }
    }

    private Path tokenFile(ChallengeTask task) {
        // Tokens are base64url by RFC 8555, but never trust a server-supplied path component.
        if (!task.token().matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("refusing unsafe HTTP-01 token " + task.token());
        }
        return challengeDir.resolve(task.token());
    }
}
