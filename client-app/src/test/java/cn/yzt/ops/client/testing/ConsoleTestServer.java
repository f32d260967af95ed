package cn.yzt.ops.client.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

import cn.yzt.ops.client.api.ConsoleConfig;
import cn.yzt.ops.client.api.ConsoleLogin;
import cn.yzt.ops.client.api.LoggedIn;
import cn.yzt.ops.client.login.UkeyService;
import cn.yzt.ops.client.shell.ConsoleShell;
import cn.yzt.ops.client.shell.ScreenProvider;
import cn.yzt.ops.client.shell.ScreenRegistry;
import cn.yzt.ops.client.shell.TokenAccess;
import cn.yzt.ops.server.testing.ConsoleServerFixture;
import cn.yzt.ops.skf.Application;
import cn.yzt.ops.skf.EnvelopedKeys;
import cn.yzt.ops.skf.PinType;
import cn.yzt.ops.skf.SkfLibrary;
import cn.yzt.ops.skf.UKey;
import cn.yzt.ops.skf.testing.Provisioning;
import cn.yzt.ops.skf.testing.SoftUkey;
import cn.yzt.ops.tlcp.pki.CertificateProfile;
import cn.yzt.ops.tlcp.pki.IssuedEncKey;
import cn.yzt.ops.tlcp.pki.PemFiles;
import cn.yzt.ops.tlcp.pki.Validity;

/**
 * A real ops-server (TLCP, embedded PostgreSQL, production services; ops-server's
 * ConsoleServerFixture) plus soft UKEYs for console tests. All tokens live in one token directory
 * served by one library copy, so one watcher sees every insertion and removal. Each token has an
 * application {@link Provisioning#APP}, a container {@link Provisioning#CONTAINER} with a sign key
 * made on the token, a sign certificate and an enc key pair + certificate from the server's CA
 * (sealed to the sign key, as a real CA does). One instance per test class.
 */
public final class ConsoleTestServer implements AutoCloseable {

    /** A person: account, UKEY device, its token file and sign certificate. */
    public record User(String username, long id, String device, Path tokenFile, X509Certificate signCertificate) {
    }

    public final ConsoleServerFixture server;
    private final Path dir;
    private final Path tokenDir;
    private final Path libraryPath;
    private final SkfLibrary library;
    private final Path caPem;
    private final Path ledgerPem;

    private ConsoleTestServer(Path dir, ConsoleServerFixture server) {
        this.dir = dir;
        this.server = server;
        this.tokenDir = dir.resolve("tokens");
        this.libraryPath = SoftUkey.prepare(tokenDir);
        this.library = SkfLibrary.load(libraryPath);
        try {
            caPem = dir.resolve("ca.pem");
            PemFiles.writeCertificates(caPem, List.of(server.caCertificate()));
            ledgerPem = dir.resolve("ledger-pub.pem");
            Files.writeString(ledgerPem, pem(server.ledgerPublicKey()));
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    public static ConsoleTestServer start(Path dir) {
        return new ConsoleTestServer(dir, ConsoleServerFixture.start());
    }

    public static ConsoleTestServer withDemoMap(Path dir, int parcels) {
        return new ConsoleTestServer(dir, ConsoleServerFixture.withDemoMap(parcels));
    }

    static String pem(PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    /** The soft UKEY library copy serving this server's token directory (for --skf-lib). */
    public Path libraryPath() {
        return libraryPath;
    }

    /** The console's system properties for this server (what bin/console would pass), state under DIR/STATE. */
    public Properties systemProperties(String state) {
        Properties p = new Properties();
        p.setProperty("yzt.server", server.baseUrl());
        p.setProperty("yzt.trust", caPem.toString());
        p.setProperty("yzt.ledgerKey", ledgerPem.toString());
        p.setProperty("yzt.state", dir.resolve(state).toString());
        return p;
    }

    public SkfLibrary library() {
        return library;
    }

    public UkeyService ukeys() {
        return new UkeyService(library);
    }

    /** The same adapter the console app gives its shell. */
    public TokenAccess tokenAccess() {
        return cn.yzt.ops.client.login.ConsoleApp.tokenAccess(ukeys());
    }

    /** The console configuration for this server: URL, CA, ledger key, a private state directory. */
    public ConsoleConfig config() {
        Properties p = new Properties();
        p.setProperty("yzt.server", server.baseUrl());
        p.setProperty("yzt.trust", caPem.toString());
        p.setProperty("yzt.ledgerKey", ledgerPem.toString());
        p.setProperty("yzt.lang", "zh");
        return ConsoleConfig.load(p, java.util.Map.of("XDG_CONFIG_HOME", dir.resolve("config").toString(),
                "XDG_STATE_HOME", dir.resolve("state").toString()), dir.resolve("no-system.properties"));
    }

    /** An account with {@code roles} and a new soft UKEY named {@code "UK-" + username} bound to it. */
    public User user(String username, String... roles) {
        String device = "UK-" + username;
        Path file = SoftUkey.createToken(tokenDir, device);
        X509Certificate sign = provision(device, file, "CN=" + username + ",OU=运维,O=YZT,C=CN");
        long id = server.createUser(username, sign, roles);
        return new User(username, id, device, file, sign);
    }

    /** A UKEY of the same CA that belongs to nobody (another person's key). */
    public User strayKey(String device) {
        Path file = SoftUkey.createToken(tokenDir, device);
        X509Certificate sign = provision(device, file, "CN=" + device + ",OU=运维,O=YZT,C=CN");
        return new User(null, -1, device, file, sign);
    }

    private X509Certificate provision(String device, Path file, String subject) {
        Provisioning.Token t = new Provisioning.Token(library, libraryPath, tokenDir, file, device);
        try (Provisioning.Provisioned p = t.provision()) {
            Validity year = Validity.fromNow(Duration.ofDays(365));
            X509Certificate sign = server.ca.issue(subject, p.signKey(), CertificateProfile.SIGN, year, List.of());
            IssuedEncKey enc = server.ca.issueEncKey(subject, p.signKey(), year);
            p.container().importEncKeyPair(EnvelopedKeys.toBlob(enc.envelope(), EnvelopedKeys.Placement.RIGHT_ALIGNED_32));
            p.container().importCertificate(true, sign.getEncoded());
            p.container().importCertificate(false, enc.certificate().getEncoded());
            return sign;
        } catch (java.security.cert.CertificateEncodingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** The token's KeyStore, logged in with the user PIN. */
    public KeyStore keyStore(User u) throws Exception {
        char[] pin = Provisioning.userPin();
        return ukeys().keyStore(u.device(), Provisioning.APP, pin);
    }

    /** A real console login (TLCP with the soft UKEY, challenge, statement signed on it, password). */
    public LoggedIn login(User u) throws Exception {
        return login(u, config());
    }

    public LoggedIn login(User u, ConsoleConfig cfg) throws Exception {
        return new ConsoleLogin(cfg).login(keyStore(u), Provisioning.CONTAINER, u.username(),
                ConsoleServerFixture.PASSWORD.toCharArray(), null);
    }

    /** The shell for a logged-in user, with the screens on the class path (FX thread). */
    public ConsoleShell shell(LoggedIn li, User u, Runnable onLoggedOut) {
        return shell(li, u, ScreenProvider.loadAll(), onLoggedOut);
    }

    public ConsoleShell shell(LoggedIn li, User u, ScreenRegistry registry, Runnable onLoggedOut) {
        return new ConsoleShell(li, u.device(), Provisioning.APP, tokenAccess(), config(), registry, onLoggedOut);
    }

    /** Pulls the token out (its file is moved aside; {@link #insert} puts it back). */
    public void remove(User u) {
        try {
            Files.move(u.tokenFile(), aside(u));
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    public void insert(User u) {
        try {
            Files.move(aside(u), u.tokenFile());
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private Path aside(User u) {
        return dir.resolve(u.device() + ".token.out");
    }

    /** Wrong PINs until the user PIN is locked. */
    public void lockPin(User u) {
        try (UKey key = library.connect(u.device()); Application app = key.openApplication(Provisioning.APP)) {
            for (int i = 0; i < Provisioning.USER_RETRIES; i++) {
                try {
                    app.verifyPin(PinType.USER, "wrong-pin".toCharArray());
                } catch (cn.yzt.ops.skf.SkfException expected) {
                    // counting down to the lock
                }
            }
        }
    }

    /** Unblocks the user PIN with the admin PIN (resets the counter, keeps the PIN). */
    public void unblockPin(User u) {
        try (UKey key = library.connect(u.device()); Application app = key.openApplication(Provisioning.APP)) {
            app.unblockPin(Provisioning.adminPin(), Provisioning.userPin());
        }
    }

    public URI url() {
        return URI.create(server.baseUrl());
    }

    public Locale locale() {
        return Locale.SIMPLIFIED_CHINESE;
    }

    @Override
    public void close() {
        server.close();
    }
}
