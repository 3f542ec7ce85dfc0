package io.sidecert.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DomainNamesTest {
    private final DomainNames names = new DomainNames();

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "example.com            | example.com",
            "' WWW.Example.COM '    | www.example.com",
            "*.example.com          | *.example.com",
            "bücher.example         | xn--bcher-kva.example",
            "*.bücher.example       | *.xn--bcher-kva.example",
            "xn--bcher-kva.example  | xn--bcher-kva.example",
            "a-b.c-d.example        | a-b.c-d.example",
            "123.example            | 123.example",
    })
    void acceptsAndNormalises(String configured, String expected) {
        assertEquals(Checked.valid(expected), names.normalize(configured));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "''                   | is empty",
            "localhost            | single label",
            "example.com.         | ends with a dot",
            "a..example.com       | empty label",
            "sh_op.example.com    | letters a-z, digits and hyphens",
            "'shop example.com'   | letters a-z, digits and hyphens",
            "shop-.example.com    | hyphen",
            "-shop.example.com    | hyphen",
            "*                    | misplaced wildcard",
            "a*.example.com       | misplaced wildcard",
            "foo.*.example.com    | misplaced wildcard",
            "*.*.example.com      | misplaced wildcard",
            "192.0.2.1            | IP address",
            "2001:db8::1          | IP address",
            "[::1]                | IP address",
            "example.com:443      | letters a-z, digits and hyphens",
    })
    void rejectsWithAReason(String configured, String reason) {
        String problem = problemOf(names.normalize(configured));

        assertTrue(problem.contains(reason), problem);
    }

    @Test
    void limitsLabelsTo63AndNamesTo253Characters() {
        assertEquals(Checked.valid("a".repeat(63) + ".example"), names.normalize("a".repeat(63) + ".example"));
        assertTrue(problemOf(names.normalize("a".repeat(64) + ".example")).contains("the most is 63"));
        assertTrue(problemOf(names.normalize(("a".repeat(60) + ".").repeat(5) + "example")).contains("the most is 253"));
    }

    private static String problemOf(Checked<String> checked) {
        if (checked instanceof Checked.Invalid<String> invalid) {
            return invalid.problem();
        }
        return fail("accepted, but should not be: " + checked);
    }
}
