package cn.yzt.ops.skf.jca;

import java.util.List;

/** No library, device or application matches what the caller asked for, or the choice is ambiguous. */
public final class TokenSelectionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public enum Kind {
        NO_LIBRARY, NO_DEVICE, DEVICE_NOT_FOUND, AMBIGUOUS_DEVICE,
        NO_APPLICATION, APPLICATION_NOT_FOUND, AMBIGUOUS_APPLICATION
    }

    private final Kind kind;
    private final String requested;
    private final List<String> candidates;

    public TokenSelectionException(Kind kind, String requested, List<String> candidates) {
        super(kind + (requested == null ? "" : " '" + requested + "'")
                + (candidates.isEmpty() ? "" : ", available: " + candidates));
        this.kind = kind;
        this.requested = requested;
        this.candidates = List.copyOf(candidates);
    }

    public Kind kind() {
        return kind;
    }

    /** The name the caller asked for, or null. */
    public String requested() {
        return requested;
    }

    /** What there is to choose from. */
    public List<String> candidates() {
        return candidates;
    }
}
