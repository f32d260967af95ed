package cn.yzt.ops.protocol.ledger;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;

import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Signs tree heads with the server's SM2 ledger key. The key stays behind a {@link ContentSigner}
 * (software key today, a GM/T 0018 cipher machine later); one ContentSigner per signature.
 */
public final class TreeHeadSigner {

    private final byte[] keyId;
    private final Supplier<ContentSigner> signers;

    /** @param signers a fresh SM3withSM2 (default ID) ContentSigner per call, for the key {@code publicKey} */
    public TreeHeadSigner(PublicKey publicKey, Supplier<ContentSigner> signers) {
        this.keyId = LedgerKeys.keyId(publicKey);
        this.signers = Objects.requireNonNull(signers);
    }

    /** A software ledger key (BouncyCastle SM3withSM2). */
    public static TreeHeadSigner software(PublicKey publicKey, PrivateKey privateKey) {
        return new TreeHeadSigner(publicKey, () -> {
            try {
                return new JcaContentSignerBuilder("SM3withSM2").setProvider(LedgerKeys.BC).build(privateKey);
            } catch (OperatorCreationException ex) {
                throw new IllegalStateException("cannot use the ledger key: " + ex.getMessage(), ex);
            }
        });
    }

    public byte[] keyId() {
        return keyId.clone();
    }

    public SignedTreeHead sign(long treeSize, byte[] rootHash, Instant timestamp) {
        TreeHead head = new TreeHead(treeSize, rootHash, timestamp, keyId);
        ContentSigner s = signers.get();
        try (OutputStream out = s.getOutputStream()) {
            out.write(head.encode());
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return new SignedTreeHead(head, s.getSignature());
    }

    /** Signs the current root of {@code tree}. */
    public SignedTreeHead sign(MerkleTree tree, long treeSize, Instant timestamp) {
        return sign(treeSize, tree.rootHash(treeSize), timestamp);
    }
}
