package cn.yzt.ops.skf;

import java.io.ByteArrayInputStream;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.Callable;

import com.sun.jna.Function;
import com.sun.jna.Pointer;

import cn.yzt.ops.protocol.crypto.Sm2;
import cn.yzt.ops.skf.jna.EccPublicKeyBlob;
import cn.yzt.ops.skf.jna.EccSignatureBlob;
import cn.yzt.ops.skf.jna.OutUlong;

/** An opened container (HCONTAINER) with up to two SM2 key pairs: sign and enc. */
public final class Container implements AutoCloseable {

    /** SGD_SM2_1 in the older vendor numbering, then in GM/T 0006 (SKF-SPEC §2). */
    static final int SGD_SM2_1_VENDOR = 0x00020100;
    static final int SGD_SM2_1_STD = 0x00020200;
    /** Largest message passed to a hash-inside library (it takes M itself in one call). */
    static final int HASH_INSIDE_MAX = 8 * 1024;

    private final DeviceSession session;
    private final SkfName name;
    private final Pointer hCon;
    private volatile boolean closed;
    /** The sign key's (x, y), cached: it is needed for Z on every signature. */
    private volatile byte[][] signPoint;

    Container(DeviceSession session, SkfName name, Pointer hCon) {
        this.session = session;
        this.name = name;
        this.hCon = hCon;
    }

    public String name() {
        return name.text();
    }

    public ContainerType type() {
        Optional<Function> f = session.library.optional().first(8, "SKF_GetContainerType", "SKF_GetContianerType");
        if (f.isEmpty()) {
            return publicKey(true).isPresent() ? ContainerType.ECC : ContainerType.UNKNOWN;
        }
        return call("SKF_GetContainerType", () -> {
            OutUlong type = new OutUlong();
            session.check("SKF_GetContainerType", f.get().invokeInt(new Object[] {hCon, type}));
            return ContainerType.of(type.value());
        });
    }

    /** SKF_GenECCKeyPair (both SGD_SM2_1 numberings tried); returns the new sign public key. */
    public PublicKey generateSignKeyPair() {
        byte[][] xy = call("SKF_GenECCKeyPair", () -> {
            LibraryState st = session.state();
            int[] algs = st.sm2AlgId != 0 ? new int[] {st.sm2AlgId} : new int[] {SGD_SM2_1_VENDOR, SGD_SM2_1_STD};
            for (int i = 0; i < algs.length; i++) {
                EccPublicKeyBlob blob = new EccPublicKeyBlob();
                int rc = session.api().SKF_GenECCKeyPair(hCon, algs[i], blob);
                if (rc == 0) {
                    st.sm2AlgId = algs[i];
                    return Blobs.publicKeyPoint(blob, st);
                }
                boolean tryNext = i + 1 < algs.length && (rc == SarCode.SAR_NOTSUPPORTYETERR.code()
                        || rc == SarCode.SAR_INVALIDPARAMERR.code() || rc == SarCode.SAR_KEYUSAGEERR.code());
                if (!tryNext) {
                    session.check("SKF_GenECCKeyPair", rc);
                }
            }
            throw new IllegalStateException("unreachable");
        });
        signPoint = xy;
        return Blobs.toPublicKey(xy);
    }

    /** SKF_ExportPublicKey; empty when the container has no such key. */
    public Optional<PublicKey> publicKey(boolean sign) {
        return point(sign).map(Blobs::toPublicKey);
    }

    /** SKF_ImportECCKeyPair with a GM/T 0016 ENVELOPEDKEYBLOB (see {@link EnvelopedKeys}). */
    public void importEncKeyPair(byte[] envelopedKeyBlob) {
        byte[] blob = Blobs.envelopedForLibrary(envelopedKeyBlob, session.state());
        call("SKF_ImportECCKeyPair", () -> {
            session.check("SKF_ImportECCKeyPair", session.api().SKF_ImportECCKeyPair(hCon, blob));
            return null;
        });
    }

    public void importCertificate(boolean sign, byte[] der) {
        parseCertificate(der, true);
        byte[] copy = der.clone();
        call("SKF_ImportCertificate", () -> {
            session.check("SKF_ImportCertificate",
                    session.api().SKF_ImportCertificate(hCon, sign ? 1 : 0, copy, copy.length));
            return null;
        });
    }

    /** SKF_ExportCertificate; empty when there is none (whatever code the vendor uses for that). */
    public Optional<X509Certificate> certificate(boolean sign) {
        byte[] der = fetchOrEmpty("SKF_ExportCertificate", SizeProtocol.INITIAL_CERT,
                (buf, len) -> session.api().SKF_ExportCertificate(hCon, sign ? 1 : 0, buf, len));
        return der.length == 0 ? Optional.empty() : Optional.of(parseCertificate(der, false));
    }

    /** SKF_ECCSignData on e (32 bytes); returns raw r||s (64 bytes). Standard (prehashed) semantics only. */
    public byte[] signDigest(byte[] e) {
        if (e == null || e.length != 32) {
            throw new IllegalArgumentException("e must be 32 bytes (SM3(Z||M)), got " + (e == null ? "null" : e.length));
        }
        LibraryProfile.SignSemantics sem = semantics();
        if (sem != LibraryProfile.SignSemantics.PREHASHED) {
            throw new SkfException("SKF_ECCSignData", 0, "sign.notPrehashed", null);
        }
        return rawSign(e);
    }

    /**
     * SM3withSM2 over {@code message} with signer {@code id}: Z and e computed on the host from
     * the sign public key, signed on the token, returned as GM/T 0009 DER. Copes with
     * hash-inside libraries (per {@link LibraryProfile}).
     */
    public byte[] sign(byte[] message, byte[] id) {
        if (message == null) {
            throw new IllegalArgumentException("message must not be null");
        }
        byte[] signerId = id == null ? Sm2.DEFAULT_ID : id;
        if (signerId.length == 0 || signerId.length > 8191) {
            throw new IllegalArgumentException("SM2 signer ID must be 1..8191 bytes");
        }
        LibraryProfile.SignSemantics sem = semantics();
        switch (sem) {
            case PREHASHED: {
                byte[][] xy = signPoint();
                return Sm2.rawToDer(rawSign(Sm2.e(signerId, xy[0], xy[1], message)));
            }
            case HASH_INSIDE: {
                // the library computes SM3(Z(default ID) || input) itself: give it M
                if (!Arrays.equals(signerId, Sm2.DEFAULT_ID)) {
                    throw new SkfException("SKF_ECCSignData", 0, "sign.hashInsideId", null);
                }
                if (message.length == 0 || message.length > hashInsideLimit()) {
                    throw new SkfException("SKF_ECCSignData", 0, "sign.hashInsideTooLarge", null,
                            String.valueOf(hashInsideLimit()), String.valueOf(message.length));
                }
                return Sm2.rawToDer(rawSign(message));
            }
            default:
                throw new SkfException("SKF_ECCSignData", 0, "sign.unsupported", null);
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (session.removed() || session.closed()) {
            return;
        }
        session.library.executor().run(() -> session.api().SKF_CloseContainer(hCon));
    }

    // ---- internals

    /** SKF_ECCSignData on {@code input} as given; raw r||s. */
    byte[] rawSign(byte[] input) {
        byte[] data = input.clone();
        return call("SKF_ECCSignData", () -> {
            EccSignatureBlob sig = new EccSignatureBlob();
            session.check("SKF_ECCSignData", session.api().SKF_ECCSignData(hCon, data, data.length, sig));
            return Blobs.rawSignature(sig, session.state());
        });
    }

    byte[][] signPoint() {
        byte[][] xy = signPoint;
        if (xy == null) {
            xy = point(true).orElseThrow(() -> new SkfException("SKF_ExportPublicKey", 0, "key.missing", null));
            signPoint = xy;
        }
        return xy;
    }

    private LibraryProfile.SignSemantics semantics() {
        LibraryState st = session.state();
        String model = session.model();
        LibraryProfile.SignSemantics known = st.signSemantics.get(model);
        if (known == null) {
            known = SignSemanticsProbe.probe(this);
            st.signSemantics.put(model, known);
        }
        st.lastSignSemantics = known;
        return known;
    }

    /** A two-call export whose "no such object" answer (whatever code the vendor uses) becomes empty. */
    private byte[] fetchOrEmpty(String function, int initialSize, SizeProtocol.TwoCall twoCall) {
        return call(function, () -> {
            try {
                return SizeProtocol.fetch(function, session.state(), initialSize, twoCall, session::check);
            } catch (DeviceRemovedException e) {
                throw e;
            } catch (SkfException e) {
                if (meansNoObject(e.code())) {
                    return new byte[0];
                }
                throw e;
            }
        });
    }

    private Optional<byte[][]> point(boolean sign) {
        byte[] blob = fetchOrEmpty("SKF_ExportPublicKey", SizeProtocol.INITIAL_SMALL,
                (buf, len) -> session.api().SKF_ExportPublicKey(hCon, sign ? 1 : 0, buf, len));
        if (blob.length == 0) {
            return Optional.empty();
        }
        if (blob.length != EccPublicKeyBlob.SIZE) {
            return Optional.empty(); // an RSA key (268 bytes): this binding is SM2 only
        }
        if (Coordinates.allZero(blob, 4, 128)) {
            return Optional.empty(); // some libraries answer SAR_OK with an empty blob
        }
        return Optional.of(Blobs.publicKeyPoint(blob, session.state()));
    }

    private int hashInsideLimit() {
        long max = session.readInfo().maxBufferSize();
        return max > 0 && max < HASH_INSIDE_MAX ? (int) max : HASH_INSIDE_MAX;
    }

    /** The codes vendors use for "no such key / certificate" (SKF-SPEC §4.3). */
    private static boolean meansNoObject(int rc) {
        return rc == SarCode.SAR_CERTNOTFOUNTERR.code() || rc == SarCode.SAR_KEYNOTFOUNTERR.code()
                || rc == SarCode.SAR_FILE_NOT_EXIST.code() || rc == SarCode.SAR_FAIL.code();
    }

    private static X509Certificate parseCertificate(byte[] der, boolean input) {
        if (der == null || der.length == 0) {
            throw new IllegalArgumentException("certificate must not be empty");
        }
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509", SignSemanticsProbe.BC);
            return (X509Certificate) cf.generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException | RuntimeException e) {
            if (input) {
                throw new IllegalArgumentException("not a DER X.509 certificate", e);
            }
            throw new SkfException("SKF_ExportCertificate", 0, "binding.badOutput", e);
        }
    }

    private <T> T call(String function, Callable<T> task) {
        if (closed) {
            throw new IllegalStateException("container " + name + " is closed");
        }
        return session.call(function, task);
    }
}
