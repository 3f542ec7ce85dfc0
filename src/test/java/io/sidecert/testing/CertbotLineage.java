package io.sidecert.testing;

import io.sidecert.store.CertificateMaterial;
import io.sidecert.store.Pem;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.util.List;
import org.bouncycastle.asn1.ASN1BitString;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * Builds a lineage exactly as certbot leaves it on disk: numbered files in {@code archive/<name>/}, a real
 * directory {@code live/<name>/} of relative links to the newest of them plus a README, and a renewal config that
 * certbot itself can renew from.
 * Keys are written in OpenSSL's traditional form ("EC PRIVATE KEY", "RSA PRIVATE KEY"), as older certbot and
 * hand-run openssl commands do.
 */
public final class CertbotLineage {
    private static final String[] KINDS = {"cert", "chain", "fullchain", "privkey"};

    private CertbotLineage() {}

    /** Writes {@code versions} as versions 1..n and points {@code live/<name>/} at the last. */
    public static void create(Path root, String name, List<CertificateMaterial> versions) throws IOException {
        Path live = directory(root.resolve("live"));
        Path archive = directory(directory(root.resolve("archive")).resolve(name));
        Files.writeString(live.resolve("README"), "This directory contains your keys and certificates.\n");
        for (int version = 1; version <= versions.size(); version++) {
            writeVersion(archive, version, versions.get(version - 1));
        }
        Path lineage = directory(live.resolve(name));
        Files.writeString(lineage.resolve("README"), "This directory contains your keys and certificates.\n\n"
                + "`privkey.pem`  : the private key for your certificate.\n"
                + "`fullchain.pem`: the certificate file used in most server software.\n");
        for (String kind : KINDS) {
            Files.createSymbolicLink(lineage.resolve(kind + ".pem"),
                    Path.of("..", "..", "archive", name, kind + versions.size() + ".pem"));
        }
        Path renewal = directory(root.resolve("renewal"));
        Files.writeString(renewal.resolve(name + ".conf"), renewalConfig(archive.toAbsolutePath(), lineage.toAbsolutePath()));
    }

    /**
     * The renewal config as certbot writes it for a webroot lineage, complete enough that Debian's certbot 2.1
     * {@code certbot renew} reads it and decides whether the lineage is due; the version is that certbot's, so it
     * does not warn about a config from a newer one.
     */
    private static String renewalConfig(Path archive, Path lineage) {
        StringBuilder config = new StringBuilder("version = 2.1.0\narchive_dir = " + archive + "\n");
        for (String kind : KINDS) {
            config.append(kind).append(" = ").append(lineage.resolve(kind + ".pem")).append('\n');
        }
        return config.append("\n# Options used in the renewal process\n[renewalparams]\n")
                .append("account = 0123456789abcdef0123456789abcdef\n")
                .append("authenticator = webroot\n")
                .append("webroot_path = /var/www/html,\n")
                .append("server = https://acme-v02.api.letsencrypt.org/directory\n")
                .toString();
    }

    private static void writeVersion(Path archive, int version, CertificateMaterial material) throws IOException {
        String cert = Pem.certificates(material.chain().subList(0, 1));
        String chain = Pem.certificates(material.chain().subList(1, material.chain().size()));
        write(archive.resolve("cert" + version + ".pem"), cert, "rw-r--r--");
        write(archive.resolve("chain" + version + ".pem"), chain, "rw-r--r--");
        write(archive.resolve("fullchain" + version + ".pem"), cert + chain, "rw-r--r--");
        write(archive.resolve("privkey" + version + ".pem"), traditional(material.keyPair()), "rw-------");
    }

    /**
     * The key in OpenSSL's traditional form, as {@code openssl ecparam -genkey} and {@code openssl genrsa} write it:
     * SEC1 with the curve and the public key for EC, PKCS#1 for RSA.
     */
    public static String traditional(KeyPair keys) throws IOException {
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(keys.getPrivate().getEncoded());
        PemObject pem;
        if (keys.getPrivate() instanceof ECPrivateKey ec) {
            ASN1BitString publicKey =
                    SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded()).getPublicKeyData();
            ASN1Encodable curve = info.getPrivateKeyAlgorithm().getParameters();
            pem = new PemObject("EC PRIVATE KEY", new org.bouncycastle.asn1.sec.ECPrivateKey(
                    ec.getParams().getOrder().bitLength(), ec.getS(), publicKey, curve).getEncoded());
        } else {
            pem = new PemObject("RSA PRIVATE KEY", info.parsePrivateKey().toASN1Primitive().getEncoded());
        }
        StringWriter out = new StringWriter();
        try (PemWriter writer = new PemWriter(out)) {
            writer.writeObject(pem);
        }
        return out.toString();
    }

    private static void write(Path file, String content, String mode) throws IOException {
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
    }

    // certbot keeps live/ and archive/ private; the proxy reads them as root.
    private static Path directory(Path directory) throws IOException {
        Files.createDirectories(directory);
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
        return directory;
    }
}
