package cn.yzt.ops.client.api;

import java.time.Instant;

/** A server-issued single-use nonce for the next signed document, valid until expiresAt. */
public record OperationNonce(byte[] value, Instant expiresAt) {
    public OperationNonce {
        value = value.clone();
    }

    @Override
    public byte[] value() {
        return value.clone();
    }
}
