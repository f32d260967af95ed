package cn.yzt.ops.protocol.json;

/** A JSON document that does not have the required form; {@link #member()} names the offending member. */
public final class JsonFormatException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;
    private final String member;

    public JsonFormatException(String member, String problem) {
        super(member.isEmpty() ? problem : member + ": " + problem);
        this.member = member;
    }

    /** Dotted member name, empty for the document as a whole. */
    public String member() {
        return member;
    }
}
