package cn.yzt.ops.client.signing;

/** A signing that did not end in a verified receipt; the message is for the person (UI language). */
public class SigningException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SigningException(String message, Throwable cause) {
        super(message, cause);
    }
}
