package io.sidecert.cli;

import io.sidecert.challenge.dns01.Dns01Solvers;
import io.sidecert.challenge.dns01.DnsClient;
import io.sidecert.challenge.dns01.DnsProvider;
import io.sidecert.challenge.dns01.DnsjavaClient;
import io.sidecert.challenge.dns01.PropagationCheck;
import io.sidecert.challenge.dns01.cloudflare.CloudflareProvider;
import io.sidecert.challenge.dns01.exec.ExecProvider;
import io.sidecert.challenge.dns01.rfc2136.Rfc2136Provider;
import io.sidecert.config.Dns01Settings;
import io.sidecert.config.DnsProviderSettings;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds the configured DNS providers. It lives here, where the object graph is wired, because it is the one
 * place that knows every provider package; {@code challenge.dns01} itself knows none of them.
 */
final class DnsProviders {
    private DnsProviders() {
    }

    static Dns01Solvers solvers(Dns01Settings settings, Clock clock) {
        DnsClient dns = DnsjavaClient.using(settings.resolvers());
        PropagationCheck check = settings.askAuthoritative()
                ? PropagationCheck.authoritative(dns, clock)
                : PropagationCheck.throughResolvers(dns, clock);
        return new Dns01Solvers(of(settings), dns, check);
    }

    static Map<String, DnsProvider> of(Dns01Settings settings) {
        Map<String, DnsProvider> providers = new LinkedHashMap<>();
        settings.providers().forEach((name, provider) -> providers.put(name, create(provider)));
        return providers;
    }

    private static DnsProvider create(DnsProviderSettings settings) {
        if (settings instanceof DnsProviderSettings.Rfc2136 rfc2136) {
            return new Rfc2136Provider(rfc2136);
        }
        if (settings instanceof DnsProviderSettings.Cloudflare cloudflare) {
            return new CloudflareProvider(cloudflare);
        }
        return new ExecProvider((DnsProviderSettings.Exec) settings);
    }
}
