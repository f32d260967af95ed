package cn.yzt.ops.server.rbac;

/** A grant would give one person two conflicting roles (HTTP 409). */
public final class SodViolationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final SeparationOfDuties.Conflict conflict;

    public SodViolationException(SeparationOfDuties.Conflict conflict) {
        super("separation of duties: " + conflict.a() + " and " + conflict.b() + " may not be held together");
        this.conflict = conflict;
    }

    public SeparationOfDuties.Conflict conflict() {
        return conflict;
    }
}
