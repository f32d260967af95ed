package cn.yzt.ops.protocol.verify;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import cn.yzt.ops.protocol.evidence.Certificates;
import cn.yzt.ops.protocol.ledger.LedgerKeys;

/** Reading the CLI's inputs; every failure is an {@link InputException} with a message key. */
final class InputFiles {

    private static final Pattern PUBLIC_KEY_PEM =
            Pattern.compile("-----BEGIN PUBLIC KEY-----([A-Za-z0-9+/=\\s]+)-----END PUBLIC KEY-----");
    private static final long MAX_BYTES = 16L << 20;

    private InputFiles() {
    }

    static byte[] read(Path file) throws InputException {
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new InputException("error.tooLarge", file);
            }
            return Files.readAllBytes(file);
        } catch (IOException ex) {
            throw new InputException("error.read", file);
        }
    }

    /** One or more certificates, PEM or DER. */
    static List<X509Certificate> certificates(Path file) throws InputException {
        byte[] b = read(file);
        try {
            List<X509Certificate> certs = Certificates.parse(b);
            if (certs.isEmpty()) {
                throw new InputException("error.noCertificates", file);
            }
            return certs;
        } catch (GeneralSecurityException | RuntimeException ex) {
            throw new InputException("error.noCertificates", file);
        }
    }

    /** An SM2 public key: PEM "PUBLIC KEY", DER SubjectPublicKeyInfo, or a certificate holding it. */
    static PublicKey ledgerKey(Path file) throws InputException {
        byte[] b = read(file);
        String text = new String(b, StandardCharsets.US_ASCII);
        try {
            Matcher m = PUBLIC_KEY_PEM.matcher(text);
            if (m.find()) {
                return LedgerKeys.sm2PublicKey(Base64.getMimeDecoder().decode(m.group(1)));
            }
            if (text.contains("-----BEGIN CERTIFICATE-----")) {
                return LedgerKeys.sm2PublicKey(Certificates.parse(b).get(0).getPublicKey().getEncoded());
            }
            return LedgerKeys.sm2PublicKey(b);
        } catch (GeneralSecurityException | RuntimeException ex) {
            throw new InputException("error.ledgerKey", file);
        }
    }

    /** A user-facing input problem: message key plus the file. */
    static final class InputException extends Exception {
        private static final long serialVersionUID = 1L;
        private final String key;
        private final transient Path file;

        InputException(String key, Path file) {
            super(key + " " + file, null, false, false);
            this.key = key;
            this.file = file;
        }

        String key() {
            return key;
        }

        Path file() {
            return file;
        }
    }
}
