package io.sidecert.store;

import java.math.BigInteger;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECParameterSpec;
import java.util.Optional;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/**
 * Whether an EC private key belongs to a public key, by deriving its public point (d·G) on the named curve:
 * a fraction of the cost of signing and verifying, which a pass over thousands of stored certificates pays
 * for each one it reads.
 */
final class EcPublicPoints {
    private static final String[] CURVES = {"secp256r1", "secp384r1", "secp521r1"};

    private EcPublicPoints() {
    }

    /** Empty when the key is on a curve this does not know: the caller then signs and verifies. */
    static Optional<Boolean> matches(ECPrivateKey key, ECPublicKey publicKey) {
        BigInteger order = key.getParams().getOrder();
        BigInteger secret = key.getS();
        if (!order.equals(publicKey.getParams().getOrder())) {
            return Optional.of(false);
        }
        if (secret.signum() <= 0 || secret.compareTo(order) >= 0) {
            return Optional.empty();   // not a usable scalar: signing says what it is
        }
        for (String name : CURVES) {
            // Cached by Bouncy Castle, with the generator's precomputed table: each derivation is cheap.
            X9ECParameters curve = CustomNamedCurves.getByName(name);
            if (onCurve(curve, key.getParams()) && onCurve(curve, publicKey.getParams())) {
                ECPoint derived = new FixedPointCombMultiplier().multiply(curve.getG(), secret).normalize();
                return Optional.of(derived.getAffineXCoord().toBigInteger().equals(publicKey.getW().getAffineX())
                        && derived.getAffineYCoord().toBigInteger().equals(publicKey.getW().getAffineY()));
            }
        }
        return Optional.empty();
    }

    private static boolean onCurve(X9ECParameters curve, ECParameterSpec params) {
        return curve.getN().equals(params.getOrder())
                && curve.getG().getAffineXCoord().toBigInteger().equals(params.getGenerator().getAffineX())
                && curve.getG().getAffineYCoord().toBigInteger().equals(params.getGenerator().getAffineY());
    }
}
