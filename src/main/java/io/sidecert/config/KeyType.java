package io.sidecert.config;

import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Optional;

/** The key algorithms a certificate may use, by the names the configuration accepts. */
public enum KeyType {
    EC_P256("ec-p256"),
    EC_P384("ec-p384"),
    RSA_2048("rsa-2048"),
    RSA_3072("rsa-3072"),
    RSA_4096("rsa-4096");

    private final String configName;

    KeyType(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    public boolean isRsa() {
        return this.name().startsWith("RSA");
    }

    /** Bits of an RSA modulus, or of the EC field. */
    public int size() {
        return switch (this) {
            case EC_P256 -> 256;
            case EC_P384 -> 384;
            case RSA_2048 -> 2048;
            case RSA_3072 -> 3072;
            case RSA_4096 -> 4096;
        };
    }

    public static Optional<KeyType> fromConfigName(String name) {
        return Arrays.stream(values()).filter(t -> t.configName.equals(name)).findFirst();
    }

    /** The type of an existing key, so a stored certificate can be compared with its configuration. */
    public static Optional<KeyType> of(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            int bits = rsa.getModulus().bitLength();
            return Arrays.stream(values()).filter(t -> t.isRsa() && t.size() == bits).findFirst();
        }
        if (key instanceof ECPublicKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            return Arrays.stream(values()).filter(t -> !t.isRsa() && t.size() == bits).findFirst();
        }
        return Optional.empty();
    }

    public static String allNames() {
        return String.join(", ", Arrays.stream(values()).map(KeyType::configName).toList());
    }
}
