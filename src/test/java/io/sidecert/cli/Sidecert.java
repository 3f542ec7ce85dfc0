package io.sidecert.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sidecert.config.ConfigLoader;
import io.sidecert.config.SidecertConfig;
import io.sidecert.event.RenewalEvent;
import io.sidecert.store.CertbotLayoutStore;
import io.sidecert.store.StoredCertificate;
import io.sidecert.testing.PebbleCa;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import picocli.CommandLine;

/**
 * A sidecert installation in a temporary directory, pointed at a test Pebble: writes its configuration,
 * runs its commands in-process, and reads what it stored.
 */
final class Sidecert {
    final Path dir;
    private final PebbleCa ca;
    private String http01 = "mode = webroot";
    private String acmeExtra = "";
    // No proxy to tell unless a test asks: other runs on this Docker engine may have containers labelled for reloads.
    private String reload = "targets = []";
    private String extra = "";
    private final int adminPort;
    private String settings = "";
    private String schedule = "";
    private java.net.URI directory;
    private Path trustPem;

    Sidecert(Path dir, PebbleCa ca) throws IOException {
        this.dir = dir;
        this.ca = ca;
        Files.createDirectories(dir.resolve("certs"));   // the shared volume, as a mount would provide it
        this.adminPort = freePort();
        this.directory = ca.directoryUrl();
        this.trustPem = ca.trustPem();
        webroot();
    }

    /** The daemon's admin port: a free one on 127.0.0.1, so tests never collide on 9100. */
    int adminPort() {
        return adminPort;
    }

    /** More HOCON for sidecert.conf, such as an {@code alerts} section. */
    Sidecert extra(String hocon) {
        extra = hocon;
        return this;
    }

    /** Webroot mode, with a webroot that nginx does not serve: every HTTP-01 validation fails. */
    Sidecert unservedWebroot() throws IOException {
        http01 = "mode = webroot, webroot = \"" + Files.createDirectories(dir.resolve("unserved")) + "\"";
        return this;
    }

    Sidecert webroot() {
        http01 = "mode = webroot, webroot = \"" + ca.site().webroot() + "\"";
        return this;
    }

    Sidecert standalone() {
        http01 = "mode = standalone, port = " + ca.site().responderPort();
        return this;
    }

    Sidecert acme(String extra) {
        acmeExtra = extra;
        return this;
    }

    /** The reload section's settings, e.g. {@code targets = [ { container = nginx } ]}; call before {@link #certificates}. */
    Sidecert reload(String settings) {
        reload = settings;
        return this;
    }

    /**
     * Moves the daemon's hourly safety pass to New Year, so that what happens in a test is the certificates' own
     * triggers; call before {@link #certificates}.
     */
    Sidecert safetyPassAtNewYear() {
        schedule = "schedule { cron = \"0 0 0 1 1 ?\" }";
        return this;
    }

    /** Talks to the CA through {@code front}, which can be down or rate-limit; call before {@link #certificates}. */
    Sidecert through(io.sidecert.testing.AcmeFrontProxy front) {
        directory = front.directoryUrl();
        trustPem = front.trustPem();
        return this;
    }

    /** Further top-level settings for sidecert.conf, e.g. {@code dns-providers { ... }}. */
    Sidecert settings(String... hocon) {
        settings = String.join("\n", hocon);
        return this;
    }

    /** Writes sidecert.conf and a domains.conf holding {@code certificates}, e.g. {@code shop { domains = [...] }}. */
    Sidecert certificates(String... certificates) throws IOException {
        Files.writeString(dir.resolve("sidecert.conf"), String.join("\n",
                "acme { ca = \"" + directory + "\", email = \"ops@sidecert.test\", trust-pem = \""
                        + trustPem + "\"", acmeExtra, "}",
                "storage { certificates = certs, state = state }",
                "http-01 { " + http01 + " }",
                "certificate-defaults { profile = default }",
                "reload { " + reload + " }",
                "admin { bind = \"127.0.0.1\", port = " + adminPort + " }",
                extra,
                settings,
                schedule,
                "include required(\"domains.conf\")"));
        Files.writeString(dir.resolve("domains.conf"), "certificates {\n  " + String.join("\n  ", certificates) + "\n}\n");
        return this;
    }

    Run run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add(1, "--config");
        all.add(2, dir.resolve("sidecert.conf").toString());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine(Map.of(), Clock.systemUTC());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(all.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    Run check() {
        return run("check");
    }

    /** Starts the daemon in this JVM as {@code sidecert run} does, with {@code events} subscribed first. */
    Daemon daemon(List<RenewalEvent> events) throws Exception {
        Path conf = dir.resolve("sidecert.conf");
        SidecertConfig config = new ConfigLoader(Map.of()).load(conf);
        Wiring wiring = Wiring.of(config, Clock.systemUTC(), Wiring.Reloads.COALESCED);
        wiring.events.subscribe(events::add);
        return Daemon.start(conf, new ConfigLoader(Map.of()), config, wiring);
    }

    /** Runs one pass through the real object graph and returns the events it raised. */
    List<RenewalEvent> checkWithEvents() throws Exception {
        List<RenewalEvent> events = new CopyOnWriteArrayList<>();
        SidecertConfig config = new ConfigLoader(Map.of()).load(dir.resolve("sidecert.conf"));
        try (Wiring wiring = Wiring.of(config, Clock.systemUTC())) {
            wiring.events.subscribe(events::add);
            wiring.renewals.checkAll(config.certificates());
        }
        return events;
    }

    StoredCertificate live(String name) throws Exception {
        return new CertbotLayoutStore(dir.resolve("certs"), io.sidecert.store.FileModes.defaults(),
                io.sidecert.store.FileOwnership.unchanged()).current(name).orElseThrow();
    }

    /** What a command printed and returned. */
    record Run(int exitCode, String out, String err) {
        Run expect(int code) {
            assertEquals(code, exitCode, () -> "exit code; stdout:\n" + out + "\nstderr:\n" + err);
            return this;
        }
    }
}
