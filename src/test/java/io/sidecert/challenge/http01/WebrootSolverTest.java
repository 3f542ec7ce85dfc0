package io.sidecert.challenge.http01;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sidecert.challenge.ChallengeException;
import io.sidecert.challenge.ChallengeTask;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebrootSolverTest {
    @TempDir
    Path webroot;

    private final ChallengeTask task = new ChallengeTask("shop", "shop.example.com", "abc_DEF-1", "abc_DEF-1.thumb");

    @Test
    void writesTheKeyAuthorizationWhereTheProxyServesItWorldReadable() throws Exception {
        new WebrootSolver(webroot).present(task);

        Path file = webroot.resolve(".well-known/acme-challenge/abc_DEF-1");
        assertEquals("abc_DEF-1.thumb", Files.readString(file));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void removesTheFileOnCleanUp() throws Exception {
        WebrootSolver solver = new WebrootSolver(webroot);
        solver.present(task);
        solver.cleanUp(task);

        assertFalse(Files.exists(webroot.resolve(".well-known/acme-challenge/abc_DEF-1")));
    }

    @Test
    void aWebrootThatCannotBeWrittenIsAnErrorNamingTheCertificateAndTheFix() throws Exception {
        Path notADirectory = Files.writeString(webroot.resolve("file"), "x");

        ChallengeException e = assertThrows(ChallengeException.class, () -> new WebrootSolver(notADirectory).present(task));

        assertTrue(e.getMessage().startsWith("[shop] http-01 present shop.example.com: cannot write"), e.getMessage());
        assertTrue(e.getMessage().contains("http-01.webroot"), e.getMessage());
    }

    @Test
    void refusesATokenThatWouldEscapeTheChallengeDirectory() {
        ChallengeTask evil = new ChallengeTask("shop", "shop.example.com", "../../etc/passwd", "x");

        assertThrows(IllegalArgumentException.class, () -> new WebrootSolver(webroot).present(evil));
    }
}
