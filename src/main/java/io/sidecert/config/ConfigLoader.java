package io.sidecert.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException.UnresolvedSubstitution;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigValueFactory;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Loads sidecert's configuration: the main HOCON file and its includes, over the defaults in
 * {@code reference.conf}, under {@code SIDECERT_*} environment overrides; then checks all of it
 * and either returns records or throws one {@link ConfigException} listing every problem.
 *
 * <p>The environment is passed in rather than read from {@link System#getenv()} so tests and the
 * command line decide what it holds. It also feeds {@code ${?VAR}} substitutions.
 */
public final class ConfigLoader {
    private final Map<String, String> environment;
    private final HoconFiles hocon = new HoconFiles();
    private final LocalFiles files = new LocalFiles();
    private final CaDirectories caDirectories = new CaDirectories();

    public ConfigLoader(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /**
     * @param mainFile the main config file; relative paths inside it resolve against its directory
     * @throws ConfigException listing every problem found, each with its file and line
     */
    public SidecertConfig load(Path mainFile) throws ConfigException {
        Problems problems = new Problems();
        Config reference = hocon.reference();
        Optional<Config> file = hocon.parse(mainFile, problems);
        // Read the environment even when the file is broken, so its problems are reported too.
        Config overrides = new EnvironmentOverrides(reference).from(environment, problems);
        Config merged = overrides.withFallback(file.orElseThrow(problems::failure)).withFallback(reference);
        Config resolved = resolve(merged, problems).orElseThrow(problems::failure);
        new UnknownKeys(reference).check(resolved, problems);
        return bind(resolved, mainFile.toAbsolutePath().normalize().getParent(), problems);
    }

    private Optional<Config> resolve(Config merged, Problems problems) {
        // ${VAR} looks in the environment given to us, never System.getenv(): the variables go in
        // as the last fallback, and come out again so they do not read as unknown keys.
        Config variables = ConfigValueFactory.fromMap(environment).toConfig();
        try {
            ConfigObject resolved = merged.withFallback(variables)
                    .resolve(ConfigResolveOptions.defaults().setUseSystemEnvironment(false))
                    .root();
            for (String variable : environment.keySet()) {
                if (!merged.root().containsKey(variable)) {
                    resolved = resolved.withoutKey(variable);
                }
            }
            return Optional.of(resolved.toConfig());
        } catch (UnresolvedSubstitution e) {
            problems.add(e.origin(), "(substitution)", HoconFiles.withoutOrigin(e),
                    "define the key or environment variable it names, or write ${?name} to make it optional");
        } catch (com.typesafe.config.ConfigException e) {
            problems.add(e.origin(), "(substitution)", HoconFiles.withoutOrigin(e), "fix the substitution at that line");
        }
        return Optional.empty();
    }

    private SidecertConfig bind(Config config, Path baseDirectory, Problems problems) throws ConfigException {
        ValueReader reader = new ValueReader(config, "", problems, baseDirectory);
        Optional<AcmeSettings> acme = new AcmeSection(reader, caDirectories, files).read();
        Optional<StorageSettings> storage = new StorageSection(reader, new FileModes()).read();
        Optional<Http01Settings> http01 = new Http01Section(reader).read();
        Optional<ScheduleSettings> schedule = new ScheduleSection(reader).read();
        Optional<ReloadSettings> reload = new ReloadSection(reader, files).read();
        Dns01Section dns01Section = new Dns01Section(reader, files);
        Optional<Dns01Settings> dns01 = dns01Section.read();
        Optional<URI> defaultCa = acme.map(AcmeSettings::directory);
        List<CertificateSpec> certificates = new CertificatesSection(reader,
                new CertificateSection(new DomainNames(), caDirectories, dns01Section.declaredProviders()))
                .read(defaultCa);
        Optional<AdminSettings> admin = new AdminSection(reader).read();
        Optional<AlertSettings> alerts = new AlertsSection(reader, files).read();
        Optional<LogSettings> log = new LogSection(reader).read();
        Optional<ClusterSettings> cluster = new ClusterSection(reader, files).read();
        problems.throwIfAny();
        // Every section that came back empty reported why, so with no problems all are present.
        return new SidecertConfig(acme.orElseThrow(), storage.orElseThrow(), http01.orElseThrow(),
                schedule.orElseThrow(), certificates, reload.orElseThrow(),
                admin.orElseThrow(), alerts.orElseThrow(), log.orElseThrow(), dns01.orElseThrow(),
                cluster);
    }
}
