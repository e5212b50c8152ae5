package jp.reform.collector.console.auth;

import com.password4j.Argon2Function;
import com.password4j.types.Argon2;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Argon2id password hashes as PHC strings ({@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}), the form
 * stored in users.csv. Parameters are the OWASP minimum for Argon2id: 19 MiB, 2 iterations, 1 lane.
 */
public final class PasswordHasher {

    public static final int MEMORY_KIB = 19 * 1024;
    public static final int ITERATIONS = 2;
    public static final int PARALLELISM = 1;
    private static final int HASH_BYTES = 32;
    private static final int SALT_BYTES = 16;

    /**
     * Stored hashes may carry other parameters (written by an older or newer version); these bounds keep
     * a hand-edited users.csv from making a sign-in allocate gigabytes or run for minutes.
     */
    private static final Pattern PHC = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=(\\d{1,7}),t=(\\d{1,2}),p=(\\d{1,2})\\$[A-Za-z0-9+/]{11,}={0,2}\\$[A-Za-z0-9+/]{22,}={0,2}");
    private static final int MAX_MEMORY_KIB = 1024 * 1024;

    private final Argon2Function function = Argon2Function.getInstance(MEMORY_KIB, ITERATIONS, PARALLELISM,
            HASH_BYTES, Argon2.ID, Argon2Function.ARGON2_VERSION_13);
    private final SecureRandom random = new SecureRandom();
    /** Checked against when the login is unknown, so that an unknown login costs as long as a wrong password. */
    private final String dummyHash;

    public PasswordHasher() {
        byte[] unguessable = new byte[32];
        random.nextBytes(unguessable);
        dummyHash = hash(HexFormat.of().formatHex(unguessable));
    }

    /** A new PHC string with a fresh random salt. */
    public String hash(CharSequence password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] bytes = utf8(password);
        try {
            // the byte[] variant: the CharSequence one asks password4j's properties for a salt length and logs
            return function.hash(bytes, salt).getResult();
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /**
     * Whether the password matches the stored hash. With no stored hash (unknown login) or an unusable
     * one it checks against a dummy hash and returns false, taking about as long as a real check.
     */
    public boolean verify(CharSequence password, String storedHash) {
        boolean usable = isArgon2idHash(storedHash);
        byte[] bytes = utf8(password == null ? "" : password);
        try {
            String against = usable ? storedHash : dummyHash;
            boolean matches = Argon2Function.getInstanceFromHash(against)
                    .check(bytes, against.getBytes(StandardCharsets.US_ASCII));
            return usable && matches;
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** Whether text is an Argon2id PHC string (version 19) with parameters this class accepts. */
    public static boolean isArgon2idHash(String text) {
        if (text == null) {
            return false;
        }
        Matcher m = PHC.matcher(text);
        if (!m.matches()) {
            return false;
        }
        int memory = Integer.parseInt(m.group(1));
        int iterations = Integer.parseInt(m.group(2));
        int parallelism = Integer.parseInt(m.group(3));
        return parallelism >= 1 && parallelism <= 16 && iterations >= 1 && iterations <= 20
                && memory >= 8 * parallelism && memory <= MAX_MEMORY_KIB;
    }

    private static byte[] utf8(CharSequence text) {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(text));
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        if (encoded.hasArray()) {
            Arrays.fill(encoded.array(), (byte) 0);
        }
        return bytes;
    }
}
