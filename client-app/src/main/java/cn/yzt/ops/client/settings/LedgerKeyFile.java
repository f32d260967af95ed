package cn.yzt.ops.client.settings;

import cn.yzt.ops.protocol.evidence.Certificates;
import cn.yzt.ops.protocol.ledger.LedgerKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ledger public key file the security officer hands out with the trust anchors: PEM
 * "PUBLIC KEY", DER SubjectPublicKeyInfo, or a certificate holding the key (the same forms
 * {@code ops-verify --ledger-key} accepts). Its key id (SM3 of the SPKI) is shown for comparison.
 */
public final class LedgerKeyFile {

    private static final Pattern PEM =
            Pattern.compile("-----BEGIN PUBLIC KEY-----([A-Za-z0-9+/=\\s]+)-----END PUBLIC KEY-----");

    private LedgerKeyFile() {
    }

    public static PublicKey read(Path file) throws SettingsProblem {
        byte[] b = TrustAnchor.readSmall(file, SettingKey.LEDGER_KEY, "ledgerKey");
        String text = new String(b, StandardCharsets.US_ASCII);
        try {
            Matcher m = PEM.matcher(text);
            if (m.find()) {
                return LedgerKeys.sm2PublicKey(Base64.getMimeDecoder().decode(m.group(1)));
            }
            if (text.contains("-----BEGIN CERTIFICATE-----")) {
                return LedgerKeys.sm2PublicKey(Certificates.parse(b).get(0).getPublicKey().getEncoded());
            }
            return LedgerKeys.sm2PublicKey(b);
        } catch (java.security.GeneralSecurityException | RuntimeException e) {
            throw new SettingsProblem(SettingKey.LEDGER_KEY, "ledgerKey.invalid", file);
        }
    }

    /** SM3 of the SubjectPublicKeyInfo (the tree heads' keyId), colon-separated hex. */
    public static String fingerprint(PublicKey key) {
        return TrustAnchor.fingerprint(key.getEncoded());
    }
}
