package io.sidecert.challenge.dns01;

import io.sidecert.config.ServerAddress;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * {@link DnsClient} over dnsjava: CNAMEs and nameservers are asked of recursive resolvers (the configured
 * ones, else the system's), TXT records of each authoritative server directly, without recursion.
 *
 * <p>Nameservers are asked at their IPv4 addresses, and at IPv6 ones only when a server has no IPv4 address,
 * because many hosts that run sidecert have no IPv6 route.
 */
public final class DnsjavaClient implements DnsClient {
    private static final Duration RESOLVER_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration SERVER_TIMEOUT = Duration.ofSeconds(3);

    private final List<ServerAddress> resolvers;

    private DnsjavaClient(List<ServerAddress> resolvers) {
        this.resolvers = List.copyOf(resolvers);
    }

    /** @param resolvers recursive resolvers; empty means those of {@code /etc/resolv.conf} */
    public static DnsjavaClient using(List<ServerAddress> resolvers) {
        return new DnsjavaClient(resolvers);
    }

    @Override
    public Optional<String> cname(String name) throws DnsLookupException {
        Message answer = askResolvers(name, Type.CNAME);
        Name owner = absolute(name);
        return answer.getSection(Section.ANSWER).stream()
                .filter(r -> r instanceof CNAMERecord && r.getName().equals(owner))
                .map(r -> relative(((CNAMERecord) r).getTarget()))
                .findFirst();
    }

    @Override
    public List<Nameserver> authoritativeServers(String name) throws DnsLookupException {
        String zone = zoneOf(name);
        Message answer = askResolvers(zone, Type.NS);
        Name apex = absolute(zone);
        List<String> hosts = answer.getSection(Section.ANSWER).stream()
                .filter(r -> r instanceof NSRecord && r.getName().equals(apex))
                .map(r -> relative(((NSRecord) r).getTarget()))
                .distinct().toList();
        if (hosts.isEmpty()) {
            throw new DnsLookupException(name, "the resolvers " + describeResolvers() + " know no NS records of zone "
                    + zone + ": check the zone's delegation, or set dns-01.resolvers to resolvers that see it");
        }
        List<Nameserver> servers = new ArrayList<>();
        for (String host : hosts) {
            for (InetAddress address : addresses(name, host)) {
                servers.add(new Nameserver(host, new InetSocketAddress(address, ServerAddress.DNS_PORT)));
            }
        }
        if (servers.isEmpty()) {
            throw new DnsLookupException(name, "none of the nameservers of zone " + zone + " (" + String.join(", ", hosts)
                    + ") has an address the resolvers " + describeResolvers() + " know");
        }
        return servers;
    }

    @Override
    public Set<String> txt(Nameserver server, String name) throws DnsLookupException {
        SimpleResolver resolver = new SimpleResolver(server.address());
        resolver.setTimeout(SERVER_TIMEOUT);
        Message query = Message.newQuery(Record.newRecord(absolute(name), Type.TXT, DClass.IN));
        if (!server.recursive()) {
            query.getHeader().unsetFlag(Flags.RD);
        }
        Message answer;
        try {
            answer = resolver.send(query);
        } catch (IOException e) {
            throw new DnsLookupException(name, "nothing (" + e.getMessage() + ")", e);
        }
        int rcode = answer.getRcode();
        if (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN) {
            throw new DnsLookupException(name, Rcode.string(rcode) + " (is it authoritative for the zone?)");
        }
        Name owner = absolute(name);
        return answer.getSection(Section.ANSWER).stream()
                .filter(r -> r instanceof TXTRecord && r.getName().equals(owner))
                .map(r -> String.join("", ((TXTRecord) r).getStrings()))
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    @Override
    public List<Nameserver> resolvers() throws DnsLookupException {
        List<Nameserver> servers = new ArrayList<>();
        if (resolvers.isEmpty()) {
            ResolverConfig.getCurrentConfig().servers().forEach(address -> servers.add(Nameserver.resolver(address)));
            return servers;
        }
        for (ServerAddress server : resolvers) {
            try {
                servers.add(Nameserver.resolver(new InetSocketAddress(InetAddress.getByName(server.host()), server.port())));
            } catch (UnknownHostException e) {
                throw new DnsLookupException(server.host(), "the resolver " + server + " in dns-01.resolvers has no address: "
                        + e.getMessage(), e);
            }
        }
        return servers;
    }

    /**
     * The zone apex above {@code name}: the owner of the SOA record in the answer (the name is an apex) or in
     * the authority section (NXDOMAIN and NODATA answers carry it); else the parent is asked.
     */
    private String zoneOf(String name) throws DnsLookupException {
        for (String candidate = name; candidate.contains("."); candidate = candidate.substring(candidate.indexOf('.') + 1)) {
            Message answer = askResolvers(candidate, Type.SOA);
            Name owner = absolute(candidate);
            boolean alias = answer.getSection(Section.ANSWER).stream().anyMatch(r -> r instanceof CNAMERecord);
            Optional<Record> soa = answer.getSection(Section.ANSWER).stream()
                    .filter(r -> r instanceof SOARecord && r.getName().equals(owner)).findFirst()
                    .or(() -> alias ? Optional.empty() : answer.getSection(Section.AUTHORITY).stream()
                            .filter(r -> r instanceof SOARecord && owner.subdomain(r.getName())).findFirst());
            if (soa.isPresent()) {
                return relative(soa.get().getName());
            }
        }
        throw new DnsLookupException(name, "the resolvers " + describeResolvers() + " know no zone holding " + name
                + ": check the name, or set dns-01.resolvers to resolvers that see the zone");
    }

    private List<InetAddress> addresses(String name, String host) throws DnsLookupException {
        List<InetAddress> addresses = addresses(name, host, Type.A);
        return addresses.isEmpty() ? addresses(name, host, Type.AAAA) : addresses;
    }

    private List<InetAddress> addresses(String name, String host, int type) throws DnsLookupException {
        return askResolvers(host, type).getSection(Section.ANSWER).stream()
                .map(r -> r instanceof ARecord a ? a.getAddress() : r instanceof AAAARecord aaaa ? aaaa.getAddress() : null)
                .filter(address -> address != null)
                .toList();
    }

    private Message askResolvers(String name, int type) throws DnsLookupException {
        Message query = Message.newQuery(Record.newRecord(absolute(name), type, DClass.IN));
        Message answer = send(resolver(name), query, name, "the resolvers " + describeResolvers());
        int rcode = answer.getRcode();
        if (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN) {
            throw new DnsLookupException(name, "the resolvers " + describeResolvers() + " answered " + Rcode.string(rcode)
                    + " for " + Type.string(type) + " " + name
                    + ": check that they resolve the zone, or set dns-01.resolvers");
        }
        return answer;
    }

    private static Message send(Resolver resolver, Message query, String name, String asked) throws DnsLookupException {
        try {
            return resolver.send(query);
        } catch (IOException e) {
            throw new DnsLookupException(name, asked + " did not answer about " + name + " (" + e.getMessage() + ")", e);
        }
    }

    private Resolver resolver(String name) throws DnsLookupException {
        if (resolvers.isEmpty()) {
            ExtendedResolver system = new ExtendedResolver();
            system.setTimeout(RESOLVER_TIMEOUT);
            return system;
        }
        List<Resolver> each = new ArrayList<>();
        for (ServerAddress server : resolvers) {
            try {
                SimpleResolver simple = new SimpleResolver(new InetSocketAddress(InetAddress.getByName(server.host()),
                        server.port()));
                simple.setTimeout(RESOLVER_TIMEOUT);
                each.add(simple);
            } catch (UnknownHostException e) {
                throw new DnsLookupException(name, "the resolver " + server + " in dns-01.resolvers has no address: "
                        + e.getMessage(), e);
            }
        }
        ExtendedResolver extended = new ExtendedResolver(each);
        extended.setTimeout(RESOLVER_TIMEOUT);
        return extended;
    }

    private String describeResolvers() {
        if (resolvers.isEmpty()) {
            return ResolverConfig.getCurrentConfig().servers().stream()
                    .map(a -> a.getAddress().getHostAddress()).collect(Collectors.joining(", ", "[", "] (system)"));
        }
        return resolvers.toString();
    }

    static Name absolute(String name) throws DnsLookupException {
        try {
            return Name.fromString(name.endsWith(".") ? name : name + ".");
        } catch (TextParseException e) {
            throw new DnsLookupException(name, "\"" + name + "\" is not a DNS name (" + e.getMessage() + ")", e);
        }
    }

    private static String relative(Name name) {
        return name.toString(true).toLowerCase(Locale.ROOT);
    }
}
