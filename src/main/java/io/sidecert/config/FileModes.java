package io.sidecert.config;

import java.util.regex.Pattern;

/**
 * Turns an octal file mode as people write it for chmod ({@code "0600"}) into the symbolic form
 * {@link java.nio.file.attribute.PosixFilePermissions} understands ({@code rw-------}).
 */
final class FileModes {
    /** Setuid, setgid and sticky bits have no meaning for certificate files and no PosixFilePermission. */
    private static final Pattern OCTAL = Pattern.compile("0?([0-7]{3})");

    Checked<String> toPermissions(String configured) {
        var matcher = OCTAL.matcher(configured.trim());
        if (!matcher.matches()) {
            return Checked.invalid("\"" + configured + "\" is not an octal file mode; expected 3 or 4 octal digits like \"0600\"",
                    "write the mode in quotes as for chmod, e.g. \"0640\"");
        }
        StringBuilder symbolic = new StringBuilder(9);
        for (char digit : matcher.group(1).toCharArray()) {
            int bits = digit - '0';
            symbolic.append((bits & 4) != 0 ? 'r' : '-')
                    .append((bits & 2) != 0 ? 'w' : '-')
                    .append((bits & 1) != 0 ? 'x' : '-');
        }
        return Checked.valid(symbolic.toString());
    }
}
