package dev.latchkey.protocol.lease;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** JSON of lease headers and payloads, written in a fixed field order and read strictly. */
final class LeaseJson {

    // Duplicate members would let two parsers disagree on what was signed; trailing data likewise.
    static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    static final String ALG = "EdDSA";
    static final String TYP = "JWT";

    private LeaseJson() {
    }

    static byte[] header() {
        ObjectNode header = MAPPER.createObjectNode();
        header.put("alg", ALG);
        header.put("typ", TYP);
        return bytes(header);
    }

    /**
     * The payload's JSON, written straight to bytes in a fixed field order (no tree): a server signs or rebuilds
     * one on most heartbeats. The same lease always gives the same bytes.
     */
    static byte[] payload(Lease lease) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + 160 * lease.licenses().size());
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("sub", lease.subject());
            g.writeStringField("did", lease.deviceId());
            g.writeArrayFieldStart("licenses");
            for (LeaseLicense license : lease.licenses()) {
                g.writeStartObject();
                g.writeStringField("id", license.id());
                g.writeStringField("product", license.product());
                g.writeStringField("status", license.status());
                if (license.expiresAt() == null) {
                    g.writeNullField("expires_at");
                } else {
                    g.writeStringField("expires_at", DateTimeFormatter.ISO_INSTANT.format(license.expiresAt()));
                }
                g.writeArrayFieldStart("features");
                for (String feature : license.features()) {
                    g.writeString(feature);
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeNumberField("iat", lease.issuedAt());
            g.writeNumberField("exp", lease.expiresAt());
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("JSON encoding into memory cannot fail", e);
        }
        return out.toByteArray();
    }

    /** Accepts only {@code alg: EdDSA}, an optional {@code typ: JWT}, and no {@code crit} extensions. */
    static void checkHeader(byte[] json) throws LeaseException {
        JsonNode header = object(json, LeaseException.Reason.MALFORMED, "header");
        // Exact match: "none", "HS256" or case variants must never reach a verifier.
        if (!ALG.equals(textOrNull(header.get("alg")))) {
            throw new LeaseException(LeaseException.Reason.UNSUPPORTED_HEADER, "alg must be EdDSA");
        }
        JsonNode typ = header.get("typ");
        if (typ != null && !TYP.equals(textOrNull(typ))) {
            throw new LeaseException(LeaseException.Reason.UNSUPPORTED_HEADER, "typ must be JWT");
        }
        // RFC 7515: a critical extension we do not understand makes the token invalid.
        if (header.has("crit")) {
            throw new LeaseException(LeaseException.Reason.UNSUPPORTED_HEADER, "crit extensions are not supported");
        }
    }

    static Lease parsePayload(byte[] json) throws LeaseException {
        JsonNode payload = object(json, LeaseException.Reason.INVALID_CLAIMS, "payload");
        String subject = requiredText(payload, "sub");
        String device = requiredText(payload, "did");
        long issuedAt = requiredSeconds(payload, "iat");
        long expiresAt = requiredSeconds(payload, "exp");
        if (expiresAt <= issuedAt) {
            throw claims("exp must be after iat");
        }
        JsonNode licenses = payload.get("licenses");
        if (licenses == null || !licenses.isArray()) {
            throw claims("licenses must be an array");
        }
        List<LeaseLicense> parsed = new ArrayList<>(licenses.size());
        for (JsonNode item : licenses) {
            parsed.add(license(item));
        }
        return new Lease(subject, device, parsed, issuedAt, expiresAt);
    }

    private static LeaseLicense license(JsonNode item) throws LeaseException {
        if (!item.isObject()) {
            throw claims("each license must be an object");
        }
        Instant expires = null;
        JsonNode expiresNode = item.get("expires_at");
        if (expiresNode != null && !expiresNode.isNull()) {
            if (!expiresNode.isTextual()) {
                throw claims("expires_at must be an ISO-8601 string or null");
            }
            try {
                expires = OffsetDateTime.parse(expiresNode.asText(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
            } catch (DateTimeParseException e) {
                throw new LeaseException(LeaseException.Reason.INVALID_CLAIMS, "expires_at is not ISO-8601", e);
            }
        }
        List<String> features = new ArrayList<>();
        JsonNode featuresNode = item.get("features");
        if (featuresNode != null && !featuresNode.isNull()) {
            if (!featuresNode.isArray()) {
                throw claims("features must be an array of strings");
            }
            for (JsonNode feature : featuresNode) {
                if (!feature.isTextual()) {
                    throw claims("features must be an array of strings");
                }
                features.add(feature.asText());
            }
        }
        return new LeaseLicense(requiredText(item, "id"), requiredText(item, "product"),
                requiredText(item, "status"), expires, features);
    }

    private static JsonNode object(byte[] json, LeaseException.Reason reason, String what) throws LeaseException {
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (IOException e) {
            throw new LeaseException(reason, what + " is not valid JSON", e);
        }
        if (node == null || !node.isObject()) {
            throw new LeaseException(reason, what + " must be a JSON object");
        }
        return node;
    }

    private static String requiredText(JsonNode node, String field) throws LeaseException {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw claims(field + " must be a non-empty string");
        }
        return value.asText();
    }

    private static long requiredSeconds(JsonNode node, String field) throws LeaseException {
        JsonNode value = node.get(field);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < 0) {
            throw claims(field + " must be a non-negative integer of seconds");
        }
        return value.asLong();
    }

    private static String textOrNull(JsonNode node) {
        return node != null && node.isTextual() ? node.asText() : null;
    }

    private static LeaseException claims(String message) {
        return new LeaseException(LeaseException.Reason.INVALID_CLAIMS, message);
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("JSON encoding of a tree cannot fail", e);
        }
    }
}
