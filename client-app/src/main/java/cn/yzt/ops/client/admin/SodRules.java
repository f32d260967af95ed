package cn.yzt.ops.client.admin;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The separation-of-duty rules, so the console can explain a conflicting grant before anyone signs
 * it. The server is the authority (ops-server rbac.SeparationOfDuties refuses the operation in
 * any case); this table mirrors it and adds the reason shown to the administrator. Keep the two
 * in step (better: move the pairs into ops-protocol, see the screens report).
 */
public final class SodRules {

    /** Two roles one person may not hold together, and the message key of why. */
    public record Rule(String a, String b, String reasonKey) {
        boolean involves(String x, String y) {
            return (a.equals(x) && b.equals(y)) || (a.equals(y) && b.equals(x));
        }
    }

    public static final List<String> ROLES = List.of("SYSTEM_ADMIN", "SECURITY_ADMIN", "AUDITOR", "KEY_ADMIN", "OPERATOR",
            "APPROVER");

    public static final List<Rule> RULES = List.of(
            new Rule("SYSTEM_ADMIN", "SECURITY_ADMIN", "sod.threeAdmins"),
            new Rule("SYSTEM_ADMIN", "AUDITOR", "sod.threeAdmins"),
            new Rule("SECURITY_ADMIN", "AUDITOR", "sod.threeAdmins"),
            new Rule("KEY_ADMIN", "AUDITOR", "sod.keyAdmin"),
            new Rule("KEY_ADMIN", "OPERATOR", "sod.keyAdmin"),
            new Rule("KEY_ADMIN", "SYSTEM_ADMIN", "sod.keyAdmin"),
            new Rule("APPROVER", "AUDITOR", "sod.approverAuditor"));

    private SodRules() {
    }

    /** The first rule that adding {@code added} to {@code held} would break. */
    public static Optional<Rule> conflict(Collection<String> held, String added) {
        for (String h : held) {
            for (Rule r : RULES) {
                if (r.involves(h, added)) {
                    return Optional.of(r);
                }
            }
        }
        return Optional.empty();
    }

    /** The first rule broken inside {@code roles} (a new account's role set). */
    public static Optional<Rule> conflictWithin(List<String> roles) {
        for (int i = 0; i < roles.size(); i++) {
            Optional<Rule> r = conflict(roles.subList(0, i), roles.get(i));
            if (r.isPresent()) {
                return r;
            }
        }
        return Optional.empty();
    }

    /** "不能授予：{a} 与 {b} 不能由同一人担任。{why}" */
    public static String explain(Rule r, Messages m) {
        return m.get("sod.conflict", m.role(r.a()), m.role(r.b()), m.get(r.reasonKey()));
    }
}
