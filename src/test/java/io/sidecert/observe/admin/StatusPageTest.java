package io.sidecert.observe.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sidecert.observe.health.HealthReport;
import io.sidecert.observe.health.HealthStatus;
import io.sidecert.renew.CertificateStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class StatusPageTest {
    private static final Instant NOW = Instant.parse("2026-11-24T10:30:00Z");

    @Test
    void oneRowPerCertificateWithTheLifetimeBarAndTheRenewalPointMarked() {
        Instant notBefore = NOW.minus(Duration.ofDays(30));
        CertificateStatus shop = new CertificateStatus("shop", List.of("shop.example", "www.shop.example"),
                Optional.of("R11"), Optional.of(notBefore.plus(Duration.ofDays(90))), Optional.of(NOW.plus(Duration.ofDays(30))),
                Optional.of("renewed"), Optional.empty(), Optional.of(notBefore), Optional.of(notBefore.plus(Duration.ofDays(60))),
                Optional.of(notBefore), Optional.of(notBefore), 0);
        CertificateStatus broken = new CertificateStatus("broken", List.of("broken.example"), Optional.empty(),
                Optional.empty(), Optional.of(NOW.plus(Duration.ofMinutes(10))), Optional.of("failed"),
                Optional.of("[broken] validate: <script>alert(1)</script>"), Optional.empty(), Optional.empty(),
                Optional.of(NOW), Optional.empty(), 2);

        String html = StatusPage.render(new HealthReport(HealthStatus.DEGRADED, List.of("Docker is unreachable"), NOW),
                Optional.of(NOW), NOW.plus(Duration.ofHours(1)),
                CertificateView.of(List.of(shop, broken), NOW, Duration.ofDays(7)));

        assertEquals(2, count(html, "<tr class=\"certificate "));
        assertTrue(html.contains("<tr class=\"certificate state-ok\" id=\"certificate-shop\">"), html);
        assertTrue(html.contains("<tr class=\"certificate state-failing\" id=\"certificate-broken\">"), html);
        assertTrue(html.contains("shop.example, www.shop.example") && html.contains(">R11<"), html);
        assertTrue(html.contains("class=\"used\" style=\"width:33.3%\""), "30 of 90 days used");
        assertTrue(html.contains("style=\"left:66.7%\""), "renewal point at day 60 of 90");
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "errors are escaped");
        assertFalse(html.contains("<script>"), "no scripts at all");
        assertTrue(html.contains("failed (2x)"), html);
        assertTrue(html.contains("<li>Docker is unreachable</li>"), html);
        assertTrue(html.contains("name=\"viewport\""), "readable on a phone");
        assertFalse(html.matches("(?s).*(src|href)=\"https?:.*"), "no external assets");
    }

    private static int count(String text, String needle) {
        Matcher m = Pattern.compile(Pattern.quote(needle)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
