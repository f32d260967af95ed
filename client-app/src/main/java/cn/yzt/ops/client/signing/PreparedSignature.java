package cn.yzt.ops.client.signing;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import cn.yzt.ops.protocol.operation.PersonalData;
import cn.yzt.ops.protocol.operation.SignedDocument;

/**
 * A document ready to be signed, exactly as the dialog shows it: the canonical bytes are what
 * the UKEY signs and the SM3 digest is theirs.
 *
 * @param recordType  what the receipt store calls it ({@code user.create}, {@code approval:role.grant}, ...)
 * @param approval    true for an ApprovalDocument (submitted to /ops/approvals)
 * @param headline    the plain-language sentence (who does what to which object)
 * @param rows        label/value pairs shown under it (operator, certificate, server, before → after ...)
 * @param document    the signed document
 * @param canonical   its RFC 8785 bytes
 * @param sm3         SM3 of {@code canonical}
 * @param personal    the openings of the document's personal-data commitments (sent beside the CMS, never
 *                    signed in plain; ops-protocol PersonalData); empty when the document has none
 */
public record PreparedSignature(String recordType, boolean approval, String headline, List<Row> rows,
        SignedDocument document, byte[] canonical, byte[] sm3, Map<String, PersonalData.Opening> personal) {

    public PreparedSignature {
        rows = List.copyOf(rows);
        canonical = canonical.clone();
        sm3 = sm3.clone();
        personal = personal == null ? Map.of() : Map.copyOf(personal);
    }

    public PreparedSignature(String recordType, boolean approval, String headline, List<Row> rows,
            SignedDocument document, byte[] canonical, byte[] sm3) {
        this(recordType, approval, headline, rows, document, canonical, sm3, null);
    }

    @Override
    public byte[] canonical() {
        return canonical.clone();
    }

    @Override
    public byte[] sm3() {
        return sm3.clone();
    }

    /** The digest as 8 groups of 8 hex digits (easier to compare by eye). */
    public String sm3Grouped() {
        String h = HexFormat.of().formatHex(sm3);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < h.length(); i += 8) {
            if (i > 0) {
                b.append(' ');
            }
            b.append(h, i, i + 8);
        }
        return b.toString();
    }

    /** One labelled line of the dialog. */
    public record Row(String label, String value) {
    }
}
