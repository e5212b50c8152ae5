package jp.reform.collector.console.auth;

import jp.reform.collector.support.LogCapture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import jp.reform.collector.master.Department;
import jp.reform.collector.master.MasterData;
import jp.reform.collector.master.MasterDataException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** config/users.csv: read with former department names, every problem named by file and line, saved atomically. */
class UserDirectoryTest {

    private static final MasterData MASTER = new MasterData(List.of(), List.of(
            new Department("DX推進課", List.of("情報政策課"), List.of(), List.of(), null),
            new Department("行政経営課", List.of(), List.of(), List.of(), null)));
    private static final String HASH = new PasswordHasher().hash("a long enough password");
    /** A PHC string has commas (m=19456,t=2,p=1), so the CSV field is quoted. */
    private static final String QUOTED_HASH = "\"" + HASH + "\"";
    private static final String HEADER = "login,display_name,role,department,password_hash\n";

    @TempDir
    Path dir;

    private Path write(String text) throws IOException {
        Path file = dir.resolve("users.csv");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    private UserDirectory load(String text) throws IOException {
        return UserDirectory.load(write(text), MASTER);
    }

    @Test
    void readsUsersResolvingAFormerDepartmentNameToTheCurrentOne() throws IOException {
        UserDirectory users = load("\uFEFF# console users\n" + HEADER
                + "yamada,行政経営課 山田,admin,," + QUOTED_HASH + "\n"
                + "suzuki,\"委員 鈴木, 副委員長\",viewer,," + QUOTED_HASH + "\n"
                + "Tanaka,情報政策課 田中,department,情報政策課," + QUOTED_HASH + "\n");

        assertThat(users.all()).extracting(User::login).containsExactly("yamada", "suzuki", "Tanaka");
        User tanaka = users.find("tanaka").orElseThrow();
        assertThat(tanaka.department()).isEqualTo("DX推進課");
        assertThat(tanaka.maySeeDepartment("DX推進課")).isTrue();
        assertThat(tanaka.maySeeDepartment("行政経営課")).isFalse();
        assertThat(tanaka.maySubmitFor("DX推進課")).isTrue();
        assertThat(tanaka.mayAdminister()).isFalse();
        User suzuki = users.find("SUZUKI").orElseThrow();
        assertThat(suzuki.displayName()).isEqualTo("委員 鈴木, 副委員長");
        assertThat(suzuki.maySeeDepartment("行政経営課")).isTrue();
        assertThat(suzuki.maySubmitFor("行政経営課")).isFalse();
        assertThat(users.find("yamada").orElseThrow().mayAdminister()).isTrue();
        // the division reviews a 課's results but submits none for it: only the 課 itself uploads
        assertThat(users.find("yamada").orElseThrow().maySubmitFor("DX推進課")).isFalse();
        assertThat(tanaka.toString()).doesNotContain(HASH);
    }

    @Test
    void everyProblemNamesFileAndLine() throws IOException {
        assertProblem("yamada,山田,boss,," + QUOTED_HASH, "users.csv:3: role must be one of admin, viewer, department, found boss");
        assertProblem("tanaka,田中,department,," + QUOTED_HASH, "users.csv:3: a department user needs a department");
        assertProblem("tanaka,田中,department,防災課," + QUOTED_HASH,
                "users.csv:3: department 防災課 is not in departments.csv (neither a current nor a former name)");
        assertProblem("yamada,山田,admin,行政経営課," + QUOTED_HASH,
                "users.csv:3: only a department user has a department; admin sees every department");
        assertProblem("YAMADA,山田,viewer,," + QUOTED_HASH,
                "users.csv:3: login YAMADA is already used on line 2 (logins are compared without case)");
        assertProblem("山田,山田,viewer,," + QUOTED_HASH, "users.csv:3: login 山田 may only have 1 to 64 of the characters");
        assertProblem("ya mada,山田,viewer,," + QUOTED_HASH, "users.csv:3: login ya mada may only have");
        assertProblem("suzuki,鈴木,viewer,,", "users.csv:3: column password_hash is empty");
        assertProblem("suzuki,鈴木,viewer,,secret", "users.csv:3: password_hash is not an Argon2id hash");
        assertProblem("suzuki,鈴木,viewer", "users.csv:3: expected 5 fields but found 3");
        assertProblem("suzuki,鈴木,viewer,," + HASH, "users.csv:3: expected 5 fields but found 7: "
                + "a password_hash has commas and must be in double quotes");
        assertProblem("suzuki,\"鈴木,viewer,," + QUOTED_HASH, "users.csv:3: not a valid CSV line");
    }

    private void assertProblem(String secondRow, String message) throws IOException {
        Path file = write(HEADER + "yamada,山田,admin,," + QUOTED_HASH + "\n" + secondRow + "\n");
        assertThatThrownBy(() -> UserDirectory.load(file, MASTER)).isInstanceOf(MasterDataException.class)
                .hasMessageStartingWith(file.toString())
                .hasMessageContaining(message)
                .message().doesNotContain("\n").doesNotContain(HASH);
    }

    @Test
    void aMissingColumnOrHeaderIsNamed() throws IOException {
        assertThatThrownBy(() -> load("# only a comment\nlogin,display_name,role,password_hash\n"))
                .hasMessageContaining("users.csv:2: missing column department");
        assertThatThrownBy(() -> load("# only a comment\n")).hasMessageContaining("users.csv: no header line");
    }

    @Test
    void aMissingFileMeansNoUsersAndSaysSo() {
        try (LogCapture log = new LogCapture(UserDirectory.class)) {
            UserDirectory users = UserDirectory.load(dir.resolve("users.csv"), MASTER);
            assertThat(users.all()).isEmpty();
            assertThat(users.existed()).isFalse();
            assertThat(log.lines()).singleElement().asString().startsWith("WARN No user list at")
                    .contains("refuses every sign-in");
        }
    }

    @Test
    void savingKeepsCommentsAndOtherRowsAsWrittenAndIsOwnerOnly() throws IOException {
        String untouched = "suzuki , 委員 鈴木 ,viewer,, " + QUOTED_HASH;
        Path file = write("# keep me\r\n" + HEADER.replace("\n", "\r\n")
                + "yamada,山田,admin,," + QUOTED_HASH + "\r\n" + "\r\n# and me\r\n" + untouched + "\r\n");
        UserDirectory users = UserDirectory.load(file, MASTER);
        String newHash = new PasswordHasher().hash("another long password");

        users.withUser(users.find("yamada").orElseThrow().withPasswordHash(newHash))
                .withUser(new User("tanaka", "田中", Role.DEPARTMENT, "DX推進課", newHash)).save();

        assertThat(Files.readString(file)).isEqualTo("# keep me\r\n" + HEADER.replace("\n", "\r\n")
                + "yamada,山田,admin,,\"" + newHash + "\"\r\n" + "\r\n# and me\r\n" + untouched + "\r\n"
                + "tanaka,田中,department,DX推進課,\"" + newHash + "\"\r\n");
        assertThat(UserDirectory.load(file, MASTER).all()).hasSize(3);
        assertThat(dir.toFile().list()).as("no temporary file left").containsExactly("users.csv");
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        }
    }

    @Test
    void theBundledExampleIsAValidEmptyList() {
        assertThat(UserDirectory.load(Path.of("config/users.csv.example"), MASTER).all()).isEmpty();
    }

    @Test
    void aNewFileGetsAHeaderAndTheUser() {
        Path file = dir.resolve("sub/users.csv");
        UserDirectory.loadForEditing(file, MASTER)
                .withUser(new User("yamada", "山田", Role.ADMIN, null, HASH)).save();

        UserDirectory users = UserDirectory.load(file, MASTER);
        assertThat(users.existed()).isTrue();
        assertThat(users.find("yamada").orElseThrow().passwordHash()).isEqualTo(HASH);
    }

    @Test
    void savingRefusesToOverwriteAChangeMadeSinceReading() throws IOException {
        Path file = write(HEADER + "yamada,山田,admin,," + QUOTED_HASH + "\n");
        UserDirectory users = UserDirectory.load(file, MASTER);
        Files.writeString(file, HEADER);

        assertThatThrownBy(() -> users.withUser(new User("sato", "佐藤", Role.VIEWER, null, HASH)).save())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("was changed since it was read");
        assertThat(Files.readString(file)).isEqualTo(HEADER);
    }
}
