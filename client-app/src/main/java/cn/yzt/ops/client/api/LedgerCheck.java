package cn.yzt.ops.client.api;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.PEMParser;

import cn.yzt.ops.protocol.crypto.Sm2;
import cn.yzt.ops.protocol.ledger.ConsistencyProof;
import cn.yzt.ops.protocol.ledger.LedgerKeys;
import cn.yzt.ops.protocol.ledger.LedgerProblem;
import cn.yzt.ops.protocol.ledger.ReceiptVerifier;
import cn.yzt.ops.protocol.ledger.SignedTreeHead;
import cn.yzt.ops.protocol.ledger.TreeHead;
import cn.yzt.ops.protocol.ledger.TreeHeadVerifier;

/**
 * The console's side of the ledger (ARCHITECTURE.md section 3): the last signed tree head seen
 * from a server is kept in the state directory ({@code treehead-<SM3(url) prefix>.bin}); at each
 * login the server's new head must be signed by the ledger key and a consistency proof must show
 * that it extends the stored one. Receipts of signed operations are verified with the same key.
 *
 * <p>The ledger public key comes from the configuration ({@code ledgerKey}, a PEM "PUBLIC KEY"
 * delivered with the trust anchors), not from the server: a key fetched from the server being
 * checked would let a compromised server choose the key it is checked with. Without a configured
 * key the console still checks the Merkle consistency of the roots (which needs no key) and says
 * that the signatures were not checked.
 */
public final class LedgerCheck {
    private static final System.Logger LOG = System.getLogger(LedgerCheck.class.getName());

    private final Path stateDir;
    private final URI server;
    private final PublicKey ledgerKey;
    private final ApiText text;

    public LedgerCheck(ConsoleConfig config) {
        this(config.stateDir(), config.server(), loadKey(config.ledgerKey()), new ApiText(config.locale()));
    }

    LedgerCheck(Path stateDir, URI server, PublicKey ledgerKey, ApiText text) {
        this.stateDir = stateDir;
        this.server = server;
        this.ledgerKey = ledgerKey;
        this.text = text;
    }

    /** The configured ledger public key, if any. */
    public Optional<PublicKey> ledgerKey() {
        return Optional.ofNullable(ledgerKey);
    }

    /** A receipt verifier with the ledger key (empty without a configured key). */
    public Optional<ReceiptVerifier> receiptVerifier() {
        return ledgerKey().map(ReceiptVerifier::new);
    }

    /**
     * Checks a receipt for a submitted entry: leaf hash of the entry bytes, inclusion proof into the
     * signed root and (with a configured key) the head's signature. Empty = verified.
     */
    public Optional<LedgerProblem> verifyReceipt(Submitted s) {
        if (ledgerKey != null) {
            return new ReceiptVerifier(ledgerKey).verify(s.receipt(), s.entry());
        }
        byte[] leaf = cn.yzt.ops.protocol.ledger.LedgerHash.leaf(s.entry());
        if (!MessageDigest.isEqual(leaf, s.receipt().leafHash())) {
            return Optional.of(LedgerProblem.LEAF_HASH_MISMATCH);
        }
        TreeHead th = s.receipt().signedTreeHead().treeHead();
        return s.receipt().inclusionProof().verify(s.receipt().leafHash(), th.rootHash()) ? Optional.empty()
                : Optional.of(LedgerProblem.INCLUSION_FAILED);
    }

    /** The stored head for this server, if any (unreadable file = none, logged). */
    public Optional<SignedTreeHead> storedHead() {
        Path f = headFile();
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            return Optional.of(SignedTreeHead.decode(Files.readAllBytes(f)));
        } catch (IOException | RuntimeException ex) {
            LOG.log(Level.WARNING, "stored tree head unreadable: " + f + ": " + ex.getMessage());
            return Optional.empty();
        }
    }

    /** The login-time check against {@code api}; stores the new head when it is good. Never throws for a bad ledger. */
    public TreeHeadStatus checkAtLogin(OpsApi api) {
        Optional<SignedTreeHead> now = api.treeHead();
        if (now.isEmpty()) {
            return new TreeHeadStatus(TreeHeadStatus.State.EMPTY, "", null);
        }
        SignedTreeHead fresh = now.get();
        Optional<SignedTreeHead> stored = storedHead();
        Optional<LedgerProblem> problem;
        if (ledgerKey != null) {
            problem = new TreeHeadVerifier(ledgerKey).verify(fresh);
        } else {
            problem = Optional.empty();
        }
        if (problem.isEmpty() && stored.isPresent()) {
            problem = consistency(api, stored.get(), fresh);
        }
        if (problem.isPresent()) {
            report(problem.get(), stored.orElse(null), fresh);
            return new TreeHeadStatus(TreeHeadStatus.State.INCONSISTENT,
                    text.get("ledger.inconsistent", text.get("ledger.problem." + problem.get().name())), fresh);
        }
        store(fresh);
        if (stored.isEmpty()) {
            return new TreeHeadStatus(ledgerKey == null ? TreeHeadStatus.State.UNCHECKED : TreeHeadStatus.State.FIRST_SEEN,
                    ledgerKey == null ? text.get("ledger.noKey") : "", fresh);
        }
        return new TreeHeadStatus(ledgerKey == null ? TreeHeadStatus.State.UNCHECKED : TreeHeadStatus.State.CONSISTENT,
                ledgerKey == null ? text.get("ledger.noKey") : "", fresh);
    }

    private Optional<LedgerProblem> consistency(OpsApi api, SignedTreeHead older, SignedTreeHead newer) {
        long a = older.treeHead().treeSize();
        long b = newer.treeHead().treeSize();
        if (b < a) {
            return Optional.of(LedgerProblem.TREE_SHRANK);
        }
        if (ledgerKey != null) {
            Optional<LedgerProblem> p = new TreeHeadVerifier(ledgerKey).verify(older);
            if (p.isPresent()) {
                return p; // the stored head itself is not from this ledger key (rotated key or tampered state)
            }
        }
        if (a == b) {
            return MessageDigest.isEqual(older.treeHead().rootHash(), newer.treeHead().rootHash()) ? Optional.empty()
                    : Optional.of(LedgerProblem.CONSISTENCY_FAILED);
        }
        ConsistencyProof proof;
        try {
            proof = api.consistencyProof(a, b);
        } catch (OpsApiException ex) {
            if (ex.kind() == OpsApiException.Kind.INVALID_INPUT) {
                return Optional.of(LedgerProblem.PROOF_MISMATCH); // the server cannot prove it
            }
            throw ex;
        }
        if (ledgerKey != null) {
            return new TreeHeadVerifier(ledgerKey).verifyConsistency(older, newer, proof);
        }
        if (proof.firstSize() != a || proof.secondSize() != b) {
            return Optional.of(LedgerProblem.PROOF_MISMATCH);
        }
        return proof.verify(older.treeHead().rootHash(), newer.treeHead().rootHash()) ? Optional.empty()
                : Optional.of(LedgerProblem.CONSISTENCY_FAILED);
    }

    /** Keeps the evidence: the stored head stays, the conflicting one is written beside it, and a log line. */
    private void report(LedgerProblem p, SignedTreeHead stored, SignedTreeHead fresh) {
        Path evidence = stateDir.resolve("treehead-" + key() + ".conflict-" + Instant.now().toEpochMilli() + ".bin");
        try {
            Files.createDirectories(stateDir);
            Files.write(evidence, fresh.encode());
        } catch (IOException ex) {
            LOG.log(Level.ERROR, "cannot write tree-head evidence " + evidence + ": " + ex.getMessage());
        }
        LOG.log(Level.ERROR, "LEDGER INCONSISTENCY server=" + server + " problem=" + p
                + " stored=" + (stored == null ? "-" : stored.treeHead()) + " new=" + fresh.treeHead()
                + " evidence=" + evidence);
    }

    private void store(SignedTreeHead head) {
        Path f = headFile();
        try {
            Files.createDirectories(stateDir);
            Path tmp = Files.createTempFile(stateDir, ".treehead", ".tmp");
            Files.write(tmp, head.encode());
            try {
                Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException ex) {
                Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** The file of the stored head for this server. */
    public Path headFile() {
        return stateDir.resolve("treehead-" + key() + ".bin");
    }

    private String key() {
        return HexFormat.of().formatHex(Sm2.sm3(server.toString().getBytes(StandardCharsets.UTF_8))).substring(0, 32);
    }

    /** Reads a PEM "PUBLIC KEY" (SM2 SubjectPublicKeyInfo); null for a null path. */
    public static PublicKey loadKey(Path pem) {
        if (pem == null) {
            return null;
        }
        try (Reader r = Files.newBufferedReader(pem, StandardCharsets.US_ASCII); PEMParser p = new PEMParser(r)) {
            Object o = p.readObject();
            if (!(o instanceof SubjectPublicKeyInfo spki)) {
                throw new IllegalArgumentException("not a PEM PUBLIC KEY: " + pem);
            }
            return LedgerKeys.sm2PublicKey(spki.getEncoded());
        } catch (IOException ex) {
            throw new UncheckedIOException("ledger public key unreadable: " + pem, ex);
        }
    }
}
