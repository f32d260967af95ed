package cn.yzt.ops.server.user;

/** Masks personal data for output to callers without the reveal permission. */
public final class Masking {

    private Masking() {
    }

    /** 张三丰 → 张**; single character names stay as "*". */
    public static String name(String s) {
        if (s == null) {
            return null;
        }
        int n = s.codePointCount(0, s.length());
        if (n <= 1) {
            return "*";
        }
        int first = s.offsetByCodePoints(0, 1);
        return s.substring(0, first) + "*".repeat(n - 1);
    }

    /** 530902198001011234 → 530902********1234. */
    public static String idCard(String s) {
        return s == null ? null : s.substring(0, 6) + "*".repeat(s.length() - 10) + s.substring(s.length() - 4);
    }

    /** 13800001111 → 138****1111. */
    public static String phone(String s) {
        return s == null ? null : s.substring(0, 3) + "****" + s.substring(s.length() - 4);
    }

    /** zhangsan@example.cn → z***@example.cn. */
    public static String email(String s) {
        if (s == null) {
            return null;
        }
        int at = s.indexOf('@');
        return s.charAt(0) + "***" + s.substring(at);
    }
}
