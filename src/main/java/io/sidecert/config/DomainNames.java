package io.sidecert.config;

import java.net.IDN;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Turns a configured domain name into the ASCII form a CA sees (lowercase, punycode), or says
 * why no CA would issue for it. Catching these at startup beats a rejected order an hour later.
 */
final class DomainNames {
    private static final String WILDCARD_PREFIX = "*.";
    private static final int MAX_NAME = 253;
    private static final int MAX_LABEL = 63;
    private static final Pattern LABEL_CHARACTERS = Pattern.compile("[a-z0-9-]+");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("\\[?[0-9a-f]*:[0-9a-f:.]*]?");

    Checked<String> normalize(String configured) {
        String name = configured.trim().toLowerCase(Locale.ROOT);
        if (name.isEmpty()) {
            return Checked.invalid("a domain name is empty", "remove the empty entry from the list");
        }
        if (IPV4.matcher(name).matches() || IPV6.matcher(name).matches()) {
            return Checked.invalid(quote(configured) + " is an IP address; sidecert orders certificates for DNS names only",
                    "use a DNS name that points at this host");
        }
        boolean wildcard = name.startsWith(WILDCARD_PREFIX);
        String base = wildcard ? name.substring(WILDCARD_PREFIX.length()) : name;
        if (base.contains("*")) {
            return Checked.invalid(quote(configured) + " has a misplaced wildcard; a \"*\" may only be the whole leftmost label",
                    "write it like *.example.com, or list the names one by one");
        }
        Checked<String> ascii = toAscii(configured, base);
        if (ascii instanceof Checked.Valid<String> valid) {
            return ascii(configured, valid.value(), wildcard);
        }
        return ascii;
    }

    static boolean isWildcard(String normalized) {
        return normalized.startsWith(WILDCARD_PREFIX);
    }

    private static Checked<String> ascii(String configured, String base, boolean wildcard) {
        Checked<String> checked = rfc1123(configured, base);
        if (checked instanceof Checked.Valid<String> && wildcard) {
            return Checked.valid(WILDCARD_PREFIX + base);
        }
        return checked;
    }

    /** Only names with non-ASCII letters go through IDN, so ASCII names get our clearer messages below. */
    private static Checked<String> toAscii(String configured, String name) {
        if (name.chars().allMatch(c -> c < 0x80)) {
            return Checked.valid(name);
        }
        try {
            return Checked.valid(IDN.toASCII(name, IDN.USE_STD3_ASCII_RULES));
        } catch (IllegalArgumentException e) {
            return Checked.invalid(quote(configured) + " cannot be converted to punycode (" + e.getMessage() + ")",
                    "check the name's spelling; each label must stay within 63 characters once converted");
        }
    }

    private static Checked<String> rfc1123(String configured, String name) {
        if (name.endsWith(".")) {
            return Checked.invalid(quote(configured) + " ends with a dot", "remove the trailing dot");
        }
        if (name.length() > MAX_NAME) {
            return Checked.invalid(quote(configured) + " is " + name.length() + " characters long; the most is " + MAX_NAME,
                    "use a shorter name");
        }
        String[] labels = name.split("\\.", -1);
        if (labels.length < 2) {
            return Checked.invalid(quote(configured) + " has a single label; CAs only issue for names like example.com",
                    "use the fully qualified name, like " + name + ".example.com");
        }
        for (String label : labels) {
            Checked<String> problem = label(configured, label);
            if (problem instanceof Checked.Invalid<String>) {
                return problem;
            }
        }
        return Checked.valid(name);
    }

    private static Checked<String> label(String configured, String label) {
        if (label.isEmpty()) {
            return Checked.invalid(quote(configured) + " has an empty label", "remove the doubled dot");
        }
        if (label.length() > MAX_LABEL) {
            return Checked.invalid(quote(configured) + " has a label of " + label.length() + " characters; the most is " + MAX_LABEL,
                    "shorten the label \"" + label.substring(0, 10) + "...\"");
        }
        if (!LABEL_CHARACTERS.matcher(label).matches()) {
            return Checked.invalid(quote(configured) + " has the label \"" + label
                            + "\", but labels may only hold letters a-z, digits and hyphens",
                    "remove the other characters; underscores and spaces are not allowed in host names");
        }
        if (label.startsWith("-") || label.endsWith("-")) {
            return Checked.invalid(quote(configured) + " has the label \"" + label + "\", which starts or ends with a hyphen",
                    "move the hyphen inside the label or remove it");
        }
        return Checked.valid(label);
    }

    private static String quote(String configured) {
        return "\"" + configured + "\"";
    }
}
