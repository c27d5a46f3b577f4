package dev.switchboard.history.internal;

import java.security.SecureRandom;

/** New channel epochs: ten random base-36 characters, so ids stay short and an old epoch is never reused. */
final class Epochs {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz";

    private Epochs() {}

    static String next() {
        char[] epoch = new char[10];
        for (int i = 0; i < epoch.length; i++) {
            epoch[i] = DIGITS.charAt(RANDOM.nextInt(DIGITS.length()));
        }
        return new String(epoch);
    }
}
