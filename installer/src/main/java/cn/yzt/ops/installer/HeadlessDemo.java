package cn.yzt.ops.installer;

import java.security.KeyStore;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import cn.yzt.ops.client.api.Cancellable;
import cn.yzt.ops.client.api.ConsoleConfig;
import cn.yzt.ops.client.api.ConsoleLogin;
import cn.yzt.ops.client.api.LoggedIn;
import cn.yzt.ops.client.api.PendingRequest;
import cn.yzt.ops.client.api.TreeHeadStatus;
import cn.yzt.ops.client.signing.OperationRequest;
import cn.yzt.ops.client.signing.ReceiptStore;
import cn.yzt.ops.client.signing.SignedResult;
import cn.yzt.ops.client.signing.SigningService;
import cn.yzt.ops.protocol.ledger.LedgerProblem;
import cn.yzt.ops.protocol.ledger.ReceiptVerifier;
import cn.yzt.ops.protocol.map.Attributes;
import cn.yzt.ops.protocol.map.DemoLayers;
import cn.yzt.ops.protocol.map.Extent;
import cn.yzt.ops.protocol.map.Feature;
import cn.yzt.ops.protocol.map.LayerDescriptor;
import cn.yzt.ops.protocol.operation.OperationTypes;
import cn.yzt.ops.skf.SkfLibrary;

/**
 * {@code bin/demo --headless}: the system's flows without a window, through the console's own API
 * ({@code cn.yzt.ops.client.api}, {@code SigningService}) and the real soft UKEYs: both people log in
 * (TLCP with the UKEY's keys, signed challenge, password), a signed operation, a dual-control request
 * approved by the other person, every receipt verified locally (inclusion proof and tree-head
 * signature under the configured ledger key), a map query. Prints a Chinese/English summary; exit 0
 * only when every step passed, 1 otherwise, 2 on bad configuration.
 *
 * <p>Configuration is the console's ({@link ConsoleConfig}: -Dyzt.server, -Dyzt.trust, -Dyzt.skf.library,
 * -Dyzt.ledgerKey); the soft UKEYs are found through SOFTUKEY_DIR. Secrets come from the environment
 * (DEMO_USER_PIN, DEMO_SECADMIN_PASSWORD, DEMO_APPROVER_PASSWORD), never from arguments.
 */
public final class HeadlessDemo {

    static final String APPLICATION = "YZT";
    static final String REQUESTER = "secadmin";
    static final String APPROVER = "approver";

    private final ConsoleConfig config;
    private final SkfLibrary library;
    private final DemoSummary summary = new DemoSummary(System.out);
    private final DemoSummary.DemoTexts zh = new DemoSummary.DemoTexts(Locale.SIMPLIFIED_CHINESE);
    private final List<SignedResult> signed = new ArrayList<>();

    HeadlessDemo(ConsoleConfig config, SkfLibrary library) {
        this.config = config;
        this.library = library;
    }

    public static void main(String[] args) {
        ConsoleConfig cfg = ConsoleConfig.load();
        if (cfg.server() == null || cfg.skfLibrary() == null || cfg.trust().isEmpty()) {
            System.err.println("HeadlessDemo: set -Dyzt.server, -Dyzt.trust and -Dyzt.skf.library (bin/demo does)");
            System.exit(2);
        }
        long t0 = System.nanoTime();
        HeadlessDemo demo = new HeadlessDemo(cfg, SkfLibrary.load(cfg.skfLibrary()));
        boolean ok = demo.run();
        demo.summary.print((System.nanoTime() - t0) / 1_000_000);
        System.exit(ok ? 0 : 1);
    }

    /** Runs the steps in order; stops at the first failure (the later steps build on the earlier ones). */
    boolean run() {
        LoggedIn requester = null;
        LoggedIn approver = null;
        try {
            LoggedIn[] r = new LoggedIn[1];
            if (!step("login.requester", () -> {
                r[0] = login(REQUESTER, "DEMO_SECADMIN_PASSWORD");
                return zh.get("detail.login", REQUESTER, r[0].api().session().cipherSuite());
            })) {
                return false;
            }
            requester = r[0];
            LoggedIn req = requester;
            if (!step("ledger.login", () -> treeHead(req.treeHead()))) {
                return false;
            }
            SigningService requesterSigning = signing(requester);
            String username = "op" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyMMddHHmmss"));
            if (!step("op.signed", () -> {
                ObjectNode p = JsonNodeFactory.instance.objectNode().put("username", username).put("displayName", "演示运维员");
                p.putArray("roles").add("OPERATOR");
                SignedResult s = requesterSigning.signAndSubmit(requesterSigning.prepare(
                        new OperationRequest(OperationTypes.USER_CREATE, p, null)));
                signed.add(s);
                return zh.get("detail.user", username, s.ledgerIndex());
            })) {
                return false;
            }
            byte[][] requestLeaf = new byte[1][];
            if (!step("op.request", () -> {
                ObjectNode p = JsonNodeFactory.instance.objectNode().put("username", username).put("role", "AUDITOR");
                SignedResult s = requesterSigning.signAndSubmit(requesterSigning.prepare(
                        new OperationRequest(OperationTypes.ROLE_GRANT, p, null)));
                signed.add(s);
                requestLeaf[0] = s.receipt().leafHash();
                return zh.get("detail.request", s.ledgerIndex(), HexFormat.of().formatHex(requestLeaf[0]).substring(0, 16) + "…");
            })) {
                return false;
            }
            if (!step("login.approver", () -> {
                r[0] = login(APPROVER, "DEMO_APPROVER_PASSWORD");
                return zh.get("detail.login", APPROVER, r[0].api().session().cipherSuite());
            })) {
                return false;
            }
            approver = r[0];
            LoggedIn appr = approver;
            PendingRequest[] pending = new PendingRequest[1];
            if (!step("op.pending", () -> {
                pending[0] = appr.api().pending().stream().filter(p -> Arrays.equals(p.leafHash(), requestLeaf[0]))
                        .findFirst().orElseThrow(() -> new IllegalStateException("request not in the approver's inbox"));
                return pending[0].type() + " #" + pending[0].ledgerIndex();
            })) {
                return false;
            }
            if (!step("op.approve", () -> {
                SigningService s = signing(appr);
                SignedResult d = s.signAndSubmit(s.prepareDecision(pending[0], true));
                signed.add(d);
                return "#" + d.ledgerIndex();
            })) {
                return false;
            }
            if (!step("op.effect", () -> {
                long id = req.api().users().stream().filter(u -> u.username().equals(username)).findFirst()
                        .orElseThrow(() -> new IllegalStateException(username + " not found")).id();
                List<String> roles = req.api().user(id).roles();
                if (!roles.contains("AUDITOR") || !roles.contains("OPERATOR")) {
                    throw new IllegalStateException("roles of " + username + " are " + roles);
                }
                return zh.get("detail.roles", username, roles);
            })) {
                return false;
            }
            if (!step("receipt.verify", this::verifyReceipts)) {
                return false;
            }
            LayerDescriptor[] parcels = new LayerDescriptor[1];
            if (!step("map.layers", () -> {
                List<LayerDescriptor> layers = appr.api().mapLayers();
                parcels[0] = layers.stream().filter(l -> l.id().equals(DemoLayers.PARCEL)).findFirst()
                        .orElseThrow(() -> new IllegalStateException("no parcel layer in " + layers.size() + " layers"));
                return zh.get("detail.layers", layers.size(), parcels[0].featureCount());
            })) {
                return false;
            }
            if (!step("map.query", () -> mapQuery(appr, parcels[0]))) {
                return false;
            }
            LoggedIn a = approver;
            LoggedIn q = requester;
            requester = null;
            approver = null;
            return step("logout", () -> {
                q.api().logout();
                a.api().logout();
                return "";
            });
        } finally {
            close(requester);
            close(approver);
        }
    }

    private LoggedIn login(String person, String passwordVariable) throws Exception {
        char[] pin = secret("DEMO_USER_PIN");
        KeyStore ks;
        try {
            ks = KeyStores.open(library, person, APPLICATION, pin);
        } finally {
            Arrays.fill(pin, '\0');
        }
        return new ConsoleLogin(config).login(ks, person, person, secret(passwordVariable), null);
    }

    private SigningService signing(LoggedIn li) {
        return new SigningService(li.api(), li::identity, li.ledger(), new ReceiptStore(config.recordsDir()),
                Locale.SIMPLIFIED_CHINESE);
    }

    private String treeHead(TreeHeadStatus s) {
        return switch (s.state()) {
            case CONSISTENT, FIRST_SEEN, EMPTY -> zh.get("detail.treehead", s.head() == null ? 0 : s.head().treeHead().treeSize(),
                    s.state());
            default -> throw new IllegalStateException(s.state() + ": " + s.message());
        };
    }

    /** Every receipt again, independently of SigningService: and a tampered entry must fail. */
    private String verifyReceipts() {
        ReceiptVerifier verifier = new ReceiptVerifier(signedLedgerKey());
        long size = 0;
        for (SignedResult s : signed) {
            Optional<LedgerProblem> p = verifier.verify(s.receipt(), s.entry());
            if (p.isPresent()) {
                throw new IllegalStateException("receipt #" + s.ledgerIndex() + ": " + p.get());
            }
            size = Math.max(size, s.receipt().signedTreeHead().treeHead().treeSize());
        }
        byte[] tampered = signed.get(0).entry();
        tampered[tampered.length / 2] ^= 1;
        if (verifier.verify(signed.get(0).receipt(), tampered).isEmpty()) {
            throw new IllegalStateException("a tampered ledger entry verified: the verifier is broken");
        }
        return zh.get("detail.receipt", signed.size(), size);
    }

    private java.security.PublicKey signedLedgerKey() {
        return new cn.yzt.ops.client.api.LedgerCheck(config).ledgerKey()
                .orElseThrow(() -> new IllegalStateException(zh.get("error.noLedgerKey")));
    }

    private String mapQuery(LoggedIn li, LayerDescriptor layer) {
        Extent e = layer.extent();
        double cx = (e.minLon() + e.maxLon()) / 2;
        double cy = (e.minLat() + e.maxLat()) / 2;
        double w = (e.maxLon() - e.minLon()) / 8;
        double h = (e.maxLat() - e.minLat()) / 8;
        List<Feature> found = li.api().mapFeatures(layer.id(), new Extent(cx - w, cy - h, cx + w, cy + h), 12, Cancellable.none());
        if (found.isEmpty()) {
            throw new IllegalStateException("no parcel in the central eighth of the extent");
        }
        String code = found.get(0).attribute(Attributes.PARCEL_CODE);
        Feature byCode = li.api().parcel(code).orElseThrow(() -> new IllegalStateException("parcel " + code + " not found by code"));
        if (!code.equals(byCode.attribute(Attributes.PARCEL_CODE))) {
            throw new IllegalStateException("parcel lookup returned " + byCode.attribute(Attributes.PARCEL_CODE));
        }
        return zh.get("detail.query", found.size(), code, byCode.id());
    }

    /** Runs one step and records it; false when it failed (the reason is printed). */
    private boolean step(String key, Callable<String> body) {
        long t = System.nanoTime();
        try {
            String detail = body.call();
            summary.add(new DemoSummary.Step(key, true, detail, (System.nanoTime() - t) / 1_000_000));
            return true;
        } catch (Exception | AssertionError ex) {
            String why = ex.getClass().getSimpleName() + ": " + ex.getMessage();
            summary.add(new DemoSummary.Step(key, false, why, (System.nanoTime() - t) / 1_000_000));
            return false;
        }
    }

    private static char[] secret(String variable) {
        String v = System.getenv(variable);
        if (v == null || v.isEmpty()) {
            throw new IllegalStateException("environment variable " + variable + " is not set (bin/demo sets it)");
        }
        return v.toCharArray();
    }

    private static void close(LoggedIn li) {
        if (li != null) {
            try {
                li.api().close();
            } catch (RuntimeException ignored) {
                // best effort at exit
            }
        }
    }
}
