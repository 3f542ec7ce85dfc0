package io.sidecert.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.nio.file.Path;

/** Checks files the configuration points at, so a wrong path fails at startup rather than at the first order. */
final class LocalFiles {

    Checked<Path> readable(Path file) {
        if (!Files.isRegularFile(file)) {
            return Checked.invalid("file " + file + " does not exist",
                    "check the path; a relative path is resolved against the main config file's directory");
        }
        if (!Files.isReadable(file)) {
            return Checked.invalid("file " + file + " is not readable by this process",
                    "make it readable by the user sidecert runs as");
        }
        return Checked.valid(file);
    }

    /** A PEM file of CA certificates to trust (acme.trust-pem): readable, and holding at least one certificate. */
    Checked<Path> certificates(Path file) {
        Checked<Path> found = readable(file);
        if (found instanceof Checked.Invalid<Path>) {
            return found;
        }
        try (InputStream in = Files.newInputStream(file)) {
            if (CertificateFactory.getInstance("X.509").generateCertificates(in).isEmpty()) {
                return noCertificate(file, "none found");
            }
            return found;
        } catch (IOException | CertificateException e) {
            return noCertificate(file, String.valueOf(e.getMessage()).lines().findFirst().orElse("unreadable"));
        }
    }

    private static Checked<Path> noCertificate(Path file, String problem) {
        return Checked.invalid("file " + file + " holds no readable certificate (" + problem + ")",
                "put the CA's root certificate there in PEM: a -----BEGIN CERTIFICATE----- block");
    }

    /** A secret such as a Docker secret file: trimmed, because such files usually end with a newline. */
    Checked<String> readSecret(Path file) {
        Checked<Path> found = readable(file);
        if (found instanceof Checked.Invalid<Path> invalid) {
            return Checked.invalid(invalid.problem(), invalid.fix());
        }
        try {
            String secret = Files.readString(file).trim();
            return secret.isEmpty()
                    ? Checked.invalid("file " + file + " is empty", "put the secret into the file")
                    : Checked.valid(secret);
        } catch (IOException e) {
            return Checked.invalid("file " + file + " cannot be read (" + e.getMessage() + ")",
                    "make it a readable text file holding only the secret");
        }
    }
}
