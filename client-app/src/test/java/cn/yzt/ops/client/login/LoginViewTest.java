package cn.yzt.ops.client.login;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yzt.ops.client.login.LoginGateway.LoginSession;
import cn.yzt.ops.skf.testing.Provisioning;
import cn.yzt.ops.skf.testing.SoftUkey;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.stage.Stage;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The login screen on headless Monocle against the real soft UKEY (JNA, no mocks of the token). */
@ExtendWith(ApplicationExtension.class)
class LoginViewTest {
    private static final String SUBJECT = "CN=张三,OU=运维,O=云南省自然资源厅,C=CN";
    private static Provisioning.Token token;

    private LoginViewModel vm;
    private RecordingGateway gateway;

    /** Test double: records the call and returns a session. */
    static final class RecordingGateway implements LoginGateway {
        final List<String> calls = new ArrayList<>();

        @Override
        public synchronized LoginSession login(KeyStore tokenStore, String alias, String account, char[] password) {
            try {
                calls.add(account + "|" + alias + "|" + new String(password) + "|"
                        + tokenStore.isKeyEntry(alias));
            } catch (java.security.KeyStoreException e) {
                throw new IllegalStateException(e);
            }
            return new LoginSession(account, "session-1");
        }
    }

    @BeforeAll
    static void provisionKeyWithCertificate() throws Exception {
        token = Provisioning.token(Files.createTempDirectory("login-view"), "UKEY-ZS");
        try (Provisioning.Provisioned p = token.provision()) {
            p.container().importCertificate(true, issue(p.signKey()));
        }
    }

    /** A certificate for the token's sign key from a throw-away SM2 CA (BouncyCastle). */
    static byte[] issue(PublicKey key) throws Exception {
        BouncyCastleProvider bc = new BouncyCastleProvider();
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC", bc);
        g.initialize(new ECGenParameterSpec("sm2p256v1"));
        KeyPair ca = g.generateKeyPair();
        long now = System.currentTimeMillis();
        X509v3CertificateBuilder b = new X509v3CertificateBuilder(new X500Name("CN=Test CA,O=云南省自然资源厅,C=CN"),
                BigInteger.valueOf(now), new Date(now - 3_600_000L), new Date(now + 365L * 86_400_000L),
                new X500Name(SUBJECT), SubjectPublicKeyInfo.getInstance(key.getEncoded()));
        return b.build(new JcaContentSignerBuilder("SM3WITHSM2").setProvider(bc).build(ca.getPrivate())).getEncoded();
    }

    @Start
    void start(Stage stage) {
        gateway = new RecordingGateway();
        vm = new LoginViewModel(new UkeyService(token.library()), gateway, Messages.chinese());
        stage.setScene(new Scene(new LoginView(vm), 800, 480));
        stage.show();
        vm.start();
    }

    @AfterEach
    void close() {
        vm.close();
    }

    private static void await(int seconds, java.util.concurrent.Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, condition);
    }

    private static String text(FxRobot robot, String id) {
        return robot.lookup(id).queryAs(Label.class).getText();
    }

    @Test
    void insertedKeyIsListedWithItsCertificate(FxRobot robot) throws Exception {
        @SuppressWarnings("unchecked") ListView<String> list = robot.lookup("#deviceList").queryAs(ListView.class);
        await(5, () -> list.getItems().contains("UKEY-ZS"));
        await(5, () -> text(robot, "#subjectLabel").contains("CN=张三"));
        assertThat(text(robot, "#issuerLabel")).contains("CN=Test CA");
        assertThat(text(robot, "#validityLabel")).contains(" 至 ");
        assertThat(text(robot, "#pinStatusLabel")).matches("还可尝试 \\d+ 次");
    }

    @Test
    void newTokenAppearsAndDisappearsWithinTwoSeconds(FxRobot robot) throws Exception {
        @SuppressWarnings("unchecked") ListView<String> list = robot.lookup("#deviceList").queryAs(ListView.class);
        await(5, () -> list.getItems().contains("UKEY-ZS"));
        Path second = SoftUkey.createToken(token.tokenDir(), "UKEY-LS");
        try {
            await(2, () -> list.getItems().contains("UKEY-LS"));
        } finally {
            SoftUkey.removeToken(second);
        }
        await(2, () -> !list.getItems().contains("UKEY-LS"));
        assertThat(list.getItems()).contains("UKEY-ZS");
    }

    @Test
    void wrongPinShowsRetriesLeft(FxRobot robot) throws Exception {
        await(5, () -> text(robot, "#subjectLabel").contains("CN=张三"));
        robot.clickOn("#accountField").write("zhangsan");
        robot.clickOn("#passwordField").write("pw");
        robot.clickOn("#pinField").write("wrong-pin");
        robot.clickOn("#loginButton");
        await(10, () -> text(robot, "#messageLabel").startsWith("口令错误"));
        assertThat(text(robot, "#messageLabel")).matches("口令错误，还可尝试 \\d+ 次");
        assertThat(text(robot, "#pinStatusLabel")).matches("还可尝试 \\d+ 次");
        assertThat(gateway.calls).isEmpty();
        // the right PIN afterwards resets the counter (keeps the tests independent of their order)
        new UkeyService(token.library()).verifyPin("UKEY-ZS", Provisioning.APP, Provisioning.userPin());
    }

    @Test
    void rightPinReachesTheGatewayWithTheAccount(FxRobot robot) throws Exception {
        await(5, () -> text(robot, "#subjectLabel").contains("CN=张三"));
        robot.clickOn("#accountField").write("zhangsan");
        robot.clickOn("#passwordField").write("secret-pw");
        robot.clickOn("#pinField").write(new String(Provisioning.userPin()));
        robot.clickOn("#loginButton");
        await(10, () -> vm.sessionProperty().get() != null);
        synchronized (gateway) {
            assertThat(gateway.calls).containsExactly("zhangsan|" + Provisioning.CONTAINER + "|secret-pw|true");
        }
        await(5, () -> text(robot, "#messageLabel").contains("登录成功"));
    }

    @Test
    void severalContainersLockedPinAndRemoval(FxRobot robot) throws Exception {
        // a second key with two certified containers, its user PIN locked by wrong attempts
        Path file = SoftUkey.createToken(token.tokenDir(), "UKEY-LK");
        try {
            Provisioning.Token lk = new Provisioning.Token(token.library(), token.libraryPath(), token.tokenDir(),
                    file, "UKEY-LK");
            try (Provisioning.Provisioned p = lk.provision()) {
                p.container().importCertificate(true, issue(p.signKey()));
                try (cn.yzt.ops.skf.Container second = p.app().createContainer("sign-2")) {
                    second.importCertificate(true, issue(second.generateSignKeyPair()));
                }
                p.app().logout();
                for (int i = 0; i < Provisioning.USER_RETRIES; i++) {
                    try {
                        p.app().verifyPin(cn.yzt.ops.skf.PinType.USER, "wrong".toCharArray());
                    } catch (cn.yzt.ops.skf.SkfException expected) {
                        // counting down to the lock
                    }
                }
            }
            @SuppressWarnings("unchecked")
            ListView<String> list = robot.lookup("#deviceList").queryAs(ListView.class);
            await(5, () -> list.getItems().contains("UKEY-LK"));
            robot.interact(() -> list.getSelectionModel().select("UKEY-LK"));
            await(5, () -> vm.containers().size() == 2);
            assertThat(robot.lookup("#containerChoice").query().isVisible()).isTrue();
            await(5, () -> text(robot, "#pinStatusLabel").contains("请联系安全管理员解锁"));
            robot.clickOn("#accountField").write("lisi");
            robot.clickOn("#pinField").write("anything");
            robot.clickOn("#loginButton");
            await(10, () -> text(robot, "#messageLabel").contains("请联系安全管理员解锁"));
            assertThat(gateway.calls).isEmpty();
        } finally {
            SoftUkey.removeToken(file);
        }
        await(3, () -> text(robot, "#messageLabel").contains("UKEY 已拔出"));
        assertThat(vm.selectedDeviceProperty().get()).isNull();
    }
}
