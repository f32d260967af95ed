package cn.yzt.ops.server.rbac;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Role pairs one person may never hold together. The three administrators (system, security,
 * audit) are mutually exclusive; the key administrator may not also audit or operate (who holds
 * the keys must not also judge or use them); an approver may not audit approvals.
 */
public final class SeparationOfDuties {

    public record Conflict(Role a, Role b) {
        boolean involves(Role x, Role y) {
            return (a == x && b == y) || (a == y && b == x);
        }
    }

    public static final List<Conflict> RULES = List.of(
            new Conflict(Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN),
            new Conflict(Role.SYSTEM_ADMIN, Role.AUDITOR),
            new Conflict(Role.SECURITY_ADMIN, Role.AUDITOR),
            new Conflict(Role.KEY_ADMIN, Role.AUDITOR),
            new Conflict(Role.KEY_ADMIN, Role.OPERATOR),
            new Conflict(Role.KEY_ADMIN, Role.SYSTEM_ADMIN),
            new Conflict(Role.APPROVER, Role.AUDITOR));

    private SeparationOfDuties() {
    }

    /** The first rule that granting NEW to someone holding HELD would break. */
    public static Optional<Conflict> conflict(Collection<Role> held, Role added) {
        for (Role h : held) {
            for (Conflict c : RULES) {
                if (c.involves(h, added)) {
                    return Optional.of(c);
                }
            }
        }
        return Optional.empty();
    }

    public static boolean allowed(Set<Role> roles) {
        for (Role a : roles) {
            for (Role b : roles) {
                if (a != b && RULES.stream().anyMatch(c -> c.involves(a, b))) {
                    return false;
                }
            }
        }
        return true;
    }
}
