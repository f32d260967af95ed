package cn.yzt.ops.protocol.ledger;

import java.util.Locale;

import cn.yzt.ops.protocol.json.JsonFormatException;

/** What a ledger entry records (ARCHITECTURE.md section 3). */
public enum EntryKind {
    LOGIN, OPERATION, APPROVAL, ADMIN_EVENT;

    /** Wire name: "login", "operation", "approval", "admin-event". */
    public String wire() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static EntryKind fromWire(String s) {
        for (EntryKind k : values()) {
            if (k.wire().equals(s)) {
                return k;
            }
        }
        throw new JsonFormatException("kind", "must be login, operation, approval or admin-event");
    }

    /** Whether the payload is a CMS SignedData of an operation or approval document. */
    public boolean carriesCms() {
        return this == OPERATION || this == APPROVAL;
    }
}
