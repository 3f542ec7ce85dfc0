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

    /**
     * A private key's mode: as {@link #toPermissions}, refusing write for group or others and any execute bit.
     * Group read (0640) is allowed, for a proxy that reads the key as a member of the files' group.
     */
    Checked<String> toKeyPermissions(String configured) {
        Checked<String> mode = toPermissions(configured);
        if (!(mode instanceof Checked.Valid<String> valid)) {
            return mode;
        }
        String symbolic = valid.value();
        if (symbolic.indexOf('x') >= 0 || symbolic.charAt(4) == 'w' || symbolic.charAt(7) == 'w') {
            return Checked.invalid("\"" + configured + "\" (" + symbolic + ") would let others write the private key,"
                    + " or mark it executable", "use \"0600\", or \"0640\" for a proxy that reads it through its group");
        }
        return mode;
    }
}
