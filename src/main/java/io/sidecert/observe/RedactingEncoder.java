package io.sidecert.observe;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Wraps a Logback encoder and replaces every configured secret in its output with {@code ***}: the last line of
 * defence, for a secret that reaches a log line through a library's exception message. sidecert's own code never
 * logs secrets (a test greps a whole run's output for them); this covers what it does not control.
 */
final class RedactingEncoder extends EncoderBase<ILoggingEvent> {
    static final String MASK = "***";

    private final Encoder<ILoggingEvent> delegate;
    private final List<String> secrets;

    RedactingEncoder(Encoder<ILoggingEvent> delegate, List<String> secrets) {
        this.delegate = delegate;
        this.secrets = List.copyOf(secrets);
    }

    Encoder<ILoggingEvent> delegate() {
        return delegate;
    }

    @Override
    public byte[] headerBytes() {
        return delegate.headerBytes();
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        byte[] encoded = delegate.encode(event);
        if (secrets.isEmpty() || encoded == null) {
            return encoded;
        }
        String text = new String(encoded, StandardCharsets.UTF_8);
        String redacted = text;
        for (String secret : secrets) {
            redacted = redacted.replace(secret, MASK);
        }
        return redacted == text ? encoded : redacted.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] footerBytes() {
        return delegate.footerBytes();
    }

    @Override
    public void start() {
        delegate.start();
        super.start();
    }

    @Override
    public void stop() {
        delegate.stop();
        super.stop();
    }
}
