package io.sidecert.store;

import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The paths of one certificate lineage on the shared volume, in sidecert's layout and certbot's.
 *
 * <p>Hidden names in {@code live/} belong to the store: temporary links ({@code .<name>.tmp-<uuid>}) and adopted
 * certbot directories set aside ({@code .<name>.certbot-<version>}).
 */
record Lineage(Path root, String name) {
    private static final Pattern ASIDE = Pattern.compile("\\.(.+)\\.certbot-\\d+(?:-[0-9a-f]{8})?");
    private static final String UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    static Path liveDirectory(Path root) {
        return root.resolve("live");
    }

    /** The lineage whose adopted certbot directory {@code fileName} in {@code live/} is, if it is one. */
    static Optional<String> nameOfAside(String fileName) {
        Matcher matcher = ASIDE.matcher(fileName);
        return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    Path liveDirectory() {
        return liveDirectory(root);
    }

    /** What proxies read: a symbolic link to a version directory, or certbot's directory of links. */
    Path live() {
        return liveDirectory().resolve(name);
    }

    /** Certbot's renewal configuration of this lineage, present for adopted and exported lineages. */
    Path renewalConfig() {
        return root.resolve("renewal").resolve(name + ".conf");
    }

    Path archive() {
        return root.resolve("archive").resolve(name);
    }

    Path version(int version) {
        return archive().resolve(Integer.toString(version));
    }

    /** Relative, so the volume can be mounted at any path in the proxy's container. */
    Path linkTarget(int version) {
        return Path.of("..", "archive", name, Integer.toString(version));
    }

    Path newTempLink() {
        return liveDirectory().resolve("." + name + ".tmp-" + UUID.randomUUID());
    }

    boolean isTempLink(Path path) {
        return path.getFileName().toString().matches(Pattern.quote("." + name + ".tmp-") + UUID_PATTERN);
    }

    Path aside(int version) {
        return liveDirectory().resolve("." + name + ".certbot-" + version);
    }

    boolean isAside(Path path) {
        return nameOfAside(path.getFileName().toString()).filter(name::equals).isPresent();
    }
}
