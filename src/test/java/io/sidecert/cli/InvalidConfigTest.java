package io.sidecert.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** An invalid configuration: every command that needs it exits 2, says what is wrong, and touches no file. */
class InvalidConfigTest {
    @TempDir
    Path dir;

    @Test
    void checkAndRunExitTwoAndCreateNothing() throws Exception {
        writeConfig("api { domains = [api.example.com], key-type = rsa-1024 }");

        for (String command : new String[] {"check", "run", "validate", "list"}) {
            Result result = execute(command);
            assertEquals(2, result.code, command + ": " + result.err);
            assertTrue(result.err.contains("domains.conf:1: certificates.api.key-type"), command + ": " + result.err);
        }
        assertFalse(Files.exists(dir.resolve("certs")), "no certificate directory was created");
        assertFalse(Files.exists(dir.resolve("state")), "no state was written");
    }

    @Test
    void validateReportsAValidConfiguration() throws Exception {
        writeConfig("shop { domains = [shop.example.com, www.shop.example.com] }");

        Result result = execute("validate");

        assertEquals(0, result.code, result.err);
        assertTrue(result.out.contains("shop: shop.example.com, www.shop.example.com (ec-p256, http-01)"), result.out);
    }

    @Test
    void anUnknownCertificateNameListsTheConfiguredOnes() throws Exception {
        writeConfig("shop { domains = [shop.example.com] }");

        Result result = execute("renew", "shopp");

        assertEquals(1, result.code);
        assertTrue(result.err.contains("no certificate named 'shopp'") && result.err.contains("[shop]"), result.err);
    }

    private void writeConfig(String certificate) throws Exception {
        Files.writeString(dir.resolve("sidecert.conf"), """
                acme { ca = letsencrypt-staging, email = "ops@example.com" }
                storage { certificates = certs, state = state }
                http-01 { mode = webroot, webroot = www }
                include required("domains.conf")
                """);
        Files.writeString(dir.resolve("domains.conf"), "certificates { " + certificate + " }\n");
    }

    private Result execute(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine(Map.of(), Clock.systemUTC());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 1];
        all[0] = args[0];
        all[1] = "--config=" + dir.resolve("sidecert.conf");
        System.arraycopy(args, 1, all, 2, args.length - 1);
        return new Result(cli.execute(all), out.toString(), err.toString());
    }

    private record Result(int code, String out, String err) {
    }
}
