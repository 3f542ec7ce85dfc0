package io.sidecert.acme;

import io.sidecert.acme.AcmeFailure.Retry;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.shredzone.acme4j.Problem;
import org.shredzone.acme4j.exception.AcmeException;
import org.shredzone.acme4j.exception.AcmeNetworkException;
import org.shredzone.acme4j.exception.AcmeRateLimitedException;
import org.shredzone.acme4j.exception.AcmeServerException;
import org.shredzone.acme4j.exception.AcmeUserActionRequiredException;

/** Turns acme4j's exceptions and RFC 8555 problems into {@link AcmeFailure}s that say what to do. */
final class AcmeErrors {
    private static final String ACME = "urn:ietf:params:acme:error:";

    /** Problems that the same request will hit again: only a change of configuration helps. */
    private static final Set<String> PERMANENT = Set.of(
            "rejectedIdentifier", "malformed", "badCSR", "unsupportedIdentifier", "caa",
            "badSignatureAlgorithm", "badPublicKey", "invalidContact", "unsupportedContact",
            "externalAccountRequired", "userActionRequired", "accountDoesNotExist",
            "badRevocationReason", "alreadyRevoked", "invalidProfile");

    private static final Map<String, String> HINTS = Map.of(
            "unauthorized", "check that the name points at the proxy and that it serves"
                    + " /.well-known/acme-challenge/ from sidecert (webroot or responder)",
            "connection", "the CA could not connect to the name: check DNS, firewall and that port 80 is open",
            "dns", "the CA could not resolve the name: check its DNS records",
            "incorrectResponse", "the proxy answered with something else: check its /.well-known/acme-challenge/ location",
            "rejectedIdentifier", "the CA will not issue for this name: remove it from the certificate",
            "caa", "a CAA record forbids this CA: add the CA to the domain's CAA records",
            "externalAccountRequired", "set acme.eab.kid and acme.eab.hmac-key-file; EAB applies to acme.ca only,"
                    + " so a certificate with its own ca cannot use a CA that requires it",
            "invalidContact", "fix acme.email",
            "invalidProfile", "pick a profile the CA offers, or remove profile");

    private AcmeErrors() {
    }

    static AcmeFailure of(String certificate, AcmeStep step, AcmeException e) {
        if (e instanceof AcmeRateLimitedException rl) {
            String until = rl.getRetryAfter().map(t -> " until " + t).orElse("");
            return new AcmeFailure(certificate, step, Retry.RATE_LIMITED, rl.getRetryAfter(),
                    "rate limited by the CA" + until + ": " + describe(rl.getProblem())
                            + " (sidecert waits and retries by itself)", e);
        }
        if (e instanceof AcmeUserActionRequiredException ua) {
            String where = ua.getInstance() != null ? " at " + ua.getInstance() : "";
            return new AcmeFailure(certificate, step, Retry.FIX_CONFIG, Optional.empty(),
                    "the CA requires an action by a person" + where + ": " + describe(ua.getProblem()), e);
        }
        if (e instanceof AcmeServerException se) {
            return ofProblem(certificate, step, se.getProblem(), e);
        }
        if (e instanceof AcmeNetworkException) {
            return new AcmeFailure(certificate, step, Retry.BACK_OFF, Optional.empty(),
                    "cannot reach the CA: " + rootMessage(e) + " (check acme.ca, DNS and outbound HTTPS;"
                            + " for a private CA set acme.trust-pem)", e);
        }
        String hint = String.valueOf(e.getMessage()).contains("Timeout")
                ? " (the CA did not finish in time; sidecert retries with a back-off; if it persists, check the"
                        + " CA's status page)"
                : "";
        return new AcmeFailure(certificate, step, Retry.BACK_OFF, Optional.empty(), rootMessage(e) + hint, e);
    }

    /** Where a failed DNS-01 validation differs from HTTP-01: the CA looked for a TXT record, not at the proxy. */
    private static final Map<String, String> DNS01_HINTS = Map.of(
            "unauthorized", "the CA did not find the TXT record: check that the zone's delegation and the CNAMEs of"
                    + " _acme-challenge lead the CA's resolver to the nameservers sidecert wrote to",
            "dns", "the CA could not query the name's DNS: check the zone's delegation and, if signed, its DNSSEC");

    /** Like {@link #ofProblem(String, AcmeStep, String, Problem, Throwable)}, with the hints of a failed dns-01. */
    static AcmeFailure ofDns01Problem(String certificate, AcmeStep step, String subject, Problem problem) {
        String type = shortType(problem);
        if (!DNS01_HINTS.containsKey(type)) {
            return ofProblem(certificate, step, subject, problem, null);
        }
        return new AcmeFailure(certificate, step, Retry.BACK_OFF, Optional.empty(),
                subject + describe(problem) + " (" + DNS01_HINTS.get(type) + ")", null);
    }

    static AcmeFailure ofProblem(String certificate, AcmeStep step, Problem problem, Throwable cause) {
        return ofProblem(certificate, step, "", problem, cause);
    }

    /** @param subject what the problem is about, e.g. the name being validated, with a trailing ": " */
    static AcmeFailure ofProblem(String certificate, AcmeStep step, String subject, Problem problem, Throwable cause) {
        String type = shortType(problem);
        Retry retry = PERMANENT.contains(type) ? Retry.FIX_CONFIG : Retry.BACK_OFF;
        String hint = Optional.ofNullable(HINTS.get(type)).map(h -> " (" + h + ")").orElse("");
        return new AcmeFailure(certificate, step, retry, Optional.empty(), subject + describe(problem) + hint, cause);
    }

    /** The CA's own words: type, detail and, for compound problems, each sub-problem's identifier and detail. */
    static String describe(Problem problem) {
        StringBuilder text = new StringBuilder(problem.getDetail().orElse(problem.getTitle().orElse("no detail")));
        text.append(" [").append(problem.getType()).append(']');
        for (Problem sub : problem.getSubProblems()) {
            text.append("; ").append(sub.getIdentifier().map(i -> i.getValue() + ": ").orElse(""))
                    .append(sub.getDetail().orElse(sub.getType().toString()));
        }
        return text.toString();
    }

    private static String shortType(Problem problem) {
        String type = problem.getType().toString();
        return type.startsWith(ACME) ? type.substring(ACME.length()) : type;
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
        return root == e ? message : e.getMessage() + ": " + message;
    }
}
