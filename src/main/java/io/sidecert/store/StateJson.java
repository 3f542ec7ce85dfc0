package io.sidecert.store;

import static com.fasterxml.jackson.annotation.JsonInclude.Include.NON_ABSENT;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;

/**
 * How a {@link CertificateState} reads as JSON, in a state file and in the cluster's database alike: ISO-8601
 * instants, absent values left out, unknown keys ignored so that what a newer sidecert wrote loads after a downgrade.
 */
public final class StateJson {
    private final ObjectMapper json = mapper();

    /** The mapper for sidecert's own JSON state, also the alerts' book: records with Optionals and Instants. */
    public static ObjectMapper mapper() {
        return JsonMapper.builder()
                .addModule(new Jdk8Module())
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(SerializationFeature.INDENT_OUTPUT)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .defaultPropertyInclusion(JsonInclude.Value.construct(NON_ABSENT, NON_ABSENT))
                .build();
    }

    public byte[] write(CertificateState state) throws IOException {
        return json.writeValueAsBytes(state);
    }

    /** @throws com.fasterxml.jackson.core.JsonProcessingException when it is not a state */
    public CertificateState read(byte[] text) throws IOException {
        return json.readValue(text, CertificateState.class);
    }
}
