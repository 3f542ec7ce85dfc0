package io.sidecert.challenge.dns01.rfc2136;

import java.util.Optional;
import org.xbill.DNS.Rcode;

/**
 * Turns a server's answer to a dynamic update into what went wrong and what to change: a refusal points at the
 * update-policy, a bad signature at the secret, an unknown key at its name and algorithm.
 */
final class UpdateErrors {
    private final String server;
    private final String keyName;
    private final String algorithm;
    private final String secretFile;

    UpdateErrors(String server, String keyName, String algorithm, String secretFile) {
        this.server = server;
        this.keyName = keyName;
        this.algorithm = algorithm;
        this.secretFile = secretFile;
    }

    /**
     * @param rcode     the response's RCODE
     * @param tsigError the error field of the response's TSIG record ({@code NOERROR} when it has none)
     * @param verified  whether the response carried a valid signature of our key
     * @return empty when the update was applied
     */
    Optional<String> describe(String verb, String name, String zone, int rcode, int tsigError, boolean verified) {
        String what = server + " did not " + verb + " TXT " + name + " in zone " + zone;
        if (tsigError == Rcode.BADSIG) {
            return Optional.of(what + ": bad TSIG signature (NOTAUTH, BADSIG): the secret in " + secretFile
                    + " is not the server's secret of key " + keyName + "; copy the key clause from the server");
        }
        if (tsigError == Rcode.BADKEY) {
            return Optional.of(what + ": the server does not know the key " + keyName + " with algorithm " + algorithm
                    + " (NOTAUTH, BADKEY); set key-name and key-algorithm as in the server's key clause");
        }
        if (tsigError == Rcode.BADTIME) {
            return Optional.of(what + ": the server rejected the signature's time (NOTAUTH, BADTIME); the clocks of "
                    + "sidecert and the server differ by more than 5 minutes: synchronise them (NTP)");
        }
        return switch (rcode) {
            case Rcode.NOERROR -> verified ? Optional.empty() : Optional.of(what + ": its answer is not signed with key "
                    + keyName + ", so sidecert cannot trust it; check key-name, key-algorithm and key-secret-file");
            case Rcode.REFUSED -> Optional.of(what + ": the update was refused (REFUSED): the key " + keyName
                    + " may not change this name; allow it in the zone's update-policy, e.g. in BIND: grant " + keyName
                    + " name " + name + ". TXT;");
            case Rcode.NOTAUTH -> Optional.of(what + ": the server is not authoritative for the zone or does not accept"
                    + " the key (NOTAUTH): set server to the zone's primary, and check the key's name and secret");
            case Rcode.NOTZONE -> Optional.of(what + ": the name is outside the zone (NOTZONE); check the zone's name");
            case Rcode.SERVFAIL -> Optional.of(what + ": the server failed (SERVFAIL): see its log, e.g. a journal file"
                    + " it cannot write");
            default -> Optional.of(what + ": the server answered " + Rcode.string(rcode));
        };
    }

    String zoneNotFound(String name, int rcode) {
        return server + " is not authoritative for a zone holding " + name + " (asked for its SOA, it answered "
                + Rcode.string(rcode) + " without one): set server to the primary of that zone, or delegate "
                + "_acme-challenge with a CNAME into a zone the server is primary for";
    }
}
