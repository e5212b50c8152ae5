package jp.reform.collector.console.auth;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A sign-in attempt: throttle, look up, verify. An unknown login and a wrong password give the same
 * answer and take about the same time, so that the form does not tell which logins exist.
 */
public final class SignIn {

    private final Supplier<UserDirectory> directory;
    private final PasswordHasher hasher;
    private final SignInThrottle throttle;

    /** The directory is asked at every attempt, so the caller may reload users.csv when it changes. */
    public SignIn(Supplier<UserDirectory> directory, PasswordHasher hasher, SignInThrottle throttle) {
        this.directory = Objects.requireNonNull(directory);
        this.hasher = Objects.requireNonNull(hasher);
        this.throttle = Objects.requireNonNull(throttle);
    }

    /** The outcome of one attempt. */
    public sealed interface Result {
        /** Signed in: create a session for the user. */
        record Success(User user) implements Result {
        }

        /** Unknown login or wrong password; deliberately not told apart. */
        record WrongCredentials() implements Result {
        }

        /** Too many recent failures for this login or address: try again after this many seconds. */
        record Throttled(long secondsToWait) implements Result {
        }
    }

    public Result attempt(String login, CharSequence password, String remoteAddress) {
        SignInThrottle.Admission admission = throttle.admit(login, remoteAddress);
        if (!admission.admitted()) {
            throttle.refused(login, remoteAddress, admission.delay());
            return new Result.Throttled(SignInThrottle.seconds(admission.delay()));
        }
        Optional<User> user = User.isValidLogin(login) ? directory.get().find(login) : Optional.empty();
        // input longer than any allowed password (in UTF-16 units, up to two per character) is replaced
        // by an empty one before hashing: hashing megabytes would only cost time
        boolean plausible = password != null && password.length() > 0
                && password.length() <= 2 * PasswordPolicy.MAX_LENGTH;
        // the dummy check runs for an unknown login too, so that both cost the same time
        boolean verified = hasher.verify(plausible ? password : "", user.map(User::passwordHash).orElse(null));
        if (verified && plausible && user.isPresent()) {
            throttle.succeeded(login, remoteAddress, admission);
            return new Result.Success(user.get());
        }
        throttle.failed(login, remoteAddress, admission);
        return new Result.WrongCredentials();
    }
}
