package cn.yzt.ops.server.map;

import java.util.List;
import java.util.Locale;

/** What an import did: counts and, per rejected feature, where it was and why. */
public record ImportReport(String layerId, int read, int imported, List<Rejection> rejected) {

    /**
     * One rejected feature: its position in the file (1-based), its id if it had one, a reason
     * code (a key of the map bundles) and the library's detail (e.g. the point of a self-intersection).
     */
    public record Rejection(int index, String featureId, String reason, String detail) {
    }

    public ImportReport {
        rejected = List.copyOf(rejected);
    }

    /** The report for a person, one rejected feature per line. */
    public String describe(Locale locale) {
        MapText t = new MapText(locale);
        StringBuilder sb = new StringBuilder(t.format("import.summary", layerId, read, imported, rejected.size()));
        for (Rejection r : rejected) {
            sb.append('\n').append(t.format("import.rejectedLine", r.index(), r.featureId() == null ? "-" : r.featureId(),
                    t.text("reject." + r.reason()), r.detail() == null ? "" : r.detail()));
        }
        return sb.toString();
    }
}
