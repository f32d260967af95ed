package cn.yzt.ops.protocol.operation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import cn.yzt.ops.protocol.crypto.Sm2;
import cn.yzt.ops.protocol.json.JsonFormatException;
import cn.yzt.ops.protocol.json.StrictJson;

class PersonalDataTest {

    private static final String ID = "11010519491231002X";

    @Test
    void theRightOpeningVerifiesAndTheCommitmentIsTheSpecifiedSm3() {
        PersonalData.Opening o = PersonalData.Opening.fresh(ID);
        String c = PersonalData.commit("idCard", o);
        assertTrue(PersonalData.isCommitment(c));
        assertTrue(PersonalData.verify("idCard", c, o));
        // independent recomputation of the documented construction
        byte[] in = concat("yzt-ops/personal/v1".getBytes(StandardCharsets.US_ASCII), new byte[] {0},
                "idCard".getBytes(StandardCharsets.UTF_8), new byte[] {0}, o.salt(), ID.getBytes(StandardCharsets.UTF_8));
        assertEquals("sm3c:" + Base64.getUrlEncoder().withoutPadding().encodeToString(Sm2.sm3(in)), c);
        assertFalse(c.contains(ID));
    }

    @Test
    void wrongValueWrongSaltOtherFieldAndTamperedCommitmentAllFail() {
        PersonalData.Opening o = PersonalData.Opening.fresh("13800138000");
        String c = PersonalData.commit("phone", o);
        assertFalse(PersonalData.verify("phone", c, new PersonalData.Opening(o.salt(), "13800138001")), "wrong value");
        byte[] salt = o.salt();
        salt[0] ^= 1;
        assertFalse(PersonalData.verify("phone", c, new PersonalData.Opening(salt, o.value())), "wrong salt");
        assertFalse(PersonalData.verify("email", c, o), "another field name");
        char[] chars = c.toCharArray();
        chars[10] = chars[10] == 'A' ? 'B' : 'A';
        assertFalse(PersonalData.verify("phone", new String(chars), o), "tampered commitment");
        assertFalse(PersonalData.verify("phone", "13800138000", o), "not a commitment");
    }

    @Test
    void freshSaltsMakeTwoCommitmentsOfTheSameValueDiffer() {
        String a = PersonalData.commit("phone", PersonalData.Opening.fresh("13800138000"));
        String b = PersonalData.commit("phone", PersonalData.Opening.fresh("13800138000"));
        assertNotEquals(a, b);
    }

    @Test
    void commitAllOpenedAndDescribe() {
        ObjectNode plain = StrictJson.object().put("username", "wang").put("displayName", "王五").put("idCard", ID);
        OperationTypes.validatePlain(OperationTypes.USER_CREATE, plain);
        PersonalData.Committed c = PersonalData.commitAll(OperationTypes.USER_CREATE, plain);
        ObjectNode signed = c.parameters();
        OperationTypes.validate(OperationTypes.USER_CREATE, signed);
        assertFalse(signed.toString().contains("王五") || signed.toString().contains(ID));
        assertEquals("wang", signed.get("username").asText());
        assertEquals(java.util.Set.of("displayName", "idCard"), c.openings().keySet());
        // a plain value where a commitment belongs is refused
        assertThrows(JsonFormatException.class, () -> OperationTypes.validate(OperationTypes.USER_CREATE, plain));
        // round trip through the wire form
        Map<String, PersonalData.Opening> wire = PersonalData.fromJson(StrictJson.parse(c.openingsJson().toString()));
        assertEquals(plain, PersonalData.opened(OperationTypes.USER_CREATE, signed, wire));
        // missing, extra, swapped openings
        Map<String, PersonalData.Opening> missing = new HashMap<>(wire);
        missing.remove("idCard");
        assertEquals("idCard", assertThrows(PersonalData.Mismatch.class,
                () -> PersonalData.opened(OperationTypes.USER_CREATE, signed, missing)).field());
        Map<String, PersonalData.Opening> extra = new HashMap<>(wire);
        extra.put("phone", PersonalData.Opening.fresh("13800138000"));
        assertEquals("phone", assertThrows(PersonalData.Mismatch.class,
                () -> PersonalData.opened(OperationTypes.USER_CREATE, signed, extra)).field());
        Map<String, PersonalData.Opening> swapped = Map.of("displayName", wire.get("idCard"), "idCard", wire.get("displayName"));
        assertThrows(PersonalData.Mismatch.class, () -> PersonalData.opened(OperationTypes.USER_CREATE, signed, swapped));
        // the description shows plain values only for openings that verify
        assertTrue(OperationTypes.describe(OperationTypes.USER_CREATE, signed, wire, Locale.SIMPLIFIED_CHINESE).contains("姓名 王五"));
        assertTrue(OperationTypes.describe(OperationTypes.USER_CREATE, signed, Locale.SIMPLIFIED_CHINESE).contains("（已加密承诺）"));
        assertTrue(OperationTypes.describe(OperationTypes.USER_CREATE, signed, Locale.ENGLISH).contains("(committed)"));
        String bad = OperationTypes.describe(OperationTypes.USER_CREATE, signed, swapped, Locale.SIMPLIFIED_CHINESE);
        assertFalse(bad.contains("王五") || bad.contains(ID));
        assertTrue(bad.contains("（承诺不符）"));
    }

    @Test
    void wireFormIsStrict() {
        assertThrows(JsonFormatException.class, () -> PersonalData.fromJson(StrictJson.parse(
                "{\"idCard\":{\"salt\":\"AAAAAAAAAAAAAAAAAAAAAA\",\"value\":\"x\",\"more\":1}}")));
        assertThrows(JsonFormatException.class, () -> PersonalData.fromJson(StrictJson.parse(
                "{\"idCard\":{\"salt\":\"AAAA\",\"value\":\"x\"}}")));
        assertThrows(JsonFormatException.class, () -> PersonalData.fromJson(StrictJson.parse("[1]")));
        assertEquals(1, PersonalData.fromJson(StrictJson.parse(
                "{\"idCard\":{\"salt\":\"AAAAAAAAAAAAAAAAAAAAAA\",\"value\":\"x\"}}")).size());
        assertFalse(PersonalData.Opening.fresh(ID).toString().contains(ID));
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
