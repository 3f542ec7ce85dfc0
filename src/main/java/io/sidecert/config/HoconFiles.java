package io.sidecert.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Parses HOCON: the user's main file (with its includes) and sidecert's own reference.conf. */
final class HoconFiles {
    static final String WHOLE_FILE = "(whole file)";
    /** How values from our reference.conf name their origin; also how a default is told from a user's value. */
    static final String REFERENCE = "reference.conf";

    /**
     * Our reference.conf, taken from beside our own classes. {@code ConfigFactory.load()} would
     * merge every reference.conf on the class path, and another jar's keys would then pass the
     * unknown-key check.
     */
    Config reference() {
        String classFile = HoconFiles.class.getName().replace('.', '/') + ".class";
        URL ownClass = HoconFiles.class.getClassLoader().getResource(classFile);
        if (ownClass == null) {
            throw new IllegalStateException("cannot locate " + classFile + " to find reference.conf beside it");
        }
        String root = ownClass.toExternalForm();
        try {
            URL reference = new URL(root.substring(0, root.length() - classFile.length()) + "reference.conf");
            return ConfigFactory.parseURL(reference, ConfigParseOptions.defaults()
                    .setAllowMissing(false)
                    .setOriginDescription(REFERENCE));
        } catch (MalformedURLException | ConfigException e) {
            throw new IllegalStateException("sidecert's own reference.conf is missing or broken; the build is faulty", e);
        }
    }

    /**
     * The main file, unresolved. {@code parseFile} makes {@code include "domains.conf"} relative to
     * the including file, and keeps file names as the user gave them for messages.
     */
    Optional<Config> parse(Path mainFile, Problems problems) {
        if (!Files.isRegularFile(mainFile)) {
            problems.add(mainFile.toString(), WHOLE_FILE, "the config file does not exist",
                    "create it, starting from config/sidecert.conf in the repository, or point sidecert at the right file");
            return Optional.empty();
        }
        // A bare file name has no parent, and Typesafe then looks for its includes on the class path.
        File file = mainFile.getParent() == null ? Path.of(".").resolve(mainFile).toFile() : mainFile.toFile();
        try {
            return Optional.of(ConfigFactory.parseFile(file, ConfigParseOptions.defaults().setAllowMissing(false)));
        } catch (ConfigException e) {
            problems.add(e.origin(), WHOLE_FILE, withoutOrigin(e), "fix the HOCON syntax at that line; "
                    + "quote values holding characters such as * @ : or #, like \"*.example.com\"");
            return Optional.empty();
        }
    }

    /** Typesafe prefixes its messages with the origin, which the problem already shows. */
    static String withoutOrigin(ConfigException e) {
        String message = e.getMessage();
        String prefix = e.origin() == null ? "" : e.origin().description() + ": ";
        return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }
}
