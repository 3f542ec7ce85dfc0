package io.sidecert.challenge.dns01;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.shredzone.acme4j.toolbox.AcmeUtils;

class ChallengeRecordsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "example.com, _acme-challenge.example.com",
            "*.example.com, _acme-challenge.example.com",
            "Shop.Example.COM, _acme-challenge.shop.example.com",
            "shop.example.com., _acme-challenge.shop.example.com",
            "xn--bcher-kva.example, _acme-challenge.xn--bcher-kva.example"})
    void recordNameIsTheBaseNameUnderAcmeChallenge(String domain, String record) {
        assertEquals(record, ChallengeRecords.recordName(domain));
    }

    @Test
    void digestIsWhatAcme4jComputesForDns01() {
        String keyAuthorization = "evaGxfADs6pSRb2LAv9IZf17Dt3juxGJ-PCt92wr-oA.9jg46WB3rR_AHD-EBXdN7cBkH1WOu0tA3M9fm21mqTI";

        assertEquals(AcmeUtils.base64UrlEncode(AcmeUtils.sha256hash(keyAuthorization)),
                ChallengeRecords.digest(keyAuthorization));
    }

    @Test
    void digestIsUnpaddedBase64UrlOfSha256() {
        // SHA-256 of "" is 47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU= in standard base64.
        assertEquals("47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU", ChallengeRecords.digest(""));
    }
}
