package cn.yzt.ops.client.settings;

import cn.yzt.ops.protocol.evidence.Certificates;
import cn.yzt.ops.skf.VendorLibraries;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * Checks a {@link SettingsForm} before it is saved: the server address is an https URL with a
 * host, the trust file holds certificates, the CRL (if any) is signed by one of them, the SKF
 * library (if set) is a loadable library for this CPU, the language is zh or en. Reads files:
 * call off the FX thread.
 */
public final class SettingsValidator {

    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?");
    private static final java.security.Provider BC = new BouncyCastleProvider();

    /** The outcome: problems per key (none = can save), the anchors read and the SKF detection. */
    public record Result(Map<SettingKey, SettingsProblem> problems, List<TrustAnchor> anchors,
            VendorLibraries.Detection detection, String ledgerKeyFingerprint) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private final Function<Path, VendorLibraries.Detection> detector;

    /** @param detector SKF library detection for an explicit path (null = automatic) */
    public SettingsValidator(Function<Path, VendorLibraries.Detection> detector) {
        this.detector = detector;
    }

    public static SettingsValidator standard() {
        return new SettingsValidator(VendorLibraries::detect);
    }

    public Result validate(SettingsForm f) {
        Map<SettingKey, SettingsProblem> problems = new EnumMap<>(SettingKey.class);
        server(f.server()).ifPresent(p -> problems.put(SettingKey.SERVER, p));
        List<X509Certificate> certs = List.of();
        if (f.trust().isEmpty()) {
            problems.put(SettingKey.TRUST, new SettingsProblem(SettingKey.TRUST, "trust.required"));
        } else {
            // several PEM files may be listed, comma separated (client.api.ConsoleConfig reads them so)
            List<X509Certificate> all = new java.util.ArrayList<>();
            for (String part : f.trust().split(",")) {
                if (part.isBlank()) {
                    continue;
                }
                try {
                    all.addAll(TrustAnchor.readCertificates(Path.of(part.trim())));
                } catch (SettingsProblem p) {
                    problems.put(SettingKey.TRUST, p);
                } catch (java.nio.file.InvalidPathException e) {
                    problems.put(SettingKey.TRUST, new SettingsProblem(SettingKey.TRUST, "trust.missing", part.trim()));
                }
            }
            certs = all;
        }
        if (!f.crl().isEmpty()) {
            crl(f.crl(), certs).ifPresent(p -> problems.put(SettingKey.CRL, p));
        }
        VendorLibraries.Detection detection;
        try {
            detection = detector.apply(f.skfLibrary().isEmpty() ? null : Path.of(f.skfLibrary()));
        } catch (java.nio.file.InvalidPathException e) {
            detection = new VendorLibraries.Detection(Optional.empty(), "argument", List.of());
        }
        if (!f.skfLibrary().isEmpty() && detection.library().isEmpty()) {
            String status = detection.tried().isEmpty() ? "MISSING" : detection.tried().get(0).status().name();
            problems.put(SettingKey.SKF_LIBRARY,
                    new SettingsProblem(SettingKey.SKF_LIBRARY, "skf.unusable." + status, f.skfLibrary()));
        }
        if (!f.serverName().isEmpty() && !HOST.matcher(f.serverName()).matches()) {
            problems.put(SettingKey.SERVER_NAME, new SettingsProblem(SettingKey.SERVER_NAME, "serverName.invalid"));
        }
        if (!f.lang().isEmpty() && !f.lang().equals("zh") && !f.lang().equals("en")) {
            problems.put(SettingKey.LANG, new SettingsProblem(SettingKey.LANG, "lang.invalid"));
        }
        String keyFingerprint = "";
        if (!f.ledgerKey().isEmpty()) {
            try {
                keyFingerprint = LedgerKeyFile.fingerprint(LedgerKeyFile.read(Path.of(f.ledgerKey())));
            } catch (SettingsProblem p) {
                problems.put(SettingKey.LEDGER_KEY, p);
            } catch (java.nio.file.InvalidPathException e) {
                problems.put(SettingKey.LEDGER_KEY, new SettingsProblem(SettingKey.LEDGER_KEY, "ledgerKey.missing", f.ledgerKey()));
            }
        }
        return new Result(Collections.unmodifiableMap(problems), TrustAnchor.describe(certs), detection, keyFingerprint);
    }

    /** Empty when {@code s} is an https URL with a host and no path beyond "/". */
    static Optional<SettingsProblem> server(String s) {
        if (s.isEmpty()) {
            return Optional.of(new SettingsProblem(SettingKey.SERVER, "server.required"));
        }
        URI u;
        try {
            u = new URI(s);
        } catch (URISyntaxException e) {
            return Optional.of(new SettingsProblem(SettingKey.SERVER, "server.invalid", s));
        }
        if (u.getScheme() == null || !u.getScheme().equalsIgnoreCase("https")) {
            return Optional.of(new SettingsProblem(SettingKey.SERVER, "server.scheme", s));
        }
        if (u.getHost() == null || u.getUserInfo() != null || u.getQuery() != null || u.getFragment() != null
                || !(u.getRawPath() == null || u.getRawPath().isEmpty() || u.getRawPath().equals("/"))) {
            return Optional.of(new SettingsProblem(SettingKey.SERVER, "server.invalid", s));
        }
        if (u.getPort() == 0 || u.getPort() > 65535) {
            return Optional.of(new SettingsProblem(SettingKey.SERVER, "server.invalid", s));
        }
        return Optional.empty();
    }

    private static Optional<SettingsProblem> crl(String file, List<X509Certificate> anchors) {
        X509CRL crl;
        try {
            crl = Certificates.crl(TrustAnchor.readSmall(Path.of(file), SettingKey.CRL, "crl"));
        } catch (SettingsProblem p) {
            return Optional.of(p);
        } catch (java.security.GeneralSecurityException | RuntimeException e) {
            return Optional.of(new SettingsProblem(SettingKey.CRL, "crl.invalid", file));
        }
        if (anchors.isEmpty()) {
            return Optional.empty(); // the trust problem is already reported
        }
        for (X509Certificate a : anchors) {
            try {
                crl.verify(a.getPublicKey(), BC);
                return Optional.empty();
            } catch (java.security.GeneralSecurityException | RuntimeException e) {
                // try the next certificate
            }
        }
        return Optional.of(new SettingsProblem(SettingKey.CRL, "crl.notFromAnchor", crl.getIssuerX500Principal().getName()));
    }
}
