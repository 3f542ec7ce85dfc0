package io.sidecert.config;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a TSIG secret file: either the bare base64 secret, or the key clause that BIND's {@code tsig-keygen}
 * writes (and {@code named.conf} includes), so the very file given to the server can be mounted into
 * sidecert. A key clause also names the key and its algorithm, which are checked against the configuration.
 */
final class TsigKeyFile {
    private static final Pattern CLAUSE = Pattern.compile("key\\s+\"?([^\"\\s{]+)\"?\\s*\\{(.*?)}\\s*;", Pattern.DOTALL);
    private static final Pattern ALGORITHM = Pattern.compile("algorithm\\s+\"?([A-Za-z0-9.-]+)\"?\\s*;");
    private static final Pattern SECRET = Pattern.compile("secret\\s+\"([^\"]*)\"\\s*;");

    private TsigKeyFile() {
    }

    /** The base64 secret for {@code keyName}, or why the file does not hold it. */
    static Checked<String> secret(String content, String file, String keyName, TsigAlgorithm algorithm) {
        if (!content.contains("secret")) {
            return base64(content.replaceAll("\\s", ""), file);
        }
        List<String> names = new ArrayList<>();
        Matcher clause = CLAUSE.matcher(content);
        while (clause.find()) {
            names.add(clause.group(1));
            if (trimDot(clause.group(1)).equalsIgnoreCase(trimDot(keyName))) {
                return fromClause(clause.group(2), file, keyName, algorithm);
            }
        }
        if (names.isEmpty()) {
            return Checked.invalid("file " + file + " mentions a secret but holds no key clause like "
                            + "key \"" + keyName + "\" { algorithm ...; secret \"...\"; };",
                    "put either the bare base64 secret or tsig-keygen's output into the file");
        }
        return Checked.invalid("file " + file + " holds the key(s) " + String.join(", ", names) + ", not " + keyName,
                "set key-name to the key's name in the file, or point key-secret-file at the file of key " + keyName);
    }

    private static Checked<String> fromClause(String body, String file, String keyName, TsigAlgorithm algorithm) {
        Matcher secret = SECRET.matcher(body);
        if (!secret.find()) {
            return Checked.invalid("the key clause of " + keyName + " in " + file + " has no secret \"...\";",
                    "copy the whole key clause from tsig-keygen's output");
        }
        Optional<String> declared = Optional.of(ALGORITHM.matcher(body)).filter(Matcher::find).map(m -> m.group(1));
        if (declared.isPresent() && !declared.get().equalsIgnoreCase(algorithm.configName())) {
            return Checked.invalid("the key " + keyName + " in " + file + " is a " + declared.get()
                            + " key, but key-algorithm is " + algorithm.configName(),
                    "set key-algorithm = " + declared.get() + " (the server signs with the algorithm of its key)");
        }
        return base64(secret.group(1).replaceAll("\\s", ""), file);
    }

    private static Checked<String> base64(String secret, String file) {
        try {
            if (secret.isEmpty() || Base64.getDecoder().decode(secret).length == 0) {
                return Checked.invalid("file " + file + " holds no TSIG secret", "put the base64 secret into the file");
            }
            return Checked.valid(secret);
        } catch (IllegalArgumentException e) {
            return Checked.invalid("file " + file + " does not hold a base64 TSIG secret (" + e.getMessage() + ")",
                    "put the secret exactly as the server's key clause has it, e.g. the output of tsig-keygen");
        }
    }

    private static String trimDot(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }
}
