package io.sidecert.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sidecert.testing.CertbotLineage;
import io.sidecert.testing.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The way back to certbot's layout, and back again to sidecert's. */
class CertbotExportTest {
    private static final List<String> PARAMS = List.of("server = https://ca.example/dir", "authenticator = webroot",
            "webroot_path = /var/www,");

    @TempDir
    Path root;

    private CertbotLayoutStore store() {
        return new CertbotLayoutStore(root, FileModes.defaults(), FileOwnership.unchanged());
    }

    @Test
    void aSidecertLineageBecomesCertbotsLinksToNumberedFilesWithARenewalConfig() throws Exception {
        store().save("shop", TestCertificates.issue("shop.example"));
        StoredCertificate second = store().save("shop", TestCertificates.issue("shop.example"));

        CertbotExport.Result result = new CertbotExport(root, FileOwnership.unchanged())
                .export("shop", Path.of("/etc/letsencrypt"), PARAMS);

        assertEquals(new CertbotExport.Result("shop", 2, true, true), result);
        Path live = root.resolve("live/shop");
        assertTrue(Files.isDirectory(live) && !Files.isSymbolicLink(live), "a directory, as certbot has it");
        for (String kind : CertbotExport.KINDS) {
            assertEquals(Path.of("../../archive/shop/" + kind + "2.pem"), Files.readSymbolicLink(live.resolve(kind + ".pem")));
            assertEquals(Files.readString(root.resolve("archive/shop/2/" + kind + ".pem")),
                    Files.readString(live.resolve(kind + ".pem")));
        }
        String renewal = Files.readString(root.resolve("renewal/shop.conf"));
        assertTrue(renewal.contains("cert = /etc/letsencrypt/live/shop/cert.pem\n"), renewal);
        assertTrue(renewal.contains("archive_dir = /etc/letsencrypt/archive/shop\n"), renewal);
        assertTrue(renewal.contains("[renewalparams]\nserver = https://ca.example/dir\nauthenticator = webroot\n"), renewal);
        assertEquals(second.facts().serial(), store().current("shop").orElseThrow().facts().serial(),
                "sidecert still reads it, as any certbot lineage");
        assertEquals(3, store().save("shop", TestCertificates.issue("shop.example")).version(),
                "and adopts it again at its next save");
    }

    @Test
    void anAdoptedLineageKeepsCertbotsOwnRenewalConfig() throws Exception {
        CertbotLineage.create(root, "blog", List.of(TestCertificates.issue("blog.example")));
        String certbots = Files.readString(root.resolve("renewal/blog.conf"));
        store().save("blog", TestCertificates.issue("blog.example"));

        CertbotExport.Result result = new CertbotExport(root, FileOwnership.unchanged())
                .export("blog", root, PARAMS);

        assertEquals(new CertbotExport.Result("blog", 2, true, false), result);
        assertEquals(certbots, Files.readString(root.resolve("renewal/blog.conf")));
    }

    @Test
    void removingALineageLeavesNothingOfIt() throws Exception {
        CertbotLineage.create(root, "blog", List.of(TestCertificates.issue("blog.example")));
        store().save("blog", TestCertificates.issue("blog.example"));   // adopted: certbot's directory set aside
        store().save("shop", TestCertificates.issue("shop.example"));

        List<String> removed = store().remove("blog");

        assertTrue(removed.containsAll(List.of("live/blog", "archive/blog", "renewal/blog.conf")), removed.toString());
        assertEquals(List.of("shop"), store().names());
        try (var left = Files.list(root.resolve("live"))) {
            assertFalse(left.anyMatch(p -> p.getFileName().toString().contains("blog")), "no hidden leftovers");
        }
        assertEquals(List.of(), store().remove("blog"), "a second removal finds nothing");
    }
}
