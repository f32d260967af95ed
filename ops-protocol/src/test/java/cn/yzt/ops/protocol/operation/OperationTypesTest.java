package cn.yzt.ops.protocol.operation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import cn.yzt.ops.protocol.json.JsonFormatException;
import cn.yzt.ops.protocol.json.StrictJson;

class OperationTypesTest {

    private static ObjectNode p(String json) {
        return (ObjectNode) StrictJson.parse(json);
    }

    @Test
    void everyTypeHasAChineseAndAnEnglishDescriptionNamingOnlyItsParameters() {
        for (OperationTypes.Type t : OperationTypes.all()) {
            ObjectNode params = StrictJson.object();
            String zh = OperationTypes.describe(t.name(), params, Locale.SIMPLIFIED_CHINESE);
            String en = OperationTypes.describe(t.name(), params, Locale.ENGLISH);
            assertFalse(zh.startsWith(t.name()), t.name() + " has no Chinese template");
            assertFalse(en.startsWith(t.name()), t.name() + " has no English template");
            assertFalse(zh.equals(en), t.name());
            for (String d : List.of(zh, en)) {
                assertFalse(d.contains("{"), t.name() + ": template names an unknown parameter: " + d);
            }
        }
    }

    @Test
    void describesInPlainWords() {
        assertEquals("禁用用户 bob（同时结束其全部会话）",
                OperationTypes.describe("user.disable", p("{\"username\":\"bob\"}"), Locale.SIMPLIFIED_CHINESE));
        assertEquals("Grant role AUDITOR to user bob",
                OperationTypes.describe("role.grant", p("{\"role\":\"AUDITOR\",\"username\":\"bob\"}"), Locale.ENGLISH));
        assertTrue(OperationTypes.describe("user.create", p("{\"displayName\":\"王五\",\"roles\":[\"OPERATOR\",\"APPROVER\"],"
                + "\"username\":\"wang\"}"), null).contains("角色：OPERATOR、APPROVER；绑定证书：无"));
        TestPki pki = new TestPki("CA");
        String cert = Base64.getEncoder().encodeToString(der(pki.person("carol").cert()));
        ObjectNode bind = StrictJson.object().put("username", "carol").put("certificate", cert);
        OperationTypes.validate("cert.bind", bind);
        assertTrue(OperationTypes.describe("cert.bind", bind, Locale.ENGLISH).contains("CN=carol"));
        assertEquals("设置操作 key.rotate 的双人控制为：否", OperationTypes.describe("policy.set",
                p("{\"dualControl\":false,\"type\":\"key.rotate\"}"), Locale.SIMPLIFIED_CHINESE));
    }

    private static byte[] der(java.security.cert.X509Certificate c) {
        try {
            return c.getEncoded();
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    @Test
    void strictParameters() {
        OperationTypes.validate("cert.unbind", p("{\"bindingId\":9007199254740992,\"username\":\"bob\"}"));
        assertEquals("parameters.bindingId", assertThrows(JsonFormatException.class, () -> OperationTypes.validate("cert.unbind",
                p("{\"bindingId\":9007199254740994,\"username\":\"bob\"}"))).member());
        assertEquals("parameters.bindingId", assertThrows(JsonFormatException.class, () -> OperationTypes.validate("cert.unbind",
                p("{\"bindingId\":1.5,\"username\":\"bob\"}"))).member());
        assertEquals("parameters.extra", assertThrows(JsonFormatException.class, () -> OperationTypes.validate("user.disable",
                p("{\"extra\":1,\"username\":\"bob\"}"))).member());
        assertEquals("parameters.username", assertThrows(JsonFormatException.class, () -> OperationTypes.validate("user.disable",
                p("{}"))).member());
        assertEquals("parameters.username", assertThrows(JsonFormatException.class, () -> OperationTypes.validate("user.disable",
                p("{\"username\":\"a\\u0000b\"}"))).member());
        assertEquals("parameters.username", assertThrows(JsonFormatException.class, () -> OperationTypes.validate("user.disable",
                p("{\"username\":7}"))).member());
        assertEquals("parameters.certificate", assertThrows(JsonFormatException.class, () -> OperationTypes.validate("cert.bind",
                p("{\"certificate\":\"AAAA\",\"username\":\"bob\"}"))).member());
        assertEquals("parameters.dualControl", assertThrows(JsonFormatException.class, () -> OperationTypes.validate("policy.set",
                p("{\"dualControl\":\"yes\",\"type\":\"key.rotate\"}"))).member());
        assertEquals("type", assertThrows(JsonFormatException.class, () -> OperationTypes.validate("user.delete",
                p("{}"))).member());
        assertEquals(List.of("role.grant", "role.grant:KEY_ADMIN"),
                OperationTypes.policyKeys("role.grant", p("{\"role\":\"KEY_ADMIN\",\"username\":\"bob\"}")));
        assertEquals(List.of("user.disable"), OperationTypes.policyKeys("user.disable", p("{\"username\":\"bob\"}")));
    }
}
