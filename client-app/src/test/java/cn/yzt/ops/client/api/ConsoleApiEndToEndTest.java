package cn.yzt.ops.client.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import cn.yzt.ops.client.signing.OperationRequest;
import cn.yzt.ops.client.signing.PreparedSignature;
import cn.yzt.ops.client.signing.ReceiptStore;
import cn.yzt.ops.client.signing.SignedResult;
import cn.yzt.ops.client.signing.SigningException;
import cn.yzt.ops.client.signing.SigningService;
import cn.yzt.ops.client.signing.StoredReceipt;
import cn.yzt.ops.client.testing.ConsoleTestServer;
import cn.yzt.ops.protocol.crypto.Sm2;
import cn.yzt.ops.protocol.ledger.ReceiptVerifier;
import cn.yzt.ops.protocol.ledger.SignedTreeHead;
import cn.yzt.ops.protocol.operation.OperationTypes;
import cn.yzt.ops.server.testing.ConsoleServerFixture;
import cn.yzt.ops.skf.testing.Provisioning;
import cn.yzt.ops.tlcp.TlcpSuites;
import cn.yzt.ops.tlcp.pki.CertificateAuthority;
import cn.yzt.ops.tlcp.pki.PemFiles;
import cn.yzt.ops.tlcp.pki.Validity;

/**
 * The console's API client against a real ops-server in this JVM: TLCP with the soft UKEY's keys,
 * the login statement signed on the UKEY, the ledger check at login and a signed operation whose
 * receipt is verified here. No mocks.
 */
class ConsoleApiEndToEndTest {

    @TempDir
    static Path dir;
    static ConsoleTestServer server;
    static ConsoleTestServer.User alice;

    @BeforeAll
    static void start() {
        server = ConsoleTestServer.start(dir);
        alice = server.user("alice", "SECURITY_ADMIN");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void loginOverTlcpWithTheSoftUkeyShowsTheChannelAndTheAccount() throws Exception {
        LoggedIn li = server.login(alice);
        try {
            SessionInfo s = li.api().session();
            assertThat(s.cipherSuite()).isIn(TlcpSuites.TOKEN_SAFE);
            assertThat(s.serverSignSubject()).contains("CN=localhost");
            assertThat(s.userCertSubject()).contains("CN=alice");
            assertThat(s.timeLeft(java.time.Instant.now())).isPositive();
            Me me = li.api().me();
            assertThat(me.username()).isEqualTo("alice");
            assertThat(me.roles()).contains("SECURITY_ADMIN");
            assertThat(li.api().users()).extracting(u -> u.username()).contains("alice");
            li.api().logout();
            assertThatThrownBy(() -> li.api().me()).isInstanceOfSatisfying(OpsApiException.class,
                    e -> assertThat(e.kind()).isEqualTo(OpsApiException.Kind.UNAUTHENTICATED));
        } finally {
            li.api().close();
        }
    }

    @Test
    void wrongPasswordIsRefusedWithWhatToDo() throws Exception {
        assertThatThrownBy(() -> new ConsoleLogin(server.config()).login(server.keyStore(alice), Provisioning.CONTAINER,
                "alice", "not-the-password".toCharArray(), null))
                .isInstanceOfSatisfying(OpsApiException.class, e -> {
                    assertThat(e.kind()).isEqualTo(OpsApiException.Kind.LOGIN_REFUSED);
                    assertThat(e.getMessage()).contains("安全管理员");
                });
    }

    @Test
    void unreachableServerAndUntrustedServerAreExplained() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ConsoleConfig nowhere = server.config().withServer(URI.create("https://127.0.0.1:" + port), server.config().trust());
        assertThatThrownBy(() -> server.login(alice, nowhere)).isInstanceOfSatisfying(OpsApiException.class, e -> {
            assertThat(e.kind()).isEqualTo(OpsApiException.Kind.UNREACHABLE);
            assertThat(e.getMessage()).startsWith("无法连接服务器").contains("127.0.0.1:" + port);
        });

        // serverName: the sign certificate must carry that name (here it does not: refused before any login)
        java.util.Properties sys = server.systemProperties("state-name");
        sys.setProperty("yzt.serverName", "console.example");
        ConsoleConfig named = ConsoleConfig.load(sys, java.util.Map.of(), dir.resolve("none"));
        assertThatThrownBy(() -> server.login(alice, named)).isInstanceOfSatisfying(OpsApiException.class, e -> {
            assertThat(e.kind()).isEqualTo(OpsApiException.Kind.TLCP_REFUSED);
            assertThat(e.getMessage()).contains("服务器证书与所连接的地址不符");
        });

        Path otherCa = dir.resolve("other-ca.pem");
        PemFiles.writeCertificates(otherCa, List.of(CertificateAuthority.createRoot("CN=Other CA,O=X,C=CN",
                Validity.fromNow(Duration.ofDays(2))).certificate()));
        ConsoleConfig untrusted = server.config().withServer(server.url(), List.of(otherCa));
        assertThatThrownBy(() -> server.login(alice, untrusted)).isInstanceOfSatisfying(OpsApiException.class, e -> {
            assertThat(e.kind()).isEqualTo(OpsApiException.Kind.TLCP_REFUSED);
            assertThat(e.getMessage()).startsWith("安全连接（TLCP）失败");
        });
    }

    @Test
    void aCancelledMapRequestIsAbortedAndSaysSo() throws Exception {
        LoggedIn li = server.login(alice);
        try {
            Cancellable stale = new Cancellable();
            stale.cancel(); // the view moved on before the request went out
            assertThatThrownBy(() -> li.api().mapFeatures("parcels", cn.yzt.ops.protocol.map.DemoDataGenerator.LINCANG,
                    null, stale)).isInstanceOfSatisfying(OpsApiException.class,
                            e -> assertThat(e.kind()).isEqualTo(OpsApiException.Kind.CANCELLED));
        } finally {
            li.api().close();
        }
    }

    @Test
    void treeHeadIsStoredCheckedForConsistencyAndARewriteIsCaught() throws Exception {
        ConsoleConfig cfg = server.config().withStateDir(dir.resolve("state-ledger"));
        server.server.appendLedgerEvent("test.event");
        LoggedIn first = server.login(alice, cfg);
        first.api().close();
        assertThat(first.treeHead().state()).isEqualTo(TreeHeadStatus.State.FIRST_SEEN);
        Path stored = first.ledger().headFile();
        assertThat(stored).exists();

        server.server.appendLedgerEvent("test.event");
        LoggedIn second = server.login(alice, cfg);
        second.api().close();
        assertThat(second.treeHead().state()).isEqualTo(TreeHeadStatus.State.CONSISTENT);
        assertThat(second.treeHead().alarming()).isFalse();
        long size = SignedTreeHead.decode(Files.readAllBytes(stored)).treeHead().treeSize();

        // A head the ledger key signed over another history (same key: only consistency can tell).
        SignedTreeHead forged = server.server.forgedHead(size - 1, Sm2.sm3("another history".getBytes()));
        Files.write(stored, forged.encode());
        LoggedIn third = server.login(alice, cfg);
        third.api().close();
        assertThat(third.treeHead().state()).isEqualTo(TreeHeadStatus.State.INCONSISTENT);
        assertThat(third.treeHead().alarming()).isTrue();
        assertThat(third.treeHead().message()).contains("账本").contains("一致性证明失败");
        // the evidence stays: the stored head is not overwritten by the conflicting one
        assertThat(Files.readAllBytes(stored)).isEqualTo(forged.encode());
        try (var files = Files.list(cfg.stateDir())) {
            assertThat(files.filter(f -> f.getFileName().toString().contains(".conflict-")).count()).isEqualTo(1);
        }
    }

    @Test
    void signedUserCreationIsRecordedAndItsReceiptVerifiesHere() throws Exception {
        LoggedIn li = server.login(alice);
        try {
            ReceiptStore store = new ReceiptStore(dir.resolve("records"));
            SigningService signing = new SigningService(li.api(), li::identity, li.ledger(), store, Locale.SIMPLIFIED_CHINESE);
            ObjectNode params = JsonNodeFactory.instance.objectNode().put("username", "bob").put("displayName", "李四");
            PreparedSignature p = signing.prepare(new OperationRequest(OperationTypes.USER_CREATE, params, null));
            assertThat(p.headline()).startsWith("创建用户 bob");
            assertThat(p.sm3()).isEqualTo(Sm2.sm3(p.canonical()));
            SignedResult r = signing.signAndSubmit(p);

            assertThat(li.api().users()).extracting(u -> u.username()).contains("bob");
            ReceiptVerifier independent = new ReceiptVerifier(server.server.ledgerPublicKey());
            assertThat(independent.verify(r.receipt(), r.entry())).isEmpty();
            List<StoredReceipt> kept = store.list();
            assertThat(kept).hasSize(1);
            assertThat(kept.get(0).type()).isEqualTo("user.create");
            assertThat(ReceiptStore.verify(kept.get(0), independent)).isEmpty();
            // a tampered record no longer verifies
            StoredReceipt k = kept.get(0);
            byte[] entry = k.entry();
            entry[entry.length / 2] ^= 1;
            assertThat(independent.verify(k.receipt(), entry)).isPresent();
        } finally {
            li.api().close();
        }
    }

    @Test
    void aRefusedSignedOperationSaysWhyInTheUiLanguage() throws Exception {
        ConsoleTestServer.User carol = server.user("carol", "AUDITOR"); // may read the audit log, not create users
        LoggedIn li = server.login(carol);
        try {
            ReceiptStore store = new ReceiptStore(dir.resolve("records-carol"));
            SigningService signing = new SigningService(li.api(), li::identity, li.ledger(), store, Locale.SIMPLIFIED_CHINESE);
            ObjectNode params = JsonNodeFactory.instance.objectNode().put("username", "dave").put("displayName", "丁五");
            PreparedSignature p = signing.prepare(new OperationRequest(OperationTypes.USER_CREATE, params, null));
            assertThatThrownBy(() -> signing.signAndSubmit(p)).isInstanceOfSatisfying(SigningException.class, e -> {
                assertThat(e.getMessage()).contains("您的角色没有执行该操作所需的权限").contains("PERMISSION_DENIED");
                assertThat(e.getCause()).isInstanceOfSatisfying(OpsApiException.class,
                        c -> assertThat(c.kind()).isEqualTo(OpsApiException.Kind.OPERATION_REFUSED));
            });
            assertThat(store.list()).isEmpty();
        } finally {
            li.api().close();
        }
    }
}
