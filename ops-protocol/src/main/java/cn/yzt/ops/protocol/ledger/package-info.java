/**
 * The append-only ledger's maths and formats (ARCHITECTURE.md section 3): RFC 9162 Merkle tree
 * over SM3 ({@link cn.yzt.ops.protocol.ledger.MerkleTree}, {@link cn.yzt.ops.protocol.ledger.MerkleVerifier}),
 * entries ({@link cn.yzt.ops.protocol.ledger.LedgerEntry}), SM2-signed tree heads
 * ({@link cn.yzt.ops.protocol.ledger.TreeHeadSigner}, {@link cn.yzt.ops.protocol.ledger.TreeHeadVerifier})
 * and receipts ({@link cn.yzt.ops.protocol.ledger.Receipt}, {@link cn.yzt.ops.protocol.ledger.ReceiptVerifier}).
 * Storage is the server's: it implements {@link cn.yzt.ops.protocol.ledger.LeafHashSource} over its table.
 */
package cn.yzt.ops.protocol.ledger;
