/**
 * Evidence bundles (one canonical JSON file per ledger entry, optionally with related dual-control
 * entries) and their offline verification with only trust anchors and the ledger public key.
 */
package cn.yzt.ops.protocol.evidence;
