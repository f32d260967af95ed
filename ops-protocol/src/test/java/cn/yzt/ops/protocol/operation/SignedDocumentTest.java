package cn.yzt.ops.protocol.operation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import cn.yzt.ops.protocol.json.JsonFormatException;

class SignedDocumentTest {

    private static final byte[] CERT = new byte[32];
    private static final Instant T = Instant.parse("2026-11-27T10:00:00Z");

    static OperationDocument.Builder base() {
        return OperationDocument.builder().type("user.create").parametersJson("{\"username\":\"bob\",\"age\":1.0}")
                .operator("alice").signerCertSm3(CERT).nonce(new byte[16]).issuedAt(T).serverId("yzt-ops-1");
    }

    @Test
    void canonicalFormAndRoundTrip() {
        OperationDocument d = base().build();
        String json = new String(d.toCanonicalJson(), StandardCharsets.UTF_8);
        assertThat(json).isEqualTo("{\"issuedAt\":\"2026-11-27T10:00:00Z\",\"nonce\":\"AAAAAAAAAAAAAAAAAAAAAA\","
                + "\"operator\":\"alice\",\"parameters\":{\"age\":1,\"username\":\"bob\"},\"purpose\":\"operation\","
                + "\"serverId\":\"yzt-ops-1\",\"signerCertSm3\":\"" + "00".repeat(32) + "\",\"type\":\"user.create\",\"v\":1}");
        assertThat(SignedDocuments.parse(d.toCanonicalJson())).isEqualTo(d);
        assertThat(d.parametersJson()).isEqualTo("{\"age\":1,\"username\":\"bob\"}");
        assertThat(d.digest()).hasSize(32);

        ApprovalDocument a = ApprovalDocument.builder().decision(ApprovalDocument.Decision.REJECT)
                .requestLeafHash(new byte[32]).requestType("user.create").operator("bob").signerCertSm3(CERT)
                .nonce(new byte[16]).issuedAt(T).serverId("yzt-ops-1").build();
        SignedDocument back = SignedDocuments.parse(a.toCanonicalJson());
        assertThat(back).isEqualTo(a);
        assertThat(((ApprovalDocument) back).decision()).isEqualTo(ApprovalDocument.Decision.REJECT);
        assertThat(a.names(new byte[32])).isTrue();
        assertThat(a.names(new byte[31])).isFalse();
    }

    @Test
    void chineseTextRoundTripsUnescaped() {
        OperationDocument d = base().operator("张三").parametersJson("{\"地块编码\":\"370102-001\",\"note\":\"批准\\n\"}")
                .build();
        String json = new String(d.toCanonicalJson(), StandardCharsets.UTF_8);
        assertThat(json).contains("\"operator\":\"张三\"", "\"地块编码\":\"370102-001\"", "批准\\n");
        assertThat(SignedDocuments.parse(d.toCanonicalJson())).isEqualTo(d);
    }

    @Test
    void invalidMembersAreNamed() {
        assertMember(() -> base().type("User Create").build(), "type");
        assertMember(() -> base().operator(" alice").build(), "operator");
        assertMember(() -> base().operator("").build(), "operator");
        assertMember(() -> base().nonce(new byte[8]).build(), "nonce");
        assertMember(() -> base().signerCertSm3(new byte[20]).build(), "signerCertSm3");
        assertMember(() -> base().serverId("a\nb").build(), "serverId");
        assertMember(() -> base().parametersJson("[1]").build(), "parameters");
        assertMember(() -> base().issuedAt(null).build(), "issuedAt");
    }

    @Test
    void strictParsing() {
        String good = new String(base().build().toCanonicalJson(), StandardCharsets.UTF_8);
        assertParse(good.replace("\"v\":1", "\"v\":2"), "v");
        assertParse(good.replace("{\"issuedAt\"", "{\"extra\":0,\"issuedAt\""), "extra");
        assertParse(good.replace("\"purpose\":\"operation\"", "\"purpose\":\"x\""), "purpose");
        assertParse(good.replace("2026-11-27T10:00:00Z", "2026-11-27T10:00Z"), "issuedAt");
        assertParse(good.replace("\"type\":\"user.create\",", ""), "type");
        // duplicate member (would let two parsers see two different documents)
        assertParse(good.replace("{\"issuedAt\"", "{\"issuedAt\":\"x\",\"issuedAt\""), "");
        // not canonical: whitespace
        assertParse(good.replace(",", ", "), "");
        assertParse("not json", "");
    }

    private static void assertMember(Runnable r, String member) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(JsonFormatException.class,
                e -> assertThat(e.member()).isEqualTo(member));
    }

    private static void assertParse(String json, String member) {
        assertMember(() -> SignedDocuments.parse(json.getBytes(StandardCharsets.UTF_8)), member);
    }
}
