package cn.yzt.ops.tlcp.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A CA kept in a directory: ca.pem, ca.key.pem (encrypted), revoked.tsv (serial, time, reason)
 * and crl-number, so revocations and CRL numbering survive between runs of the CLI.
 */
public final class CaStore {

    private final Path dir;

    public CaStore(Path dir) {
        this.dir = dir;
    }

    public Path certificateFile() {
        return dir.resolve("ca.pem");
    }

    public boolean exists() {
        return Files.exists(certificateFile());
    }

    public void save(CertificateAuthority ca, char[] password) throws IOException {
        Files.createDirectories(dir);
        PemFiles.writeCertificates(certificateFile(), List.of(ca.certificate()));
        PemFiles.writePrivateKey(dir.resolve("ca.key.pem"), ca.privateKey(), password);
        saveState(ca);
    }

    /** Revocations and CRL number only (the key file is not rewritten). */
    public void saveState(CertificateAuthority ca) throws IOException {
        List<String> lines = new ArrayList<>();
        for (CrlPublisher.Revocation r : ca.crlPublisher().revoked().values()) {
            lines.add(r.serial().toString(16) + "\t" + r.date().getEpochSecond() + "\t" + r.reason());
        }
        Files.write(dir.resolve("revoked.tsv"), lines, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("crl-number"), Long.toString(ca.crlPublisher().lastCrlNumber()));
    }

    public CertificateAuthority load(char[] password) throws IOException {
        PrivateKey key = PemFiles.readPrivateKey(dir.resolve("ca.key.pem"), password);
        CertificateAuthority ca = new CertificateAuthority(PemFiles.readCertificates(certificateFile()).get(0), key);
        Path revoked = dir.resolve("revoked.tsv");
        if (Files.exists(revoked)) {
            for (String line : Files.readAllLines(revoked, StandardCharsets.UTF_8)) {
                String[] f = line.split("\t");
                if (f.length == 3) {
                    ca.restoreRevocation(new CrlPublisher.Revocation(new BigInteger(f[0], 16),
                            Instant.ofEpochSecond(Long.parseLong(f[1])), Integer.parseInt(f[2])));
                }
            }
        }
        Path number = dir.resolve("crl-number");
        if (Files.exists(number)) {
            ca.crlPublisher().continueNumberingAfter(Long.parseLong(Files.readString(number).trim()));
        }
        return ca;
    }
}
