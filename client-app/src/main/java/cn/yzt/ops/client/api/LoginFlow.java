package cn.yzt.ops.client.api;

import java.io.IOException;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;

import cn.yzt.ops.protocol.api.LoginRequest;
import cn.yzt.ops.protocol.api.LoginStatement;
import cn.yzt.ops.protocol.crypto.Sm2;
import cn.yzt.ops.skf.jca.SkfProvider;
import cn.yzt.ops.tlcp.TlcpClientContext;
import cn.yzt.ops.tlcp.TlcpContexts;
import cn.yzt.ops.tlcp.TlcpProviders;
import cn.yzt.ops.tlcp.okhttp.TlcpOkHttp;
import cn.yzt.ops.tlcp.pki.PemFiles;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.Handshake;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** One login attempt, step by step (see {@link ConsoleLogin}). Not reusable. */
final class LoginFlow {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    /** Warn before the server's own limit (300 s by default) so the admin gets the real reason. */
    static final Duration MAX_SKEW = Duration.ofSeconds(240);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final ConsoleConfig config;
    private final java.security.KeyStore store;
    private final String alias;
    private final String username;
    private final Consumer<LoginStep> progress;
    private final ApiText text;
    /** Later handshakes of the same client (reconnects) are no login progress. */
    private volatile boolean finished;

    LoginFlow(ConsoleConfig config, java.security.KeyStore store, String alias, String username,
            Consumer<LoginStep> progress) {
        this.config = config;
        this.store = store;
        this.alias = alias;
        this.username = username;
        this.progress = progress == null ? s -> { } : progress;
        this.text = new ApiText(config.locale());
    }

    LoggedIn run(char[] password) {
        HttpOpsApi api = null;
        boolean ok = false;
        try {
            URI server = config.server();
            if (server == null) {
                throw config("CONFIG_NO_SERVER", text.get("error.config.noServer"));
            }
            TokenIdentity identity = identity();
            progress.accept(LoginStep.HANDSHAKE);
            api = open(server, identity);
            LoggedIn result = login(api, identity, password);
            ok = true;
            return result;
        } finally {
            finished = true;
            Arrays.fill(password, '\0');
            if (!ok && api != null) {
                api.close();
            }
        }
    }

    private TokenIdentity identity() {
        TokenIdentity id;
        try {
            id = TokenIdentity.of(store, alias);
        } catch (IllegalArgumentException ex) {
            throw config("NO_CERTIFICATE", text.get("error.token.noCertificate"));
        }
        X509Certificate c = id.signCertificate();
        try {
            c.checkValidity();
        } catch (CertificateExpiredException ex) {
            throw new OpsApiException(OpsApiException.Kind.CERT_EXPIRED, 0, "CERT_EXPIRED",
                    text.get("error.cert.expired", DAY.format(c.getNotAfter().toInstant().atZone(ZoneId.systemDefault()))),
                    "notAfter " + c.getNotAfter().toInstant(), ex);
        } catch (CertificateNotYetValidException ex) {
            throw new OpsApiException(OpsApiException.Kind.CERT_EXPIRED, 0, "CERT_NOT_YET_VALID",
                    text.get("error.cert.notYetValid",
                            DAY.format(c.getNotBefore().toInstant().atZone(ZoneId.systemDefault()))),
                    "notBefore " + c.getNotBefore().toInstant(), ex);
        }
        return id;
    }

    /** The one OkHttp client of this server: TLCP with the token's keys, interceptors, progress events. */
    private HttpOpsApi open(URI server, TokenIdentity identity) {
        List<X509Certificate> anchors = new ArrayList<>();
        if (config.trust().isEmpty()) {
            throw config("CONFIG_NO_TRUST", text.get("error.config.noTrust"));
        }
        for (java.nio.file.Path p : config.trust()) {
            try {
                anchors.addAll(PemFiles.readCertificates(p));
            } catch (IOException | RuntimeException ex) {
                throw config("CONFIG_TRUST", text.get("error.config.trust", p, ex.getMessage()));
            }
        }
        List<X509CRL> crls = new ArrayList<>();
        if (config.crl() != null) {
            try {
                crls.add(PemFiles.readCrl(config.crl()));
            } catch (IOException | RuntimeException ex) {
                throw config("CONFIG_CRL", text.get("error.config.crl", config.crl(), ex.getMessage()));
            }
        }
        // The token provider must sit in front of bgmprovider so the handshake's CertificateVerify
        // reaches the UKEY by JCA delayed provider selection (TLCP-NOTES.md).
        TlcpProviders.installTokenProvider(new SkfProvider());
        SessionTokenInterceptor token = new SessionTokenInterceptor();
        TlcpChannelRecorder channel = new TlcpChannelRecorder();
        ErrorTranslationInterceptor errors = new ErrorTranslationInterceptor(config.locale());
        FailureTranslator failures = new FailureTranslator(server, config.locale());
        // serverName: the name the server's TLCP sign certificate carries when the configured
        // address is another one (an IP, a tunnel). Connect "to" that name so hostname
        // verification checks it, and resolve the name to the configured address.
        String realHost = server.getHost();
        String expected = config.expectedServerName();
        URI base = server;
        okhttp3.Dns dns = okhttp3.Dns.SYSTEM;
        if (expected != null && !expected.equalsIgnoreCase(realHost)) {
            base = URI.create(server.toString().replaceFirst("//" + java.util.regex.Pattern.quote(realHost), "//" + expected));
            dns = host -> okhttp3.Dns.SYSTEM.lookup(host.equalsIgnoreCase(expected) ? realHost : host);
        }
        okhttp3.Dns resolver = dns;
        java.util.function.Function<TokenIdentity, OkHttpClient> clients = id -> {
            TlcpClientContext ctx;
            try {
                ctx = TlcpContexts.client().trustAnchors(anchors).crls(crls)
                        .keyStore(id.store(), null, id.alias()).build();
            } catch (RuntimeException ex) {
                throw failures.translate(ex);
            }
            return TlcpOkHttp.builder(ctx, CONNECT_TIMEOUT, READ_TIMEOUT)
                    .dns(resolver)
                    .addInterceptor(errors)
                    .addInterceptor(token)
                    .addNetworkInterceptor(channel)
                    .eventListener(new EventListener() {
                        @Override
                        public void secureConnectEnd(Call call, Handshake handshake) {
                            if (!finished) {
                                progress.accept(LoginStep.CHALLENGE);
                            }
                        }
                    })
                    .build();
        };
        return new HttpOpsApi(base, identity, clients, token, channel, config.locale());
    }

    private LoggedIn login(HttpOpsApi api, TokenIdentity identity, char[] password) {
        // challenge (the first request also performs the TLCP handshake)
        Request chReq = new Request.Builder().url(api.url("/api/v1/auth/challenge"))
                .post(RequestBody.create(json(Map.of("username", username)), HttpOpsApi.JSON_TYPE)).build();
        JsonNode ch;
        Duration skew;
        try (Response r = api.executeRaw(chReq)) {
            skew = skew(r);
            ch = api.tree(r.body().bytes());
        } catch (IOException ex) {
            throw api.failures().translate(ex);
        }
        OpsApiException skewed = tooFarApart(skew, text);
        if (skewed != null) {
            throw skewed;
        }
        TlcpChannelRecorder.Channel channel = api.channel().last();
        if (channel == null || channel.serverSignCertificate() == null) {
            throw api.failures().protocol("no TLCP server sign certificate recorded", null);
        }
        byte[] serverCertSm3;
        try {
            serverCertSm3 = Sm2.sm3(channel.serverSignCertificate().getEncoded());
        } catch (CertificateEncodingException ex) {
            throw api.failures().protocol("server certificate unencodable", ex);
        }
        // Sign the SM3 of the certificate WE saw: a relay in the middle cannot make us vouch for its channel.
        String announced = ch.path("serverCertSm3").asText();
        if (!HexFormat.of().formatHex(serverCertSm3).equalsIgnoreCase(announced)) {
            throw new OpsApiException(OpsApiException.Kind.TLCP_REFUSED, 0, "SERVER_CERT_MISMATCH",
                    text.get("error.serverCert.mismatch"), "announced " + announced, null);
        }
        String serverId = ch.path("serverId").asText();
        byte[] nonce;
        try {
            nonce = Base64.getUrlDecoder().decode(ch.path("nonce").asText());
        } catch (IllegalArgumentException ex) {
            throw api.failures().protocol("bad challenge nonce", ex);
        }
        progress.accept(LoginStep.SIGNING);
        byte[] statement = new LoginStatement(username, nonce, serverId, serverCertSm3, Instant.now()).toCanonicalJson();
        byte[] signature = signOnToken(identity.signKey(), statement, api);

        progress.accept(LoginStep.LOGIN);
        byte[] body;
        try {
            body = HttpOpsApi.JSON.writeValueAsBytes(new LoginRequest(ch.path("challengeId").asText(),
                    Base64.getEncoder().encodeToString(statement), Base64.getEncoder().encodeToString(signature),
                    Base64.getEncoder().encodeToString(identity.signCertificate().getEncoded()), password));
        } catch (IOException | CertificateEncodingException ex) {
            throw api.failures().protocol("cannot encode login", ex);
        }
        JsonNode session;
        try {
            session = api.tree(api.execute(new Request.Builder().url(api.url("/api/v1/auth/login"))
                    .post(RequestBody.create(body, HttpOpsApi.JSON_TYPE)).build(), null));
        } catch (OpsApiException ex) {
            if (ex.kind() == OpsApiException.Kind.LOGIN_REFUSED) {
                throw new OpsApiException(ex.kind(), ex.status(), ex.code(), text.get("error.login.refused"),
                        ex.detail(), ex);
            }
            throw ex;
        } finally {
            Arrays.fill(body, (byte) 0); // the password was in it
        }
        String token = session.path("token").asText(null);
        if (token == null || token.isEmpty()) {
            throw api.failures().protocol("login answer without token", null);
        }
        Instant expires;
        try {
            expires = OffsetDateTime.parse(session.path("expiresAt").asText()).toInstant();
        } catch (RuntimeException ex) {
            throw api.failures().protocol("bad expiresAt", ex);
        }
        SessionInfo info = new SessionInfo(api.base(), channel.cipherSuite(), "TLCP",
                channel.serverSignCertificate().getSubjectX500Principal().getName(), serverId,
                session.path("username").asText(username), identity.signCertificate().getSubjectX500Principal().getName(),
                expires, Duration.ofSeconds(session.path("idleTimeoutSeconds").asLong(0)));
        api.loggedIn(info, token);

        progress.accept(LoginStep.LEDGER);
        LedgerCheck ledger;
        try {
            ledger = new LedgerCheck(config);
        } catch (RuntimeException ex) {
            throw config("CONFIG_LEDGER_KEY", text.get("error.config.ledgerKey", config.ledgerKey(), ex.getMessage()));
        }
        TreeHeadStatus head;
        try {
            head = ledger.checkAtLogin(api);
        } catch (OpsApiException ex) {
            // Could not fetch head or proof: logged in, but the check is not done; say so.
            head = new TreeHeadStatus(TreeHeadStatus.State.UNCHECKED, ex.getMessage(), null);
        }
        return new LoggedIn(api, identity, head, ledger);
    }

    private byte[] signOnToken(PrivateKey key, byte[] data, HttpOpsApi api) {
        try {
            Signature s = Signature.getInstance("SM3withSM2");
            s.initSign(key);
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException | RuntimeException ex) {
            throw new OpsApiException(OpsApiException.Kind.TOKEN, 0, "TOKEN_FAILED", text.get("error.token"),
                    ex.getClass().getSimpleName() + ": " + ex.getMessage(), ex);
        }
    }

    /** Server time minus ours, from the Date header (zero when absent). */
    private static Duration skew(Response r) {
        return skew(r.header("Date"), Instant.now());
    }

    /** Server time (HTTP Date header, RFC 1123) minus {@code now}; zero when absent or unreadable. */
    static Duration skew(String date, Instant now) {
        if (date == null) {
            return Duration.ZERO;
        }
        try {
            Instant server = ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return Duration.between(now, server);
        } catch (RuntimeException ex) {
            return Duration.ZERO;
        }
    }

    /** The CLOCK_SKEW refusal when {@code skew} is beyond what the server accepts, else null. */
    static OpsApiException tooFarApart(Duration skew, ApiText text) {
        if (skew.abs().compareTo(MAX_SKEW) <= 0) {
            return null;
        }
        return new OpsApiException(OpsApiException.Kind.CLOCK_SKEW, 0, "CLOCK_SKEW",
                text.get("error.clock.skew", skew.abs().toSeconds()), "skew " + skew, null);
    }

    private static byte[] json(Object o) {
        try {
            return HttpOpsApi.JSON.writeValueAsBytes(o);
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private OpsApiException config(String code, String message) {
        return new OpsApiException(OpsApiException.Kind.CONFIG, 0, code, message, code, null);
    }
}
