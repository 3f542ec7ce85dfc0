package io.sidecert.testing;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Set;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * A real BIND 9, authoritative for {@code example.test} and {@code delegated.test} on port 53 ({@link #server()}),
 * taking RFC 2136 updates signed with the TSIG key {@value #KEY_NAME} (hmac-sha256, a fresh secret per instance);
 * and in the same container a second named on port 5353 ({@link #resolver()}), a recursive resolver in front of
 * it, as the CA's resolver on the internet: authoritative servers do not follow a CNAME into another zone, a
 * resolver does. The resolver caches for at most a second.
 *
 * <p>The zones and their update-policies are in {@code src/test/docker/bind9}: the key may write TXT only at
 * {@code _acme-challenge.example.test} and anywhere below {@code delegated.test}, and {@code example.test}
 * holds the CNAMEs of the delegation tests. {@code ns1.example.test} resolves to this container, so a client
 * that looks up the zones' nameservers finds and asks it.
 *
 * <p>Start it on the network of a {@link PebbleCa} that resolves through its resolver
 * ({@link PebbleCa#start(PebbleOptions, Network, String)}); its address is reachable from this host too.
 */
public final class BindServer implements AutoCloseable {
    public static final String KEY_NAME = "acme-key";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);

    private final GenericContainer<?> container;
    private final String secret;

    private BindServer(GenericContainer<?> container, String secret) {
        this.container = container;
        this.secret = secret;
    }

    public static BindServer start(Network network) {
        requireNonNull(network, "network");
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        String secret = Base64.getEncoder().encodeToString(key);
        GenericContainer<?> container = new GenericContainer<>(LocalImages.bind9())
                .withImagePullPolicy(name -> false)
                .withNetwork(network)
                .withNetworkAliases("bind")
                .withCopyToContainer(Transferable.of(keyClause(secret)), "/etc/bind/test/tsig.key")
                // Both nameds log a bare "running" once they serve.
                .waitingFor(Wait.forLogMessage(".*\\.\\d{3} running\\s*", 2).withStartupTimeout(STARTUP_TIMEOUT));
        try {
            container.start();
        } catch (RuntimeException e) {
            String log;
            try {
                log = container.getLogs();
            } catch (RuntimeException unavailable) {
                log = "(log unavailable: " + unavailable + ")";
            }
            container.stop();
            throw new IllegalStateException("BIND did not start: " + e.getMessage() + "\n" + log, e);
        }
        return new BindServer(container, secret);
    }

    /** The container's address on its network. */
    public String address() {
        return container.getContainerInfo().getNetworkSettings().getNetworks().values().iterator().next()
                .getIpAddress();
    }

    /** {@code ip:53}, the authoritative server: for sidecert's rfc2136 {@code server} and {@code dns-01.resolvers}. */
    public String server() {
        return address() + ":53";
    }

    /** {@code ip:5353}, the recursive resolver: for Pebble's {@code -dnsserver}. */
    public String resolver() {
        return address() + ":5353";
    }

    /** The base64 secret of {@value #KEY_NAME}. */
    public String secret() {
        return secret;
    }

    /** The key clause, as {@code tsig-keygen -a hmac-sha256 acme-key} writes it; BIND includes this very text. */
    public String keyClause() {
        return keyClause(secret);
    }

    /** The container's id, for {@code docker exec}. */
    public String containerId() {
        return container.getContainerId();
    }

    /** The TXT values BIND answers for {@code name}, asked directly. */
    public Set<String> txt(String name) {
        try {
            SimpleResolver resolver = new SimpleResolver(address());
            resolver.setTimeout(Duration.ofSeconds(3));
            Message query = Message.newQuery(Record.newRecord(Name.fromString(name + "."), Type.TXT, DClass.IN));
            query.getHeader().unsetFlag(Flags.RD);
            Set<String> values = new LinkedHashSet<>();
            for (Record record : resolver.send(query).getSection(Section.ANSWER)) {
                if (record instanceof TXTRecord txt && record.getName().equals(query.getQuestion().getName())) {
                    values.add(String.join("", txt.getStrings()));
                }
            }
            return values;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot ask BIND for TXT " + name, e);
        }
    }

    /** named's log: every update, granted or refused, and why. */
    public String logs() {
        return container.getLogs();
    }

    @Override
    public void close() {
        try {
            container.stop();
        } catch (RuntimeException e) {
            System.err.println("[BindServer] cannot stop BIND: " + e);
        }
    }

    private static String keyClause(String secret) {
        return "key \"" + KEY_NAME + "\" {\n\talgorithm hmac-sha256;\n\tsecret \"" + secret + "\";\n};\n";
    }
}
