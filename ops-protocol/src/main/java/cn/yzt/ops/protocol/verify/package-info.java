/** {@code ops-verify}: the command-line offline verifier (bin/ops-verify); strings in messages*.properties. */
package cn.yzt.ops.protocol.verify;
