package cn.yzt.ops.server.user;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;

import javax.security.auth.x500.X500Principal;

import cn.yzt.ops.protocol.crypto.Sm2;

/** What binds a certificate to an account: issuer + serial + SM3 of the public key (and of the whole cert). */
public record CertificateIdentity(String issuerDn, String serialHex, byte[] spkiSm3, byte[] certSm3) {

    public static CertificateIdentity of(X509Certificate cert) {
        try {
            return new CertificateIdentity(cert.getIssuerX500Principal().getName(X500Principal.RFC2253),
                    cert.getSerialNumber().toString(16), Sm2.sm3(cert.getPublicKey().getEncoded()),
                    Sm2.sm3(cert.getEncoded()));
        } catch (CertificateEncodingException ex) {
            throw new IllegalArgumentException("certificate cannot be encoded", ex);
        }
    }

    public String fingerprintHex() {
        return HexFormat.of().formatHex(certSm3);
    }
}
