package io.sidecert.store;

import java.math.BigInteger;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
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
        if (!order.equals(publicKey.getParams().getOrder())) {
            return Optional.of(false);
        }
        for (String name : CURVES) {
            // Cached by Bouncy Castle, with the generator's precomputed table: each derivation is cheap.
            X9ECParameters curve = CustomNamedCurves.getByName(name);
            if (curve.getN().equals(order) && curve.getCurve().getFieldSize()
                    == key.getParams().getCurve().getField().getFieldSize()) {
                ECPoint derived = new FixedPointCombMultiplier().multiply(curve.getG(), key.getS()).normalize();
                return Optional.of(derived.getAffineXCoord().toBigInteger().equals(publicKey.getW().getAffineX())
                        && derived.getAffineYCoord().toBigInteger().equals(publicKey.getW().getAffineY()));
            }
        }
        return Optional.empty();
    }
}
