package cn.yzt.ops.tlcp.pki;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** A certificate's validity window. */
public record Validity(Instant notBefore, Instant notAfter) {

    public Validity {
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
        if (!notAfter.isAfter(notBefore)) {
            throw new IllegalArgumentException("notAfter must be after notBefore");
        }
    }

    /** From a minute ago (tolerates small clock skew between hosts) for the given duration. */
    public static Validity fromNow(Duration duration) {
        Instant start = Instant.now().minusSeconds(60);
        return new Validity(start, start.plus(duration));
    }
}
