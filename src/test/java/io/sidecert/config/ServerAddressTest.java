package io.sidecert.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ServerAddressTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "ns1, ns1, 53",
            "ns1.example.com:5353, ns1.example.com, 5353",
            "' 192.0.2.53:53 ', 192.0.2.53, 53",
            "[2001:db8::53]:5353, 2001:db8::53, 5353",
            "[2001:db8::53], 2001:db8::53, 53",
            "2001:db8::53, 2001:db8::53, 53"})
    void parsesHostAndOptionalPort(String configured, String host, int port) {
        assertEquals(Checked.valid(new ServerAddress(host, port)), ServerAddress.parse(configured));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "ns1:0", "ns1:70000", "ns1:port", "udp://ns1", "ns 1"})
    void rejectsWhatIsNoServer(String configured) {
        assertInstanceOf(Checked.Invalid.class, ServerAddress.parse(configured));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"ns1, 53, ns1:53", "2001:db8::53, 53, [2001:db8::53]:53"})
    void printsLikeItIsWritten(String host, int port, String shown) {
        assertEquals(shown, new ServerAddress(host, port).toString());
    }
}
