package cn.yzt.ops.server.auth;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import cn.yzt.ops.protocol.api.LoginStatement;
import cn.yzt.ops.protocol.json.Jcs;
import cn.yzt.ops.server.crypto.Bytes;

/** Checks a signed login statement's bytes and fields against the consumed challenge and this server. */
final class StatementCheck {

    private static final Set<String> FIELDS = Set.of("purpose", "username", "nonce", "serverId", "serverCertSm3", "clientTime");
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final ServerIdentity server;
    private final Duration skew;
    private final Clock clock;

    StatementCheck(ServerIdentity server, Duration skew, Clock clock) {
        this.server = server;
        this.skew = skew;
        this.clock = clock;
    }

    Optional<LoginFailure> check(byte[] statement, Challenge ch) {
        if (statement.length > 2048 || !Jcs.isCanonical(statement)) {
            return Optional.of(LoginFailure.STATEMENT_NOT_CANONICAL);
        }
        JsonNode n;
        try {
            n = JSON.readTree(statement);
        } catch (IOException ex) {
            return Optional.of(LoginFailure.STATEMENT_NOT_CANONICAL);
        }
        if (!n.isObject() || n.size() != FIELDS.size()) {
            return Optional.of(LoginFailure.STATEMENT_FIELDS_MISMATCH);
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!FIELDS.contains(f) || !n.get(f).isTextual()) {
                return Optional.of(LoginFailure.STATEMENT_FIELDS_MISMATCH);
            }
        }
        if (!LoginStatement.PURPOSE.equals(n.get("purpose").asText()) || !ch.username().equals(n.get("username").asText())) {
            return Optional.of(LoginFailure.STATEMENT_FIELDS_MISMATCH);
        }
        byte[] nonce;
        try {
            nonce = Base64.getUrlDecoder().decode(n.get("nonce").asText());
        } catch (IllegalArgumentException ex) {
            return Optional.of(LoginFailure.STATEMENT_FIELDS_MISMATCH);
        }
        if (!Bytes.equal(nonce, ch.nonce())) {
            return Optional.of(LoginFailure.STATEMENT_FIELDS_MISMATCH);
        }
        if (!server.serverId().equals(n.get("serverId").asText())) {
            return Optional.of(LoginFailure.STATEMENT_WRONG_SERVER);
        }
        byte[] certSm3;
        try {
            certSm3 = HexFormat.of().parseHex(n.get("serverCertSm3").asText());
        } catch (IllegalArgumentException ex) {
            return Optional.of(LoginFailure.STATEMENT_WRONG_SERVER_CERT);
        }
        if (!Bytes.equal(certSm3, server.tlcpCertSm3())) {
            return Optional.of(LoginFailure.STATEMENT_WRONG_SERVER_CERT);
        }
        Instant clientTime;
        try {
            clientTime = Instant.parse(n.get("clientTime").asText());
        } catch (DateTimeParseException ex) {
            return Optional.of(LoginFailure.STATEMENT_FIELDS_MISMATCH);
        }
        if (Duration.between(clientTime, clock.instant()).abs().compareTo(skew) > 0) {
            return Optional.of(LoginFailure.STATEMENT_CLOCK_SKEW);
        }
        return Optional.empty();
    }
}
