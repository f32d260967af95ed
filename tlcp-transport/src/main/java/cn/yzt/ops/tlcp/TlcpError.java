package cn.yzt.ops.tlcp;

/**
 * A translated connection failure: the reason, a sentence for the person at the console (in the
 * requested locale), and the technical detail for the log.
 */
public record TlcpError(TlcpFailure failure, String message, String detail) {

    @Override
    public String toString() {
        return failure + ": " + message + " [" + detail + "]";
    }
}
