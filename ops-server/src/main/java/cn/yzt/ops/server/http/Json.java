package cn.yzt.ops.server.http;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The one JSON mapper: strict on input (unknown fields, duplicate keys, type coercion, nesting
 * depth and string length all refused), so a malformed request fails in parsing, before any
 * service sees it.
 */
public final class Json {

    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(com.fasterxml.jackson.databind.MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    static {
        // "role": 1 must not become "1": refuse scalar coercion into strings.
        for (com.fasterxml.jackson.databind.cfg.CoercionInputShape shape : new com.fasterxml.jackson.databind.cfg.CoercionInputShape[] {
            com.fasterxml.jackson.databind.cfg.CoercionInputShape.Integer, com.fasterxml.jackson.databind.cfg.CoercionInputShape.Float,
            com.fasterxml.jackson.databind.cfg.CoercionInputShape.Boolean}) {
            MAPPER.coercionConfigFor(com.fasterxml.jackson.databind.type.LogicalType.Textual)
                    .setCoercion(shape, com.fasterxml.jackson.databind.cfg.CoercionAction.Fail);
        }
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(16).maxStringLength(32_768).maxNumberLength(32).build());
    }

    private Json() {
    }

    /** Parses BODY as T; any problem is a 400, never a 500. */
    public static <T> T read(byte[] body, Class<T> type) {
        if (body == null || body.length == 0) {
            throw ApiException.badRequest();
        }
        try {
            T v = MAPPER.readValue(body, type);
            if (v == null) {
                throw ApiException.badRequest();
            }
            return v;
        } catch (IOException | RuntimeException ex) {
            if (ex instanceof ApiException a) {
                throw a;
            }
            throw ApiException.badRequest();
        }
    }
}
