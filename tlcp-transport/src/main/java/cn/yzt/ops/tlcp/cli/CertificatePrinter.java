package cn.yzt.ops.tlcp.cli;

import java.io.PrintStream;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import javax.security.auth.x500.X500Principal;

import cn.yzt.ops.protocol.crypto.Sm2;
import cn.yzt.ops.tlcp.Messages;

/** Prints what an ops engineer checks on a certificate: names, validity, key usage, SM3 fingerprint. */
final class CertificatePrinter {

    private static final String[] KEY_USAGES = {"digitalSignature", "nonRepudiation", "keyEncipherment",
        "dataEncipherment", "keyAgreement", "keyCertSign", "cRLSign", "encipherOnly", "decipherOnly"};
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private CertificatePrinter() {
    }

    static void print(PrintStream out, String roleKey, X509Certificate c) {
        out.println(Messages.get(roleKey));
        out.println("  " + Messages.get("cert.subject", c.getSubjectX500Principal().getName(X500Principal.RFC2253)));
        out.println("  " + Messages.get("cert.issuer", c.getIssuerX500Principal().getName(X500Principal.RFC2253)));
        out.println("  " + Messages.get("cert.validity", TIME.format(c.getNotBefore().toInstant()),
                TIME.format(c.getNotAfter().toInstant())));
        out.println("  " + Messages.get("cert.keyUsage", String.join(", ", keyUsage(c))));
        out.println("  " + Messages.get("cert.serial", c.getSerialNumber().toString(16)));
        out.println("  " + Messages.get("cert.sm3", fingerprint(c)));
    }

    static List<String> keyUsage(X509Certificate c) {
        List<String> out = new ArrayList<>();
        boolean[] ku = c.getKeyUsage();
        if (ku != null) {
            for (int i = 0; i < ku.length && i < KEY_USAGES.length; i++) {
                if (ku[i]) {
                    out.add(KEY_USAGES[i]);
                }
            }
        }
        return out;
    }

    static String fingerprint(X509Certificate c) {
        try {
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(Sm2.sm3(c.getEncoded()));
        } catch (CertificateEncodingException ex) {
            return "?";
        }
    }
}
