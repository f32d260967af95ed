package cn.yzt.ops.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import cn.yzt.ops.server.testing.MutableClock;
import cn.yzt.ops.server.testing.TestPki;

/** A CRL replaced on disk while running takes effect; a broken one leaves the old in force until it is stale. */
class TrustReloaderTest {

    @TempDir
    Path dir;

    @Test
    void newCrlFileIsPickedUpAndAStaleOneFailsClosed() throws Exception {
        MutableClock clock = new MutableClock();
        TestPki ca = new TestPki("Reload CA");
        TestPki.Identity user = ca.issue("reload-user");
        Path anchors = dir.resolve("anchors.der");
        Path crl = dir.resolve("ca.crl");
        Files.write(anchors, ca.caCert().getEncoded());
        Instant now = clock.instant();
        Files.write(crl, ca.crl(now.minusSeconds(3600), now.plusSeconds(60)).getEncoded());
        CertificateChecker checker = new CertificateChecker(TrustMaterial.load(anchors, List.of(crl)), Duration.ZERO, clock);
        TrustReloader reloader = new TrustReloader(anchors, List.of(crl), checker);
        assertThat(checker.check(user.cert())).isEmpty();
        assertThat(reloader.reloadIfChanged()).as("nothing changed").isFalse();

        clock.advance(Duration.ofMinutes(5));
        assertThat(checker.check(user.cert())).contains(LoginFailure.CRL_STALE);

        // the CA publishes a new CRL that revokes the user
        ca.revoke(user.cert());
        write(crl, ca.crl(clock.instant().minusSeconds(10), clock.instant().plus(Duration.ofDays(1))).getEncoded());
        assertThat(reloader.reloadIfChanged()).isTrue();
        assertThat(checker.check(user.cert())).contains(LoginFailure.CERT_REVOKED);

        // a damaged publication is not loaded: the last good CRL stays in force
        write(crl, new byte[] {1, 2, 3});
        assertThat(reloader.reloadIfChanged()).isFalse();
        assertThat(checker.check(user.cert())).contains(LoginFailure.CERT_REVOKED);
        clock.advance(Duration.ofDays(2));
        assertThat(checker.check(user.cert())).as("fail closed once the last good CRL is stale").contains(LoginFailure.CRL_STALE);
        reloader.close();
    }

    /** Replaces the file and moves its mtime, so the change is seen even within one clock tick. */
    private static void write(Path p, byte[] bytes) throws Exception {
        FileTime before = Files.getLastModifiedTime(p);
        Files.write(p, bytes);
        Files.setLastModifiedTime(p, FileTime.fromMillis(before.toMillis() + 1000));
    }
}
