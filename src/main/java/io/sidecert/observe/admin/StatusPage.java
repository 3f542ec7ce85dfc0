package io.sidecert.observe.admin;

import io.sidecert.observe.health.HealthReport;
import io.sidecert.renew.CertificateStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The status page at {@code /}: one row per certificate with its names, issuer, a bar of the lifetime used with
 * the renewal point marked, the next renewal, and the last result and error. One self-contained HTML document
 * (inline CSS, no scripts, no external assets), a table on a wide screen and a card per certificate on a phone;
 * it reloads itself every minute.
 */
final class StatusPage {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private static final String STYLE = """
            :root { --ok: #1a7f37; --due: #9a6700; --bad: #cf222e; --muted: #57606a; --line: #d0d7de; }
            * { box-sizing: border-box; }
            body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
                   color: #1f2328; background: #f6f8fa; }
            header, main { max-width: 1100px; margin: 0 auto; padding: 12px 16px; }
            h1 { font-size: 1.4rem; margin: 8px 0; }
            .summary { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: center; color: var(--muted); }
            .health { font-weight: 700; padding: 2px 10px; border-radius: 999px; color: #fff; }
            .health.ok { background: var(--ok); } .health.degraded { background: var(--due); }
            .health.down { background: var(--bad); }
            .reasons { margin: 8px 0 0; padding-left: 20px; color: var(--bad); }
            table { width: 100%; border-collapse: collapse; background: #fff; border: 1px solid var(--line);
                    border-radius: 8px; overflow: hidden; }
            th, td { text-align: left; vertical-align: top; padding: 10px 12px; border-top: 1px solid var(--line); }
            th { background: #f0f3f6; font-size: .8rem; text-transform: uppercase; letter-spacing: .04em;
                 color: var(--muted); border-top: none; }
            .name { font-weight: 700; overflow-wrap: anywhere; }
            .domains { color: var(--muted); font-size: .85rem; overflow-wrap: anywhere; }
            td:first-child { min-width: 12rem; }
            .bar { position: relative; height: 12px; min-width: 140px; background: #e6ebf0; border-radius: 6px;
                   margin: 4px 0 6px; }
            .used { position: absolute; left: 0; top: 0; bottom: 0; border-radius: 6px; background: var(--ok); }
            .state-due .used, .state-expiring .used { background: var(--due); }
            .state-failing .used, .state-expired .used { background: var(--bad); }
            .mark { position: absolute; top: -4px; bottom: -4px; width: 3px; margin-left: -1px; background: #1f2328;
                    border-radius: 2px; }
            .dates { font-size: .8rem; color: var(--muted); }
            .when { white-space: nowrap; }
            .badge { display: inline-block; padding: 0 8px; border-radius: 999px; font-size: .85rem; font-weight: 600;
                     background: #eaeef2; }
            .badge.renewed, .badge.ok { background: #dafbe1; color: var(--ok); }
            .badge.failed { background: #ffebe9; color: var(--bad); }
            .error { margin-top: 4px; font-size: .85rem; color: var(--bad); white-space: pre-wrap; overflow-wrap: anywhere; }
            .legend { font-size: .8rem; color: var(--muted); margin-top: 12px; }
            @media (max-width: 720px) {
              table, thead, tbody, tr, td { display: block; width: 100%; }
              table { border: none; background: none; }
              thead { display: none; }
              tr { background: #fff; border: 1px solid var(--line); border-radius: 8px; margin-bottom: 12px; }
              td { border-top: none; padding: 6px 12px; }
              td::before { content: attr(data-label); display: block; font-size: .72rem; text-transform: uppercase;
                           letter-spacing: .04em; color: var(--muted); }
              td:first-child::before { content: none; }
              td:first-child { padding-top: 12px; }
            }
            """;

    private StatusPage() {
    }

    static String render(HealthReport health, Optional<Instant> lastCheck, Instant nextCheck, List<CertificateView> views) {
        StringBuilder html = new StringBuilder(8192);
        html.append("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta http-equiv=\"refresh\" content=\"60\">\n")
                .append("<title>sidecert: ").append(health.status().label()).append("</title>\n")
                .append("<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n");
        header(html, health, lastCheck, nextCheck, views.size());
        html.append("<main>\n<table>\n<thead><tr><th>Certificate</th><th>Issuer</th><th>Lifetime</th>")
                .append("<th>Next renewal</th><th>Last result</th></tr></thead>\n<tbody>\n");
        for (CertificateView view : views) {
            row(html, view, health.at());
        }
        html.append("</tbody>\n</table>\n<p class=\"legend\">The bar is the certificate's lifetime; the black mark is ")
                .append("where it is renewed. Also as JSON: <a href=\"status\">/status</a>, ")
                .append("<a href=\"health\">/health</a>, <a href=\"metrics\">/metrics</a>.</p>\n</main>\n</body>\n</html>\n");
        return html.toString();
    }

    private static void header(StringBuilder html, HealthReport health, Optional<Instant> lastCheck, Instant nextCheck,
            int count) {
        html.append("<header>\n<h1>sidecert</h1>\n<div class=\"summary\"><span class=\"health ")
                .append(health.status().label()).append("\">").append(health.status().label()).append("</span>")
                .append("<span>").append(count).append(count == 1 ? " certificate" : " certificates").append("</span>")
                .append("<span>last check ").append(lastCheck.map(WHEN::format).orElse("running")).append("</span>")
                .append("<span>next check ").append(WHEN.format(nextCheck)).append("</span></div>\n");
        if (!health.reasons().isEmpty()) {
            html.append("<ul class=\"reasons\">");
            health.reasons().forEach(reason -> html.append("<li>").append(escape(reason)).append("</li>"));
            html.append("</ul>\n");
        }
        html.append("</header>\n");
    }

    private static void row(StringBuilder html, CertificateView view, Instant now) {
        CertificateStatus s = view.status();
        html.append("<tr class=\"certificate state-").append(view.state()).append("\" id=\"certificate-")
                .append(escape(s.name())).append("\">\n")
                .append("<td data-label=\"Certificate\"><div class=\"name\">").append(escape(s.name())).append("</div>")
                .append("<div class=\"domains\">").append(escape(String.join(", ", s.domains()))).append("</div></td>\n")
                .append("<td data-label=\"Issuer\">").append(escape(s.issuer().orElse("-"))).append("</td>\n")
                .append("<td data-label=\"Lifetime\">");
        lifetime(html, view, now);
        html.append("</td>\n<td data-label=\"Next renewal\" class=\"when\">").append(s.nextRenewal().map(WHEN::format).orElse("-"))
                .append(s.nextAction().map(a -> "<div class=\"next\">next: " + escape(a.kind().label()) + " "
                        + WHEN.format(a.at()) + "</div>").orElse(""))
                .append("</td>\n<td data-label=\"Last result\"><span class=\"badge ")
                .append(escape(s.lastResult().orElse("none"))).append("\">").append(escape(lastResult(s))).append("</span>");
        if (s.failing()) {
            s.lastError().ifPresent(error -> html.append("<div class=\"error\">").append(escape(error)).append("</div>"));
        }
        html.append("</td>\n</tr>\n");
    }

    private static void lifetime(StringBuilder html, CertificateView view, Instant now) {
        CertificateStatus s = view.status();
        if (view.lifetimeUsed().isEmpty()) {
            html.append("<span class=\"dates\">no certificate yet</span>");
            return;
        }
        double used = view.lifetimeUsed().get() * 100;
        String renewal = view.renewalAt().map(r -> String.format(Locale.ROOT, "%.1f", r * 100)).orElse(null);
        html.append("<div class=\"bar\" role=\"img\" aria-label=\"")
                .append(String.format(Locale.ROOT, "%.0f%% of the lifetime used", used))
                .append(renewal == null ? "" : "; renewed at " + renewal + "%").append("\">")
                .append("<div class=\"used\" style=\"width:").append(String.format(Locale.ROOT, "%.1f", used)).append("%\"></div>");
        if (renewal != null) {
            html.append("<div class=\"mark\" title=\"renewal point: ")
                    .append(s.renewalPoint().map(WHEN::format).orElse("")).append("\" style=\"left:")
                    .append(renewal).append("%\"></div>");
        }
        html.append("</div><div class=\"dates\">").append(WHEN.format(s.notBefore().orElseThrow())).append(" &rarr; ")
                .append(WHEN.format(s.notAfter().orElseThrow())).append(" &middot; ").append(left(now, s.notAfter().get()))
                .append("</div>");
    }

    private static String lastResult(CertificateStatus s) {
        String result = s.lastResult().orElse("none yet").replace('_', ' ')
                + (s.failing() && s.consecutiveFailures() > 1 ? " (" + s.consecutiveFailures() + "x)" : "");
        return s.lastAttempt().map(t -> result + ", " + WHEN.format(t)).orElse(result);
    }

    private static String left(Instant now, Instant notAfter) {
        Duration left = Duration.between(now, notAfter);
        if (left.isNegative()) {
            return "expired";
        }
        return left.toDays() >= 2 ? left.toDays() + " days left" : left.toHours() + " hours left";
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
