package cn.yzt.ops.protocol.api;

import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;

import cn.yzt.ops.protocol.json.Jcs;

/**
 * What the UKEY signs to log in (ARCHITECTURE.md section 1, step 4), as RFC 8785 canonical JSON:
 * <pre>{"clientTime":"...Z","nonce":"base64url","purpose":"login","serverCertSm3":"hex",
 *  "serverId":"...","username":"..."}</pre>
 * The nonce ties it to one challenge, serverId and the SM3 of the server's TLCP signing
 * certificate tie it to this server and this channel (a statement relayed to another server fails).
 */
public record LoginStatement(String username, byte[] nonce, String serverId, byte[] serverCertSm3, Instant clientTime) {

    public static final String PURPOSE = "login";

    /** The canonical bytes to sign (SM3withSM2, default ID). */
    public byte[] toCanonicalJson() {
        String json = "{"
                + "\"purpose\":" + Jcs.quote(PURPOSE) + ","
                + "\"username\":" + Jcs.quote(username) + ","
                + "\"nonce\":" + Jcs.quote(Base64.getUrlEncoder().withoutPadding().encodeToString(nonce)) + ","
                + "\"serverId\":" + Jcs.quote(serverId) + ","
                + "\"serverCertSm3\":" + Jcs.quote(HexFormat.of().formatHex(serverCertSm3)) + ","
                + "\"clientTime\":" + Jcs.quote(clientTime.toString())
                + "}";
        return Jcs.canonicalize(json);
    }
}
