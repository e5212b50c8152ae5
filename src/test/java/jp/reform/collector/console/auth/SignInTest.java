package jp.reform.collector.console.auth;

import jp.reform.collector.support.LogCapture;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jp.reform.collector.master.Department;
import jp.reform.collector.master.MasterData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sign-in ties users.csv, the hash and the throttle: one answer for unknown login and wrong password. */
class SignInTest {

    private static final PasswordHasher HASHER = new PasswordHasher();
    private static final String PASSWORD = "a long enough password";

    @TempDir
    Path dir;
    private final TestClock clock = new TestClock();
    private SignIn signIn;

    @BeforeEach
    void users() throws IOException {
        Path file = dir.resolve("users.csv");
        Files.writeString(file, "login,display_name,role,department,password_hash\n"
                + "tanaka,田中,department,情報政策課,\"" + HASHER.hash(PASSWORD) + "\"\n");
        MasterData master = new MasterData(List.of(),
                List.of(new Department("DX推進課", List.of("情報政策課"), List.of(), List.of(), null)));
        UserDirectory directory = UserDirectory.load(file, master);
        signIn = new SignIn(() -> directory, HASHER, new SignInThrottle(clock));
    }

    @Test
    void theRightPasswordSignsInWithTheUsersCurrentDepartment() {
        SignIn.Result result = signIn.attempt("Tanaka", PASSWORD, "10.0.0.1");

        assertThat(result).isInstanceOfSatisfying(SignIn.Result.Success.class,
                success -> assertThat(success.user().department()).isEqualTo("DX推進課"));
    }

    @Test
    void anUnknownLoginAndAWrongPasswordGetTheSameAnswer() {
        assertThat(signIn.attempt("tanaka", "not the password", "10.0.0.1")).isEqualTo(new SignIn.Result.WrongCredentials());
        assertThat(signIn.attempt("nobody", PASSWORD, "10.0.0.2")).isEqualTo(new SignIn.Result.WrongCredentials());
        assertThat(signIn.attempt("bad login\n", PASSWORD, "10.0.0.3")).isEqualTo(new SignIn.Result.WrongCredentials());
        assertThat(signIn.attempt("tanaka", "", "10.0.0.4")).isEqualTo(new SignIn.Result.WrongCredentials());
        assertThat(signIn.attempt(null, null, null)).isEqualTo(new SignIn.Result.WrongCredentials());
    }

    @Test
    void afterFiveFailuresEvenTheRightPasswordWaitsAndFailuresAreLogged() {
        try (LogCapture log = new LogCapture(SignInThrottle.class)) {
            for (int i = 0; i < 5; i++) {
                assertThat(signIn.attempt("tanaka", "guess " + i, "10.0.0.1")).isInstanceOf(SignIn.Result.WrongCredentials.class);
            }

            assertThat(signIn.attempt("tanaka", PASSWORD, "10.0.0.2")).isEqualTo(new SignIn.Result.Throttled(1));
            assertThat(log.lines()).hasSize(6).last().asString().contains("refused", "1 s to wait");

            clock.advance(Duration.ofSeconds(1));
            assertThat(signIn.attempt("tanaka", PASSWORD, "10.0.0.2")).isInstanceOf(SignIn.Result.Success.class);
            assertThat(signIn.attempt("tanaka", PASSWORD, "10.0.0.2")).as("success cleared the login's count")
                    .isInstanceOf(SignIn.Result.Success.class);
        }
    }

    @Test
    void guessesSentAllAtOnceAreThrottledAsIfSentOneByOne() throws Exception {
        // a script sends twenty guesses at the same moment, each from another address: the login's five free
        // failures are five checked passwords, not twenty because none had failed yet when the others began
        int guesses = 20;
        CyclicBarrier together = new CyclicBarrier(guesses);
        ExecutorService pool = Executors.newFixedThreadPool(guesses);
        List<SignIn.Result> results = new ArrayList<>();
        try {
            List<Callable<SignIn.Result>> attempts = new ArrayList<>();
            for (int i = 0; i < guesses; i++) {
                String guess = "guess number " + i;
                String address = "10.0.1." + i;
                attempts.add(() -> {
                    together.await();
                    return signIn.attempt("tanaka", guess, address);
                });
            }
            for (Future<SignIn.Result> result : pool.invokeAll(attempts)) {
                results.add(result.get());
            }
        } finally {
            pool.shutdown();
        }

        assertThat(results).filteredOn(SignIn.Result.WrongCredentials.class::isInstance).hasSize(5);
        assertThat(results).filteredOn(SignIn.Result.Throttled.class::isInstance).hasSize(guesses - 5);
        assertThat(signIn.attempt("tanaka", PASSWORD, "10.0.0.9")).isInstanceOf(SignIn.Result.Throttled.class);
    }

    @Test
    void aSuccessDoesNotCountAsAFailureOfItsAddress() {
        for (int i = 0; i < 4; i++) {
            assertThat(signIn.attempt("tanaka", PASSWORD, "10.0.0.1")).isInstanceOf(SignIn.Result.Success.class);
        }
        assertThat(signIn.attempt("someone", "a guess", "10.0.0.1")).isInstanceOf(SignIn.Result.WrongCredentials.class);
        assertThat(signIn.attempt("tanaka", PASSWORD, "10.0.0.1")).as("one failure from the address, not five")
                .isInstanceOf(SignIn.Result.Success.class);
    }
}
