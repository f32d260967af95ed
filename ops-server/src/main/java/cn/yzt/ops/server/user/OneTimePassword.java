package cn.yzt.ops.server.user;

import java.security.SecureRandom;

/**
 * Server-made passwords for user.create and user.password.reset: the signed document never holds a
 * password (the ledger keeps it forever), the server makes one and returns it once to the operator.
 * 16 characters from an alphabet without look-alikes (0/O, 1/l/I), always with lower, upper, digit
 * and symbol, about 92 bits.
 */
public final class OneTimePassword {

    private static final String LOWER = "abcdefghijkmnpqrstuvwxyz";
    private static final String UPPER = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    private static final String DIGIT = "23456789";
    private static final String SYMBOL = "-_.!@#%+=";
    private static final String ALL = LOWER + UPPER + DIGIT + SYMBOL;
    private static final SecureRandom RANDOM = new SecureRandom();
    static final int LENGTH = 16;

    private OneTimePassword() {
    }

    /** A fresh password; the caller wipes the array. */
    public static char[] generate() {
        char[] pw = new char[LENGTH];
        String[] classes = {LOWER, UPPER, DIGIT, SYMBOL};
        for (int i = 0; i < LENGTH; i++) {
            String from = i < classes.length ? classes[i] : ALL;
            pw[i] = from.charAt(RANDOM.nextInt(from.length()));
        }
        // shuffle so the class positions are not fixed
        for (int i = LENGTH - 1; i > 0; i--) {
            int j = RANDOM.nextInt(i + 1);
            char t = pw[i];
            pw[i] = pw[j];
            pw[j] = t;
        }
        return pw;
    }
}
