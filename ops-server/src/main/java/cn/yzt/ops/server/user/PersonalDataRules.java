package cn.yzt.ops.server.user;

import java.util.regex.Pattern;

/** Validation and normalization of account fields (one place, used before anything is stored). */
public final class PersonalDataRules {

    private static final Pattern USERNAME = Pattern.compile("^[a-z][a-z0-9_.-]{2,31}$");
    private static final Pattern PHONE = Pattern.compile("^1[3-9][0-9]{9}$");
    private static final Pattern EMAIL = Pattern.compile("^[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,190}\\.[A-Za-z]{2,24}$");
    private static final Pattern ID_CARD = Pattern.compile("^[0-9]{17}[0-9X]$");
    private static final int[] ID_WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final char[] ID_CHECK = "10X98765432".toCharArray();

    private PersonalDataRules() {
    }

    public static String username(String s) {
        if (s == null || !USERNAME.matcher(s).matches()) {
            throw new InvalidInputException("invalid.username");
        }
        return s;
    }

    public static String displayName(String s) {
        if (s == null) {
            throw new InvalidInputException("invalid.name");
        }
        String t = s.strip();
        if (t.isEmpty() || t.codePointCount(0, t.length()) > 64 || t.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidInputException("invalid.name");
        }
        return t;
    }

    public static String phone(String s) {
        if (s == null) {
            return null;
        }
        String digits = s.replace(" ", "").replace("-", "");
        if (digits.startsWith("+86")) {
            digits = digits.substring(3);
        }
        if (!PHONE.matcher(digits).matches()) {
            throw new InvalidInputException("invalid.phone");
        }
        return digits;
    }

    public static String email(String s) {
        if (s == null) {
            return null;
        }
        String t = s.strip().toLowerCase(java.util.Locale.ROOT);
        if (!EMAIL.matcher(t).matches()) {
            throw new InvalidInputException("invalid.email");
        }
        return t;
    }

    /** GB 11643 resident ID: 18 characters, ISO 7064 MOD 11-2 check character. */
    public static String idCard(String s) {
        if (s == null) {
            return null;
        }
        String t = s.strip().toUpperCase(java.util.Locale.ROOT);
        if (!ID_CARD.matcher(t).matches()) {
            throw new InvalidInputException("invalid.idCard");
        }
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (t.charAt(i) - '0') * ID_WEIGHTS[i];
        }
        if (ID_CHECK[sum % 11] != t.charAt(17)) {
            throw new InvalidInputException("invalid.idCard");
        }
        return t;
    }

    /** At least 10 characters from at least 3 of: lower, upper, digit, other. */
    public static void password(char[] pw) {
        if (pw == null || pw.length < 10 || pw.length > 128) {
            throw new InvalidInputException("invalid.password");
        }
        boolean lower = false;
        boolean upper = false;
        boolean digit = false;
        boolean other = false;
        for (char c : pw) {
            if (Character.isLowerCase(c)) {
                lower = true;
            } else if (Character.isUpperCase(c)) {
                upper = true;
            } else if (Character.isDigit(c)) {
                digit = true;
            } else {
                other = true;
            }
        }
        int classes = (lower ? 1 : 0) + (upper ? 1 : 0) + (digit ? 1 : 0) + (other ? 1 : 0);
        if (classes < 3) {
            throw new InvalidInputException("invalid.password");
        }
    }
}
