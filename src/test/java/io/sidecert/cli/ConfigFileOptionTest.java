package io.sidecert.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Where {@code --config} may stand and what form its file name may take. */
class ConfigFileOptionTest {
    @TempDir
    Path dir;

    @Test
    void theOptionBeforeTheCommandIsTheFileTheCommandReads() throws Exception {
        writeConfig();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine(Map.of(), Clock.systemUTC());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));

        int code = cli.execute("--config", dir.resolve("sidecert.conf").toString(), "validate");

        assertEquals(0, code, err.toString());
        assertTrue(out.toString().contains("option-test: option-test.example.com"), out.toString());
    }

    @Test
    void aBareFileNameFindsItsIncludesBesideIt() throws Exception {
        writeConfig();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "validate", "--config", "sidecert.conf")
                .directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), output);

        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("option-test: option-test.example.com"), output);
    }

    private void writeConfig() throws Exception {
        Files.write(dir.resolve("sidecert.conf"), List.of(
                "acme { ca = letsencrypt-staging, email = \"ops@example.com\" }",
                "storage { certificates = certs, state = state }",
                "http-01 { mode = webroot, webroot = www }",
                "include required(\"domains.conf\")"));
        Files.writeString(dir.resolve("domains.conf"), "certificates { option-test { domains = [option-test.example.com] } }\n");
    }
}
