package io.sidecert.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CertificateFactsTest {

    static Stream<Arguments> subjects() {
        return Stream.of(
                argumentSet("classic profile: CN is the requested subject, lower-cased",
                        "CN=WWW.example.com", Optional.of("www.example.com")),
                argumentSet("tlsserver profile: no CN", "", Optional.<String>empty()));
    }

    @ParameterizedTest(name = "{argumentSetName}")
    @MethodSource("subjects")
    void readsTheSubjectCommonNameSoTheSubjectCanBeComparedWithTheConfig(String subject, Optional<String> expected)
            throws Exception {
        CertificateFacts facts = CertificateFacts.of(issued(subject, "example.com", "www.example.com"));

        assertEquals(expected, facts.commonName());
        assertEquals(List.of("example.com", "www.example.com"), facts.domains());
    }

    private static X509Certificate issued(String subject, String... names) throws Exception {
        KeyPair key = KeyPairGenerator.getInstance("EC").generateKeyPair();
        Instant notBefore = Instant.parse("2026-06-01T10:00:00Z");
        X500Name issuer = new X500Name("CN=sidecert test CA");
        GeneralName[] sans =
                Stream.of(names).map(n -> new GeneralName(GeneralName.dNSName, n)).toArray(GeneralName[]::new);
        var builder = new JcaX509v3CertificateBuilder(issuer, BigInteger.TEN, Date.from(notBefore),
                Date.from(notBefore.plus(Duration.ofDays(90))), new X500Name(subject), key.getPublic())
                .addExtension(Extension.subjectAlternativeName, true, new GeneralNames(sans));
        return new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate())));
    }
}
