package io.sidecert.challenge.dns01.rfc2136;

import static java.util.Objects.requireNonNull;

import io.sidecert.challenge.dns01.DnsProvider;
import io.sidecert.challenge.dns01.DnsProviderException;
import io.sidecert.challenge.dns01.Propagation;
import io.sidecert.challenge.dns01.TxtRecord;
import io.sidecert.config.DnsProviderSettings;
import io.sidecert.config.TsigAlgorithm;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

/**
 * Writes TXT records with RFC 2136 dynamic updates signed with TSIG (RFC 8945), to the zone's primary: BIND,
 * Knot, PowerDNS and others. Adding a record adds to its RRset and removing one deletes that single record,
 * so concurrent orders and a wildcard beside its apex never disturb each other.
 *
 * <p>The zone is found by asking the server for the SOA of the record's name, so one provider serves every
 * zone the server is primary for. Updates go over TCP: no lost datagram turns into a retried update.
 */
public final class Rfc2136Provider implements DnsProvider {
    /** Short, so a record that cleanup could not remove leaves caches soon. */
    static final long TTL_SECONDS = 60;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final DnsProviderSettings.Rfc2136 settings;
    private final UpdateErrors errors;

    public Rfc2136Provider(DnsProviderSettings.Rfc2136 settings) {
        this.settings = requireNonNull(settings, "settings");
        this.errors = new UpdateErrors(settings.server().toString(), settings.keyName(),
                settings.keyAlgorithm().configName(), settings.keySecretFile().toString());
    }

    @Override
    public void present(TxtRecord record) throws DnsProviderException {
        update(record, "add", (update, txt) -> update.add(txt));
    }

    @Override
    public void cleanUp(TxtRecord record) throws DnsProviderException {
        update(record, "remove", (update, txt) -> update.delete(txt));
    }

    @Override
    public Propagation propagation() {
        return new Propagation(settings.propagationTimeout(), settings.propagationInterval());
    }

    private void update(TxtRecord record, String verb, Change change) throws DnsProviderException {
        Name name = name(record.name());
        SimpleResolver server = server();
        Name zone = zone(server, name, record.name());
        Update update = new Update(zone);
        change.apply(update, new TXTRecord(name, DClass.IN, TTL_SECONDS, record.value()));
        server.setTSIGKey(new TSIG(algorithm(settings.keyAlgorithm()), settings.keyName(), settings.keySecret()));
        Message response = send(server, update, verb, record.name());
        TSIGRecord tsig = response.getTSIG();
        Optional<String> problem = errors.describe(verb, record.name(), zone.toString(true), response.getRcode(),
                tsig == null ? Rcode.NOERROR : tsig.getError(), response.isVerified());
        if (problem.isPresent()) {
            throw new DnsProviderException(problem.get());
        }
    }

    /**
     * The zone holding {@code name}, from the SOA the server puts in its answer (the name is an apex) or in the
     * authority section (NXDOMAIN, NODATA). A server that is no authority for it refuses or answers without one.
     */
    private Name zone(SimpleResolver server, Name name, String text) throws DnsProviderException {
        Message answer = send(server, Message.newQuery(Record.newRecord(name, Type.SOA, DClass.IN)), "find the zone of",
                text);
        if (answer.getSection(Section.ANSWER).stream().anyMatch(r -> r instanceof CNAMERecord)) {
            throw new DnsProviderException(text + " is a CNAME on " + settings.server()
                    + ", so no TXT record can be added next to it: remove challenge-alias to let sidecert follow the"
                    + " CNAME, or point challenge-alias at the CNAME's target");
        }
        return answer.getSection(Section.ANSWER).stream()
                .filter(r -> r instanceof SOARecord && r.getName().equals(name))
                .map(Record::getName)
                .findFirst()
                .or(() -> answer.getSection(Section.AUTHORITY).stream()
                        .filter(r -> r instanceof SOARecord && name.subdomain(r.getName()))
                        .map(Record::getName).findFirst())
                .orElseThrow(() -> new DnsProviderException(errors.zoneNotFound(text, answer.getRcode())));
    }

    private SimpleResolver server() throws DnsProviderException {
        try {
            InetAddress address = InetAddress.getByName(settings.server().host());
            SimpleResolver resolver = new SimpleResolver(new InetSocketAddress(address, settings.server().port()));
            resolver.setTCP(true);
            resolver.setTimeout(TIMEOUT);
            return resolver;
        } catch (UnknownHostException e) {
            throw new DnsProviderException("the server " + settings.server().host() + " has no address ("
                    + e.getMessage() + "): check server in dns-providers." + settings.name(), e);
        }
    }

    private Message send(SimpleResolver server, Message message, String verb, String name) throws DnsProviderException {
        try {
            return server.send(message);
        } catch (IOException e) {
            throw new DnsProviderException("no answer from " + settings.server() + " when trying to " + verb + " TXT "
                    + name + " (" + e.getMessage() + "): check that server in dns-providers." + settings.name()
                    + " is reachable over TCP", e);
        }
    }

    private static Name name(String text) throws DnsProviderException {
        try {
            return Name.fromString(text + ".");
        } catch (TextParseException e) {
            throw new DnsProviderException("\"" + text + "\" is not a DNS name: " + e.getMessage(), e);
        }
    }

    static Name algorithm(TsigAlgorithm algorithm) {
        return switch (algorithm) {
            case HMAC_SHA256 -> TSIG.HMAC_SHA256;
            case HMAC_SHA384 -> TSIG.HMAC_SHA384;
            case HMAC_SHA512 -> TSIG.HMAC_SHA512;
        };
    }

    @FunctionalInterface
    private interface Change {
        void apply(Update update, TXTRecord record);
    }
}
