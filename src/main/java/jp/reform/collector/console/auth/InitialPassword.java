package jp.reform.collector.console.auth;

import java.security.SecureRandom;

/**
 * A password the division gives a new user, or one who forgot theirs, to sign in with once and then change
 * (パスワードの変更): 16 characters in groups of four, from letters and digits that cannot be misread when read
 * out or copied from a note (no 0/O, 1/l/I), about 93 bits from a strong random source.
 */
public final class InitialPassword {

    private static final char[] ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private InitialPassword() {
    }

    public static String generate() {
        StringBuilder password = new StringBuilder(19);
        for (int i = 0; i < 16; i++) {
            if (i > 0 && i % 4 == 0) {
                password.append('-');
            }
            password.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
        }
        return password.toString();
    }
}
